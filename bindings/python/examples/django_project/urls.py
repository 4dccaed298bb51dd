from django.urls import path

from . import views

urlpatterns = [path("webhooks/sharpapi", views.sharpapi_webhook)]

"""The smallest Django project that receives SharpAPI webhooks."""

import os

SECRET_KEY = "example-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "examples.django_project.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    # CSRF protection stays on for the site; the webhook view is exempt, since SharpAPI signs.
    "django.middleware.csrf.CsrfViewMiddleware",
]
DATABASES: dict[str, dict[str, str]] = {}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
USE_TZ = True

# One secret, or a list of two while rotating: the current one first, then the previous.
SHARPAPI_WEBHOOK_SECRET = os.environ.get("SHARPAPI_WEBHOOK_SECRET", "")

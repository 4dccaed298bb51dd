package com.sharpapi.webhooks.spring;

import com.sharpapi.webhooks.WebhookEvent;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** A controller's {@link WebhookEvent} parameter: the event {@link SharpApiWebhookFilter} verified. */
public class WebhookEventArgumentResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return WebhookEvent.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        Object event = webRequest.getAttribute(SharpApiWebhookFilter.EVENT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (event == null) {
            // Never an unverified event: this path is not one the filter guards.
            throw new IllegalStateException("no verified SharpAPI webhook event for " + parameter.getExecutable()
                    + ": its path is not among sharpapi.webhooks.paths, which the webhook filter guards");
        }
        return event;
    }
}

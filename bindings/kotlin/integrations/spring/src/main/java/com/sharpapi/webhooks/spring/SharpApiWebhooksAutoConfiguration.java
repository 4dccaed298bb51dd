package com.sharpapi.webhooks.spring;

import com.sharpapi.webhooks.Verifier;
import com.sharpapi.webhooks.WebhookException;
import com.sharpapi.webhooks.integration.IdempotencyStore;
import com.sharpapi.webhooks.integration.RefusalExplainer;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Verifies SharpAPI webhooks in a Spring MVC application, from {@code sharpapi.webhooks.*}
 * ({@link SharpApiWebhooksProperties}): a {@link Verifier} bean (yours if you define one), the
 * {@link SharpApiWebhookFilter} on {@code sharpapi.webhooks.paths}, and the {@code WebhookEvent}
 * controller argument. Define an {@link IdempotencyStore} bean to handle each event id once.
 * {@code sharpapi.webhooks.explain-failures=true} logs why each refused signature was refused.
 *
 * <p>A missing or invalid secret fails the application's start with {@code InvalidSecret}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({Verifier.class, DispatcherServlet.class})
@EnableConfigurationProperties(SharpApiWebhooksProperties.class)
public class SharpApiWebhooksAutoConfiguration {
    /**
     * Before the other filters but the character encoding one, so that none reads the body first
     * (a form-parsing filter would); and before Spring Security's, whose rules for the path still
     * apply inside the chain.
     */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /** Made once, from the configured secrets; closed with the context. */
    @Bean
    @ConditionalOnMissingBean
    public Verifier sharpApiWebhookVerifier(SharpApiWebhooksProperties properties) throws WebhookException {
        List<String> secrets = properties.secretsInOrder();
        if (secrets.isEmpty()) {
            throw new WebhookException.InvalidSecret("invalid secret: no webhook secret is configured; set "
                    + "sharpapi.webhooks.secret (or sharpapi.webhooks.secrets, the current one first, while rotating) "
                    + "to the \"Secret for Signature\" from the SharpAPI webhooks dashboard");
        }
        return new Verifier(secrets);
    }

    @Bean
    public FilterRegistrationBean<SharpApiWebhookFilter> sharpApiWebhookFilter(
            Verifier verifier, SharpApiWebhooksProperties properties, ObjectProvider<IdempotencyStore> store) {
        SharpApiWebhookFilter filter = new SharpApiWebhookFilter(
                verifier, properties.getMaxBodyBytes(), store.getIfAvailable(), explainer(properties));
        FilterRegistrationBean<SharpApiWebhookFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("sharpApiWebhookFilter");
        registration.setUrlPatterns(properties.getPaths());
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    private static RefusalExplainer explainer(SharpApiWebhooksProperties properties) {
        if (!properties.isExplainFailures()) {
            return null;
        }
        List<String> secrets = properties.secretsInOrder();
        if (secrets.isEmpty()) {
            // Your own Verifier bean: it keeps no secret's text, and explaining needs it.
            throw new IllegalStateException("sharpapi.webhooks.explain-failures needs the secrets in "
                    + "sharpapi.webhooks.secret (or sharpapi.webhooks.secrets): a Verifier does not keep them");
        }
        return new RefusalExplainer(secrets);
    }

    @Bean
    public WebMvcConfigurer sharpApiWebhookEventArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new WebhookEventArgumentResolver());
            }
        };
    }
}

package com.sharpapi.webhooks.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.sharpapi.webhooks.Verifier;
import com.sharpapi.webhooks.WebhookException;
import com.sharpapi.webhooks.WebhookProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.NestedExceptionUtils;

/** What the auto-configuration makes from sharpapi.webhooks.*, and what it refuses at start-up. */
class StartupTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SharpApiWebhooksAutoConfiguration.class));

    @Test
    void noSecretFailsTheStartWithInvalidSecretNamingTheProperty() {
        runner.run(context -> {
            Throwable cause = NestedExceptionUtils.getRootCause(context.getStartupFailure());
            assertThat(cause).isInstanceOf(WebhookException.InvalidSecret.class);
            assertThat(cause.getMessage()).contains("sharpapi.webhooks.secret");
        });
    }

    @Test
    void anEmptySecretFailsTheStartWithInvalidSecret() {
        runner.withPropertyValues("sharpapi.webhooks.secret=").run(context -> {
            Throwable cause = NestedExceptionUtils.getRootCause(context.getStartupFailure());
            assertThat(cause).isInstanceOf(WebhookException.InvalidSecret.class);
        });
    }

    @Test
    void aLimitThatIsNotPositiveFailsTheStart() {
        runner.withPropertyValues("sharpapi.webhooks.secret=whsec_x", "sharpapi.webhooks.max-body-bytes=0").run(context -> {
            assertThat(NestedExceptionUtils.getRootCause(context.getStartupFailure()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("positive");
        });
    }

    @Test
    void theDefaultsAreTheVocabularysLimitAndTheUsualPath() {
        runner.withPropertyValues("sharpapi.webhooks.secret=whsec_x").run(context -> {
            SharpApiWebhooksProperties properties = context.getBean(SharpApiWebhooksProperties.class);
            assertThat(properties.getMaxBodyBytes()).isEqualTo(WebhookProtocol.DEFAULT_MAX_BODY_BYTES).isEqualTo(16L << 20);
            assertThat(properties.toString()).doesNotContain("whsec_x");
            assertThat(context.getBean(Verifier.class).toString()).doesNotContain("whsec_x");
            FilterRegistrationBean<?> filter = context.getBean(FilterRegistrationBean.class);
            assertThat(filter.getUrlPatterns()).containsExactly("/webhooks/sharpapi");
        });
    }

    @Test
    void yourOwnVerifierBeanIsUsedAndNoSecretPropertyIsNeeded() {
        runner.withBean(Verifier.class, StartupTest::mine).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Verifier.class);
        });
    }

    private static Verifier mine() {
        try {
            return new Verifier(java.util.List.of("whsec_mine"));
        } catch (WebhookException invalid) {
            throw new IllegalStateException(invalid);
        }
    }

    @Test
    void aSecretAndASecretsListAreTakenCurrentFirst() {
        SharpApiWebhooksProperties properties = new SharpApiWebhooksProperties();
        properties.setSecret("a");
        properties.setSecrets(java.util.List.of("b", "c"));
        assertThat(properties.secretsInOrder()).containsExactly("a", "b", "c");
    }
}

package com.sharpapi.webhooks.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.sharpapi.webhooks.JobStatus;
import com.sharpapi.webhooks.JobType;
import com.sharpapi.webhooks.TestDelivery;
import com.sharpapi.webhooks.Verifier;
import com.sharpapi.webhooks.WebhookException;
import com.sharpapi.webhooks.integration.WebhookAnswer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import kotlin.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * sharpapi.webhooks.explain-failures: a refused signature is explained in the log, by cause, and
 * the answer is the one the filter gives without it; test deliveries from TestDelivery.create.
 */
@SpringBootTest(classes = TestWebhookApp.class, properties = {Deliveries.SECRETS, "sharpapi.webhooks.explain-failures=true"})
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class ExplainFailuresTest {
    @Autowired
    MockMvc mvc;

    private static MockHttpServletRequestBuilder request(byte[] body, TestDelivery delivery) {
        MockHttpServletRequestBuilder request = post("/webhooks/sharpapi").content(body);
        for (Pair<String, String> header : delivery.getHeaders()) {
            request.header(header.getFirst(), header.getSecond());
        }
        return request;
    }

    /** The answer the core's own refusal of these bytes makes, as the filter answers without explaining. */
    private static WebhookAnswer unexplained(byte[] body, TestDelivery delivery) throws WebhookException {
        try (Verifier verifier = new Verifier(List.of(Deliveries.CURRENT, Deliveries.PREVIOUS))) {
            verifier.constructEventFromHeaderPairs(body, delivery.getHeaders());
        } catch (WebhookException refused) {
            return WebhookAnswer.refused(refused);
        }
        throw new AssertionError("the delivery was not refused");
    }

    @Test
    void aTestDeliveryIsHandled(CapturedOutput output) throws Exception {
        TestDelivery delivery = TestDelivery.create(Deliveries.CURRENT, Deliveries.newId());
        MvcResult result = mvc.perform(request(delivery.getBody(), delivery)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(output.getOut() + output.getErr()).doesNotContain("explained");
    }

    @Test
    void aReserializedBodyIsAnswered401AsAlwaysAndTheLogNamesTheCause(CapturedOutput output) throws Exception {
        TestDelivery delivery = TestDelivery.create(
                Deliveries.CURRENT, Deliveries.newId(), JobStatus.Success.INSTANCE, JobType.ContentTranslate.INSTANCE, "{\"content\":\"Hallo\"}");
        byte[] spaced = new String(delivery.getBody(), StandardCharsets.UTF_8).replace(",", ", ").replace(":", ": ")
                .getBytes(StandardCharsets.UTF_8);
        MvcResult result = mvc.perform(request(spaced, delivery)).andReturn();

        WebhookAnswer expected = unexplained(spaced, delivery);
        assertThat(result.getResponse().getStatus()).isEqualTo(expected.getStatus()).isEqualTo(401);
        assertThat(result.getResponse().getContentAsString()).isEqualTo(expected.getJson());
        assertThat(result.getResponse().getContentAsString()).doesNotContain("json_whitespace").doesNotContain("explained");
        String log = output.getOut() + output.getErr();
        assertThat(log).contains("WARN").contains(
                "a SharpAPI webhook delivery was refused with InvalidSignature; explained: json_whitespace: ");
        assertThat(log).doesNotContain(Deliveries.CURRENT).doesNotContain(Deliveries.PREVIOUS);
    }

    @Test
    void aMissingSignatureAndAnInvalidPayloadAreAnsweredAsAlways(CapturedOutput output) throws Exception {
        TestDelivery delivery = TestDelivery.create(Deliveries.CURRENT, Deliveries.newId());
        MvcResult missing = mvc.perform(post("/webhooks/sharpapi").content(delivery.getBody())).andReturn();
        assertThat(missing.getResponse().getStatus()).isEqualTo(401);
        assertThat(missing.getResponse().getContentAsString()).contains("\"error\":\"MissingSignature\"").doesNotContain("explained");
        assertThat(output.getOut() + output.getErr())
                .contains("refused with MissingSignature; explained: missing_signature: ");

        // Verified, but no event: nothing about the signature to explain.
        byte[] array = "[1]".getBytes(StandardCharsets.UTF_8);
        MvcResult payload = mvc.perform(post("/webhooks/sharpapi").content(array).header("X-Signature", Deliveries.sign(array)))
                .andReturn();
        assertThat(payload.getResponse().getStatus()).isEqualTo(400);
        assertThat(output.getOut() + output.getErr()).doesNotContain("refused with InvalidPayload");
    }

    @Test
    void offByDefaultNothingIsExplained(CapturedOutput output) throws Exception {
        try (Verifier verifier = new Verifier(List.of(Deliveries.CURRENT))) {
            TestDelivery delivery = TestDelivery.create(Deliveries.CURRENT, Deliveries.newId());
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/sharpapi");
            request.setContent((new String(delivery.getBody(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
            request.addHeader("X-Signature", delivery.getSignature());
            MockHttpServletResponse response = new MockHttpServletResponse();
            new SharpApiWebhookFilter(verifier, 1 << 20, null).doFilter(request, response, new MockFilterChain());
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(output.getOut() + output.getErr()).doesNotContain("trailing_newline");
        }
    }

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SharpApiWebhooksAutoConfiguration.class));

    @Test
    void explainingWithYourOwnVerifierBeanNeedsTheSecretProperties() {
        runner.withBean(Verifier.class, () -> mine()).withPropertyValues("sharpapi.webhooks.explain-failures=true").run(context -> {
            Throwable cause = NestedExceptionUtils.getRootCause(context.getStartupFailure());
            assertThat(cause).isInstanceOf(IllegalStateException.class).hasMessageContaining("sharpapi.webhooks.secret");
        });
        runner.withPropertyValues("sharpapi.webhooks.secret=whsec_x", "sharpapi.webhooks.explain-failures=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SharpApiWebhooksProperties.class).toString())
                    .contains("explainFailures=true").doesNotContain("whsec_x");
        });
    }

    private static Verifier mine() {
        try {
            return new Verifier(List.of("whsec_mine"));
        } catch (WebhookException invalid) {
            throw new IllegalStateException(invalid);
        }
    }
}

package com.sharpapi.webhooks.spring;

import static com.sharpapi.webhooks.spring.Deliveries.event;
import static com.sharpapi.webhooks.spring.Deliveries.newId;
import static com.sharpapi.webhooks.spring.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sharpapi.webhooks.JobStatus;
import com.sharpapi.webhooks.JobType;
import com.sharpapi.webhooks.WebhookEvent;
import com.sharpapi.webhooks.integration.Claim;
import com.sharpapi.webhooks.integration.IdempotencyStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The filter, the WebhookEvent argument and the idempotency flow, through MockMvc. */
@SpringBootTest(classes = TestWebhookApp.class, properties = {Deliveries.SECRETS, "sharpapi.webhooks.max-body-bytes=4096"})
@AutoConfigureMockMvc
class MockMvcWebhookTest {
    @Autowired
    MockMvc mvc;

    @Autowired
    TestWebhookApp.Calls calls;

    @Autowired
    IdempotencyStore store;

    private ResultActions deliver(byte[] body, String... signatures) throws Exception {
        var request = post("/webhooks/sharpapi").contentType(MediaType.APPLICATION_JSON).content(body);
        for (String signature : signatures) {
            request.header("X-Signature", signature);
        }
        return mvc.perform(request);
    }

    private static void refusal(ResultActions result, int status, String error, int code) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentType("application/json;charset=UTF-8"))
                .andExpect(jsonPath("$.error").value(error))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.message").isString())
                .andExpect(content().string(not(containsString(Deliveries.CURRENT))));
    }

    @Test
    void aVerifiedDeliveryReachesTheControllerAsATypedEventWithItsRawBody() throws Exception {
        String id = newId();
        byte[] body = event(id, "{\"content\": \"Hallo\"}");
        deliver(body, sign(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.outcome").value("handled"));
        int index = calls.events.size() - 1;
        WebhookEvent event = calls.events.get(index);
        assertThat(event.getId()).isEqualTo(id);
        assertThat(event.getStatus()).isEqualTo(JobStatus.Success.INSTANCE);
        assertThat(event.getType()).isEqualTo(JobType.ContentTranslate.INSTANCE);
        assertThat(event.getResultJson()).isEqualTo("{\"content\": \"Hallo\"}");
        assertThat(calls.bodies.get(index)).isEqualTo(body);
    }

    @Test
    void retriesOfAHandledEventAreDuplicatesAndDoNotRunTheControllerAgain() throws Exception {
        String id = newId();
        byte[] body = event(id, "null");
        deliver(body, sign(body)).andExpect(status().isOk()).andExpect(jsonPath("$.outcome").value("handled"));
        for (int retry = 0; retry < 3; retry++) {
            deliver(body, sign(body))
                    .andExpect(status().isOk())
                    .andExpect(content().json("{\"id\":\"" + id + "\",\"outcome\":\"duplicate\"}", org.springframework.test.json.JsonCompareMode.STRICT));
        }
        assertThat(calls.count(id)).isEqualTo(1);
    }

    @Test
    void anEventBeingHandledElsewhereIs409() throws Exception {
        String id = newId();
        Claim elsewhere = store.claim(id);
        byte[] body = event(id, "null");
        deliver(body, sign(body))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("InProgress"));
        assertThat(calls.count(id)).isZero();
        store.release(elsewhere);
        deliver(body, sign(body)).andExpect(status().isOk()).andExpect(jsonPath("$.outcome").value("handled"));
    }

    @Test
    void signatureProblemsAre401WithTheCoresErrorAndCode() throws Exception {
        String id = newId();
        byte[] body = event(id, "null");
        byte[] tampered = event(id, "{\"content\":\"changed\"}");
        refusal(deliver(tampered, sign(body)), 401, "InvalidSignature", 4);
        refusal(deliver(body, Deliveries.sign(body, "whsec_someone_else")), 401, "InvalidSignature", 4);
        refusal(deliver(body), 401, "MissingSignature", 2);
        refusal(deliver(body, ""), 401, "MissingSignature", 2);
        refusal(deliver(body, sign(body).substring(2)), 401, "MalformedSignature", 3);
        refusal(deliver(body, "z".repeat(64)), 401, "MalformedSignature", 3);
        // Two X-Signature headers that disagree: the core's rule, through every header pair.
        refusal(deliver(body, sign(body), sign(tampered)), 401, "MalformedSignature", 3);
        assertThat(calls.count(id)).isZero();
    }

    @Test
    void theHeaderIsFoundInAnyCaseAndRepeatsOfOneValueCountOnce() throws Exception {
        byte[] body = event(newId(), "null");
        mvc.perform(post("/webhooks/sharpapi").content(body).header("x-SIGNATURE", sign(body)))
                .andExpect(status().isOk());
        byte[] again = event(newId(), "null");
        deliver(again, sign(again), " " + sign(again) + " ").andExpect(status().isOk());
    }

    @Test
    void theSecondSecretVerifiesWhileRotating() throws Exception {
        byte[] body = event(newId(), "null");
        deliver(body, Deliveries.sign(body, Deliveries.PREVIOUS)).andExpect(status().isOk());
    }

    @Test
    void aVerifiedBodyThatIsNoEventIs400() throws Exception {
        for (String text : new String[] {"id=1&status=success", "[{\"id\":\"x\"}]", "{\"status\":\"success\"}"}) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            refusal(deliver(body, sign(body)), 400, "InvalidPayload", 5);
        }
    }

    @Test
    void anyMethodButPostIs405WithAllow() throws Exception {
        mvc.perform(get("/webhooks/sharpapi"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Allow", "POST"))
                .andExpect(jsonPath("$.error").value("MethodNotAllowed"));
    }

    @Test
    void aBodyOverTheLimitIs413AndNeverReachesTheController() throws Exception {
        String id = newId();
        byte[] body = event(id, "{\"content\":\"" + "x".repeat(4096) + "\"}");
        deliver(body, sign(body))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.error").value("PayloadTooLarge"))
                .andExpect(jsonPath("$.message").value(containsString("4096 bytes")));
        assertThat(calls.count(id)).isZero();
        byte[] fits = event(newId(), "{\"content\":\"" + "x".repeat(3900) + "\"}");
        assertThat(fits.length).isLessThanOrEqualTo(4096);
        deliver(fits, sign(fits)).andExpect(status().isOk());
    }

    @Test
    void aFailingControllerIs500HandlerFailedWithoutItsTextAndTheRetryRunsItAgain() throws Exception {
        String id = newId();
        byte[] body = event(id, "{\"fail\":true}");
        for (int attempt = 1; attempt <= 2; attempt++) {
            deliver(body, sign(body))
                    .andExpect(status().isInternalServerError())
                    .andExpect(content().contentType("application/json;charset=UTF-8"))
                    .andExpect(content().json("{\"error\":\"HandlerFailed\",\"message\":\"the webhook handler failed; SharpAPI will retry\"}", org.springframework.test.json.JsonCompareMode.STRICT));
        }
        assertThat(calls.count(id)).isEqualTo(2);
    }

    @Test
    void aControllerAnsweringNon2xxReleasesItsClaim() throws Exception {
        String id = newId();
        byte[] body = event(id, "{\"answer\":503}");
        deliver(body, sign(body)).andExpect(status().isServiceUnavailable());
        deliver(body, sign(body)).andExpect(status().isServiceUnavailable());
        assertThat(calls.count(id)).isEqualTo(2);
        assertThat(store.claim(id).getState()).isEqualTo(Claim.State.CLAIMED);
    }
}

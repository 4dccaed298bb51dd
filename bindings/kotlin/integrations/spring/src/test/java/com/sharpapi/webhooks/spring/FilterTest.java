package com.sharpapi.webhooks.spring;

import static com.sharpapi.webhooks.spring.Deliveries.event;
import static com.sharpapi.webhooks.spring.Deliveries.newId;
import static com.sharpapi.webhooks.spring.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharpapi.webhooks.Verifier;
import com.sharpapi.webhooks.integration.Claim;
import com.sharpapi.webhooks.integration.IdempotencyStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The filter alone, on mock requests: what no well-behaved application makes happen. */
class FilterTest {
    private final Verifier verifier = newVerifier();

    private static Verifier newVerifier() {
        try {
            return new Verifier(List.of(Deliveries.CURRENT));
        } catch (com.sharpapi.webhooks.WebhookException invalid) {
            throw new IllegalStateException(invalid);
        }
    }

    @AfterEach
    void close() {
        verifier.close();
    }

    private static MockHttpServletRequest delivery(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/sharpapi");
        request.setContent(body);
        request.addHeader("X-Signature", sign(body));
        return request;
    }

    /** A store whose every call fails, as one whose Redis went away. */
    private static final class BrokenStore implements IdempotencyStore {
        private final boolean claims;

        BrokenStore(boolean claims) {
            this.claims = claims;
        }

        @Override
        public Claim claim(String eventId) {
            if (claims) {
                return new Claim(eventId, Claim.State.CLAIMED, Claim.newToken());
            }
            throw new IllegalStateException("connection refused");
        }

        @Override
        public boolean complete(Claim claim) {
            throw new IllegalStateException("connection refused");
        }

        @Override
        public boolean release(Claim claim) {
            throw new IllegalStateException("connection refused");
        }
    }

    @Test
    void aStoreThatCannotClaimIs503AndTheHandlerDoesNotRun() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new SharpApiWebhookFilter(verifier, 1 << 20, new BrokenStore(false)).doFilter(delivery(event(newId(), "null")), response, chain);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString()).contains("\"error\":\"StoreUnavailable\"").doesNotContain("refused");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aStoreThatCannotCompleteLeavesTheHandlersAnswer() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new SharpApiWebhookFilter(verifier, 1 << 20, new BrokenStore(true)).doFilter(delivery(event(newId(), "null")), response, chain);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void aBodyReadBeforeTheFilterIs500BodyConsumed() throws Exception {
        byte[] body = event(newId(), "null");
        MockHttpServletRequest request = delivery(body);
        request.getInputStream().readNBytes(10); // as a form-parsing filter ordered first would
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new SharpApiWebhookFilter(verifier, 1 << 20, null).doFilter(request, response, chain);
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentAsString()).contains("\"error\":\"BodyConsumed\"");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void theControllerReadsTheSameBytesAndTheEventIsInTheRequest() throws Exception {
        String id = newId();
        byte[] body = event(id, "{\"content\":\"x\"}");
        MockFilterChain chain = new MockFilterChain();
        new SharpApiWebhookFilter(verifier, 1 << 20, null).doFilter(delivery(body), new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest().getInputStream().readAllBytes()).isEqualTo(body);
        assertThat(chain.getRequest().getContentLengthLong()).isEqualTo(body.length);
        assertThat(((com.sharpapi.webhooks.WebhookEvent) chain.getRequest().getAttribute(SharpApiWebhookFilter.EVENT_ATTRIBUTE)).getId())
                .isEqualTo(id);
    }
}

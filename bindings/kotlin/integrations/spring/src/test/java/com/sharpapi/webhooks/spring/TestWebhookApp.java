package com.sharpapi.webhooks.spring;

import com.sharpapi.webhooks.WebhookEvent;
import com.sharpapi.webhooks.integration.IdempotencyStore;
import com.sharpapi.webhooks.integration.InMemoryIdempotencyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application the tests run: Spring Boot's auto-configuration (with this module's), an
 * in-memory idempotency store, and one controller whose behaviour the event's result picks:
 * {@code {"fail": true}} throws, {@code {"answer": 503}} answers 503, anything else 200.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(TestWebhookApp.Endpoint.class)
public class TestWebhookApp {
    @Bean
    IdempotencyStore idempotencyStore() {
        return new InMemoryIdempotencyStore();
    }

    @Bean
    Calls calls() {
        return new Calls();
    }

    /** Every event the controller was called with, and the body bytes it read. */
    public static class Calls {
        public final List<WebhookEvent> events = new CopyOnWriteArrayList<>();
        public final List<byte[]> bodies = new CopyOnWriteArrayList<>();

        public long count(String id) {
            return events.stream().filter(event -> event.getId().equals(id)).count();
        }
    }

    @RestController
    static class Endpoint {
        private final Calls calls;

        Endpoint(Calls calls) {
            this.calls = calls;
        }

        @PostMapping("/webhooks/sharpapi")
        ResponseEntity<Map<String, Object>> handle(WebhookEvent event, @RequestBody byte[] body) {
            calls.events.add(event);
            calls.bodies.add(body);
            String result = event.getResultJson() == null ? "" : event.getResultJson();
            if (result.contains("\"fail\":true")) {
                throw new IllegalStateException("the handler's own failure, with details nobody outside should see");
            }
            int status = result.contains("\"answer\":503") ? 503 : 200;
            return ResponseEntity.status(status).body(Map.of("id", event.getId(), "outcome", "handled"));
        }
    }
}

package com.sharpapi.webhooks.spring.testapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sharpapi.webhooks.WebhookEvent;
import com.sharpapi.webhooks.integration.IdempotencyStore;
import com.sharpapi.webhooks.integration.InMemoryIdempotencyStore;
import com.sharpapi.webhooks.integration.RedisIdempotencyStore;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import redis.clients.jedis.RedisClient;

/**
 * The Spring Boot app that tests/sender/sender.py drives (its contract is at the top of sender.py):
 * 127.0.0.1:$PORT, both secrets from the environment, the in-memory idempotency store (Redis with
 * SHARPAPI_IDEMPOTENCY=redis and REDIS_URL), and a handler that appends the event's id to
 * SHARPAPI_HANDLED_LOG once it succeeded.
 */
@SpringBootApplication
public class SenderTestApp {
    public static void main(String[] args) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", System.getenv().getOrDefault("PORT", "8080"));
        properties.put("spring.main.banner-mode", "off");
        // Indexed, not comma-separated: a secret may hold a comma.
        putIfSet(properties, "sharpapi.webhooks.secrets[0]", "SHARPAPI_WEBHOOK_SECRET");
        putIfSet(properties, "sharpapi.webhooks.secrets[1]", "SHARPAPI_WEBHOOK_PREVIOUS_SECRET");
        putIfSet(properties, "sharpapi.webhooks.max-body-bytes", "SHARPAPI_MAX_BODY_BYTES");
        SpringApplication application = new SpringApplication(SenderTestApp.class);
        application.setDefaultProperties(properties);
        application.run(args);
    }

    private static void putIfSet(Map<String, Object> properties, String key, String variable) {
        String value = System.getenv(variable);
        if (value != null) {
            properties.put(key, value);
        }
    }

    @Bean
    IdempotencyStore idempotencyStore() {
        if ("redis".equals(System.getenv("SHARPAPI_IDEMPOTENCY"))) {
            return new RedisIdempotencyStore(RedisClient.create(System.getenv("REDIS_URL")));
        }
        return new InMemoryIdempotencyStore();
    }

    @RestController
    static class Handler {
        private final ObjectMapper json = new ObjectMapper();
        private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
        private final String handledLog = System.getenv("SHARPAPI_HANDLED_LOG");

        @PostMapping("/webhooks/sharpapi")
        Map<String, String> handle(WebhookEvent event) throws Exception {
            JsonNode result = event.getResultJson() == null ? null : json.readTree(event.getResultJson());
            if (result != null && result.isObject()) {
                if (result.has("sleep_ms")) {
                    Thread.sleep(result.get("sleep_ms").asLong());
                }
                if (result.has("fail_attempts")) {
                    int attempt = attempts.merge(event.getId(), 1, Integer::sum);
                    if (attempt <= result.get("fail_attempts").asInt()) {
                        throw new IllegalStateException("attempt " + attempt + " fails on purpose (fail_attempts)");
                    }
                }
            }
            appendHandled(event.getId());
            return Map.of("id", event.getId(), "outcome", "handled");
        }

        // One write of the whole line, in append mode.
        private void appendHandled(String id) throws IOException {
            if (handledLog == null) {
                return;
            }
            try (OutputStream log = new FileOutputStream(handledLog, true)) {
                log.write((id + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}

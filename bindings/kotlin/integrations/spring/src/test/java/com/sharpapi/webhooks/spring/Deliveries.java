package com.sharpapi.webhooks.spring;

import com.sharpapi.webhooks.WebhookException;
import com.sharpapi.webhooks.Webhooks;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Deliveries as SharpAPI sends them, signed here with the package's own sign(). */
final class Deliveries {
    static final String CURRENT = "whsec_spring_current";
    static final String PREVIOUS = "whsec_spring_previous";
    static final String SECRETS = "sharpapi.webhooks.secrets=" + CURRENT + "," + PREVIOUS;

    private Deliveries() {}

    static String newId() {
        return "job-" + UUID.randomUUID();
    }

    static byte[] event(String id, String resultJson) {
        return ("{\"id\":\"" + id + "\",\"status\":\"success\",\"type\":\"content_translate\",\"result\":" + resultJson + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String sign(byte[] body) {
        return sign(body, CURRENT);
    }

    static String sign(byte[] body, String secret) {
        try {
            return Webhooks.sign(body, secret);
        } catch (WebhookException invalidSecret) {
            throw new IllegalArgumentException(invalidSecret);
        }
    }
}

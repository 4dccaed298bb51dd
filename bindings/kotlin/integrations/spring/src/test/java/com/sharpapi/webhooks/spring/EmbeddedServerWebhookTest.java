package com.sharpapi.webhooks.spring;

import static com.sharpapi.webhooks.spring.Deliveries.event;
import static com.sharpapi.webhooks.spring.Deliveries.newId;
import static com.sharpapi.webhooks.spring.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.sharpapi.webhooks.integration.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The same application in an embedded Tomcat on 127.0.0.1, over real HTTP: the answers are the
 * filter's JSON, never Tomcat's or Spring Boot's error pages, and bodies over the limit are refused
 * by Content-Length before they are sent and, chunked, while they arrive.
 */
@SpringBootTest(
        classes = TestWebhookApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {Deliveries.SECRETS, "sharpapi.webhooks.max-body-bytes=65536", "server.address=127.0.0.1"})
class EmbeddedServerWebhookTest {
    @LocalServerPort
    int port;

    @Autowired
    TestWebhookApp.Calls calls;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/sharpapi"))
                .header("Content-Type", "application/json")
                .header("User-Agent", "SharpAPIWebhook/1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Signature", signature);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJsonRefusal(int status, String error, int actualStatus, String contentType, String body) {
        assertThat(actualStatus).isEqualTo(status);
        assertThat(contentType).startsWith("application/json");
        assertThat(body).contains("\"error\":\"" + error + "\"").doesNotContain("<html").doesNotContain("Exception")
                .doesNotContain(Deliveries.CURRENT);
    }

    @Test
    void aDeliveryIsHandledOnceAndItsRetryIsADuplicate() throws Exception {
        String id = newId();
        byte[] body = event(id, "{\"content\":\"Hallo\"}");
        HttpResponse<String> first = post(body, sign(body));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"outcome\":\"handled\"");
        HttpResponse<String> retry = post(body, sign(body));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo("{\"id\":\"" + id + "\",\"outcome\":\"duplicate\"}");
        assertThat(calls.count(id)).isEqualTo(1);
    }

    @Test
    void refusalsAreTheFiltersJsonNotAnErrorPage() throws Exception {
        byte[] body = event(newId(), "null");
        HttpResponse<String> tampered = post(event(newId(), "null"), sign(body));
        assertJsonRefusal(401, "InvalidSignature", tampered.statusCode(),
                tampered.headers().firstValue("Content-Type").orElse(""), tampered.body());
        HttpResponse<String> missing = post(body, null);
        assertJsonRefusal(401, "MissingSignature", missing.statusCode(),
                missing.headers().firstValue("Content-Type").orElse(""), missing.body());
        byte[] array = "[1]".getBytes();
        HttpResponse<String> notAnEvent = post(array, sign(array));
        assertJsonRefusal(400, "InvalidPayload", notAnEvent.statusCode(),
                notAnEvent.headers().firstValue("Content-Type").orElse(""), notAnEvent.body());

        HttpResponse<String> get = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/sharpapi"))
                        .header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertJsonRefusal(405, "MethodNotAllowed", get.statusCode(), get.headers().firstValue("Content-Type").orElse(""), get.body());
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aFailingHandlerIs500JsonWithoutTraceEvenForABrowser() throws Exception {
        String id = newId();
        byte[] body = event(id, "{\"fail\":true}");
        HttpResponse<String> failed = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/sharpapi"))
                        .header("Accept", "text/html")
                        .header("X-Signature", sign(body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertJsonRefusal(500, "HandlerFailed", failed.statusCode(),
                failed.headers().firstValue("Content-Type").orElse(""), failed.body());
        assertThat(failed.body()).doesNotContain("nobody outside should see");
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
        String id = newId();
        byte[] body = event(id, "{\"content\":\"" + "y".repeat(200_000) + "\"}");
        String[][] headers = {
            {"Content-Type", "application/json"},
            {"Content-Length", Integer.toString(body.length)},
            {"X-Signature", sign(body)},
        };
        // Only the head goes out: the answer must come without the body.
        RawHttp.Answer answer = RawHttp.exchange(port, "POST", headers, List.of(), false);
        assertJsonRefusal(413, "PayloadTooLarge", answer.getStatus(), answer.getHeaders().get("content-type"), answer.getBody());
        assertThat(answer.getBody()).contains("65536 bytes");
        assertThat(calls.count(id)).isZero();
    }

    @Test
    void aChunkedBodyIsReadAndOneOverTheLimitIs413() throws Exception {
        String id = newId();
        byte[] body = event(id, "{\"content\":\"" + "c".repeat(20_000) + "\"}");
        String[][] headers = {{"Content-Type", "application/json"}, {"X-Signature", sign(body)}};
        RawHttp.Answer fits = RawHttp.exchange(port, "POST", headers, RawHttp.parts(body, 1000), true);
        assertThat(fits.getStatus()).isEqualTo(200);
        assertThat(calls.count(id)).isEqualTo(1);

        String overId = newId();
        byte[] over = event(overId, "{\"content\":\"" + "z".repeat(70_000) + "\"}");
        String[][] overHeaders = {{"Content-Type", "application/json"}, {"X-Signature", sign(over)}};
        RawHttp.Answer refused = RawHttp.exchange(port, "POST", overHeaders, RawHttp.parts(over, 4096), true);
        assertJsonRefusal(413, "PayloadTooLarge", refused.getStatus(), refused.getHeaders().get("content-type"), refused.getBody());
        assertThat(calls.count(overId)).isZero();
    }

}

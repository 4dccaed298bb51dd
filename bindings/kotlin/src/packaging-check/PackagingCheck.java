import com.sharpapi.webhooks.JobStatus;
import com.sharpapi.webhooks.JobType;
import com.sharpapi.webhooks.Verifier;
import com.sharpapi.webhooks.WebhookEvent;
import com.sharpapi.webhooks.WebhookException;
import com.sun.jna.NativeLibrary;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a delivery through the built jar alone, from Java: run with only the jar and its
 * runtime dependencies on the class path and no library path, it proves that the jar carries the
 * native library where JNA finds it. Exits 1 on any failure.
 */
public final class PackagingCheck {
    public static void main(String[] args) throws Exception {
        List<String> libraryPaths =
                List.of("jna.library.path", "jna.boot.library.path", "uniffi.component.sharpapi_webhooks.libraryOverride");
        for (String property : libraryPaths) {
            check(System.getProperty(property) == null, property + " is set");
        }
        byte[] body = "{\"id\":\"bf683177-3a48-47d1-9c4e-0b4de39517fa\",\"status\":\"success\",\"type\":\"content_translate\",\"result\":{\"n\":1.10}}"
                .getBytes(StandardCharsets.UTF_8);
        String secret = "whsec_packaging";
        // Signed by the JDK, not by the library under test.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(body));

        try (Verifier verifier = new Verifier(List.of("whsec_other", secret))) {
            WebhookEvent event = verifier.constructEvent(body, signature);
            check(event.getId().equals("bf683177-3a48-47d1-9c4e-0b4de39517fa"), "id: " + event.getId());
            check(event.getStatus() == JobStatus.Success.INSTANCE, "status: " + event.getStatus());
            check(event.getType() == JobType.ContentTranslate.INSTANCE, "type: " + event.getType());
            check("{\"n\":1.10}".equals(event.getResultJson()), "result: " + event.getResultJson());
            try {
                verifier.verify(body, "0".repeat(64));
                check(false, "a wrong signature was accepted");
            } catch (WebhookException.InvalidSignature refused) {
                check(refused.getCode() == 4, "code: " + refused.getCode());
            }
        }

        // JNA extracts a library that it finds on the class path into jna.tmpdir, which the
        // script points at an empty folder: the one in use came out of the jar.
        File loaded = NativeLibrary.getInstance("sharpapi_webhooks_ffi").getFile();
        File extracted = new File(System.getProperty("jna.tmpdir", "(jna.tmpdir is not set)"));
        check(extracted.equals(loaded.getParentFile()), "loaded " + loaded + ", not extracted from the jar into " + extracted);
        System.out.println("packaging: the jar verified a delivery with its own " + System.mapLibraryName("sharpapi_webhooks_ffi")
                + " (extracted to " + loaded + ")");
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            System.err.println("packaging check failed: " + failure);
            System.exit(1);
        }
    }
}

import com.sharpapi.webhooks.JobStatus;
import com.sharpapi.webhooks.JobType;
import com.sharpapi.webhooks.Verifier;
import com.sharpapi.webhooks.WebhookEvent;
import com.sharpapi.webhooks.WebhookException;
import com.sharpapi.webhooks.Webhooks;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
        check(System.getenv("SHARPAPI_WEBHOOKS_LIBRARY") == null, "SHARPAPI_WEBHOOKS_LIBRARY is set");
        // JNA's own native part, extracted to jna.tmpdir like the library: not a copy of it.
        check(Native.POINTER_SIZE == 8, "a 64-bit JVM");
        List<String> jnaItself = mappedFrom(new File(System.getProperty("jna.tmpdir", "(jna.tmpdir is not set)")));

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

        // Java passes null where Kotlin's types would not: a typed InvalidSecret, never an NPE.
        String unset = System.getenv("SHARPAPI_WEBHOOKS_PACKAGING_SURELY_UNSET");
        check(unset == null, "the unset variable is set");
        List<Call> nulls = List.of(
                () -> new Verifier(null).close(),
                () -> new Verifier(Arrays.asList("whsec_other", null)).close(),
                () -> new Verifier(Arrays.asList(unset)).close(),
                () -> Webhooks.sign(body, null),
                () -> Webhooks.verify(body, signature, unset));
        for (Call call : nulls) {
            try {
                call.run();
                check(false, "a null secret was accepted");
            } catch (WebhookException.InvalidSecret refused) {
                check(refused.getCode() == 1, "code: " + refused.getCode());
            }
        }
        try (Verifier verifier = new Verifier(List.of(secret))) {
            check(Webhooks.sign(body, secret).equals(signature), "sign");
            // Each value of the list is its own header: the same one twice counts once.
            Map<String, List<String>> headers = Map.of("x-signature", List.of(signature, signature + " "));
            check(verifier.constructEventFromHeaders(body, headers).getId().startsWith("bf68"), "headers");
        }
        // A lone surrogate has no UTF-8 form: InvalidSecret from the core, not a coding error.
        try {
            new Verifier(List.of("whsec_\uD800")).close();
            check(false, "a lone surrogate secret was accepted");
        } catch (WebhookException.InvalidSecret refused) {
            check(!refused.getMessage().contains("whsec_"), "the secret is in the message");
        }

        // JNA extracts a library that it finds on the class path into jna.tmpdir, which the
        // script points at an empty folder: the one in use came out of the jar. With the options
        // of UniFFI's Native.register, JNA gives the instance it loaded, not a second copy, and
        // so does the package's own version check.
        File loaded = NativeLibrary.getInstance(
                "sharpapi_webhooks", Map.of(Library.OPTION_CLASSLOADER, Verifier.class.getClassLoader())).getFile();
        File extracted = new File(System.getProperty("jna.tmpdir", "(jna.tmpdir is not set)"));
        check(extracted.equals(loaded.getParentFile()), "loaded " + loaded + ", not extracted from the jar into " + extracted);
        List<String> copies = new ArrayList<>(mappedFrom(extracted));
        copies.removeAll(jnaItself);
        check(copies.size() == 1, "not one copy of the library is mapped: " + copies);
        System.out.println("packaging: the jar verified a delivery with its own " + System.mapLibraryName("sharpapi_webhooks")
                + " (extracted to " + loaded + ")");
    }

    /**
     * The files under `folder` that this process has mapped: JNA deletes each file it extracts
     * once loaded, but the mappings still name it.
     */
    private static List<String> mappedFrom(File folder) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .map(line -> line.replaceFirst("^(\\S+\\s+){5}", ""))
                .filter(file -> file.startsWith(folder.getPath() + "/"))
                .distinct()
                .toList();
    }

    /** A call that may throw, as the library's methods do. */
    private interface Call {
        void run() throws Exception;
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            System.err.println("packaging check failed: " + failure);
            System.exit(1);
        }
    }
}

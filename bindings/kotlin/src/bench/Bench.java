import com.sharpapi.webhooks.Verifier;
import com.sharpapi.webhooks.WebhookException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifying a 1 KiB delivery through the binding against the JDK doing the same work by hand
 * (javax.crypto.Mac keyed once, the hex signature decoded, MessageDigest.isEqual), in one run:
 * rounds alternate between the two so that both see the same machine, and the medians are
 * compared. Usage: java -cp JAR:DEPS Bench.java [seconds per round]
 */
public final class Bench {
    private static final int ROUNDS = 9;
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        double secondsPerRound = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        String secret = "whsec_benchmark";
        byte[] body = body(1024);
        Mac keyed = Mac.getInstance("HmacSHA256");
        keyed.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(keyed.doFinal(body));

        try (Verifier verifier = new Verifier(List.of(secret))) {
            LongSupplier binding = () -> {
                try {
                    verifier.verify(body, signature);
                    return 1;
                } catch (WebhookException refused) {
                    throw new IllegalStateException(refused);
                }
            };
            LongSupplier jdk = () -> {
                byte[] expected = HexFormat.of().parseHex(signature);
                boolean equal = MessageDigest.isEqual(keyed.doFinal(body), expected);
                if (!equal) throw new IllegalStateException("the JDK refused its own signature");
                return 1;
            };
            // The cost of a call itself: an absent signature is refused before any HMAC.
            LongSupplier emptyCall = () -> verifier.isValid(body, null) ? 0 : 1;
            // What the binding adds before Rust sees the bytes: the signature's UTF-8 bytes and
            // both arguments copied into one direct buffer, as its `lending` does on every call.
            LongSupplier copies = () -> {
                byte[] signatureBytes = signature.getBytes(StandardCharsets.UTF_8);
                ByteBuffer block = ByteBuffer.allocateDirect(body.length + signatureBytes.length).put(body).put(signatureBytes);
                return block.slice(0, body.length).remaining() + block.slice(body.length, signatureBytes.length).remaining();
            };

            LongSupplier[] cases = {binding, jdk, emptyCall, copies};
            double[][] nanos = new double[cases.length][ROUNDS];
            for (LongSupplier warm : cases) time(warm, 2.0); // JIT and the native library loaded
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < cases.length; i++) nanos[i][round] = time(cases[i], secondsPerRound);
            }
            double bindingNanos = median(nanos[0]);
            double jdkNanos = median(nanos[1]);
            double emptyCallNanos = median(nanos[2]);
            double copyNanos = median(nanos[3]);
            System.out.printf("kotlin bench: verify, 1 KiB body, median of %d rounds of %.1f s (ns per call)%n", ROUNDS, secondsPerRound);
            System.out.printf("  binding (Verifier.verify)                      %8.0f%n", bindingNanos);
            System.out.printf("    a call that does no HMAC (no signature)      %8.0f%n", emptyCallNanos);
            System.out.printf("    copying the arguments into a direct buffer   %8.0f%n", copyNanos);
            System.out.printf("  javax.crypto.Mac + MessageDigest.isEqual       %8.0f%n", jdkNanos);
            System.out.printf("kotlin bench: binding / javax.crypto.Mac = %.2f%n", bindingNanos / jdkNanos);
        }
    }

    /** A SharpAPI event of exactly `size` bytes, its result padded. */
    private static byte[] body(int size) {
        String head = "{\"id\":\"bf683177-3a48-47d1-9c4e-0b4de39517fa\",\"status\":\"success\",\"type\":\"content_summarize\",\"result\":\"";
        String tail = "\"}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    /** Nanoseconds per call of `call`, over about `seconds`. */
    private static double time(LongSupplier call, double seconds) {
        long budget = (long) (seconds * 1e9);
        long calls = 0;
        long total = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int i = 0; i < 1000; i++) total += call.getAsLong();
            calls += 1000;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        sink += total;
        return (double) elapsed / calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

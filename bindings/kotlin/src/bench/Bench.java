import com.sharpapi.webhooks.Verifier;
import com.sharpapi.webhooks.WebhookEvent;
import com.sharpapi.webhooks.WebhookException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.json.JSONObject;

/**
 * Each hot path of the binding on a 1 KiB delivery against the JDK doing the same work by hand,
 * and against the core's own cost, in one run.
 *
 * - JDK peers: javax.crypto.Mac keyed once, the hex signature decoded, MessageDigest.isEqual; for
 *   the event paths also org.json's parse of the verified body into id, status, type and result;
 *   for the header path also the X-Signature lookup (any case) in the header map.
 * - The core: core_cost (src/bench/core_cost.c), the same calls through the C ABI from C, the
 *   floor of any binding over it.
 *
 * Rounds alternate between every case so that each sees the same machine; the unit is the CPU
 * time of the calling thread per call (ThreadMXBean; core_cost uses the same clock), which time
 * spent waiting for a shared core does not inflate. Medians of the rounds are printed, one line
 * per path in scripts/bench.sh's shape: ours, the JDK's, ours / JDK, and ours above the core.
 *
 * Usage: java -cp JAR:DEPS Bench.java CORE_COST [seconds per case and round]
 */
public final class Bench {
    private static final int ROUNDS = 9;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        String coreCost = args[0];
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 0.3;
        String secret = "whsec_benchmark";
        byte[] body = body(1024);
        Mac keyed = Mac.getInstance("HmacSHA256");
        keyed.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(keyed.doFinal(body));
        // What a server hands a handler: the JDK server's Headers, Spring's HttpHeaders are maps of lists.
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("hooks.example.com"));
        headers.put("User-Agent", List.of("SharpAPI-Webhooks/1.0"));
        headers.put("Content-Type", List.of("application/json"));
        headers.put("Content-Length", List.of(Integer.toString(body.length)));
        headers.put("Accept", List.of("*/*"));
        headers.put("Accept-Encoding", List.of("gzip, deflate"));
        headers.put("X-Forwarded-For", List.of("203.0.113.7"));
        headers.put("X-Forwarded-Proto", List.of("https"));
        headers.put("X-Request-Id", List.of("0f6c3b8e-9d0a-4c55-8f0e-5d2b9a7c1e44"));
        headers.put("X-Signature", List.of(signature));

        Path delivery = Files.createTempDirectory("sharpapi-bench");
        Path bodyFile = Files.write(delivery.resolve("body"), body);
        StringBuilder headerLines = new StringBuilder();
        headers.forEach((name, values) -> values.forEach(value -> headerLines.append(name).append('\t').append(value).append('\n')));
        Path headersFile = Files.writeString(delivery.resolve("headers"), headerLines);
        List<String> coreCommand = List.of(coreCost, Double.toString(seconds), secret, bodyFile.toString(), signature, headersFile.toString());

        try (Verifier verifier = new Verifier(List.of(secret))) {
            Map<String, LongSupplier> cases = new LinkedHashMap<>();
            cases.put("verify", () -> {
                try {
                    verifier.verify(body, signature);
                    return 1;
                } catch (WebhookException refused) {
                    throw new IllegalStateException(refused);
                }
            });
            cases.put("verify JDK", () -> jdkVerify(keyed, body, signature) ? 1 : 0);
            cases.put("isValid", () -> verifier.isValid(body, signature) ? 1 : 0);
            // The cost of a call itself: an absent signature is refused before any HMAC.
            cases.put("isValid, no signature", () -> verifier.isValid(body, null) ? 0 : 1);
            cases.put("constructEvent", () -> {
                try {
                    return verifier.constructEvent(body, signature).getId().length();
                } catch (WebhookException refused) {
                    throw new IllegalStateException(refused);
                }
            });
            cases.put("constructEvent JDK", () -> jdkConstructEvent(keyed, body, signature).length);
            cases.put("constructEventFromHeaders", () -> {
                try {
                    return verifier.constructEventFromHeaders(body, headers).getId().length();
                } catch (WebhookException refused) {
                    throw new IllegalStateException(refused);
                }
            });
            cases.put("constructEventFromHeaders JDK", () -> jdkConstructEvent(keyed, body, jdkSignatureOf(headers)).length);

            // The same answers before any timing: ours, the JDK's.
            WebhookEvent event = verifier.constructEvent(body, signature);
            String[] expected = jdkConstructEvent(keyed, body, signature);
            if (!event.getId().equals(expected[0]) || !event.getStatus().getValue().equals(expected[1])
                    || !event.getType().getValue().equals(expected[2]) || event.getResultJson() == null) {
                throw new IllegalStateException("the binding and the JDK disagree: " + event + " " + Arrays.toString(expected));
            }

            List<String> names = new ArrayList<>(cases.keySet());
            Map<String, double[]> nanos = new LinkedHashMap<>();
            for (String name : names) {
                time(cases.get(name), 1.5); // JIT and the native library loaded
                nanos.put(name, new double[ROUNDS]);
            }
            List<String> coreNames = List.of("verify", "no_signature", "construct_event", "construct_event_from_headers");
            for (String name : coreNames) nanos.put("core " + name, new double[ROUNDS]);
            for (int round = 0; round < ROUNDS; round++) {
                for (String name : names) nanos.get(name)[round] = time(cases.get(name), seconds);
                Map<String, Double> core = core(coreCommand);
                for (String name : coreNames) nanos.get("core " + name)[round] = core.get(name);
            }
            Files.delete(bodyFile);
            Files.delete(headersFile);
            Files.delete(delivery);

            System.out.printf("kotlin bench: 1 KiB delivery, CPU time per call, median of %d rounds of %.1f s per case%n", ROUNDS, seconds);
            String mac = "javax.crypto.Mac+isEqual";
            String macJson = mac + "+org.json";
            line("verify", median(nanos, "verify"), mac, median(nanos, "verify JDK"), median(nanos, "core verify"));
            line("isValid", median(nanos, "isValid"), mac, median(nanos, "verify JDK"), median(nanos, "core verify"));
            line("constructEvent", median(nanos, "constructEvent"), macJson, median(nanos, "constructEvent JDK"),
                    median(nanos, "core construct_event"));
            line("constructEventFromHeaders", median(nanos, "constructEventFromHeaders"), "header lookup+" + macJson,
                    median(nanos, "constructEventFromHeaders JDK"), median(nanos, "core construct_event_from_headers"));
            double noHmac = median(nanos, "isValid, no signature");
            double coreNoHmac = median(nanos, "core no_signature");
            System.out.printf("kotlin isValid without a signature 1KiB (no HMAC: a call's own cost): ours %.3f µs, core %.3f µs, ours above core %.3f µs%n",
                    noHmac / 1000, coreNoHmac / 1000, (noHmac - coreNoHmac) / 1000);
        }
    }

    /** The JDK's check: Mac keyed once, the hex decoded, compared in constant time. */
    private static boolean jdkVerify(Mac keyed, byte[] body, String signature) {
        byte[] claimed = HexFormat.of().parseHex(signature.strip());
        return MessageDigest.isEqual(keyed.doFinal(body), claimed);
    }

    /** The JDK's check, then org.json's parse: id, status, type and the result's JSON text. */
    private static String[] jdkConstructEvent(Mac keyed, byte[] body, String signature) {
        if (!jdkVerify(keyed, body, signature)) throw new IllegalStateException("the JDK refused its own signature");
        JSONObject event = new JSONObject(new String(body, StandardCharsets.UTF_8));
        Object result = event.opt("result");
        return new String[] {event.getString("id"), event.getString("status"), event.getString("type"), result == null ? null : result.toString()};
    }

    /** X-Signature in any case, as a handler finds it in a map of header lists. */
    private static String jdkSignatureOf(Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("X-Signature")) return header.getValue().get(0);
        }
        throw new IllegalStateException("no X-Signature");
    }

    /** One run of core_cost: nanoseconds per call by path. */
    private static Map<String, Double> core(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) throw new IllegalStateException("core_cost failed: " + output);
        String[] words = output.split("\\s+");
        Map<String, Double> nanos = new LinkedHashMap<>();
        for (int i = 0; i + 1 < words.length; i += 2) nanos.put(words[i], Double.parseDouble(words[i + 1]));
        return nanos;
    }

    /**
     * What scripts/bench.sh gathers, "ratio LANGUAGE WHAT: ours X µs, PEER Y µs = Rx (target <= T:
     * meets|MISSES)", followed by ours above the core and its target (1 µs).
     */
    private static void line(String path, double ours, String peerName, double peer, double core) {
        double ratio = ours / peer;
        double aboveCore = (ours - core) / 1000;
        System.out.printf(
                "ratio kotlin %s 1KiB: ours %.3f µs, %s %.3f µs = %.3fx (target <= 1.0: %s); core %.3f µs, ours above core %.3f µs (target <= 1.0 µs: %s)%n",
                path, ours / 1000, peerName, peer / 1000, ratio, ratio <= 1.0 ? "meets" : "MISSES", core / 1000, aboveCore,
                aboveCore <= 1.0 ? "meets" : "MISSES");
    }

    /** A SharpAPI event of exactly `size` bytes, its result padded. */
    private static byte[] body(int size) {
        String head = "{\"id\":\"bf683177-3a48-47d1-9c4e-0b4de39517fa\",\"status\":\"success\",\"type\":\"content_summarize\",\"result\":{\"summary\":\"";
        String tail = "\"}}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    /** CPU nanoseconds per call of `call`, over about `seconds` of this thread's CPU time. */
    private static double time(LongSupplier call, double seconds) {
        long budget = (long) (seconds * 1e9);
        long calls = 0;
        long total = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        long elapsed;
        do {
            for (int i = 0; i < 100; i++) total += call.getAsLong();
            calls += 100;
            elapsed = THREADS.getCurrentThreadCpuTime() - start;
        } while (elapsed < budget);
        sink += total;
        return (double) elapsed / calls;
    }

    private static double median(Map<String, double[]> nanos, String name) {
        double[] sorted = nanos.get(name).clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

using System;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using SharpApi.Webhooks;

/// <summary>
/// Verifier.Verify through P/Invoke against the managed peer that a careful .NET developer would
/// write (HMACSHA256, the hex digest decoded, CryptographicOperations.FixedTimeEquals), on the same
/// 1 KiB delivery as the Rust benchmarks, in one run. Rounds alternate between the two, so that a
/// load on the machine falls on both; the medians are printed, then ours as a ratio of the peer's.
/// </summary>
internal static class VerifyBenchmark
{
    private const string Secret = "whsec_benchmark_secret";
    private const int Rounds = 15;
    private static readonly TimeSpan RoundTarget = TimeSpan.FromMilliseconds(200);

    private static int Main()
    {
        byte[] rawBody = OneKiBDelivery();
        string signature = Verifier.Sign(rawBody, Secret);
        using (var verifier = new Verifier(Secret))
        using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret)))
        {
            Action ours = () => verifier.Verify(rawBody, signature);
            Action peer = () =>
            {
                if (!ManagedVerify(hmac, rawBody, signature))
                {
                    throw new InvalidOperationException("the managed peer refused a valid delivery");
                }
            };
            // Both must give the same answers before their times mean anything.
            string wrongSignature = Verifier.Sign(rawBody, "whsec_other");
            if (verifier.IsValid(rawBody, wrongSignature) || ManagedVerify(hmac, rawBody, wrongSignature))
            {
                throw new InvalidOperationException("a wrong signature was accepted");
            }

            int oursPerRound = IterationsPerRound(ours);
            int peerPerRound = IterationsPerRound(peer);
            var oursNs = new double[Rounds];
            var peerNs = new double[Rounds];
            for (int round = 0; round < Rounds; round++)
            {
                oursNs[round] = NanosecondsPerCall(ours, oursPerRound);
                peerNs[round] = NanosecondsPerCall(peer, peerPerRound);
            }
            double oursMedian = Median(oursNs);
            double peerMedian = Median(peerNs);
            Console.WriteLine("verify at 1 KiB, median of {0} rounds on {1}:", Rounds, Runtime());
            Console.WriteLine("  managed HMACSHA256 + FixedTimeEquals  {0,10:F1} ns", peerMedian);
            Console.WriteLine("  Verifier.Verify through P/Invoke      {0,10:F1} ns", oursMedian);
            Console.WriteLine(
                "Verifier.Verify takes {0:F3}x the managed peer's time", oursMedian / peerMedian);
            // One line for scripts/bench.sh's table.
            double ratio = oursMedian / peerMedian;
            Console.WriteLine(
                "ratio dotnet verify 1KiB: ours {0:F3} µs, HMACSHA256+FixedTimeEquals {1:F3} µs = {2:F3}x (target <= 1.0: {3})",
                oursMedian / 1000, peerMedian / 1000, ratio, ratio <= 1.0 ? "meets" : "MISSES");
        }
        return 0;
    }

    /// <summary>
    /// What a careful hand-written check does, in a time that does not depend on where the digests
    /// differ.
    /// </summary>
    private static bool ManagedVerify(HMACSHA256 hmac, byte[] rawBody, string signature)
    {
        byte[] expected = hmac.ComputeHash(rawBody);
        string hex = signature.Trim();
        if (hex.Length != 64)
        {
            return false;
        }
        var claimed = new byte[32];
        for (int i = 0; i < claimed.Length; i++)
        {
            int high = HexDigit(hex[2 * i]);
            int low = HexDigit(hex[2 * i + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }
            claimed[i] = (byte)(high << 4 | low);
        }
        return CryptographicOperations.FixedTimeEquals(expected, claimed);
    }

    private static int HexDigit(char digit)
    {
        if (digit >= '0' && digit <= '9') return digit - '0';
        if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
        if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
        return -1;
    }

    /// <summary>The delivery of bindings/ffi/benches/c_abi.rs: an event whose result pads it to 1024 bytes.</summary>
    private static byte[] OneKiBDelivery()
    {
        const string head = "{\"id\":\"bf683177-3a48-47d1-9c4e-0b4de39517fa\",\"status\":\"success\","
            + "\"type\":\"content_translate\",\"result\":{\"content\":\"";
        const string tail = "\"}}";
        return Encoding.ASCII.GetBytes(head + new string('x', 1024 - head.Length - tail.Length) + tail);
    }

    /// <summary>Warms the call up (the JIT, the caches), then sizes a round to about RoundTarget.</summary>
    private static int IterationsPerRound(Action call)
    {
        int iterations = 1000;
        while (true)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < iterations; i++)
            {
                call();
            }
            if (clock.Elapsed >= RoundTarget)
            {
                return iterations;
            }
            iterations *= 2;
        }
    }

    private static double NanosecondsPerCall(Action call, int iterations)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++)
        {
            call();
        }
        return clock.Elapsed.TotalMilliseconds * 1e6 / iterations;
    }

    private static double Median(double[] samples)
    {
        double[] sorted = samples.OrderBy(sample => sample).ToArray();
        return sorted[sorted.Length / 2];
    }

    private static string Runtime()
    {
        Type mono = Type.GetType("Mono.Runtime");
        if (mono == null)
        {
            return ".NET " + Environment.Version;
        }
        // Mono tells its version only through this internal method.
        var displayName = mono.GetMethod(
            "GetDisplayName", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static);
        return "Mono " + displayName.Invoke(null, null);
    }
}

using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>Native memory is released, and one verifier serves many threads.</summary>
    [TestFixture]
    public class ResourceTests
    {
        private const string Secret = "whsec_dotnet_resource_test";
        private const string JobId = "bf683177-3a48-47d1-9c4e-0b4de39517fa";
        private static readonly byte[] RawBody = Encoding.UTF8.GetBytes(
            "{\"id\":\"" + JobId + "\",\"status\":\"success\",\"type\":\"content_translate\",\"result\":{\"n\":1}}");

        // A leaked verifier comes to some 600 bytes of resident memory and a leaked event to some
        // 250, so a leak over these loops is 20 MiB or more; measured without one, the growth
        // stays under 1 MiB.
        private const long AllowedGrowth = 8 << 20;

        [Test]
        public void HundredThousandCyclesLeaveNoNativeMemoryBehind()
        {
            string signature = Verifier.Sign(RawBody, Secret);
            // Until the JIT, the collector's heap and malloc's arenas have settled, memory grows anyway.
            ConstructAndDispose(10000, signature);
            long before = ResidentBytes();
            ConstructAndDispose(100000, signature);
            long grown = ResidentBytes() - before;
            Console.WriteLine("100k verifiers and events made and disposed: resident memory grew by {0} bytes", grown);
            Assert.That(grown, Is.LessThan(AllowedGrowth), "resident memory grew by {0} bytes", grown);
        }

        [Test]
        public void TestDeliveriesAndExplanationsLeaveNoNativeMemoryBehind()
        {
            // Each test delivery is a native object, released before Create returns; each explanation
            // a native call over pinned copies of the secrets.
            CreateDeliveriesAndExplain(5000);
            long before = ResidentBytes();
            CreateDeliveriesAndExplain(50000);
            long grown = ResidentBytes() - before;
            Console.WriteLine("50k test deliveries made and explained: resident memory grew by {0} bytes", grown);
            Assert.That(grown, Is.LessThan(AllowedGrowth), "resident memory grew by {0} bytes", grown);
        }

        [Test]
        public void VerifiersLeftUndisposedAreReleasedByTheCollector()
        {
            string signature = Verifier.Sign(RawBody, Secret);
            // Freed memory is kept for reuse rather than returned to the system, so a release shows
            // as no growth from round to round, not as a return to the first reading. Small rounds,
            // each collected, keep the peak of verifiers awaiting their finalizer small.
            AbandonVerifiers(2000, signature);
            long afterFirstRound = ResidentBytes();
            for (int round = 0; round < 50; round++)
            {
                AbandonVerifiers(2000, signature);
                CollectEverything();
            }
            long grown = ResidentBytes() - afterFirstRound;
            Console.WriteLine("100k verifiers left to the collector: resident memory grew by {0} bytes", grown);
            Assert.That(grown, Is.LessThan(AllowedGrowth), "resident memory grew by {0} bytes", grown);
        }

        [Test]
        public void VerifyAllocatesNothing()
        {
            // Mono and .NET Core have it; the reference assemblies of .NET Framework do not show it.
            var allocatedBytes = (Func<long>)Delegate.CreateDelegate(
                typeof(Func<long>), typeof(GC).GetMethod("GetAllocatedBytesForCurrentThread"));
            string signature = Verifier.Sign(RawBody, Secret);
            string wrongSignature = Verifier.Sign(RawBody, "whsec_other");
            using (var verifier = new Verifier(Secret))
            {
                for (int i = 0; i < 1000; i++)
                {
                    verifier.Verify(RawBody, signature);
                    verifier.IsValid(RawBody, wrongSignature);
                }
                long before = allocatedBytes();
                for (int i = 0; i < 100000; i++)
                {
                    verifier.Verify(RawBody, signature);
                    verifier.IsValid(RawBody, wrongSignature);
                }
                long allocated = allocatedBytes() - before;
                // 0.1.0 allocated some 100 bytes a call (the signature's UTF-8 copy).
                Assert.That(allocated, Is.LessThan(100000), "{0} bytes allocated by 200k calls", allocated);
            }
        }

        [Test]
        public void EightThreadsShareOneVerifier()
        {
            const int threadCount = 8;
            const int deliveriesPerThread = 1500;
            var failures = new ConcurrentQueue<string>();
            int deliveriesChecked = 0;
            using (var verifier = new Verifier("whsec_previous", Secret))
            using (var start = new Barrier(threadCount))
            {
                var threads = new Thread[threadCount];
                for (int t = 0; t < threadCount; t++)
                {
                    int threadIndex = t;
                    threads[t] = new Thread(() =>
                    {
                        try
                        {
                            start.SignalAndWait();
                            for (int n = 0; n < deliveriesPerThread; n++)
                            {
                                // Each delivery is distinct, so an answer given for another thread's shows.
                                string jobId = "job-" + threadIndex + "-" + n;
                                byte[] rawBody = Encoding.UTF8.GetBytes(
                                    "{\"id\":\"" + jobId + "\",\"status\":\"success\",\"type\":\"content_translate\"}");
                                string signature = Verifier.Sign(rawBody, n % 2 == 0 ? Secret : "whsec_previous");
                                WebhookEvent delivered = verifier.ConstructEvent(rawBody, signature);
                                if (delivered.Id != jobId)
                                {
                                    failures.Enqueue(jobId + " came back as " + delivered.Id);
                                }
                                rawBody[rawBody.Length - 2] ^= 1;
                                if (verifier.IsValid(rawBody, signature))
                                {
                                    failures.Enqueue(jobId + " tampered was accepted");
                                }
                                Interlocked.Increment(ref deliveriesChecked);
                            }
                        }
                        catch (Exception error)
                        {
                            failures.Enqueue("thread " + threadIndex + ": " + error);
                        }
                    });
                    threads[t].Start();
                }
                foreach (Thread thread in threads)
                {
                    thread.Join();
                }
            }
            CollectionAssert.IsEmpty(failures);
            Assert.AreEqual(threadCount * deliveriesPerThread, deliveriesChecked);
        }

        [Test]
        public void ADisposeThatRacesCallsEndsThemWithObjectDisposed()
        {
            const int threadCount = 8;
            string signature = Verifier.Sign(RawBody, Secret);
            var verifier = new Verifier(Secret);
            var failures = new ConcurrentQueue<string>();
            int threadsRefused = 0;
            int verifications = 0;
            var threads = new Thread[threadCount];
            for (int t = 0; t < threadCount; t++)
            {
                threads[t] = new Thread(() =>
                {
                    try
                    {
                        while (true)
                        {
                            verifier.Verify(RawBody, signature);
                            Interlocked.Increment(ref verifications);
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref threadsRefused);
                    }
                    catch (Exception error)
                    {
                        failures.Enqueue(error.ToString());
                    }
                });
                threads[t].Start();
            }
            SpinWait.SpinUntil(() => Volatile.Read(ref verifications) >= 10000, TimeSpan.FromSeconds(30));
            verifier.Dispose();
            foreach (Thread thread in threads)
            {
                Assert.IsTrue(thread.Join(TimeSpan.FromSeconds(30)), "a thread kept verifying after Dispose");
            }
            CollectionAssert.IsEmpty(failures);
            Assert.AreEqual(threadCount, threadsRefused);
            Assert.That(verifications, Is.GreaterThanOrEqualTo(10000));
        }

        private static void ConstructAndDispose(int cycles, string signature)
        {
            for (int i = 0; i < cycles; i++)
            {
                using (var verifier = new Verifier(Secret))
                {
                    if (verifier.ConstructEvent(RawBody, signature).Id != JobId)
                    {
                        Assert.Fail("cycle {0} parsed another id", i);
                    }
                }
            }
        }

        private static void CreateDeliveriesAndExplain(int count)
        {
            for (int i = 0; i < count; i++)
            {
                TestDelivery delivery = TestDelivery.Create(Secret, id: JobId, resultJson: "{\"n\":1}");
                if (!Verifier.Explain(delivery.Body, delivery.Signature, Secret).IsValid)
                {
                    Assert.Fail("test delivery {0} does not explain as valid", i);
                }
            }
        }

        private static void AbandonVerifiers(int count, string signature)
        {
            for (int i = 0; i < count; i++)
            {
                if (!new Verifier(Secret).IsValid(RawBody, signature))
                {
                    Assert.Fail("verifier {0} refused a valid delivery", i);
                }
            }
        }

        /// <summary>The process's resident memory, once the collector has run every finalizer.</summary>
        private static long ResidentBytes()
        {
            CollectEverything();
            string[] pages = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(pages[1]) * Environment.SystemPageSize;
        }

        // The finalizers release the native objects of abandoned SafeHandles; the second pass
        // reclaims the handles themselves.
        private static void CollectEverything()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
    }
}

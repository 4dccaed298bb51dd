using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>
    /// The messages are the library's own (sharpapi_last_error_message, read on the failing
    /// thread), say where a body stopped parsing, and never hold a secret.
    /// </summary>
    [TestFixture]
    public class ErrorMessageTests
    {
        private const string Secret = "whsec_MARKER_dotnet_message_test";
        private const string Head = "{\"id\":\"job-1\",\"status\":\"success\",\"type\":\"content_translate\",\"result\":";

        [Test]
        public void AnInvalidPayloadSaysAtWhichLineAndColumn()
        {
            byte[] body = Encoding.UTF8.GetBytes("{\n  \"id\": \"job-1\",\n  \"status\": 7\n}");
            var parsed = Assert.Throws<InvalidPayloadException>(() => WebhookEvent.ParseUnverified(body));
            StringAssert.Contains("line 3 column", parsed.Message);
            using (var verifier = new Verifier(Secret))
            {
                var constructed = Assert.Throws<InvalidPayloadException>(
                    () => verifier.ConstructEvent(body, Verifier.Sign(body, Secret)));
                Assert.AreEqual(parsed.Message, constructed.Message);
                var fromHeaders = Assert.Throws<InvalidPayloadException>(() => verifier.ConstructEventFromHeaders(
                    body, new[] { new KeyValuePair<string, string>("X-Signature", Verifier.Sign(body, Secret)) }));
                Assert.AreEqual(parsed.Message, fromHeaders.Message);
            }
            var truncated = Assert.Throws<InvalidPayloadException>(
                () => WebhookEvent.ParseUnverified(Encoding.UTF8.GetBytes("{\"id\": \"job-1\"")));
            StringAssert.IsMatch("line [0-9]+ column [0-9]+", truncated.Message);
        }

        [Test]
        public void NestingUpToTheLimitParsesAndOneLevelMoreIsAnInvalidPayload()
        {
            int limit = (int)Repository.Vocabulary["max_nesting_depth"];
            Assert.AreEqual(128, limit);
            // The event object is level 1, so its result holds limit - 1 levels at most.
            WebhookEvent deepest = WebhookEvent.ParseUnverified(Nested(limit - 1));
            Assert.AreEqual(new string('[', limit - 1) + new string(']', limit - 1), deepest.ResultJson);
            var tooDeep = Assert.Throws<InvalidPayloadException>(() => WebhookEvent.ParseUnverified(Nested(limit)));
            StringAssert.Contains("nested deeper than " + limit + " levels", tooDeep.Message);
            StringAssert.IsMatch("line 1 column [0-9]+", tooDeep.Message);
            using (var verifier = new Verifier(Secret))
            {
                byte[] body = Nested(limit);
                Assert.AreEqual("InvalidPayload", Check.OutcomeOf(() => verifier.ConstructEvent(body, Verifier.Sign(body, Secret))));
                body = Nested(limit - 1);
                Assert.AreEqual("job-1", verifier.ConstructEvent(body, Verifier.Sign(body, Secret)).Id);
            }
        }

        [Test]
        public void EachThreadReadsItsOwnMessage()
        {
            // Each thread's body stops at another column; a message read from another thread's
            // failure would name the wrong one.
            const int threadCount = 8;
            var failures = new ConcurrentQueue<string>();
            var threads = new Thread[threadCount];
            for (int t = 0; t < threadCount; t++)
            {
                int padding = t * 7;
                threads[t] = new Thread(() =>
                {
                    byte[] body = Encoding.UTF8.GetBytes("{" + new string(' ', padding) + "\"id\": 1}");
                    string expected = null;
                    for (int n = 0; n < 2000; n++)
                    {
                        try
                        {
                            WebhookEvent.ParseUnverified(body);
                            failures.Enqueue("parsed " + padding);
                            return;
                        }
                        catch (InvalidPayloadException error)
                        {
                            expected = expected ?? error.Message;
                            if (error.Message != expected)
                            {
                                failures.Enqueue(padding + ": " + error.Message + " after " + expected);
                                return;
                            }
                        }
                        // Another thread's failures in between must not change this thread's message.
                        if (n % 100 == 0)
                        {
                            using (var verifier = new Verifier(Secret))
                            {
                                if (verifier.IsValid(body, "x"))
                                {
                                    failures.Enqueue("accepted x");
                                }
                            }
                        }
                    }
                    Match column = Regex.Match(expected ?? "", "column ([0-9]+)");
                    if (!column.Success || int.Parse(column.Groups[1].Value) <= padding)
                    {
                        failures.Enqueue(padding + ": " + expected);
                    }
                });
                threads[t].Start();
            }
            foreach (Thread thread in threads)
            {
                thread.Join();
            }
            CollectionAssert.IsEmpty(failures);
        }

        [Test]
        public void NoMessageHoldsTheSecret()
        {
            byte[] body = Encoding.UTF8.GetBytes(Head + "1}");
            byte[] notAnEvent = Encoding.UTF8.GetBytes("{\"id\": 5}");
            var errors = new List<Exception>();
            using (var verifier = new Verifier(Secret))
            {
                errors.Add(Assert.Catch<WebhookException>(() => verifier.Verify(body, null)));
                errors.Add(Assert.Catch<WebhookException>(() => verifier.Verify(body, Secret)));
                errors.Add(Assert.Catch<WebhookException>(() => verifier.Verify(body, Verifier.Sign(body, Secret + "x"))));
                errors.Add(Assert.Catch<WebhookException>(() => verifier.ConstructEvent(notAnEvent, Verifier.Sign(notAnEvent, Secret))));
                errors.Add(Assert.Catch<WebhookException>(() => verifier.ConstructEventFromHeaders(
                    body, new[] { new KeyValuePair<string, string>(Secret, Secret) })));
            }
            foreach (string badSecret in new[] { Secret + "\uD800", "\uDC00" + Secret })
            {
                errors.Add(Assert.Catch<WebhookException>(() => new Verifier(badSecret)));
                errors.Add(Assert.Catch<WebhookException>(() => new Verifier(Secret, badSecret)));
                errors.Add(Assert.Catch<WebhookException>(() => Verifier.Sign(body, badSecret)));
            }
            errors.Add(Assert.Catch<WebhookException>(() => new Verifier(Secret, "")));
            errors.Add(Assert.Catch<WebhookException>(() => new Verifier(Secret, null)));
            Assert.AreEqual(13, errors.Count);
            foreach (Exception error in errors)
            {
                Assert.That(error.Message, Is.Not.Empty);
                StringAssert.DoesNotContain("MARKER", error.ToString());
            }
        }

        private static byte[] Nested(int levels)
        {
            return Encoding.UTF8.GetBytes(Head + new string('[', levels) + new string(']', levels) + "}");
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>
    /// Every vector of tests/vectors/*.json, one NUnit case each, named after it. The outcomes the
    /// package actually gave are also written to $SHARPAPI_CONFORMANCE_DIR/dotnet.json when that
    /// variable is set, for scripts/conformance.py's table of every language.
    /// </summary>
    [TestFixture]
    public class VectorTests
    {
        private static readonly SortedDictionary<string, string> s_outcomesJson =
            new SortedDictionary<string, string>(StringComparer.Ordinal);

        [TestCaseSource(typeof(Vectors), "Cases")]
        public void Vector(Vector vector)
        {
            // Everything runs first and is recorded; the assertions come after, so that a failing
            // vector is still reported as it behaved.
            Actual actual = Run(vector);
            lock (s_outcomesJson)
            {
                s_outcomesJson[vector.Name] = actual.ToJson(vector.UsesHeaders);
            }

            for (int i = 0; i < vector.Secrets.Length; i++)
            {
                Assert.AreEqual(vector.ExpectedSign[i], actual.Sign[i], "Sign with secret " + i + " (null: InvalidSecret)");
            }
            if (vector.UsesHeaders)
            {
                Assert.AreEqual(vector.ExpectedConstructEvent.Outcome, actual.Construct, "ConstructEventFromHeaders");
                Assert.AreEqual(actual.Construct, actual.ConstructPerValue,
                    "ConstructEventFromHeaders, each value a KeyValuePair<string, string[]>");
                Assert.AreEqual(actual.Construct, actual.ConstructGrouped,
                    "ConstructEventFromHeaders, the values of one name together");
            }
            else
            {
                Assert.AreEqual(vector.ExpectedVerify, actual.Verify, "Verify");
                if (actual.IsValid.HasValue)
                {
                    Assert.AreEqual(actual.Verify == "ok", actual.IsValid.Value, "IsValid");
                }
                Assert.AreEqual(vector.ExpectedConstructEvent.Outcome, actual.Construct, "ConstructEvent");
            }
            if (actual.Constructed != null)
            {
                Check.Event(vector.ExpectedConstructEvent.Event, actual.Constructed, "ConstructEvent");
            }
            Assert.AreEqual(vector.ExpectedParseEventUnverified.Outcome, actual.Parse, "ParseUnverified");
            if (actual.Parsed != null)
            {
                Check.Event(vector.ExpectedParseEventUnverified.Event, actual.Parsed, "ParseUnverified");
            }
        }

        [Test]
        public void EveryVectorFileIsRead()
        {
            string[] files = Vectors.Files().Select(Path.GetFileName).ToArray();
            CollectionAssert.IsSubsetOf(new[]
            {
                "bodies.json", "events.json", "headers.json", "payload_errors.json", "secrets.json", "signatures.json",
            }, files);
            // NUnit would run two cases of one name, but a failure must name one vector.
            CollectionAssert.AllItemsAreUnique(Vectors.Load().Select(vector => vector.Name));
        }

        [TestFixtureTearDown]
        public void WriteConformanceFile()
        {
            string folder = Environment.GetEnvironmentVariable("SHARPAPI_CONFORMANCE_DIR");
            if (string.IsNullOrEmpty(folder) || s_outcomesJson.Count == 0)
            {
                return;
            }
            Directory.CreateDirectory(folder);
            var json = new StringBuilder("{\"language\": \"dotnet\", \"outcomes\": {");
            json.Append(string.Join(",", s_outcomesJson.Select(o => "\n  " + Json(o.Key) + ": " + o.Value)));
            json.Append("\n}}\n");
            File.WriteAllText(Path.Combine(folder, "dotnet.json"), json.ToString(), new UTF8Encoding(false));
        }

        /// <summary>What the package did with one vector.</summary>
        private sealed class Actual
        {
            public string[] Sign;
            public string Verify;
            public bool? IsValid;
            public string Construct;
            public WebhookEvent Constructed;
            public string ConstructPerValue;
            public string ConstructGrouped;
            public string Parse;
            public WebhookEvent Parsed;

            public string ToJson(bool usesHeaders)
            {
                var members = new List<string>
                {
                    "\"sign\": [" + string.Join(", ", Sign.Select(Json)) + "]",
                };
                if (!usesHeaders)
                {
                    members.Add("\"verify\": " + Json(Verify));
                }
                members.Add("\"construct_event\": " + OutcomeJson(Construct, Constructed));
                members.Add("\"parse_event_unverified\": " + OutcomeJson(Parse, Parsed));
                return "{" + string.Join(", ", members) + "}";
            }
        }

        private static Actual Run(Vector vector)
        {
            var actual = new Actual { Sign = new string[vector.Secrets.Length] };
            for (int i = 0; i < vector.Secrets.Length; i++)
            {
                string secret = vector.Secrets[i];
                string signature = null;
                string outcome = OutcomeOf(() => signature = Verifier.Sign(vector.RawBody, secret));
                // The vectors write InvalidSecret as null; any other error stays its name, and fails.
                actual.Sign[i] = outcome == "ok" ? signature : outcome == "InvalidSecret" ? null : outcome;
            }

            Verifier verifier = null;
            string made = OutcomeOf(() => verifier = new Verifier(vector.Secrets));
            try
            {
                if (vector.UsesHeaders)
                {
                    var perValue = vector.Headers.Select(
                        header => new KeyValuePair<string, string[]>(header.Key, new[] { header.Value }));
                    var grouped = vector.Headers.GroupBy(header => header.Key, StringComparer.Ordinal).Select(
                        group => new KeyValuePair<string, IEnumerable<string>>(group.Key, group.Select(h => h.Value)));
                    actual.Construct = made != "ok" ? made
                        : OutcomeOf(() => actual.Constructed = verifier.ConstructEventFromHeaders(vector.RawBody, vector.Headers));
                    actual.ConstructPerValue = made != "ok" ? made
                        : OutcomeOf(() => verifier.ConstructEventFromHeaders(vector.RawBody, perValue));
                    actual.ConstructGrouped = made != "ok" ? made
                        : OutcomeOf(() => verifier.ConstructEventFromHeaders(vector.RawBody, grouped));
                }
                else
                {
                    actual.Verify = made != "ok" ? made
                        : OutcomeOf(() => verifier.Verify(vector.RawBody, vector.Signature));
                    if (verifier != null)
                    {
                        actual.IsValid = verifier.IsValid(vector.RawBody, vector.Signature);
                    }
                    actual.Construct = made != "ok" ? made
                        : OutcomeOf(() => actual.Constructed = verifier.ConstructEvent(vector.RawBody, vector.Signature));
                }
            }
            finally
            {
                if (verifier != null)
                {
                    verifier.Dispose();
                }
            }
            actual.Parse = OutcomeOf(() => actual.Parsed = WebhookEvent.ParseUnverified(vector.RawBody));
            return actual;
        }

        /// <summary>
        /// "ok", the error's name, or, for anything a vector cannot expect (another exception class,
        /// an empty message), a description of it, which then fails the comparison.
        /// </summary>
        private static string OutcomeOf(Action call)
        {
            try
            {
                call();
                return "ok";
            }
            catch (WebhookException error)
            {
                if (error.GetType().Name != error.Code + "Exception")
                {
                    return error.GetType().Name + " for code " + error.Code;
                }
                return string.IsNullOrEmpty(error.Message) ? error.Code + " without a message" : error.Code.ToString();
            }
            catch (Exception error)
            {
                return error.GetType().FullName + ": " + error.Message;
            }
        }

        private static string OutcomeJson(string outcome, WebhookEvent delivered)
        {
            if (outcome != "ok" || delivered == null)
            {
                return "{\"error\": " + Json(outcome) + "}";
            }
            return "{\"event\": {\"id\": " + Json(delivered.Id) + ", \"status\": " + Json(delivered.StatusText)
                + ", \"type\": " + Json(delivered.TypeText) + ", \"result\": " + Json(delivered.ResultJson)
                + ", \"status_known\": " + (delivered.Status != JobStatus.Other ? "true" : "false")
                + ", \"type_known\": " + (delivered.Type != JobType.Other ? "true" : "false") + "}}";
        }

        /// <summary>A JSON string (every character outside printable ASCII escaped), or null.</summary>
        private static string Json(string text)
        {
            if (text == null)
            {
                return "null";
            }
            var json = new StringBuilder("\"");
            foreach (char c in text)
            {
                if (c == '"' || c == '\\')
                {
                    json.Append('\\').Append(c);
                }
                else if (c < 0x20 || c > 0x7E)
                {
                    json.Append("\\u").Append(((int)c).ToString("x4"));
                }
                else
                {
                    json.Append(c);
                }
            }
            return json.Append('"').ToString();
        }
    }
}

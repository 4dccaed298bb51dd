using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>ConstructEventFromHeaders: the signature looked up among the request's headers.</summary>
    [TestFixture]
    public class HeaderTests
    {
        private const string Secret = "whsec_dotnet_header_test";
        private const string JobId = "bf683177-3a48-47d1-9c4e-0b4de39517fa";
        private static readonly byte[] RawBody = Encoding.UTF8.GetBytes(
            "{\"id\":\"" + JobId + "\",\"status\":\"success\",\"type\":\"content_translate\"}");
        private static readonly string Signature = Verifier.Sign(RawBody, Secret);
        private static readonly string OtherSignature = Verifier.Sign(RawBody, "whsec_other");

        [Test]
        public void TheNameMatchesInAnyAsciiCase()
        {
            foreach (string name in new[] { "X-Signature", "x-signature", "X-SIGNATURE", "x-SiGnAtUrE" })
            {
                Assert.AreEqual(JobId, FromPairs(Pair("Content-Type", "application/json"), Pair(name, Signature)), name);
            }
            // Nothing around the name, and no Unicode case folding: these are other headers.
            foreach (string name in new[] { "X-Signature-256", " X-Signature", "X-Signature ", "X-\u017Fignature", "X-Signature\uD800" })
            {
                Assert.AreEqual("MissingSignature", FromPairs(Pair(name, Signature)), name);
            }
        }

        [Test]
        public void RepeatedHeadersAreSeparatePairs()
        {
            Assert.AreEqual(JobId, FromPairs(Pair("X-Signature", Signature), Pair("x-signature", Signature)));
            Assert.AreEqual(JobId, FromPairs(Pair("X-Signature", Signature), Pair("X-Signature", " " + Signature + "\t")));
            Assert.AreEqual("MalformedSignature", FromPairs(Pair("X-Signature", Signature), Pair("X-Signature", OtherSignature)));
            Assert.AreEqual("MalformedSignature", FromPairs(Pair("X-Signature", Signature), Pair("X-Signature", "")));
            // What a framework that joins repeated headers would pass: malformed, never accepted.
            Assert.AreEqual("MalformedSignature", FromPairs(Pair("X-Signature", Signature + ", " + Signature)));
        }

        [Test]
        public void AnAbsentOrEmptyHeaderIsMissing()
        {
            Assert.AreEqual("MissingSignature", FromPairs());
            Assert.AreEqual("MissingSignature", FromPairs(Pair("Content-Type", "application/json")));
            Assert.AreEqual("MissingSignature", FromPairs(Pair("X-Signature", "")));
            Assert.AreEqual("MissingSignature", FromPairs(Pair("X-Signature", " \t")));
            // A null value has no bytes: it is passed as the empty one; a null name matches nothing.
            Assert.AreEqual("MissingSignature", FromPairs(Pair("X-Signature", null)));
            Assert.AreEqual("MissingSignature", FromPairs(Pair(null, Signature)));
        }

        [Test]
        public void TheValueIsCheckedAsVerifyChecksIt()
        {
            Assert.AreEqual("InvalidSignature", FromPairs(Pair("X-Signature", OtherSignature)));
            Assert.AreEqual("MalformedSignature", FromPairs(Pair("X-Signature", Signature + "\0junk")));
            Assert.AreEqual("MalformedSignature", FromPairs(Pair("X-Signature", Signature + "\uD800")));
            byte[] notAnEvent = Encoding.UTF8.GetBytes("[1, 2]");
            using (var verifier = new Verifier(Secret))
            {
                var headers = new[] { Pair("X-Signature", Verifier.Sign(notAnEvent, Secret)) };
                Assert.AreEqual("InvalidPayload", Check.OutcomeOf(() => verifier.ConstructEventFromHeaders(notAnEvent, headers)));
            }
        }

        [Test]
        public void MultiValuedHeadersGiveEachValueItsOwnPair()
        {
            using (var verifier = new Verifier(Secret))
            {
                // As ASP.NET Core's IHeaderDictionary holds them: a struct of values per name.
                var aspNetLike = new Dictionary<string, FakeStringValues>(StringComparer.OrdinalIgnoreCase)
                {
                    { "Content-Type", new FakeStringValues("application/json") },
                    { "X-Signature", new FakeStringValues(Signature, " " + Signature) },
                };
                Assert.AreEqual(JobId, verifier.ConstructEventFromHeaders(RawBody, aspNetLike).Id);
                aspNetLike["X-Signature"] = new FakeStringValues(Signature, OtherSignature);
                Assert.AreEqual("MalformedSignature", Check.OutcomeOf(() => verifier.ConstructEventFromHeaders(RawBody, aspNetLike)));
                aspNetLike["X-Signature"] = new FakeStringValues();
                Assert.AreEqual("MissingSignature", Check.OutcomeOf(() => verifier.ConstructEventFromHeaders(RawBody, aspNetLike)));

                // As HttpHeaders hold them: IEnumerable<KeyValuePair<string, IEnumerable<string>>>.
                IEnumerable<KeyValuePair<string, IEnumerable<string>>> httpHeaders = new[]
                {
                    new KeyValuePair<string, IEnumerable<string>>("x-signature", new List<string> { Signature }),
                    new KeyValuePair<string, IEnumerable<string>>("X-Other", null),
                };
                Assert.AreEqual(JobId, verifier.ConstructEventFromHeaders(RawBody, httpHeaders).Id);

                var arrays = new Dictionary<string, string[]> { { "X-Signature", new[] { Signature, OtherSignature } } };
                Assert.AreEqual("MalformedSignature", Check.OutcomeOf(() => verifier.ConstructEventFromHeaders(RawBody, arrays)));
            }
        }

        [Test]
        public void ArgumentsAreCheckedAsEverywhere()
        {
            var headers = new[] { Pair("X-Signature", Signature) };
            var verifier = new Verifier(Secret);
            Assert.AreEqual("rawBody", Assert.Throws<ArgumentNullException>(
                () => verifier.ConstructEventFromHeaders(null, headers)).ParamName);
            Assert.AreEqual("headers", Assert.Throws<ArgumentNullException>(
                () => verifier.ConstructEventFromHeaders(RawBody, (IEnumerable<KeyValuePair<string, string>>)null)).ParamName);
            Assert.AreEqual("headers", Assert.Throws<ArgumentNullException>(
                () => verifier.ConstructEventFromHeaders(RawBody, (Dictionary<string, string[]>)null)).ParamName);
            verifier.Dispose();
            Assert.AreEqual("Verifier", Assert.Throws<ObjectDisposedException>(
                () => verifier.ConstructEventFromHeaders(RawBody, headers)).ObjectName);
        }

        [Test]
        public void ManyAndLongHeadersArePassed()
        {
            var headers = Enumerable.Range(0, 500)
                .Select(i => Pair("X-Filler-" + i, new string('v', 200) + "\u00E9\U0001F511"))
                .Concat(new[] { Pair("X-SIGNATURE", new string(' ', 3000) + Signature) })
                .ToList();
            Assert.AreEqual(JobId, FromPairs(headers.ToArray()));
        }

        private static KeyValuePair<string, string> Pair(string name, string value)
        {
            return new KeyValuePair<string, string>(name, value);
        }

        /// <summary>The event's id, or the error's name.</summary>
        private static string FromPairs(params KeyValuePair<string, string>[] headers)
        {
            using (var verifier = new Verifier(Secret))
            {
                string id = null;
                string outcome = Check.OutcomeOf(() => id = verifier.ConstructEventFromHeaders(RawBody, headers).Id);
                return outcome == "ok" ? id : outcome;
            }
        }

        /// <summary>What Microsoft.Extensions.Primitives.StringValues is to this API: a struct of strings.</summary>
        private struct FakeStringValues : IEnumerable<string>
        {
            private readonly string[] _values;

            public FakeStringValues(params string[] values)
            {
                _values = values;
            }

            public IEnumerator<string> GetEnumerator()
            {
                return ((IEnumerable<string>)(_values ?? new string[0])).GetEnumerator();
            }

            IEnumerator IEnumerable.GetEnumerator()
            {
                return GetEnumerator();
            }
        }
    }
}

using System.IO;
using System.Linq;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>Every vector of tests/vectors/*.json, one NUnit case each, named after it.</summary>
    [TestFixture]
    public class VectorTests
    {
        [TestCaseSource(typeof(Vectors), "Cases")]
        public void Vector(Vector vector)
        {
            for (int i = 0; i < vector.Secrets.Length; i++)
            {
                string secret = vector.Secrets[i];
                if (vector.ExpectedSign[i] == null)
                {
                    Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => Verifier.Sign(vector.RawBody, secret)),
                        "Sign with secret " + i);
                }
                else
                {
                    Assert.AreEqual(
                        vector.ExpectedSign[i], Verifier.Sign(vector.RawBody, secret), "Sign with secret " + i);
                }
            }

            // The C ABI has no header lookup (the ASP.NET Core helper is to bring one), so a headers
            // vector's verification is left to the languages that have it, as in the C tests.
            if (!vector.UsesHeaders)
            {
                Verifier verifier = null;
                string made = Check.OutcomeOf(() => verifier = new Verifier(vector.Secrets));
                try
                {
                    string verified = made == "ok"
                        ? Check.OutcomeOf(() => verifier.Verify(vector.RawBody, vector.Signature))
                        : made;
                    Assert.AreEqual(vector.ExpectedVerify, verified, "Verify");
                    if (verifier != null)
                    {
                        Assert.AreEqual(
                            verified == "ok", verifier.IsValid(vector.RawBody, vector.Signature), "IsValid");
                    }

                    WebhookEvent constructed = null;
                    string construction = made == "ok"
                        ? Check.OutcomeOf(() => constructed = verifier.ConstructEvent(vector.RawBody, vector.Signature))
                        : made;
                    Assert.AreEqual(vector.ExpectedConstructEvent.Outcome, construction, "ConstructEvent");
                    if (constructed != null)
                    {
                        Check.Event(vector.ExpectedConstructEvent.Event, constructed, "ConstructEvent");
                    }
                }
                finally
                {
                    if (verifier != null)
                    {
                        verifier.Dispose();
                    }
                }
            }

            WebhookEvent parsed = null;
            string parsing = Check.OutcomeOf(() => parsed = WebhookEvent.ParseUnverified(vector.RawBody));
            Assert.AreEqual(vector.ExpectedParseEventUnverified.Outcome, parsing, "ParseUnverified");
            if (parsed != null)
            {
                Check.Event(vector.ExpectedParseEventUnverified.Event, parsed, "ParseUnverified");
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
    }
}

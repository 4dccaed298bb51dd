using System;
using System.Collections.Generic;
using System.IO;
using System.Json;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>
    /// The test helpers: TestDelivery.Create, checked by the package's own Verifier and byte for byte,
    /// through every vector of tests/vectors/test_delivery/ too; Verifier.Explain, through every
    /// vector of tests/vectors/explain/; and the generated Cause.
    /// </summary>
    [TestFixture]
    public class TestingTests
    {
        private const string Secret = "whsec_test_delivery";

        [Test]
        public void ATestDeliveryIsTheBodyAndHeadersSharpApiSends()
        {
            TestDelivery delivery = TestDelivery.Create(Secret, id: "job-1", resultJson: "{\"content\":\"Hallo\"}");
            CollectionAssert.AreEqual(
                Encoding.UTF8.GetBytes(
                    "{\"id\":\"job-1\",\"status\":\"success\",\"type\":\"content_translate\",\"result\":{\"content\":\"Hallo\"}}"),
                delivery.Body);
            Assert.AreEqual(Verifier.Sign(delivery.Body, Secret), delivery.Signature);
            CollectionAssert.AreEqual(
                new[]
                {
                    new KeyValuePair<string, string>("Content-Type", "application/json"),
                    new KeyValuePair<string, string>("User-Agent", (string)Repository.Vocabulary["user_agent"]),
                    new KeyValuePair<string, string>((string)Repository.Vocabulary["signature_header"], delivery.Signature),
                },
                delivery.Headers);

            using (var verifier = new Verifier("whsec_previous", Secret))
            {
                WebhookEvent delivered = verifier.ConstructEventFromHeaders(delivery.Body, delivery.Headers);
                Check.Event(
                    new ExpectedEvent
                    {
                        Id = "job-1", Status = "success", Type = "content_translate", Result = "{\"content\":\"Hallo\"}",
                        StatusKnown = true, TypeKnown = true,
                    },
                    delivered, "ConstructEventFromHeaders");
            }
            using (var other = new Verifier("whsec_someone_else"))
            {
                Assert.AreEqual("InvalidSignature", Check.OutcomeOf(() => other.ConstructEventFromHeaders(delivery.Body, delivery.Headers)));
            }
        }

        [Test]
        public void ByDefaultATestDeliveryIsASuccessfulTranslationWithANewUuidAndNoResult()
        {
            TestDelivery first = TestDelivery.Create(Secret);
            TestDelivery second = TestDelivery.Create(Secret);
            WebhookEvent delivered = WebhookEvent.ParseUnverified(first.Body);
            StringAssert.IsMatch("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", delivered.Id);
            Assert.AreNotEqual(delivered.Id, WebhookEvent.ParseUnverified(second.Body).Id);
            Assert.AreEqual("success", delivered.StatusText);
            Assert.AreEqual("content_translate", delivered.TypeText);
            Assert.IsNull(delivered.ResultJson);
            CollectionAssert.AreEqual(
                Encoding.UTF8.GetBytes("{\"id\":\"" + delivered.Id + "\",\"status\":\"success\",\"type\":\"content_translate\"}"),
                first.Body);
        }

        [Test]
        public void ATestDeliveryTakesAnyStatusTypeAndIdText()
        {
            TestDelivery delivery = TestDelivery.Create(
                Secret, id: "quote \" backslash \\ nul \0 é", status: "archived", type: "content_rhyme", resultJson: " [1, 2] ");
            using (var verifier = new Verifier(Secret))
            {
                WebhookEvent delivered = verifier.ConstructEvent(delivery.Body, delivery.Signature);
                Assert.AreEqual("quote \" backslash \\ nul \0 é", delivered.Id);
                Assert.AreEqual(JobStatus.Other, delivered.Status);
                Assert.AreEqual("archived", delivered.StatusText);
                Assert.AreEqual(JobType.Other, delivered.Type);
                Assert.AreEqual("content_rhyme", delivered.TypeText);
                Assert.AreEqual("[1, 2]", delivered.ResultJson);
            }
        }

        [Test]
        public void ATestDeliveryRefusesWhatTheNativeLibraryRefuses()
        {
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => TestDelivery.Create(null)));
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => TestDelivery.Create("")));
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => TestDelivery.Create("whsec_\ud800")));
            Assert.AreEqual("InvalidPayload", Check.OutcomeOf(() => TestDelivery.Create(Secret, resultJson: "{nope")));
            Assert.AreEqual("InvalidPayload", Check.OutcomeOf(() => TestDelivery.Create(Secret, resultJson: "")));
            Assert.AreEqual("InvalidPayload", Check.OutcomeOf(() => TestDelivery.Create(Secret, resultJson: "1 2")));
            Assert.AreEqual("InvalidPayload", Check.OutcomeOf(() => TestDelivery.Create(Secret, id: "lone \udc00")));
            StringAssert.StartsWith(
                "invalid payload: ",
                Assert.Throws<InvalidPayloadException>(() => TestDelivery.Create(Secret, resultJson: "{nope")).Message);
            Assert.Throws<ArgumentNullException>(() => TestDelivery.Create(Secret, status: null));
            Assert.Throws<ArgumentNullException>(() => TestDelivery.Create(Secret, type: null));
        }

        [TestCaseSource(typeof(Vectors), "TestDeliveryCases")]
        public void TestDeliveryMakesEveryVector(TestDeliveryVector vector)
        {
            TestDelivery delivery = null;
            Assert.AreEqual(
                vector.ExpectedError ?? "ok",
                Check.OutcomeOf(() => delivery = TestDelivery.Create(
                    vector.Secret, vector.Id, vector.Status, vector.Type, vector.ResultJson)));
            if (vector.ExpectedError != null)
            {
                return;
            }
            CollectionAssert.AreEqual(vector.ExpectedBody, delivery.Body, "Body: " + Encoding.UTF8.GetString(delivery.Body));
            Assert.AreEqual(vector.ExpectedSignature, delivery.Signature, "Signature");
            CollectionAssert.AreEqual(vector.ExpectedHeaders, delivery.Headers, "Headers");
            using (var verifier = new Verifier(vector.Secret))
            {
                WebhookEvent delivered = verifier.ConstructEventFromHeaders(delivery.Body, delivery.Headers);
                Assert.AreEqual(vector.Id, delivered.Id, "Id");
                Assert.AreEqual(vector.Status, delivered.StatusText, "StatusText");
                Assert.AreEqual(vector.Type, delivered.TypeText, "TypeText");
            }
        }

        [Test]
        public void EveryTestDeliveryVectorIsRead()
        {
            CollectionAssert.Contains(Vectors.TestDeliveryFiles().Select(Path.GetFileName).ToArray(), "deliveries.json");
            List<TestDeliveryVector> vectors = Vectors.LoadTestDelivery();
            Assert.That(vectors.Count, Is.GreaterThanOrEqualTo(17));
            Assert.That(vectors.Count(vector => vector.ExpectedError != null), Is.GreaterThanOrEqualTo(5));
            CollectionAssert.AllItemsAreUnique(vectors.Select(vector => vector.Name));
        }

        [TestCaseSource(typeof(Vectors), "ExplainCases")]
        public void Explain(ExplainVector vector)
        {
            Explanation explanation = Verifier.Explain(vector.RawBody, vector.Signature, vector.Secrets);
            CollectionAssert.AreEqual(vector.ExpectedCauses, explanation.Causes.Select(cause => cause.WireText()).ToArray());
            Assert.AreEqual(vector.ExpectedCauses.SequenceEqual(new[] { "signature_matches" }), explanation.IsValid, "IsValid");
            Assert.AreEqual(
                string.Join("; ", explanation.Causes.Select(cause => cause.Description())), explanation.Summary, "Summary");
            Assert.AreEqual(explanation.Summary, explanation.ToString());
        }

        [Test]
        public void EveryExplainVectorIsRead()
        {
            CollectionAssert.Contains(Vectors.ExplainFiles().Select(Path.GetFileName).ToArray(), "transformations.json");
            List<ExplainVector> vectors = Vectors.LoadExplain();
            Assert.That(vectors.Count, Is.GreaterThanOrEqualTo(17));
            CollectionAssert.AllItemsAreUnique(vectors.Select(vector => vector.Name));
        }

        [Test]
        public void ExplainNamesWhatChangedATestDelivery()
        {
            TestDelivery delivery = TestDelivery.Create(Secret, resultJson: "{\"content\":\"Hallo\"}");
            byte[] withNewline = delivery.Body.Concat(new[] { (byte)'\n' }).ToArray();
            Explanation explanation = Verifier.Explain(withNewline, delivery.Signature, "whsec_previous", Secret);
            CollectionAssert.AreEqual(new[] { Cause.TrailingNewline }, explanation.Causes);
            Assert.IsFalse(explanation.IsValid);
            StringAssert.Contains("newline", explanation.Summary);

            Assert.IsTrue(Verifier.Explain(delivery.Body, delivery.Signature, Secret).IsValid);
            // A pasted secret, with whitespace around it: the skipped null and empty ones change nothing.
            CollectionAssert.AreEqual(
                new[] { Cause.SecretWhitespace },
                Verifier.Explain(delivery.Body, delivery.Signature, null, "", " " + Secret + "\n").Causes);
            CollectionAssert.AreEqual(
                new[] { Cause.Unexplained }, Verifier.Explain(delivery.Body, delivery.Signature).Causes);
            CollectionAssert.AreEqual(
                new[] { Cause.Unexplained }, Verifier.Explain(delivery.Body, delivery.Signature, (string[])null).Causes);
            CollectionAssert.AreEqual(
                new[] { Cause.MissingSignature }, Verifier.Explain(delivery.Body, null, Secret).Causes);
            CollectionAssert.AreEqual(
                new[] { Cause.MissingSignature }, Verifier.Explain(delivery.Body, "", Secret).Causes);
            CollectionAssert.AreEqual(
                new[] { Cause.MalformedSignature }, Verifier.Explain(delivery.Body, "\0" + delivery.Signature, Secret).Causes);
            Assert.Throws<ArgumentNullException>(() => Verifier.Explain(null, delivery.Signature, Secret));
        }

        [Test]
        public void TheCausesAreTheVocabularys()
        {
            var expected = ((JsonArray)Repository.Vocabulary["explain_causes"]).ToList();
            CollectionAssert.AreEquivalent(
                expected.ToDictionary(cause => (string)cause["name"], cause => (int)cause["code"]),
                Enum.GetValues(typeof(Cause)).Cast<Cause>().ToDictionary(cause => cause.ToString(), cause => (int)cause));
            foreach (JsonValue cause in expected)
            {
                var member = (Cause)(int)cause["code"];
                Assert.AreEqual((string)cause["wire"], member.WireText(), member.ToString());
                Assert.AreEqual((string)cause["description"], member.Description(), member.ToString());
                // And as the header numbers them.
                StringAssert.Contains(
                    "#define " + (string)cause["c_name"] + " " + (int)cause["code"] + "\n", Repository.CHeader);
            }
            Assert.Throws<ArgumentOutOfRangeException>(() => ((Cause)0).WireText());
            Assert.Throws<ArgumentOutOfRangeException>(() => ((Cause)99).Description());
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Json;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>The public API: bad arguments, disposed objects, errors, and what it exposes.</summary>
    [TestFixture]
    public class ApiTests
    {
        private const string Secret = "whsec_dotnet_api_test";
        private static readonly byte[] RawBody = Encoding.UTF8.GetBytes(
            "{\"id\":\"bf683177-3a48-47d1-9c4e-0b4de39517fa\",\"status\":\"success\",\"type\":\"content_translate\"}");

        private static string Signature
        {
            get { return Verifier.Sign(RawBody, Secret); }
        }

        [Test]
        public void NullSecretsAreInvalidSecrets()
        {
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => new Verifier(null)), "a null list");
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => new Verifier((string)null)), "a null secret");
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => new Verifier(Secret, null)), "a null among others");
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => Verifier.Sign(RawBody, null)), "Sign");
        }

        [Test]
        public void NoSecretOrAnEmptyOneIsAnInvalidSecret()
        {
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => new Verifier()));
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => new Verifier(new string[0])));
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => new Verifier("")));
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => new Verifier(Secret, "")));
            Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => Verifier.Sign(RawBody, "")));
        }

        [Test]
        public void ASecretIsUsedWholeNulIncluded()
        {
            // C would have read "whsec_before" only; the whole secret keys the HMAC now. (A trailing
            // NUL is part of the secret too, but HMAC pads every key with zero bytes, so "whsec_end\0"
            // and "whsec_end" sign alike by the algorithm's definition: only .NET's HMAC is compared.)
            foreach (string secret in new[] { "whsec_before\0after", "\0", "\0whsec_after", "whsec_end\0" })
            {
                string what = "secret of length " + secret.Length;
                string signature = Verifier.Sign(RawBody, secret);
                Assert.AreEqual(HmacSha256Hex(RawBody, secret), signature, what);
                using (var verifier = new Verifier(secret))
                {
                    Assert.IsTrue(verifier.IsValid(RawBody, signature), what);
                    string cut = secret.Substring(0, secret.IndexOf('\0'));
                    if (cut.Length > 0 && !secret.EndsWith("\0", StringComparison.Ordinal))
                    {
                        Assert.AreNotEqual(Verifier.Sign(RawBody, cut), signature, what);
                        Assert.AreEqual("InvalidSignature",
                            Check.OutcomeOf(() => verifier.Verify(RawBody, Verifier.Sign(RawBody, cut))), what);
                    }
                }
            }
        }

        [Test]
        public void ASecretOutsideTheBasicPlaneIsItsUtf8()
        {
            const string secret = "whsec_\U0001F511_\u00E9";
            Assert.AreEqual(HmacSha256Hex(RawBody, secret), Verifier.Sign(RawBody, secret));
            using (var verifier = new Verifier(secret))
            {
                Assert.IsTrue(verifier.IsValid(RawBody, Verifier.Sign(RawBody, secret)));
            }
        }

        [Test]
        public void ALoneSurrogateSecretIsAnInvalidSecretNeverAReplacedOne()
        {
            // UTF-8 cannot carry these strings; U+FFFD in their place would key another secret.
            foreach (string secret in new[] { "whsec_\uD800", "\uDC00", "whsec_\uDFFF\uD800", "whsec_\uD83D", "\uDE00whsec_" })
            {
                string what = "secret " + string.Join(" ", secret.Select(unit => ((int)unit).ToString("X4")));
                Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => new Verifier(secret)), "Verifier, " + what);
                Assert.AreEqual("InvalidSecret", Check.OutcomeOf(() => new Verifier(Secret, secret)), "rotation, " + what);
                var error = Assert.Throws<InvalidSecretException>(() => Verifier.Sign(RawBody, secret), "Sign, " + what);
                StringAssert.DoesNotContain("whsec_", error.ToString(), what);
            }
        }

        [Test]
        public void NullBodiesAreArgumentErrors()
        {
            using (var verifier = new Verifier(Secret))
            {
                Assert.AreEqual("rawBody", NullArgumentOf(() => verifier.Verify(null, Signature)));
                Assert.AreEqual("rawBody", NullArgumentOf(() => verifier.IsValid(null, Signature)));
                Assert.AreEqual("rawBody", NullArgumentOf(() => verifier.ConstructEvent(null, Signature)));
            }
            Assert.AreEqual("payload", NullArgumentOf(() => Verifier.Sign(null, Secret)));
            Assert.AreEqual("rawBody", NullArgumentOf(() => WebhookEvent.ParseUnverified(null)));
        }

        [Test]
        public void AnEmptyBodyIsSignedAndVerifiedButIsNoEvent()
        {
            var emptyBody = new byte[0];
            string signature = Verifier.Sign(emptyBody, Secret);
            // Checked against .NET's own HMAC, an implementation independent of the library's.
            Assert.AreEqual(HmacSha256Hex(emptyBody, Secret), signature);
            using (var verifier = new Verifier(Secret))
            {
                verifier.Verify(emptyBody, signature);
                Assert.IsTrue(verifier.IsValid(emptyBody, signature));
                Assert.AreEqual("InvalidPayload", Check.OutcomeOf(() => verifier.ConstructEvent(emptyBody, signature)));
            }
            Assert.AreEqual("InvalidPayload", Check.OutcomeOf(() => WebhookEvent.ParseUnverified(emptyBody)));
        }

        [Test]
        public void AnAbsentSignatureIsMissing()
        {
            using (var verifier = new Verifier(Secret))
            {
                Assert.AreEqual("MissingSignature", Check.OutcomeOf(() => verifier.Verify(RawBody, null)));
                Assert.AreEqual("MissingSignature", Check.OutcomeOf(() => verifier.ConstructEvent(RawBody, null)));
                Assert.IsFalse(verifier.IsValid(RawBody, null));
            }
        }

        [Test]
        public void ASignatureWithANulIsMalformedNotCutShort()
        {
            // C would read only the valid 64 digits before the NUL and accept.
            string signature = Signature + "\0" + "ignored";
            using (var verifier = new Verifier(Secret))
            {
                Assert.AreEqual("MalformedSignature", Check.OutcomeOf(() => verifier.Verify(RawBody, signature)));
                Assert.AreEqual("MalformedSignature",
                    Check.OutcomeOf(() => verifier.ConstructEvent(RawBody, signature)));
                Assert.IsFalse(verifier.IsValid(RawBody, signature));
                Assert.IsTrue(verifier.IsValid(RawBody, Signature));
            }
        }

        [Test]
        public void OnlyAsciiWhitespaceAroundTheSignatureIsTrimmed()
        {
            using (var verifier = new Verifier(Secret))
            {
                foreach (string accepted in new[] { " " + Signature, Signature + "\t", "\r\n" + Signature + " \n" })
                {
                    Assert.IsTrue(verifier.IsValid(RawBody, accepted), Escaped(accepted));
                }
                string fullwidth = new string(Signature.Select(d => d >= '0' && d <= '9' ? (char)(d - '0' + '\uFF10') : d).ToArray());
                var malformed = new[]
                {
                    "\u00A0" + Signature, Signature + "\u00A0", Signature.Substring(0, 32) + "\t" + Signature.Substring(32),
                    "\0" + Signature, Signature.Substring(0, 63) + "\uD800", Signature + "\uDC00", fullwidth,
                };
                foreach (string signature in malformed)
                {
                    Assert.AreEqual("MalformedSignature", Check.OutcomeOf(() => verifier.Verify(RawBody, signature)),
                        Escaped(signature));
                }
                foreach (string missing in new[] { "", " ", "\t\r\n " })
                {
                    Assert.AreEqual("MissingSignature", Check.OutcomeOf(() => verifier.Verify(RawBody, missing)),
                        Escaped(missing));
                }
            }
        }

        [Test]
        public void ALongSignatureIsEncodedOffTheStackAndStillMalformed()
        {
            using (var verifier = new Verifier(Secret))
            {
                string padded = new string(' ', 5000) + Signature + new string('\n', 5000);
                Assert.IsTrue(verifier.IsValid(RawBody, padded));
                Assert.AreEqual("MalformedSignature",
                    Check.OutcomeOf(() => verifier.Verify(RawBody, Signature + new string('0', 5000))));
                Assert.AreEqual("MalformedSignature",
                    Check.OutcomeOf(() => verifier.ConstructEvent(RawBody, padded + "\uD800")));
            }
        }

        [Test]
        public void ADisposedVerifierRefusesEveryCall()
        {
            var verifier = new Verifier(Secret);
            verifier.Dispose();
            verifier.Dispose();
            // Named after the class the caller holds, not after the internal handle.
            Assert.AreEqual("Verifier", DisposedObjectOf(() => verifier.Verify(RawBody, Signature)));
            Assert.AreEqual("Verifier", DisposedObjectOf(() => verifier.IsValid(RawBody, Signature)));
            Assert.AreEqual("Verifier", DisposedObjectOf(() => verifier.ConstructEvent(RawBody, Signature)));
        }

        [Test]
        public void ErrorsCarryTheLibrarysMessageAndNeverTheSecret()
        {
            using (var verifier = new Verifier(Secret))
            {
                var wrong = Assert.Throws<InvalidSignatureException>(
                    () => verifier.Verify(RawBody, Verifier.Sign(RawBody, "whsec_other")));
                Assert.AreEqual(WebhookErrorCode.InvalidSignature, wrong.Code);
                StringAssert.Contains("raw request body", wrong.Message);
                var malformed = Assert.Throws<MalformedSignatureException>(() => verifier.Verify(RawBody, Secret));
                StringAssert.Contains("64 hexadecimal digits", malformed.Message);
                foreach (WebhookException error in new WebhookException[] { wrong, malformed })
                {
                    StringAssert.DoesNotContain(Secret, error.ToString());
                }
            }
        }

        [Test]
        public void ConstructEventRefusesATamperedBodyBeforeParsingIt()
        {
            byte[] tampered = Encoding.UTF8.GetBytes("not json at all");
            using (var verifier = new Verifier(Secret))
            {
                // Correctly signed, the body is an InvalidPayload; with another body's signature it
                // must fail the signature check first.
                Assert.AreEqual("InvalidPayload",
                    Check.OutcomeOf(() => verifier.ConstructEvent(tampered, Verifier.Sign(tampered, Secret))));
                Assert.AreEqual("InvalidSignature",
                    Check.OutcomeOf(() => verifier.ConstructEvent(tampered, Signature)));
            }
        }

        [Test]
        public void EveryKnownStatusAndTypeRoundTripsThroughTheLibrary()
        {
            var knownStatuses = Enum.GetValues(typeof(JobStatus)).Cast<JobStatus>().Where(s => s != JobStatus.Other);
            foreach (JobStatus status in knownStatuses)
            {
                WebhookEvent parsed = Parse(Repository.WireText(status), "content_translate");
                Assert.AreEqual(status, parsed.Status, Repository.WireText(status));
            }
            var knownTypes = Enum.GetValues(typeof(JobType)).Cast<JobType>().Where(t => t != JobType.Other);
            foreach (JobType type in knownTypes)
            {
                WebhookEvent parsed = Parse("success", Repository.WireText(type));
                Assert.AreEqual(type, parsed.Type, Repository.WireText(type));
            }
            WebhookEvent unknown = Parse("archived", "content_rhyme");
            Assert.AreEqual(JobStatus.Other, unknown.Status);
            Assert.AreEqual("archived", unknown.StatusText);
            Assert.AreEqual(JobType.Other, unknown.Type);
            Assert.AreEqual("content_rhyme", unknown.TypeText);
        }

        [Test]
        public void TheEnumsAreTheVocabularys()
        {
            JsonValue vocabulary = Repository.Vocabulary;
            var statuses = Entries(vocabulary["job_statuses"]);
            statuses.Add("Other", 0);
            CollectionAssert.AreEquivalent(statuses, EnumConstants(typeof(JobStatus)));
            var types = Entries(vocabulary["job_types"]);
            types.Add("Other", 0);
            CollectionAssert.AreEquivalent(types, EnumConstants(typeof(JobType)));
            var errors = Entries(vocabulary["errors"]);
            foreach (var abiError in Entries(vocabulary["abi_errors"]))
            {
                errors.Add(abiError.Key, abiError.Value);
            }
            CollectionAssert.AreEquivalent(errors, EnumConstants(typeof(WebhookErrorCode)));
            // And as the header numbers them: the ABI and the enum cannot drift apart.
            foreach (JsonValue error in (JsonArray)vocabulary["errors"])
            {
                StringAssert.Contains("  " + (string)error["c_name"] + " = " + (int)error["code"] + ",", Repository.CHeader);
            }
        }

        [Test]
        public void EachErrorCodeThrowsItsOwnClass()
        {
            // Codes 1 to 5 each have a class named after them; the C ABI's own errors share one.
            Assembly library = typeof(Verifier).Assembly;
            foreach (JsonValue error in (JsonArray)Repository.Vocabulary["errors"])
            {
                Type type = library.GetType("SharpApi.Webhooks." + (string)error["name"] + "Exception");
                Assert.IsNotNull(type, (string)error["name"]);
                Assert.IsTrue(typeof(WebhookException).IsAssignableFrom(type), type.Name);
            }
            var thrown = new Dictionary<string, Type>
            {
                { "InvalidSecret", Assert.Catch<WebhookException>(() => new Verifier("")).GetType() },
                { "MissingSignature", Assert.Catch<WebhookException>(() => Verify(RawBody, null)).GetType() },
                { "MalformedSignature", Assert.Catch<WebhookException>(() => Verify(RawBody, "x")).GetType() },
                { "InvalidSignature", Assert.Catch<WebhookException>(() => Verify(new byte[1], Signature)).GetType() },
                { "InvalidPayload", Assert.Catch<WebhookException>(() => WebhookEvent.ParseUnverified(new byte[0])).GetType() },
            };
            foreach (KeyValuePair<string, Type> error in thrown)
            {
                Assert.AreEqual(error.Key + "Exception", error.Value.Name);
            }
        }

        [Test]
        public void ThePublicApiShowsNoNativeType()
        {
            Assembly library = typeof(Verifier).Assembly;
            CollectionAssert.AreEquivalent(
                new[]
                {
                    "Verifier", "WebhookEvent", "JobStatus", "JobType", "WebhookErrorCode", "WebhookException",
                    "InvalidSecretException", "MissingSignatureException", "MalformedSignatureException",
                    "InvalidSignatureException", "InvalidPayloadException", "WebhookInteropException",
                    "TestDelivery", "Explanation", "Cause", "CauseExtensions",
                },
                library.GetExportedTypes().Select(type => type.FullName.Replace("SharpApi.Webhooks.", "")));
            const BindingFlags visible =
                BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var nativeTypes = new List<string>();
            foreach (Type type in library.GetExportedTypes())
            {
                foreach (MemberInfo member in type.GetMembers(visible))
                {
                    nativeTypes.AddRange(
                        SignatureTypes(member).Where(IsNative).Select(t => type.Name + "." + member.Name + ": " + t));
                }
            }
            CollectionAssert.IsEmpty(nativeTypes);
        }

        private static string Escaped(string text)
        {
            return string.Join(" ", text.Select(unit => ((int)unit).ToString("X4")));
        }

        private static string NullArgumentOf(TestDelegate call)
        {
            return Assert.Throws<ArgumentNullException>(call).ParamName;
        }

        private static string DisposedObjectOf(TestDelegate call)
        {
            return Assert.Throws<ObjectDisposedException>(call).ObjectName;
        }

        private static WebhookEvent Parse(string status, string type)
        {
            return WebhookEvent.ParseUnverified(Encoding.UTF8.GetBytes(
                "{\"id\":\"job-1\",\"status\":\"" + status + "\",\"type\":\"" + type + "\"}"));
        }

        private static Dictionary<string, int> Entries(JsonValue table)
        {
            return ((JsonArray)table).ToDictionary(entry => (string)entry["name"], entry => (int)entry["code"]);
        }

        private static Dictionary<string, int> EnumConstants(Type enumType)
        {
            return Enum.GetValues(enumType).Cast<Enum>().ToDictionary(
                member => member.ToString(), member => Convert.ToInt32(member));
        }

        private static void Verify(byte[] rawBody, string signature)
        {
            using (var verifier = new Verifier(Secret))
            {
                verifier.Verify(rawBody, signature);
            }
        }

        private static IEnumerable<Type> SignatureTypes(MemberInfo member)
        {
            var method = member as MethodBase;
            if (method != null)
            {
                foreach (ParameterInfo parameter in method.GetParameters())
                {
                    yield return parameter.ParameterType;
                }
                var returning = method as MethodInfo;
                if (returning != null)
                {
                    yield return returning.ReturnType;
                }
            }
            var property = member as PropertyInfo;
            if (property != null)
            {
                yield return property.PropertyType;
            }
            var field = member as FieldInfo;
            if (field != null)
            {
                yield return field.FieldType;
            }
        }

        private static bool IsNative(Type type)
        {
            Type element = type.HasElementType ? type.GetElementType() : type;
            return type.IsPointer || element == typeof(IntPtr) || element == typeof(UIntPtr)
                || typeof(SafeHandle).IsAssignableFrom(element);
        }

        private static string HmacSha256Hex(byte[] message, string key)
        {
            using (var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(key)))
            {
                return BitConverter.ToString(hmac.ComputeHash(message)).Replace("-", "").ToLowerInvariant();
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
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
        public void NullSecretsAreArgumentErrors()
        {
            Assert.AreEqual("secrets", NullArgumentOf(() => new Verifier(null)));
            Assert.AreEqual("secrets", NullArgumentOf(() => new Verifier(Secret, null)));
            Assert.AreEqual("secret", NullArgumentOf(() => Verifier.Sign(RawBody, null)));
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
        public void SecretsThatCCannotCarryAreRefusedRatherThanChanged()
        {
            // U+0000 would end the C string early, and a lone surrogate would become U+FFFD: either
            // way the library would key a different secret than the one given.
            foreach (string secret in new[] { Secret + "\0tail", "\0", "whsec_\uD800" })
            {
                string what = "secret of length " + secret.Length;
                Assert.Throws<ArgumentException>(() => new Verifier(secret), "Verifier, " + what);
                Assert.Throws<ArgumentException>(() => Verifier.Sign(RawBody, secret), "Sign, " + what);
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
                WebhookEvent parsed = Parse(Check.WireName(status), "content_translate");
                Assert.AreEqual(status, parsed.Status, Check.WireName(status));
            }
            var knownTypes = Enum.GetValues(typeof(JobType)).Cast<JobType>().Where(t => t != JobType.Other);
            foreach (JobType type in knownTypes)
            {
                WebhookEvent parsed = Parse("success", Check.WireName(type));
                Assert.AreEqual(type, parsed.Type, Check.WireName(type));
            }
            WebhookEvent unknown = Parse("archived", "content_rhyme");
            Assert.AreEqual(JobStatus.Other, unknown.Status);
            Assert.AreEqual("archived", unknown.StatusText);
            Assert.AreEqual(JobType.Other, unknown.Type);
            Assert.AreEqual("content_rhyme", unknown.TypeText);
        }

        [Test]
        public void EnumsMirrorTheHeader()
        {
            string header = Repository.CHeader;
            CollectionAssert.AreEquivalent(
                HeaderConstants(header, @"#define SHARPAPI_JOB_STATUS_(\w+) (\d+)"), EnumConstants(typeof(JobStatus)));
            CollectionAssert.AreEquivalent(
                HeaderConstants(header, @"#define SHARPAPI_JOB_TYPE_(\w+) (\d+)"), EnumConstants(typeof(JobType)));
            Dictionary<string, int> statuses = HeaderConstants(header, @"^\s+SHARPAPI_(\w+) = (\d+),$");
            Assert.IsTrue(statuses.Remove("OK"), "sharpapi_status_t has SHARPAPI_OK");
            CollectionAssert.AreEquivalent(statuses, EnumConstants(typeof(WebhookErrorCode)));
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

        private static Dictionary<string, int> HeaderConstants(string header, string pattern)
        {
            return Regex.Matches(header, pattern, RegexOptions.Multiline).Cast<Match>().ToDictionary(
                match => match.Groups[1].Value, match => int.Parse(match.Groups[2].Value));
        }

        /// <summary>An enum as the header spells it: ContentTranslate = 23 is CONTENT_TRANSLATE = 23.</summary>
        private static Dictionary<string, int> EnumConstants(Type enumType)
        {
            return Enum.GetValues(enumType).Cast<Enum>().ToDictionary(
                member => Check.WireName(member).ToUpperInvariant(), member => Convert.ToInt32(member));
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

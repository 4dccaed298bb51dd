using System;
using System.Collections.Generic;
using System.IO;
using System.Json;
using System.Linq;
using System.Text;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>An event as a vector expects it (tests/vectors/README.md).</summary>
    public sealed class ExpectedEvent
    {
        public string Id;
        public string Status;
        public string Type;
        public string Result;
        public bool StatusKnown;
        public bool TypeKnown;
    }

    /// <summary>"ok" with an event, or an error name of the top-level README.</summary>
    public sealed class ExpectedOutcome
    {
        public string Outcome;
        public ExpectedEvent Event;
    }

    /// <summary>One vector of tests/vectors/*.json.</summary>
    public sealed class Vector
    {
        public string Name;
        public byte[] RawBody;
        public string[] Secrets;
        public string Signature;
        /// <summary>The request's headers, in order, for a headers vector; else null.</summary>
        public List<KeyValuePair<string, string>> Headers;

        public bool UsesHeaders
        {
            get { return Headers != null; }
        }
        public string[] ExpectedSign;
        public string ExpectedVerify;
        public ExpectedOutcome ExpectedConstructEvent;
        public ExpectedOutcome ExpectedParseEventUnverified;

        public override string ToString()
        {
            return Name;
        }
    }

    /// <summary>One vector of tests/vectors/explain/*.json: what Verifier.Explain must find.</summary>
    public sealed class ExplainVector
    {
        public string Name;
        public byte[] RawBody;
        public string Signature;
        public string[] Secrets;
        /// <summary>The causes' wire texts, in the order of their numbers.</summary>
        public string[] ExpectedCauses;

        public override string ToString()
        {
            return Name;
        }
    }

    /// <summary>
    /// One vector of tests/vectors/test_delivery/*.json: what TestDelivery.Create must make from
    /// its texts, or the error it must refuse them with.
    /// </summary>
    public sealed class TestDeliveryVector
    {
        public string Name;
        public string Secret;
        public string Id;
        public string Status;
        public string Type;
        /// <summary>null: no result (the member absent), which is not "", an empty text.</summary>
        public string ResultJson;
        /// <summary>The error's name; null for a delivery, as below.</summary>
        public string ExpectedError;
        public byte[] ExpectedBody;
        public string ExpectedSignature;
        public List<KeyValuePair<string, string>> ExpectedHeaders;

        public override string ToString()
        {
            return Name;
        }
    }

    /// <summary>Reads every file of tests/vectors, the one source of every language's test data.</summary>
    public static class Vectors
    {
        public static string[] Files()
        {
            string[] files = Directory.GetFiles(Path.Combine(Repository.Root, "tests", "vectors"), "*.json");
            Array.Sort(files, StringComparer.Ordinal);
            return files;
        }

        public static List<Vector> Load()
        {
            var vectors = new List<Vector>();
            foreach (string file in Files())
            {
                foreach (JsonValue item in (JsonArray)JsonValue.Parse(File.ReadAllText(file, Encoding.UTF8))["vectors"])
                {
                    vectors.Add(Parse(item));
                }
            }
            return vectors;
        }

        /// <summary>Every vector as an NUnit case named after it, so that a failure names it.</summary>
        public static IEnumerable<TestCaseData> Cases()
        {
            return Load().Select(vector => new TestCaseData(vector).SetName(vector.Name));
        }

        public static string[] ExplainFiles()
        {
            string[] files = Directory.GetFiles(Path.Combine(Repository.Root, "tests", "vectors", "explain"), "*.json");
            Array.Sort(files, StringComparer.Ordinal);
            return files;
        }

        public static List<ExplainVector> LoadExplain()
        {
            var vectors = new List<ExplainVector>();
            foreach (string file in ExplainFiles())
            {
                foreach (JsonValue item in (JsonArray)JsonValue.Parse(File.ReadAllText(file, Encoding.UTF8))["vectors"])
                {
                    vectors.Add(new ExplainVector
                    {
                        Name = (string)item["name"],
                        RawBody = Encoding.UTF8.GetBytes((string)item["body"]),
                        Signature = Text(item["signature"]),
                        Secrets = Strings(item["secrets"]),
                        ExpectedCauses = Strings(item["expected"]["causes"]),
                    });
                }
            }
            return vectors;
        }

        /// <summary>Every explain vector as an NUnit case named after it.</summary>
        public static IEnumerable<TestCaseData> ExplainCases()
        {
            return LoadExplain().Select(vector => new TestCaseData(vector).SetName(vector.Name));
        }

        public static string[] TestDeliveryFiles()
        {
            string[] files = Directory.GetFiles(Path.Combine(Repository.Root, "tests", "vectors", "test_delivery"), "*.json");
            Array.Sort(files, StringComparer.Ordinal);
            return files;
        }

        public static List<TestDeliveryVector> LoadTestDelivery()
        {
            var vectors = new List<TestDeliveryVector>();
            foreach (string file in TestDeliveryFiles())
            {
                foreach (JsonValue item in (JsonArray)JsonValue.Parse(File.ReadAllText(file, Encoding.UTF8))["vectors"])
                {
                    JsonValue given = item["given"];
                    JsonValue expected = item["expected"];
                    bool refused = expected.ContainsKey("error");
                    vectors.Add(new TestDeliveryVector
                    {
                        Name = (string)item["name"],
                        Secret = Text(given["secret"]),
                        Id = Text(given["id"]),
                        Status = Text(given["status"]),
                        Type = Text(given["type"]),
                        ResultJson = given.ContainsKey("result_json") ? Text(given["result_json"]) : null,
                        ExpectedError = refused ? (string)expected["error"] : null,
                        ExpectedBody = refused ? null : Encoding.UTF8.GetBytes((string)expected["body"]),
                        ExpectedSignature = refused ? null : (string)expected["signature"],
                        ExpectedHeaders = refused ? null : Headers(expected["headers"]),
                    });
                }
            }
            return vectors;
        }

        /// <summary>Every test delivery vector as an NUnit case named after it.</summary>
        public static IEnumerable<TestCaseData> TestDeliveryCases()
        {
            return LoadTestDelivery().Select(vector => new TestCaseData(vector).SetName(vector.Name));
        }

        private static Vector Parse(JsonValue item)
        {
            JsonValue expected = item["expected"];
            return new Vector
            {
                Name = (string)item["name"],
                RawBody = item.ContainsKey("body")
                    ? Encoding.UTF8.GetBytes((string)item["body"])
                    : Convert.FromBase64String((string)item["body_base64"]),
                Secrets = Strings(item["secrets"]),
                Signature = item.ContainsKey("signature") ? Text(item["signature"]) : null,
                Headers = item.ContainsKey("headers") ? Headers(item["headers"]) : null,
                ExpectedSign = Strings(expected["sign"]),
                ExpectedVerify = expected.ContainsKey("verify") ? (string)expected["verify"] : null,
                ExpectedConstructEvent = Outcome(expected["construct_event"]),
                ExpectedParseEventUnverified = Outcome(expected["parse_event_unverified"]),
            };
        }

        private static ExpectedOutcome Outcome(JsonValue outcome)
        {
            if (outcome.ContainsKey("error"))
            {
                return new ExpectedOutcome { Outcome = (string)outcome["error"] };
            }
            JsonValue expectedEvent = outcome["event"];
            return new ExpectedOutcome
            {
                Outcome = "ok",
                Event = new ExpectedEvent
                {
                    Id = (string)expectedEvent["id"],
                    Status = (string)expectedEvent["status"],
                    Type = (string)expectedEvent["type"],
                    Result = Text(expectedEvent["result"]),
                    StatusKnown = (bool)expectedEvent["status_known"],
                    TypeKnown = (bool)expectedEvent["type_known"],
                },
            };
        }

        /// <summary>
        /// A JSON string, null, or {"utf16": [code units]}: a string that is not valid Unicode (a
        /// lone surrogate), which C# holds as it is, built from its code units directly.
        /// </summary>
        private static string Text(JsonValue value)
        {
            // System.Json gives a JSON null as a null JsonValue, which no cast turns into a string.
            if (value == null)
            {
                return null;
            }
            if (value.JsonType == JsonType.Object)
            {
                return new string(((JsonArray)value["utf16"]).Select(unit => (char)(int)unit).ToArray());
            }
            return (string)value;
        }

        private static List<KeyValuePair<string, string>> Headers(JsonValue array)
        {
            return ((JsonArray)array)
                .Select(pair => new KeyValuePair<string, string>(Text(pair[0]), Text(pair[1])))
                .ToList();
        }

        private static string[] Strings(JsonValue array)
        {
            return ((JsonArray)array).Select(Text).ToArray();
        }
    }
}

using System;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>Assertions that the vector and API tests share.</summary>
    public static class Check
    {
        /// <summary>
        /// "ok", or the error name of the exception <paramref name="call"/> threw, after checking
        /// that its class is the one for its code (InvalidSecret: InvalidSecretException).
        /// </summary>
        public static string OutcomeOf(Action call)
        {
            try
            {
                call();
                return "ok";
            }
            catch (WebhookException error)
            {
                Assert.AreEqual(error.Code + "Exception", error.GetType().Name, "the exception's class");
                Assert.That(error.Message, Is.Not.Empty, "the exception's message");
                return error.Code.ToString();
            }
        }

        public static void Event(ExpectedEvent expected, WebhookEvent actual, string what)
        {
            Assert.AreEqual(expected.Id, actual.Id, what + ": Id");
            Assert.AreEqual(expected.Status, actual.StatusText, what + ": StatusText");
            Assert.AreEqual(expected.Type, actual.TypeText, what + ": TypeText");
            Assert.AreEqual(expected.Result, actual.ResultJson, what + ": ResultJson");
            Assert.AreEqual(expected.StatusKnown, actual.Status != JobStatus.Other, what + ": Status " + actual.Status);
            Assert.AreEqual(expected.TypeKnown, actual.Type != JobType.Other, what + ": Type " + actual.Type);
            // The enum member must be the one the text names, not merely some known one.
            if (expected.StatusKnown)
            {
                Assert.AreEqual(expected.Status, Repository.WireText(actual.Status), what + ": Status");
            }
            if (expected.TypeKnown)
            {
                Assert.AreEqual(expected.Type, Repository.WireText(actual.Type), what + ": Type");
            }
            Assert.AreEqual(actual.Status == JobStatus.Success, actual.IsSuccess, what + ": IsSuccess");
        }
    }
}

using System.IO;
using System.Json;
using System.Linq;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>The repository the tests were built in: they run from its target/ folder.</summary>
    public static class Repository
    {
        public static string Root
        {
            get
            {
                string testFolder = Path.GetDirectoryName(typeof(Repository).Assembly.Location);
                var folder = new DirectoryInfo(testFolder);
                while (folder != null && !Directory.Exists(Path.Combine(folder.FullName, "tests", "vectors")))
                {
                    folder = folder.Parent;
                }
                if (folder == null)
                {
                    throw new DirectoryNotFoundException("no tests/vectors above " + testFolder);
                }
                return folder.FullName;
            }
        }

        /// <summary>sharpapi_webhooks.h, which the wrapper's declarations mirror.</summary>
        public static string CHeader
        {
            get { return File.ReadAllText(Path.Combine(Root, "bindings", "c", "include", "sharpapi_webhooks.h")); }
        }

        /// <summary>bindings/vocabulary.json, generated from the core: every status, type and error.</summary>
        public static JsonValue Vocabulary
        {
            get
            {
                if (s_vocabulary == null)
                {
                    s_vocabulary = JsonValue.Parse(File.ReadAllText(Path.Combine(Root, "bindings", "vocabulary.json")));
                }
                return s_vocabulary;
            }
        }

        private static JsonValue s_vocabulary;

        /// <summary>The wire text of a known status, from the vocabulary: Success is "success".</summary>
        public static string WireText(JobStatus status)
        {
            return Wire("job_statuses", (int)status);
        }

        /// <summary>The wire text of a known type, from the vocabulary: ContentTranslate is "content_translate".</summary>
        public static string WireText(JobType type)
        {
            return Wire("job_types", (int)type);
        }

        private static string Wire(string table, int code)
        {
            return ((JsonArray)Vocabulary[table]).Where(entry => (int)entry["code"] == code)
                .Select(entry => (string)entry["wire"]).Single();
        }
    }
}

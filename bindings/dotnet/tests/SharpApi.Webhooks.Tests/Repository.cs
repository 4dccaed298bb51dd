using System.IO;

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

        /// <summary>sharpapi_webhooks.h, which the wrapper's declarations and enums mirror.</summary>
        public static string CHeader
        {
            get { return File.ReadAllText(Path.Combine(Root, "bindings", "c", "include", "sharpapi_webhooks.h")); }
        }
    }
}

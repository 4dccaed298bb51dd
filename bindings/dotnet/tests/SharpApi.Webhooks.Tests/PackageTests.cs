using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>
    /// The tests run the package's own files, extracted as NuGet would restore them; its layout,
    /// manifest and versions agree; and its version check refuses another library.
    /// </summary>
    [TestFixture]
    public class PackageTests
    {
        /// <summary>The library this machine (Linux x86-64, glibc) loads.</summary>
        private const string NativeLibraryPath = "runtimes/linux-x64/native/libsharpapi_webhooks.so";

        /// <summary>Every RID's library, named as its platform's loader expects for DllImport("sharpapi_webhooks").</summary>
        internal static readonly string[] NativeLibraryPaths =
        {
            "runtimes/linux-x64/native/libsharpapi_webhooks.so",
            "runtimes/linux-arm64/native/libsharpapi_webhooks.so",
            "runtimes/linux-musl-x64/native/libsharpapi_webhooks.so",
            "runtimes/linux-musl-arm64/native/libsharpapi_webhooks.so",
            "runtimes/osx-x64/native/libsharpapi_webhooks.dylib",
            "runtimes/osx-arm64/native/libsharpapi_webhooks.dylib",
            "runtimes/win-x64/native/sharpapi_webhooks.dll",
        };

        /// <summary>The extracted package: the managed assembly is loaded from its lib/netstandard2.0.</summary>
        internal static string PackageRoot
        {
            get
            {
                string assemblyFolder = Path.GetDirectoryName(typeof(Verifier).Assembly.Location);
                return Path.GetFullPath(Path.Combine(assemblyFolder, "..", ".."));
            }
        }

        private static string HeaderVersion
        {
            get { return Regex.Match(Repository.CHeader, "#define SHARPAPI_VERSION \"(.*)\"").Groups[1].Value; }
        }

        private static string TestFolder
        {
            get { return Path.GetDirectoryName(typeof(PackageTests).Assembly.Location); }
        }

        [Test]
        public void TheAssemblyAndTheNativeLibraryAreThePackages()
        {
            StringAssert.EndsWith(
                Path.Combine("lib", "netstandard2.0", "SharpApi.Webhooks.dll"), typeof(Verifier).Assembly.Location);
            Assert.IsTrue(
                File.Exists(Path.Combine(PackageRoot, "SharpApi.Webhooks.nuspec")), "not in an extracted package");
            Verifier.Sign(new byte[0], "whsec_load");
            string[] loadedNativeLibraries = File.ReadAllLines("/proc/self/maps")
                .Where(line => line.EndsWith("/libsharpapi_webhooks.so", StringComparison.Ordinal))
                .Select(line => line.Substring(line.IndexOf('/')))
                .Distinct()
                .ToArray();
            CollectionAssert.AreEqual(new[] { Path.Combine(PackageRoot, NativeLibraryPath) }, loadedNativeLibraries);
        }

        [Test]
        public void ThePackageHasNuGetsLayout()
        {
            string[] files = Directory.GetFiles(PackageRoot, "*", SearchOption.AllDirectories)
                .Select(file => file.Substring(PackageRoot.Length + 1))
                .ToArray();
            CollectionAssert.AreEquivalent(
                new[]
                {
                    "SharpApi.Webhooks.nuspec", "README.md", "[Content_Types].xml", "_rels/.rels",
                    "lib/netstandard2.0/SharpApi.Webhooks.dll", "lib/netstandard2.0/SharpApi.Webhooks.xml",
                }.Concat(NativeLibraryPaths),
                files);

            // Every part of an Open Packaging Conventions zip needs a content type, by extension here.
            XNamespace types = "http://schemas.openxmlformats.org/package/2006/content-types";
            var typedExtensions = XDocument.Load(Path.Combine(PackageRoot, "[Content_Types].xml"))
                .Descendants(types + "Default").Select(element => (string)element.Attribute("Extension"));
            var fileExtensions = files.Select(file => Path.GetExtension(file).TrimStart('.')).Where(e => e != "");
            CollectionAssert.IsSubsetOf(fileExtensions.Distinct(), typedExtensions);
            XNamespace relationships = "http://schemas.openxmlformats.org/package/2006/relationships";
            Assert.AreEqual("/SharpApi.Webhooks.nuspec",
                (string)XDocument.Load(Path.Combine(PackageRoot, "_rels", ".rels"))
                    .Descendants(relationships + "Relationship").Single().Attribute("Target"));
        }

        [Test]
        public void TheManifestTheHeaderAndTheAssemblyAgreeOnTheVersion()
        {
            XDocument nuspec = XDocument.Load(Path.Combine(PackageRoot, "SharpApi.Webhooks.nuspec"));
            XNamespace ns = nuspec.Root.Name.Namespace;
            XElement metadata = nuspec.Root.Element(ns + "metadata");
            Assert.AreEqual("SharpApi.Webhooks", (string)metadata.Element(ns + "id"));
            Assert.IsNull(nuspec.Root.Element(ns + "files"), "a packed nuspec lists no files");
            Assert.AreEqual(".NETStandard2.0",
                (string)metadata.Element(ns + "dependencies").Element(ns + "group").Attribute("targetFramework"));

            // One source: bindings/vocabulary.json, generated from the core, which the header states too.
            string version = (string)Repository.Vocabulary["version"];
            Assert.AreEqual("0.2.0", version);
            Assert.AreEqual(version, HeaderVersion);
            Assert.AreEqual(HeaderVersion, (string)metadata.Element(ns + "version"));
            StringAssert.Contains("<Version>" + version + "</Version>", File.ReadAllText(Path.Combine(
                Repository.Root, "bindings", "dotnet", "src", "SharpApi.Webhooks", "SharpApi.Webhooks.csproj")));
            var informational = (AssemblyInformationalVersionAttribute)Attribute.GetCustomAttribute(
                typeof(Verifier).Assembly, typeof(AssemblyInformationalVersionAttribute));
            Assert.AreEqual(HeaderVersion, informational.InformationalVersion);
        }

        [Test]
        public void ALibraryOfAnotherVersionIsRefusedWithAClearMessage()
        {
            // Built by scripts/test_dotnet.sh beside this assembly: a library whose sharpapi_version
            // says 9.9.9, named by SHARPAPI_WEBHOOKS_LIBRARY, and a program that calls each entry point.
            string stale = Path.Combine(TestFolder, "stale_library", "libsharpapi_webhooks.so");
            string[] lines = RunProbe("SHARPAPI_WEBHOOKS_LIBRARY", stale);
            foreach (string line in lines)
            {
                StringAssert.Contains(
                    ": InvalidOperationException: SharpApi.Webhooks " + HeaderVersion
                    + " needs the native library sharpapi_webhooks " + HeaderVersion
                    + ", but the library it loaded, " + stale + ", is version 9.9.9", line);
            }
        }

        [Test]
        public void ThePackagesLibraryIsLoadedWhateverIsOnTheSearchPath()
        {
            // The stale library first on LD_LIBRARY_PATH: the package loads its own runtimes/ one by
            // its full path, so every entry point works.
            string[] lines = RunProbe("LD_LIBRARY_PATH", Path.Combine(TestFolder, "stale_library"));
            CollectionAssert.AreEqual(
                new[] { "Verifier: accepted", "Sign: accepted", "ParseUnverified: accepted" }, lines);
        }

        [Test]
        public void AnOverrideNamingNoFileIsAClearError()
        {
            string missing = Path.Combine(TestFolder, "no_such_library.so");
            foreach (string line in RunProbe("SHARPAPI_WEBHOOKS_LIBRARY", missing))
            {
                StringAssert.Contains(
                    ": DllNotFoundException: SharpApi.Webhooks: SHARPAPI_WEBHOOKS_LIBRARY names " + missing
                    + ", which is not a file.", line);
            }
        }

        [Test]
        public void AnOverrideThatCannotBeLoadedSaysWhy()
        {
            // The package's macOS library on Linux: dlopen's own reason is in the message.
            string dylib = Path.Combine(PackageRoot, "runtimes", "osx-arm64", "native", "libsharpapi_webhooks.dylib");
            foreach (string line in RunProbe("SHARPAPI_WEBHOOKS_LIBRARY", dylib))
            {
                StringAssert.Contains(
                    ": DllNotFoundException: SharpApi.Webhooks could not load " + dylib
                    + " on Linux X64 (glibc): " + dylib + ": invalid ELF header", line);
            }
        }

        /// <summary>
        /// Runs StaleLibraryProbe (built by scripts/test_dotnet.sh beside this assembly) in a process
        /// of its own, since a native library, once loaded, stays: with the extracted package's
        /// assembly and one environment variable set. Returns its three lines, one per entry point.
        /// </summary>
        private static string[] RunProbe(string variable, string value)
        {
            var probe = new ProcessStartInfo("mono", Path.Combine(TestFolder, "StaleLibraryProbe.exe"))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
            };
            probe.EnvironmentVariables.Remove("LD_LIBRARY_PATH");
            probe.EnvironmentVariables.Remove("SHARPAPI_WEBHOOKS_LIBRARY");
            probe.EnvironmentVariables[variable] = value;
            probe.EnvironmentVariables["MONO_PATH"] = Path.Combine(PackageRoot, "lib", "netstandard2.0");
            string[] lines;
            int exitCode;
            using (Process process = Process.Start(probe))
            {
                lines = process.StandardOutput.ReadToEnd().TrimEnd('\n').Split('\n');
                process.WaitForExit();
                exitCode = process.ExitCode;
            }
            Assert.AreEqual(0, exitCode, string.Join("\n", lines));
            Assert.AreEqual(3, lines.Length, string.Join("\n", lines));
            return lines;
        }
    }
}

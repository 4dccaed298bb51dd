using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using NUnit.Framework;

namespace SharpApi.Webhooks.Tests
{
    /// <summary>
    /// The package picks its native library by platform: the RID choice for every platform (only
    /// Linux x86-64 with glibc runs here), the musl detection, the messages that name a platform
    /// without a library, and each RID's file really being a library for that platform.
    /// </summary>
    [TestFixture]
    public class PlatformTests
    {
        [TestCase("linux", Architecture.X64, false, "linux-x64")]
        [TestCase("linux", Architecture.Arm64, false, "linux-arm64")]
        [TestCase("linux", Architecture.X64, true, "linux-musl-x64")]
        [TestCase("linux", Architecture.Arm64, true, "linux-musl-arm64")]
        [TestCase("osx", Architecture.X64, false, "osx-x64")]
        [TestCase("osx", Architecture.Arm64, false, "osx-arm64")]
        [TestCase("win", Architecture.X64, false, "win-x64")]
        [TestCase("linux", Architecture.Arm, false, null)]
        [TestCase("linux", Architecture.X86, true, null)]
        [TestCase("win", Architecture.Arm64, false, null)]
        [TestCase("win", Architecture.X86, false, null)]
        [TestCase("freebsd", Architecture.X64, false, null)]
        public void TheRuntimeIdentifierOfAPlatform(string os, Architecture architecture, bool musl, string rid)
        {
            Assert.AreEqual(rid, NativeLibraryLoader.RuntimeIdentifierFor(os, architecture, musl));
        }

        [Test]
        public void EveryRuntimeIdentifierIsOneThePackageCarries()
        {
            CollectionAssert.AreEquivalent(
                PackageTests.NativeLibraryPaths.Select(path => path.Split('/')[1]), NativeLibraryLoader.RuntimeIdentifiers);
            foreach (string path in PackageTests.NativeLibraryPaths)
            {
                string rid = path.Split('/')[1];
                string os = rid.Substring(0, rid.IndexOf('-'));
                Assert.AreEqual(Path.GetFileName(path), NativeLibraryLoader.LibraryFileName(os), rid);
            }
        }

        [Test]
        public void ThisMachineIsLinuxX64WithGlibc()
        {
            Assert.AreEqual("linux", NativeLibraryLoader.CurrentOperatingSystem());
            Assert.AreEqual("linux-x64", NativeLibraryLoader.RuntimeIdentifier);
            Assert.AreEqual("Linux X64 (glibc)", NativeLibraryLoader.Platform);
        }

        [Test]
        public void MuslIsToldByTheMappedLoader()
        {
            string[] glibc =
            {
                "55d0c6c8e000-55d0c6c90000 r--p 00000000 08:01 1234 /usr/bin/mono-sgen",
                "7f1a2b000000-7f1a2b028000 r--p 00000000 08:01 2345 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f1a2b300000-7f1a2b302000 r--p 00000000 08:01 3456 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                "7ffd1a000000-7ffd1a021000 rw-p 00000000 00:00 0 [stack]",
            };
            string[] musl =
            {
                "5581d2a00000-5581d2a02000 r--p 00000000 08:01 1234 /usr/bin/mono-sgen",
                "7f3c4e000000-7f3c4e014000 r--p 00000000 08:01 2345 /lib/ld-musl-aarch64.so.1",
                "7ffd1a000000-7ffd1a021000 rw-p 00000000 00:00 0 [stack]",
            };
            Assert.IsFalse(NativeLibraryLoader.IsMuslProcess(glibc));
            Assert.IsTrue(NativeLibraryLoader.IsMuslProcess(musl));
            Assert.IsTrue(NativeLibraryLoader.IsMuslProcess(new[] { "7f3c 0 /usr/lib/libc.musl-x86_64.so.1" }));
            Assert.IsFalse(NativeLibraryLoader.IsMuslProcess(File.ReadLines("/proc/self/maps")));
        }

        [TestCase("linux", Architecture.Arm, true, "Linux Arm (musl libc)")]
        [TestCase("linux", Architecture.X86, false, "Linux X86 (glibc)")]
        [TestCase("win", Architecture.Arm64, false, "Windows Arm64")]
        [TestCase("freebsd", Architecture.X64, false, "freebsd X64")]
        public void APlatformWithoutALibraryIsNamedInTheError(string os, Architecture architecture, bool musl, string name)
        {
            Assert.IsNull(NativeLibraryLoader.RuntimeIdentifierFor(os, architecture, musl));
            string platform = NativeLibraryLoader.DescribePlatform(os, architecture, musl);
            Assert.AreEqual(name, platform);
            Assert.AreEqual(
                "SharpApi.Webhooks has no native library for this platform, " + name + ": the package carries one"
                + " for linux-x64, linux-arm64, linux-musl-x64, linux-musl-arm64, osx-x64, osx-arm64, win-x64."
                + " Build the library for this platform (scripts/install_c.sh in the project's repository)"
                + " and set SHARPAPI_WEBHOOKS_LIBRARY to its path.",
                NativeLibraryLoader.NoLibraryForPlatformMessage(platform));
        }

        [Test]
        public void TheLoadedLibraryIsTheOneChosen()
        {
            Verifier.Sign(new byte[0], "whsec_load");
            Assert.AreEqual(
                Path.Combine(PackageTests.PackageRoot, "runtimes", "linux-x64", "native", "libsharpapi_webhooks.so"),
                NativeLibraryLoader.LoadedPath);
        }

        /// <summary>Each RID's file is a shared library of that RID's format and CPU.</summary>
        [TestCase("linux-x64", "elf", 62)]
        [TestCase("linux-arm64", "elf", 183)]
        [TestCase("linux-musl-x64", "elf", 62)]
        [TestCase("linux-musl-arm64", "elf", 183)]
        [TestCase("osx-x64", "macho", 0x01000007)]
        [TestCase("osx-arm64", "macho", 0x0100000c)]
        [TestCase("win-x64", "pe", 0x8664)]
        public void EachRuntimesLibraryIsForItsPlatform(string rid, string format, int machine)
        {
            string path = PackageTests.NativeLibraryPaths.Single(p => p.Split('/')[1] == rid);
            byte[] bytes = File.ReadAllBytes(Path.Combine(PackageTests.PackageRoot, path));
            switch (format)
            {
                case "elf":
                    CollectionAssert.AreEqual(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2 }, bytes.Take(5));
                    Assert.AreEqual(3, BitConverter.ToUInt16(bytes, 16), "ET_DYN");
                    Assert.AreEqual(machine, BitConverter.ToUInt16(bytes, 18), "e_machine");
                    // glibc's libc is libc.so.6; musl's, libc.so.
                    string needed = rid.Contains("musl") ? "libc.so\0" : "libc.so.6\0";
                    StringAssert.Contains("\0" + needed, System.Text.Encoding.ASCII.GetString(bytes));
                    break;
                case "macho":
                    Assert.AreEqual(0xfeedfacfu, BitConverter.ToUInt32(bytes, 0), "MH_MAGIC_64");
                    Assert.AreEqual(machine, BitConverter.ToInt32(bytes, 4), "cputype");
                    Assert.AreEqual(6, BitConverter.ToInt32(bytes, 12), "MH_DYLIB");
                    break;
                case "pe":
                    int pe = BitConverter.ToInt32(bytes, 0x3c);
                    Assert.AreEqual("PE\0\0", System.Text.Encoding.ASCII.GetString(bytes, pe, 4));
                    Assert.AreEqual(machine, BitConverter.ToUInt16(bytes, pe + 4), "Machine");
                    Assert.AreNotEqual(0, BitConverter.ToUInt16(bytes, pe + 22) & 0x2000, "IMAGE_FILE_DLL");
                    break;
            }
        }
    }
}

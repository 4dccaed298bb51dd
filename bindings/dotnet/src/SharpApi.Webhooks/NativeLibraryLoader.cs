using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

// The RID choice and the musl detection are tested directly (tests/PlatformTests.cs).
[assembly: InternalsVisibleTo("SharpApi.Webhooks.Tests")]

namespace SharpApi.Webhooks
{
    /// <summary>
    /// Finds and loads the package's native library for the running platform before the first call
    /// into it. The package carries one library per NuGet runtime identifier (RID), under
    /// <c>runtimes/&lt;rid&gt;/native/</c>. The .NET SDK copies the right one by itself, but Mono and
    /// .NET Framework do not look there: this class picks the RID from the operating system, the
    /// process's architecture and, on Linux, its C library (glibc or musl), loads that file by its
    /// full path, and tells the runtime to bind <c>DllImport("sharpapi_webhooks")</c> to it. The
    /// environment variable <c>SHARPAPI_WEBHOOKS_LIBRARY</c>, when set, names the file to load instead.
    /// </summary>
    /// <remarks>
    /// It must run before the runtime resolves any of <see cref="NativeMethods"/>' imports: Mono
    /// resolves a P/Invoke when it compiles the method that calls it, and keeps a failure. So every
    /// public entry point calls <see cref="NativeMethods.EnsureLibraryVersion"/> first and makes its
    /// native calls in another method, never inlined.
    /// </remarks>
    internal static class NativeLibraryLoader
    {
        /// <summary>The environment variable that names the native library file to load instead.</summary>
        internal const string OverrideVariable = "SHARPAPI_WEBHOOKS_LIBRARY";

        /// <summary>The name every <c>DllImport</c> of the package uses.</summary>
        internal const string LibraryName = "sharpapi_webhooks";

        /// <summary>Every RID the package carries a native library for.</summary>
        internal static readonly string[] RuntimeIdentifiers =
        {
            "linux-x64", "linux-arm64", "linux-musl-x64", "linux-musl-arm64", "osx-x64", "osx-arm64", "win-x64",
        };

        private static readonly object s_lock = new object();
        private static volatile bool s_loaded;
        private static string s_loadedPath;
        private static string s_runtimeIdentifier;
        private static string s_platform;
        private static IntPtr s_handle;

        /// <summary>The file loaded, or null when the runtime's own search finds it (nothing was preloaded).</summary>
        internal static string LoadedPath
        {
            get { return s_loadedPath; }
        }

        /// <summary>The running platform as messages name it, e.g. "Linux Arm64 (musl libc)".</summary>
        internal static string Platform
        {
            get { return s_platform ?? DescribePlatform(CurrentOperatingSystem(), CurrentArchitecture(), CurrentIsMusl()); }
        }

        /// <summary>The RID chosen for the running platform, or null when the package has none for it.</summary>
        internal static string RuntimeIdentifier
        {
            get { return s_loaded ? s_runtimeIdentifier : RuntimeIdentifierFor(CurrentOperatingSystem(), CurrentArchitecture(), CurrentIsMusl()); }
        }

        /// <summary>
        /// The RID of the package's library for an operating system ("linux", "osx", "win" or any
        /// other name), a process architecture and, on Linux, whether the C library is musl; null
        /// when the package has none.
        /// </summary>
        internal static string RuntimeIdentifierFor(string os, Architecture architecture, bool musl)
        {
            string cpu;
            if (architecture == Architecture.X64)
            {
                cpu = "x64";
            }
            else if (architecture == Architecture.Arm64)
            {
                cpu = "arm64";
            }
            else
            {
                return null;
            }
            switch (os)
            {
                case "linux":
                    return (musl ? "linux-musl-" : "linux-") + cpu;
                case "osx":
                    return "osx-" + cpu;
                case "win":
                    return cpu == "x64" ? "win-x64" : null;
                default:
                    return null;
            }
        }

        /// <summary>The library's file name on an operating system, as its loader expects it.</summary>
        internal static string LibraryFileName(string os)
        {
            switch (os)
            {
                case "win":
                    return LibraryName + ".dll";
                case "osx":
                    return "lib" + LibraryName + ".dylib";
                default:
                    return "lib" + LibraryName + ".so";
            }
        }

        /// <summary>The platform as messages name it: operating system, architecture and, on Linux, C library.</summary>
        internal static string DescribePlatform(string os, Architecture architecture, bool musl)
        {
            string name;
            switch (os)
            {
                case "linux":
                    name = "Linux";
                    break;
                case "osx":
                    name = "macOS";
                    break;
                case "win":
                    name = "Windows";
                    break;
                default:
                    name = os;
                    break;
            }
            string text = name + " " + architecture;
            if (os == "linux")
            {
                text += musl ? " (musl libc)" : " (glibc)";
            }
            return text;
        }

        /// <summary>
        /// Whether a process whose <c>/proc/self/maps</c> has these lines runs on musl: its dynamic
        /// loader, <c>ld-musl-&lt;arch&gt;.so.1</c> (which is also its C library), is mapped. A glibc
        /// process maps <c>ld-linux-*.so.*</c> and <c>libc.so.6</c> instead.
        /// </summary>
        internal static bool IsMuslProcess(IEnumerable<string> mapsLines)
        {
            foreach (string line in mapsLines)
            {
                int slash = line.LastIndexOf('/');
                if (slash < 0)
                {
                    continue;
                }
                string file = line.Substring(slash + 1);
                if (file.StartsWith("ld-musl-", StringComparison.Ordinal)
                    || file.StartsWith("libc.musl-", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>"linux", "osx", "win", or the lowercase name of another operating system.</summary>
        internal static string CurrentOperatingSystem()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return "win";
            }
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                return "osx";
            }
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return "linux";
            }
            string description = RuntimeInformation.OSDescription.Trim();
            int space = description.IndexOf(' ');
            return (space > 0 ? description.Substring(0, space) : description).ToLowerInvariant();
        }

        private static Architecture CurrentArchitecture()
        {
            return RuntimeInformation.ProcessArchitecture;
        }

        private static bool CurrentIsMusl()
        {
            if (CurrentOperatingSystem() != "linux")
            {
                return false;
            }
            try
            {
                return IsMuslProcess(File.ReadLines("/proc/self/maps"));
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                // No /proc: musl's loader is installed as /lib/ld-musl-<arch>.so.1, glibc's never.
                return Directory.Exists("/lib") && Directory.GetFiles("/lib", "ld-musl-*").Length > 0;
            }
        }

        /// <summary>
        /// Loads the library for the running platform, once: the file <c>SHARPAPI_WEBHOOKS_LIBRARY</c>
        /// names, else the package's <c>runtimes/&lt;rid&gt;/native/</c> one. When the package's
        /// folder is not there (the library was copied beside the application), the runtime's own
        /// search finds it. Throws <see cref="DllNotFoundException"/> naming the platform when the
        /// package has no library for it, or when the file cannot be loaded (and why).
        /// </summary>
        internal static void EnsureLoaded()
        {
            if (s_loaded)
            {
                return;
            }
            lock (s_lock)
            {
                if (s_loaded)
                {
                    return;
                }
                string os = CurrentOperatingSystem();
                Architecture architecture = CurrentArchitecture();
                bool musl = CurrentIsMusl();
                string platform = DescribePlatform(os, architecture, musl);
                string rid = RuntimeIdentifierFor(os, architecture, musl);
                string path;
                string overridePath = Environment.GetEnvironmentVariable(OverrideVariable);
                if (!string.IsNullOrEmpty(overridePath))
                {
                    path = Path.GetFullPath(overridePath);
                    if (!File.Exists(path))
                    {
                        throw new DllNotFoundException(
                            "SharpApi.Webhooks: " + OverrideVariable + " names " + path + ", which is not a file.");
                    }
                }
                else if (rid == null)
                {
                    throw new DllNotFoundException(NoLibraryForPlatformMessage(platform));
                }
                else
                {
                    path = FindInPackage(rid, LibraryFileName(os));
                }
                if (path != null)
                {
                    Load(path, os, platform);
                }
                s_loadedPath = path;
                s_runtimeIdentifier = rid;
                s_platform = platform;
                s_loaded = true;
            }
        }

        /// <summary>Says that the package has no library for <paramref name="platform"/>, and what to do.</summary>
        internal static string NoLibraryForPlatformMessage(string platform)
        {
            return "SharpApi.Webhooks has no native library for this platform, " + platform
                + ": the package carries one for " + string.Join(", ", RuntimeIdentifiers)
                + ". Build the library for this platform (scripts/install_c.sh in the project's repository)"
                + " and set " + OverrideVariable + " to its path.";
        }

        /// <summary>Explains a DllImport that found no library after <see cref="EnsureLoaded"/> preloaded none.</summary>
        internal static string NotFoundMessage()
        {
            string os = CurrentOperatingSystem();
            string rid = RuntimeIdentifier;
            return "SharpApi.Webhooks could not load its native library for " + Platform + ": "
                + LibraryFileName(os) + " is neither in the package's runtimes/" + rid + "/native/ folder"
                + " nor beside " + AssemblyFolder() + " nor on the loader's search path. Restore or unpack the"
                + " whole package, or set " + OverrideVariable + " to the library's path.";
        }

        private static string AssemblyFolder()
        {
            string location = typeof(NativeLibraryLoader).Assembly.Location;
            return string.IsNullOrEmpty(location) ? null : Path.GetDirectoryName(location);
        }

        /// <summary>
        /// The library in the package's layout around the assembly: lib/netstandard2.0/ in an
        /// unpacked package (runtimes/ two folders up), or a build output's runtimes/ folder.
        /// </summary>
        private static string FindInPackage(string rid, string fileName)
        {
            string folder = AssemblyFolder();
            if (folder == null)
            {
                return null;
            }
            string[] candidates =
            {
                Path.Combine(folder, "..", "..", "runtimes", rid, "native", fileName),
                Path.Combine(folder, "runtimes", rid, "native", fileName),
            };
            return candidates.Where(File.Exists).Select(Path.GetFullPath).FirstOrDefault();
        }

        private static void Load(string path, string os, string platform)
        {
            string failure = null;
            if (os == "win")
            {
                // LoadLibrary then answers DllImport("sharpapi_webhooks") with this module: a module
                // of the same base name, once loaded, is the one every later LoadLibrary gets.
                s_handle = LoadLibraryW(path);
                if (s_handle == IntPtr.Zero)
                {
                    failure = "LoadLibrary error " + Marshal.GetLastWin32Error();
                }
            }
            else if (Type.GetType("Mono.Runtime") != null)
            {
                // dlopen for its error message; then Mono's DllImport map, which makes
                // DllImport("sharpapi_webhooks") open this very file.
                s_handle = MonoDlopen(path, RTLD_NOW);
                if (s_handle == IntPtr.Zero)
                {
                    IntPtr error = MonoDlerror();
                    failure = error == IntPtr.Zero ? "dlopen failed" : Marshal.PtrToStringAnsi(error);
                }
                else
                {
                    mono_dllmap_insert(IntPtr.Zero, LibraryName, null, path, null);
                }
            }
            else
            {
                failure = LoadWithNativeLibrary(path);
            }
            if (failure != null)
            {
                throw new DllNotFoundException(
                    "SharpApi.Webhooks could not load " + path + " on " + platform + ": " + failure);
            }
        }

        /// <summary>
        /// .NET (Core) 3.0 and later: <c>NativeLibrary.Load</c>, and a resolver that answers the
        /// package's DllImports with that handle. Reached through reflection, since the assembly
        /// targets netstandard2.0. Without <c>NativeLibrary</c> (.NET Core 2.x), the runtime's own
        /// search applies. Returns why loading failed, or null.
        /// </summary>
        private static string LoadWithNativeLibrary(string path)
        {
            Type nativeLibrary = typeof(object).Assembly.GetType("System.Runtime.InteropServices.NativeLibrary");
            Type resolverType = typeof(object).Assembly.GetType("System.Runtime.InteropServices.DllImportResolver");
            if (nativeLibrary == null || resolverType == null)
            {
                return null;
            }
            try
            {
                MethodInfo load = nativeLibrary.GetMethod("Load", new[] { typeof(string) });
                s_handle = (IntPtr)load.Invoke(null, new object[] { path });
                MethodInfo resolve = typeof(NativeLibraryLoader).GetMethod(
                    nameof(Resolve), BindingFlags.NonPublic | BindingFlags.Static);
                Delegate resolver = Delegate.CreateDelegate(resolverType, resolve);
                nativeLibrary.GetMethod("SetDllImportResolver")
                    .Invoke(null, new object[] { typeof(NativeLibraryLoader).Assembly, resolver });
                return null;
            }
            catch (TargetInvocationException error)
            {
                return error.InnerException != null ? error.InnerException.Message : error.Message;
            }
        }

        /// <summary>The DllImportResolver: the loaded library for the package's own name.</summary>
        private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            return libraryName == LibraryName ? s_handle : IntPtr.Zero;
        }

        private const int RTLD_NOW = 2; // the same on Linux and macOS

        // Mono's own process exports the C library's dlopen and its embedding API ("__Internal").
        [DllImport("__Internal", EntryPoint = "dlopen")]
        private static extern IntPtr MonoDlopen([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

        [DllImport("__Internal", EntryPoint = "dlerror")]
        private static extern IntPtr MonoDlerror();

        [DllImport("__Internal")]
        private static extern void mono_dllmap_insert(
            IntPtr assembly, [MarshalAs(UnmanagedType.LPStr)] string dll, [MarshalAs(UnmanagedType.LPStr)] string func,
            [MarshalAs(UnmanagedType.LPStr)] string targetDll, [MarshalAs(UnmanagedType.LPStr)] string targetFunc);

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr LoadLibraryW(string path);
    }
}

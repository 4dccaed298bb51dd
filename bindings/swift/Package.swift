// swift-tools-version:5.9
// The files under generated/ are UniFFI's output for the native library and the library itself,
// one per Linux architecture (lib/linux-x64/, lib/linux-arm64/; libsharpapi_webhooks.so, under
// its soname, from target/dist with a glibc 2.17 floor), all written by generate.sh. The package
// links the library of the machine it builds on, with an absolute RUNPATH to its folder, so that
// every binary that links this package runs from any folder; where the library is installed
// instead (scripts/install_c.sh and ldconfig), the loader finds it there when generated/lib is
// gone.
import PackageDescription

// The library of the machine that builds: the manifest is compiled for it.
#if os(Linux) && arch(x86_64)
let nativeRID = "linux-x64"
#elseif os(Linux) && arch(arm64)
let nativeRID = "linux-arm64"
#elseif os(Linux)
#error("SharpApiWebhooks links the native library for Linux x86_64 or aarch64 only; this Linux machine's architecture has none (see README.md, Supported platforms)")
#elseif os(macOS)
#error("SharpApiWebhooks links the native library for Linux x86_64 or aarch64 only; macOS is not supported yet (see README.md, Supported platforms)")
#else
#error("SharpApiWebhooks links the native library for Linux x86_64 or aarch64 only; this operating system is not supported (see README.md, Supported platforms)")
#endif

// The absolute path of this package's library folder: SwiftPM evaluates the manifest where the
// package is, so a consumer's build links the library from the clone it depends on.
let nativeLibDir = Context.packageDirectory + "/generated/lib/" + nativeRID

let package = Package(
    name: "SharpApiWebhooks",
    products: [
        .library(name: "SharpApiWebhooks", targets: ["SharpApiWebhooks"]),
    ],
    targets: [
        // The C declarations of the UniFFI scaffolding: the generated header and module map.
        .systemLibrary(name: "SharpApiWebhooksFFI", path: "generated/SharpApiWebhooksFFI"),
        // The generated Swift, in a module of its own so that the public API can use the same
        // names (`Verifier`, `WebhookError`) for its own types.
        .target(
            name: "SharpApiWebhooksUniFFI",
            dependencies: ["SharpApiWebhooksFFI"],
            path: "generated/SharpApiWebhooksUniFFI",
            linkerSettings: [
                .linkedLibrary("sharpapi_webhooks"),
                .unsafeFlags(["-L", nativeLibDir, "-Xlinker", "-rpath", "-Xlinker", nativeLibDir]),
            ]
        ),
        .target(name: "SharpApiWebhooks", dependencies: ["SharpApiWebhooksUniFFI"]),
        // The tests also read the native library's version through the C ABI.
        .testTarget(name: "SharpApiWebhooksTests", dependencies: ["SharpApiWebhooks", "SharpApiWebhooksC"]),
        // The C ABI's declarations, from the header that bindings/c commits: the benchmark's
        // baseline is the core called straight through the same library.
        .systemLibrary(name: "SharpApiWebhooksC", path: "Benchmarks/SharpApiWebhooksC"),
        .executableTarget(
            name: "VerifyBenchmark",
            dependencies: ["SharpApiWebhooks", "SharpApiWebhooksUniFFI", "SharpApiWebhooksC"],
            path: "Benchmarks/VerifyBenchmark"
        ),
    ]
)

// swift-tools-version:5.9
// The files under generated/ are UniFFI's output for the native library and the library itself,
// lib/libsharpapi_webhooks.so (under its soname), all written by generate.sh. Every binary that
// links this package links that library with an absolute RUNPATH to generated/lib, so it runs
// from any folder; where the library is installed instead (scripts/install_c.sh and ldconfig),
// the loader finds it there when generated/lib is gone.
import PackageDescription

// The absolute path of this package's generated/lib: SwiftPM evaluates the manifest where the
// package is, so a consumer's build links the library from the clone it depends on.
let nativeLibDir = Context.packageDirectory + "/generated/lib"

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

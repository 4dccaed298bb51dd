// swift-tools-version:5.9
// The files under generated/ are UniFFI's output for the native library, written by
// swift_chroot.sh. The package links that library by the name it is installed under,
// libsharpapi_webhooks.so (its soname; scripts/install_c.sh installs it): from a folder that the
// linker does not search, build with `swift build -Xlinker -L<folder>`.
import PackageDescription

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
            linkerSettings: [.linkedLibrary("sharpapi_webhooks")]
        ),
        .target(name: "SharpApiWebhooks", dependencies: ["SharpApiWebhooksUniFFI"]),
        .testTarget(name: "SharpApiWebhooksTests", dependencies: ["SharpApiWebhooks"]),
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

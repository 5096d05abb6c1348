// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "minqing",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "minqing-api", targets: ["MinqingAPIServer"]),
        .executable(name: "minqing-worker", targets: ["MinqingWorkerDaemon"]),
        .executable(name: "minqing-bench-baseline", targets: ["BenchBaseline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // The pure rules: state machines, calendars and periods, the reminder ladder, scoring, the spot-check
        // draw, the access policy, field validation. Foundation only, so no I/O can reach them.
        .target(name: "MinqingRules", swiftSettings: swiftSettings),
        // Shared by both executables: configuration, database, migrations, stores and services.
        .target(
            name: "MinqingCore",
            dependencies: [
                "MinqingRules",
                "MinqingText",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Migrations/SQL")],
            swiftSettings: swiftSettings
        ),
        // ICU's word break iterator with its Chinese dictionary, from Debian (libicu-dev), for hot words.
        .systemLibrary(name: "CICU", pkgConfig: "icu-uc", providers: [.apt(["libicu-dev"])]),
        // The word break iterator in C, against the system's ICU headers, with plain C types for Swift.
        .target(name: "CWordBreak", dependencies: ["CICU"]),
        // Chinese text into terms: ICU's words, the project's user dictionary and stop list (Lexicon/).
        .target(name: "MinqingText", dependencies: ["CWordBreak"], resources: [.copy("Lexicon")], swiftSettings: swiftSettings),
        // libqrencode from Debian (libqrencode-dev), wrapped for Swift.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // QR matrices, SVG/PNG rendering and the A4 poster; no server dependencies.
        .target(name: "MinqingQR", dependencies: ["CQRencode"], swiftSettings: swiftSettings),
        // Generated from the top-level openapi.yaml (symlinked); compiled once, nothing handwritten.
        .target(
            name: "MinqingOpenAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
            ],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The HTTP application: handlers implementing the generated protocol, middleware, composition.
        .target(
            name: "MinqingAPI",
            dependencies: [
                "MinqingCore",
                "MinqingOpenAPI",
                "MinqingQR",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Pages/Templates")],
            swiftSettings: swiftSettings
        ),
        // The worker: the scheduler engine, the job kinds and webhook delivery.
        .target(
            name: "MinqingWorker",
            dependencies: [
                "MinqingCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // What both executables share: start-up, exit codes, a pool for one-shot commands.
        .target(
            name: "MinqingCommandLine",
            dependencies: ["MinqingCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "MinqingAPIServer",
            dependencies: [
                "MinqingAPI", "MinqingCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "MinqingWorkerDaemon",
            dependencies: [
                "MinqingWorker", "MinqingCommandLine", "MinqingRules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The bare Hummingbird route bench/codes measures the code lookup against (not part of the product).
        .executableTarget(
            name: "BenchBaseline",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "bench/baseline",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MinqingRulesTests", dependencies: ["MinqingRules", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MinqingCoreTests",
            dependencies: ["MinqingCore", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MinqingAPITests",
            dependencies: [
                "MinqingAPI", "TestSupport",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MinqingQRTests", dependencies: ["MinqingQR"], swiftSettings: swiftSettings),
        .testTarget(name: "MinqingTextTests", dependencies: ["MinqingText"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MinqingWorkerTests",
            dependencies: ["MinqingWorker", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: ["MinqingCore"],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
    ]
)

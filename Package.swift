// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Copydesk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "copydesk", targets: ["CopydeskCLI"]),
        .library(name: "Copydesk", targets: ["Copydesk"]),
        /// What a plugin author needs: the document model, the Stage protocol and the JSON codec.
        .library(name: "CopydeskCore", targets: ["CopydeskCore"]),
        /// Serve a Swift `Stage` as a plugin over stdio.
        .library(name: "CopydeskPluginKit", targets: ["CopydeskPluginKit"]),
        .executable(name: "copydesk-house-style", targets: ["HouseStylePlugin"]),
        /// The dedup core on a stream of texts, for bench/dedup_bench.py.
        .executable(name: "copydesk-dedup-bench", targets: ["DedupBench"]),
        /// The clean stage's extraction page by page, for bench/extraction_bench.py.
        .executable(name: "copydesk-clean-bench", targets: ["CleanBench"]),
    ],
    dependencies: [
        // Exact versions, the transitive ones included, so that every build resolves the same
        // graph (this machine's package copies cannot record a Package.resolved).
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // Transitive: the dependencies' own dependencies.
        .package(url: "https://github.com/apple/swift-atomics", exact: "1.3.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms", exact: "1.1.4"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/apple/swift-system", exact: "1.8.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-transport-services", exact: "1.28.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        .target(
            name: "CopydeskCore",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Copydesk",
            dependencies: [
                "CopydeskCore",
                "CLibXML2",
                "CLibCrypto",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                // Named so that the exact pin above applies (Subprocess links it anyway).
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        /// The state in PostgreSQL, for several daemons (and `copydesk pipe` partitions) sharing one
        /// ledger and dedup index. Its own target so that the fuzz build does not compile SwiftNIO.
        .target(
            name: "CopydeskPostgres",
            dependencies: [
                "Copydesk",
                "CopydeskCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CopydeskPluginKit",
            dependencies: ["CopydeskCore", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "HouseStylePlugin",
            dependencies: ["CopydeskCore", "CopydeskPluginKit"],
            path: "plugins/house-style",
            exclude: ["run"]
        ),
        .executableTarget(
            name: "DedupBench",
            dependencies: ["Copydesk", "CopydeskCore"],
            path: "bench/DedupBench"
        ),
        .executableTarget(
            name: "CleanBench",
            dependencies: ["Copydesk", "CopydeskCore"],
            path: "bench/CleanBench"
        ),
        .executableTarget(
            name: "CopydeskCLI",
            dependencies: [
                "Copydesk",
                "CopydeskPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The --metrics-listen HTTP listener; kept out of the library so that the fuzz build
                // (ASan, release) does not compile SwiftNIO.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CopydeskTests",
            dependencies: ["Copydesk", "CopydeskCore", "CopydeskCLI", "CopydeskPostgres", "CopydeskPluginKit", "HouseStylePlugin",
                           .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

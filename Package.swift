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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2"),
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
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "CopydeskTests",
            dependencies: ["Copydesk", "CopydeskCore", "CopydeskCLI", "CopydeskPluginKit", "HouseStylePlugin",
                           .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

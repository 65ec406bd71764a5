// swift-tools-version:6.0
// The libFuzzer target: intake, clean and segmentation on arbitrary bytes. Built apart from the main
// package because libFuzzer brings its own `main` (see fuzz/README.md and scripts/fuzz):
//
//     cd fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let package = Package(
    name: "CopydeskFuzz",
    dependencies: [.package(name: "Copydesk", path: "..")],
    targets: [
        .executableTarget(
            name: "copydesk-fuzz",
            dependencies: [.product(name: "Copydesk", package: "Copydesk"), .product(name: "CopydeskCore", package: "Copydesk")],
            path: "Sources/CopydeskFuzz"
        ),
    ],
    swiftLanguageModes: [.v6]
)

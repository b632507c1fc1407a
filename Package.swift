// swift-tools-version:6.0
// Werk: a Werkzeug-like web toolkit for Swift. No package dependencies by design.
import PackageDescription

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Werk",
    products: [
        .library(name: "Werk", targets: ["Werk"]),
        .library(name: "WerkServer", targets: ["WerkServer"]),
        .library(name: "WerkMiddleware", targets: ["WerkMiddleware"]),
        .executable(name: "werk", targets: ["werk"]),
        .executable(name: "hello", targets: ["Hello"]),
    ],
    targets: [
        // The sans-IO core: gateway interface, wrappers, data structures, HTTP utilities.
        .target(name: "Werk", path: "Sources/Werk", swiftSettings: swiftSettings),
        // Sockets, threads, HTTP/1.1 wire format, dev server, reloader.
        .target(name: "WerkServer", dependencies: ["Werk"], path: "Sources/WerkServer", swiftSettings: swiftSettings),
        // One middleware per file, depending on Werk only.
        .target(name: "WerkMiddleware", dependencies: ["Werk"], path: "Middleware", swiftSettings: swiftSettings),
        // The command-line tool.
        .executableTarget(name: "werk", dependencies: ["Werk", "WerkServer"], path: "Sources/werk", swiftSettings: swiftSettings),
        // Examples: small runnable apps.
        .executableTarget(name: "Hello", dependencies: ["Werk", "WerkServer"], path: "Examples/Hello", swiftSettings: swiftSettings),
        // Benchmarks.
        .executableTarget(name: "routing-bench", dependencies: ["Werk"], path: "Benchmarks/RoutingBenchmark", swiftSettings: swiftSettings),
        // Tests.
        .testTarget(name: "WerkTests", dependencies: ["Werk"], path: "Tests/WerkTests", swiftSettings: swiftSettings),
    ]
)

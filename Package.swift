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
        .library(name: "WerkTesting", targets: ["WerkTesting"]),
        .library(name: "WerkRedis", targets: ["WerkRedis"]),
        .library(name: "WerkTemplates", targets: ["WerkTemplates"]),
        .executable(name: "werk", targets: ["werk"]),
        .executable(name: "hello", targets: ["Hello"]),
        .executable(name: "showcase", targets: ["Showcase"]),
        .executable(name: "dispatch", targets: ["DispatchApp"]),
        .executable(name: "rawsocket", targets: ["RawSocket"]),
        .executable(name: "signin", targets: ["Signin"]),
    ],
    targets: [
        // The sans-IO core: gateway interface, wrappers, data structures, HTTP utilities.
        .target(name: "Werk", dependencies: ["CWerkCrypto"], path: "Sources/Werk", swiftSettings: swiftSettings),
        // The hot loops of hashing in C: SHA-256 on the CPU's SHA extensions, Salsa20/8 on SSE2.
        .target(name: "CWerkCrypto", path: "Sources/CWerkCrypto"),
        // Sockets, threads, HTTP/1.1 wire format, dev server, reloader.
        .target(name: "WerkServer", dependencies: ["Werk", "CWerkSockets"], path: "Sources/WerkServer", swiftSettings: swiftSettings),
        // The Linux calls Glibc does not expose to Swift (epoll, accept4, eventfd, sendfile): a tiny C shim.
        .target(name: "CWerkSockets", path: "Sources/CWerkSockets"),
        // The test client (Client, EnvironBuilder, CookieJar, MultipartEncoder): apps' tests
        // depend on it, their production binaries do not (as HummingbirdTesting).
        .target(name: "WerkTesting", dependencies: ["Werk"], path: "Sources/WerkTesting", swiftSettings: swiftSettings),
        // One middleware per file, depending on Werk only.
        .target(name: "WerkMiddleware", dependencies: ["Werk"], path: "Middleware", swiftSettings: swiftSettings),
        // A small Redis client (RESP2 over a connection pool) and the Redis session store.
        .target(name: "WerkRedis", dependencies: ["Werk", "WerkMiddleware"], path: "Sources/WerkRedis", swiftSettings: swiftSettings),
        // Jinja-compatible templates with autoescaping, depending on Werk only.
        .target(name: "WerkTemplates", dependencies: ["Werk"], path: "Sources/WerkTemplates", swiftSettings: swiftSettings),
        // The command-line tool.
        .executableTarget(name: "werk", dependencies: ["Werk", "WerkServer", "WerkMiddleware", "WerkTemplates"], path: "Sources/werk", swiftSettings: swiftSettings),
        // Examples: small runnable apps.
        .executableTarget(name: "Hello", dependencies: ["Werk", "WerkServer"], path: "Examples/Hello", swiftSettings: swiftSettings),
        .executableTarget(name: "Showcase", dependencies: ["Werk", "WerkServer", "WerkMiddleware", "WerkRedis"], path: "Examples/Showcase", swiftSettings: swiftSettings),
        // Not named `Dispatch`: that module name belongs to Swift's Dispatch library.
        .executableTarget(name: "DispatchApp", dependencies: ["Werk", "WerkServer"], path: "Examples/Dispatch", swiftSettings: swiftSettings),
        .executableTarget(name: "Signin", dependencies: ["Werk", "WerkServer", "WerkMiddleware", "WerkTemplates"],
                          path: "Examples/Signin", exclude: ["templates"], swiftSettings: swiftSettings),
        // A teaching example on a bare socket; it uses WerkServer for its command line only.
        .executableTarget(name: "RawSocket", dependencies: ["WerkServer"], path: "Examples/RawSocket", swiftSettings: swiftSettings),
        // The peers' benchmark endpoints (Benchmarks/run-peers.sh): swift build -c release --product werk-bench-app
        .executableTarget(name: "werk-bench-app", dependencies: ["Werk", "WerkServer"], path: "Benchmarks/BenchApp", swiftSettings: swiftSettings),
        // Benchmark of the multipart/form-data parser (issue 5): swift build -c release --product multipart-bench
        .executableTarget(name: "multipart-bench", dependencies: ["Werk"], path: "Benchmarks/MultipartBenchmark", swiftSettings: swiftSettings),
        // Password hashing against Python's hashlib (issue 9): Benchmarks/password-bench.sh
        .executableTarget(name: "password-bench", dependencies: ["Werk"], path: "Benchmarks/PasswordBenchmark", swiftSettings: swiftSettings),
        // Async handlers against synchronous ones (issue 12): swift build -c release --product async-bench
        .executableTarget(name: "async-bench", dependencies: ["Werk"], path: "Benchmarks/AsyncBenchmark", swiftSettings: swiftSettings),
        // Benchmark of the template engine (issue 8): swift build -c release --product template-bench
        .executableTarget(name: "template-bench", dependencies: ["Werk", "WerkTemplates"], path: "Benchmarks/TemplateBenchmark", swiftSettings: swiftSettings),
        // Benchmarks.
        .executableTarget(name: "routing-bench", dependencies: ["Werk"], path: "Benchmarks/RoutingBenchmark", swiftSettings: swiftSettings),
        // Tests.
        .testTarget(name: "WerkTests", dependencies: ["WerkTesting", "Werk", "CWerkCrypto"], path: "Tests/WerkTests", swiftSettings: swiftSettings),
        .testTarget(name: "WerkTestingTests", dependencies: ["WerkTesting", "Werk"], path: "Tests/WerkTestingTests", swiftSettings: swiftSettings),
        .testTarget(name: "WerkMiddlewareTests", dependencies: ["WerkTesting", "Werk", "WerkMiddleware"], path: "Tests/WerkMiddlewareTests", swiftSettings: swiftSettings),
        .testTarget(name: "ExamplesTests", dependencies: ["WerkTesting", "Werk", "WerkMiddleware", "Hello", "Showcase", "DispatchApp", "RawSocket", "Signin", "WerkTemplates"], path: "Tests/ExamplesTests", swiftSettings: swiftSettings),
        .testTarget(name: "WerkRedisTests", dependencies: ["WerkTesting", "WerkRedis", "Werk", "WerkMiddleware"], path: "Tests/WerkRedisTests", swiftSettings: swiftSettings),
        .testTarget(name: "WerkServerTests", dependencies: ["WerkTesting", "WerkServer", "Werk", "WerkMiddleware"], path: "Tests/WerkServerTests", swiftSettings: swiftSettings),
        .testTarget(name: "WerkTemplatesTests", dependencies: ["WerkTesting", "WerkTemplates", "Werk"], path: "Tests/WerkTemplatesTests",
                    exclude: ["Fixtures"], swiftSettings: swiftSettings),
    ]
)

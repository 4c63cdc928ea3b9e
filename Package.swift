// swift-tools-version:6.1
import PackageDescription

let upcomingFeatures: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ParoleWatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parolewatch", targets: ["parolewatch"]),
        .library(name: "ParoleWatchCore", targets: ["ParoleWatchCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "ParoleWatchCore",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .executableTarget(
            name: "parolewatch",
            dependencies: [
                "ParoleWatchCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "TestSupport",
            dependencies: ["ParoleWatchCore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "ParoleWatchCoreTests",
            dependencies: ["ParoleWatchCore", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ParoleWatchCore", "TestSupport", "parolewatch", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcomingFeatures
        ),
    ]
)

// Fuzz targets (see README, "Fuzzing", and scripts/fuzz.sh). Only with PAROLEWATCH_FUZZ set: the executable
// links libFuzzer (`-sanitize=fuzzer`), which the normal build and CI do not pass.
if Context.environment["PAROLEWATCH_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(
            name: "parolewatch-fuzz",
            dependencies: ["ParoleWatchCore"],
            path: "Fuzz/Sources",
            swiftSettings: upcomingFeatures
        )
    )
    package.products.append(.executable(name: "parolewatch-fuzz", targets: ["parolewatch-fuzz"]))
}

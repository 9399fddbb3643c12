// swift-tools-version: 6.2
import PackageDescription

let upcomingFeatures: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "muster",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "muster", targets: ["muster"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // Debian's libyaml, the one system prerequisite.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // YAML with positions → validated, fully resolved manifest + diagnostics.
        .target(name: "MusterManifest", dependencies: ["CYAML"], swiftSettings: upcomingFeatures),
        // Manifest → dependency graph, cycles, targets, stages. Pure.
        .target(name: "MusterPlan", dependencies: ["MusterManifest"], swiftSettings: upcomingFeatures),
        // The command line.
        .target(
            name: "MusterCLI",
            dependencies: [
                "MusterManifest", "MusterPlan",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // A link to schemas/muster.schema.json, compiled in so `muster schema` needs no files.
            resources: [.embedInCode("Resources/muster.schema.json")],
            swiftSettings: upcomingFeatures
        ),
        // Helpers shared by the test targets: marked sources, temporary folders.
        .target(name: "MusterTestSupport", dependencies: ["MusterManifest"], swiftSettings: upcomingFeatures),
        .executableTarget(name: "muster", dependencies: ["MusterCLI"], swiftSettings: upcomingFeatures),
        .testTarget(
            name: "MusterManifestTests",
            dependencies: ["MusterManifest", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "MusterPlanTests",
            dependencies: ["MusterPlan", "MusterManifest", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "MusterCLITests",
            dependencies: ["MusterCLI", "muster", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
    ]
)

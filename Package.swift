// swift-tools-version: 6.2
import PackageDescription

let upcomingFeatures: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Modules off the executor's per-entry path, optimised for size in release builds.
let coldModule: [SwiftSetting] = upcomingFeatures + [.unsafeFlags(["-Osize"], .when(configuration: .release))]

let package = Package(
    name: "muster",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "muster", targets: ["muster"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
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
        // Procfile / process-compose.yaml → muster manifest text, with a note (a comment and a
        // warning) for every key that cannot be translated. Pure: text in, text and diagnostics out.
        .target(name: "MusterImport", dependencies: ["MusterManifest"], swiftSettings: coldModule),
        // Manifest → dependency graph, cycles, targets, stages. Pure.
        .target(name: "MusterPlan", dependencies: ["MusterManifest"], swiftSettings: coldModule),
        // Plan → Argo Workflow, Kubernetes Job, compose file, systemd units, Procfile. Pure, one file per target.
        .target(name: "MusterExport", dependencies: ["MusterManifest", "MusterPlan"], swiftSettings: coldModule),
        // The Linux calls Swift cannot make directly: vfork + exec, pidfds, prctl, SO_PEERCRED.
        .target(name: "CMusterLinux"),
        // A run's control socket as its clients see it: the protocol, the client, the socket paths
        // and the authkey's challenge–response. The CLI and the dashboard talk to runs through it.
        // SHA-256 and HMAC come from swift-crypto (BoringSSL); MusterExec's job cache uses the same.
        .target(
            name: "MusterControl",
            dependencies: ["CMusterLinux", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: coldModule
        ),
        // The terminal dashboard (`muster tui`, `up --tui`): state → screen of cells (pure), the
        // screen diff, key decoding, and apart from them the terminal (termios, signals) and its loop.
        .target(name: "MusterDashboard", dependencies: ["MusterControl"], swiftSettings: coldModule),
        // Plan → running processes. Launch/ (spawn, reactor, groups, watchdog), Output/, Probes/,
        // Schedule/ (the loop that owns the run state), Control/ (the socket's server side).
        .target(
            name: "MusterExec",
            dependencies: [
                "MusterManifest", "MusterPlan", "CMusterLinux", "MusterControl",
            ],
            swiftSettings: upcomingFeatures
        ),
        // Run results → summary table, JSON report, JUnit XML.
        .target(name: "MusterReport", dependencies: ["MusterManifest", "MusterControl", "MusterExec"], swiftSettings: coldModule),
        // The command line.
        .target(
            name: "MusterCLI",
            dependencies: [
                "MusterManifest", "MusterImport", "MusterPlan", "MusterControl", "MusterDashboard", "MusterExec", "MusterReport",
                "MusterExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // A link to schemas/muster.schema.json, compiled in so `muster schema` needs no files.
            resources: [.embedInCode("Resources/muster.schema.json")],
            swiftSettings: coldModule
        ),
        // Helpers shared by the test targets: marked sources, temporary folders.
        .target(name: "MusterTestSupport", dependencies: ["MusterManifest"], swiftSettings: upcomingFeatures),
        // The loader's fuzz target (Tests/Fuzz/run): libFuzzer with -D FUZZING, a corpus replayer without.
        .executableTarget(
            name: "muster-fuzz", dependencies: ["MusterManifest", "MusterPlan"], path: "Tests/Fuzz",
            exclude: ["corpus", "run"], swiftSettings: upcomingFeatures),
        .executableTarget(
            name: "muster", dependencies: ["MusterCLI"], swiftSettings: upcomingFeatures,
            // A release binary is linked at a fixed address (no relocations to apply at start-up,
            // 1 MB less), exports no symbols (0.4 MB less) and has identical functions folded into
            // one where nothing takes their address (gold's --icf=safe, 0.17 MB less): see
            // Benchmarks/README.md.
            linkerSettings: [
                .unsafeFlags(
                    ["-Xlinker", "-no-pie", "-Xlinker", "--no-export-dynamic", "-Xlinker", "--icf=safe"],
                    .when(configuration: .release))
            ]),
        .testTarget(
            name: "MusterManifestTests",
            dependencies: ["MusterManifest", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "MusterImportTests",
            dependencies: ["MusterImport", "MusterManifest", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "MusterPlanTests",
            dependencies: ["MusterPlan", "MusterManifest", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "MusterExportTests",
            dependencies: ["MusterExport", "MusterPlan", "MusterManifest", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "MusterExecTests",
            dependencies: ["MusterExec", "MusterPlan", "MusterManifest", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "MusterDashboardTests",
            dependencies: ["MusterDashboard", "MusterControl", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "MusterControlTests",
            dependencies: ["MusterControl", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "MusterReportTests",
            dependencies: ["MusterReport", "MusterExec", "MusterManifest", "MusterTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "MusterCLITests",
            dependencies: [
                "MusterCLI", "muster", "muster-fuzz", "MusterTestSupport", "CMusterLinux",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcomingFeatures
        ),
    ]
)

// swift-tools-version: 6.1
import PackageDescription

/// Compiles the release build against the static Swift runtime and Foundation (their modules
/// name the archives they need), so the fully static link below works with or without
/// `--static-swift-stdlib`.
let staticRelease: [SwiftSetting] = [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]

let package = Package(
    name: "kb",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kb", targets: ["kb"]),
        .library(name: "KnowledgeBase", targets: ["KnowledgeBase"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The REPL's Ctrl-C flag and handler, defined once.
        .target(name: "CInterrupt"),
        // Starting a helper thread on another CPU than its creator's.
        .target(name: "CThreadPlacement"),
        // Process-wide SQLite settings, which only a variadic C call can make.
        .target(name: "CSQLiteSetup"),
        // Per-thread arenas for cmark's and libxml2's allocations while one note is parsed.
        .target(name: "CParseArena"),
        .target(
            name: "KnowledgeBase",
            dependencies: [
                "CCmarkGFM", "CParseArena", "CLibXML2", "CThreadPlacement", "CSQLiteSetup",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The raw C API, for the one read too hot for GRDB's row decoding.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "kb",
            dependencies: [
                "KnowledgeBase", "CEditLine", "CInterrupt",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: staticRelease,
            linkerSettings: [
                // A release binary is linked fully static, C libraries and glibc included: the
                // dynamic loader no longer maps and relocates 17 shared libraries (ICU and
                // libstdc++ through libxml2) before every command. `kb --version` went from
                // 6.1 to 2.4 ms, a search without refresh from 11.3 to 6.9 ms.
                .unsafeFlags(["-static-executable",
                              // libxml2 decides whether it runs threaded from weak references to
                              // pthread functions; in a static link nothing else pulls in
                              // pthread_equal, so it would share one global state between the
                              // parser threads and corrupt the heap.
                              "-Xlinker", "--undefined=pthread_equal"],
                             .when(platforms: [.linux], configuration: .release)),
                // What the static archives of libxml2 and libedit need in turn.
            ] + ["icuuc", "icudata", "lzma", "z", "tinfo", "bsd", "md", "stdc++", "m"].map {
                .linkedLibrary($0, .when(platforms: [.linux], configuration: .release))
            } + [
                // jemalloc in place of glibc's malloc: parsing on every core allocates millions
                // of small strings, and glibc's arenas spent a tenth of a full index in malloc and
                // free (a 10k-file index: 3.7 -> 3.1 s). Linked before libc, so it serves every
                // library in the process (SQLite, libxml2, cmark), not just Swift code.
                .linkedLibrary("jemalloc", .when(platforms: [.linux])),
            ]
        ),
        // The libFuzzer harness over the parsers: `tools/fuzz` builds it with -sanitize=fuzzer.
        .target(name: "CFuzzDriver", path: "Fuzz/CFuzzDriver"),
        .executableTarget(
            name: "kb-fuzz",
            dependencies: ["KnowledgeBase", "CFuzzDriver"],
            path: "Fuzz/KBFuzz"
        ),
        .testTarget(
            name: "KnowledgeBaseTests",
            dependencies: ["KnowledgeBase", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams")]
        ),
    ]
)

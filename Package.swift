// swift-tools-version: 6.1
import PackageDescription

/// Links the release build against the static Swift runtime and Foundation, so a command does
/// not load and relocate them at start; the C libraries and glibc stay shared.
let staticRelease: [SwiftSetting] = [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]

let package = Package(
    name: "kb",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kb", targets: ["kb"]),
        .executable(name: "kb-mcp", targets: ["kb-mcp"]),
        .library(name: "KnowledgeBase", targets: ["KnowledgeBase"]),
        .library(name: "KnowledgeBaseStudy", targets: ["KnowledgeBaseStudy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        // The SDK's logging package, named here because a transport of ours conforms to its API.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // HTTP for `kb mcp --http`: the SDK's Streamable HTTP transport leaves the server to a
        // framework, and the SDK already depends on SwiftNIO.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.65.0"),
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
        // SQLite from C: process-wide settings, which only a variadic call can make, and the
        // FTS5 ranking function kb_bm25 (bm25's scores without a docsize lookup per row).
        .target(name: "CSQLiteSetup"),
        // TOML through toml++ (Debian's libtomlplusplus-dev), behind a C entry point. Compiled
        // from its headers into this one file, so sanitizer and fuzzer builds instrument the
        // TOML parser along with kb's own code.
        .target(name: "CTOMLBridge", cxxSettings: [.define("TOML_HEADER_ONLY", to: "1")]),
        .target(
            name: "KnowledgeBase",
            dependencies: [
                "CCmarkGFM", "CLibXML2", "CThreadPlacement", "CSQLiteSetup", "CTOMLBridge",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The raw C API, for the one read too hot for GRDB's row decoding.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The knowledge base as an MCP server: tools, resources and prompts over the front door.
        .target(
            name: "KnowledgeBaseMCP",
            dependencies: ["KnowledgeBase", .product(name: "MCP", package: "swift-sdk"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")]
        ),
        // The server `kb mcp` hands over to. A program of its own: the MCP SDK links Foundation's
        // networking and libcurl, which kb itself would otherwise load on every command.
        .executableTarget(
            name: "kb-mcp",
            dependencies: ["KnowledgeBase", "KnowledgeBaseMCP"],
            swiftSettings: staticRelease,
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
        ),
        // Study mode: cards from the notes, FSRS scheduling, the review database, Anki export.
        .target(
            name: "KnowledgeBaseStudy",
            dependencies: [
                "KnowledgeBase",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The language server (`kb lsp`): JSON-RPC over stdio, driven by tests in process too.
        .target(name: "KnowledgeBaseLSP", dependencies: ["KnowledgeBase"]),
        // The command line and its REPL: every `kb` subcommand, as a library so the tests can
        // drive a REPL session in process.
        .target(
            name: "KBCommandLine",
            dependencies: [
                "KnowledgeBase", "KnowledgeBaseStudy", "KnowledgeBaseLSP", "CEditLine", "CInterrupt",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: staticRelease
        ),
        // Only the entry point; the release link settings belong to the program, not the library.
        .executableTarget(
            name: "kb",
            dependencies: ["KBCommandLine"],
            swiftSettings: staticRelease,
            linkerSettings: [
                .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
                // jemalloc in place of glibc's malloc in release builds: parsing on every core
                // allocates many small strings, which glibc's per-thread arenas serve slowly
                // (tools/bench shows the difference). Debug and sanitizer builds keep the C
                // library's allocator, so AddressSanitizer and ThreadSanitizer see every
                // allocation kb and its C libraries make.
                .linkedLibrary("jemalloc", .when(platforms: [.linux], configuration: .release)),
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
            // KBCommandLine for the REPL (its pure pieces and whole sessions); kb and kb-mcp so the
            // binaries the end-to-end tests start are built first.
            dependencies: ["KnowledgeBase", "KnowledgeBaseStudy", "KnowledgeBaseLSP", "KnowledgeBaseMCP", "KBCommandLine", "kb", "kb-mcp",
                           .product(name: "MCP", package: "swift-sdk"), .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams")]
        ),
    ],
    cxxLanguageStandard: .cxx17
)

import Foundation
@testable import KnowledgeBase

/// Paths and scratch folders shared by the tests.
enum TestSupport {
    /// The package root, found from this file's path so tests run from any folder.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let bundledCorpus = packageRoot.appendingPathComponent("corpus")
    static let seedPath = bundledCorpus.appendingPathComponent("aws/cloudfront/_index.md")

    /// The path of an executable product built into the same folder as the running tests,
    /// falling back to the default debug build.
    static func builtExecutable(_ name: String) -> String {
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        // The test runner lives in `<build>/debug/kbPackageTests.xctest` (a file on Linux).
        let beside = runner.deletingLastPathComponent().appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/\(name)").path
    }

    /// A Hugo site configuration with English (the default) in `content/en` and French in
    /// `content/fr`.
    static let twoLanguageHugoConfig = """
        baseURL = "https://example.org/"
        defaultContentLanguage = "en"
        [languages]
          [languages.en]
            contentDir = "content/en"
            weight = 1
          [languages.fr]
            contentDir = "content/fr"
            weight = 2
        """

    /// A new empty folder under the system temp folder.
    static func scratchFolder(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kb-tests-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `files` (relative path → text) under `root`.
    static func write(_ files: [String: String], under root: URL) throws {
        for (path, text) in files {
            try write(Data(text.utf8), to: path, under: root)
        }
    }

    static func write(_ data: Data, to path: String, under root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// A knowledge base over `root` with its index in a scratch file, refreshed once.
    static func indexed(_ root: URL) throws -> (KnowledgeBase, IndexSummary) {
        let base = try KnowledgeBase(corpus: root, indexPath: root.appendingPathComponent(".kb/test.sqlite").path)
        return (base, try base.refresh())
    }

    static func parseSeed() throws -> ParsedNote {
        NoteParser.parse(try Data(contentsOf: seedPath), path: "aws/cloudfront/_index.md")
    }
}

import Foundation
import Testing

/// The library's folders are layers whose dependencies point one way; `tools/check_layers.py`
/// reads the sources and lists every file that uses a type from a layer it must not use.
@Suite struct LayerTests {
    @Test func dependenciesBetweenFoldersPointOneWay() throws {
        try Self.expectClean("tools/check_layers.py")
    }

    /// Every public symbol of the library has a doc comment (`tools/check_docs.py`).
    @Test func everyPublicSymbolIsDocumented() throws {
        try Self.expectClean("tools/check_docs.py")
    }

    /// Runs a check script from the package root and expects it to pass, showing its report.
    static func expectClean(_ script: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        process.currentDirectoryURL = TestSupport.packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
    }
}

import Foundation
import Testing

/// The library's folders are layers whose dependencies point one way; `tools/check_layers.py`
/// reads the sources and lists every file that uses a type from a layer it must not use.
@Suite struct LayerTests {
    @Test func dependenciesBetweenFoldersPointOneWay() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "tools/check_layers.py"]
        process.currentDirectoryURL = TestSupport.packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
    }

    /// Every public symbol of the library has a doc comment (`tools/check_docs.py`).
    @Test func everyPublicSymbolIsDocumented() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "tools/check_docs.py"]
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

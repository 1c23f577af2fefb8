import Foundation

/// Renders SVG by piping the DOT export through Graphviz `dot -Tsvg`.
///
/// Layout is Graphviz's job; writing a layout engine here would be worse and larger. `dot` is
/// an optional runtime dependency, looked up on `PATH` only when SVG is asked for, and its
/// absence is reported with what to do instead.
enum SVGRenderer {
    /// Lays out `graph` with `dot` and returns the SVG document.
    ///
    /// - Parameter searchPath: the `PATH`-style list of directories to look for `dot` in;
    ///   the process's `PATH` unless a test supplies another.
    /// - Throws: ``ExportError`` `.graphvizNotFound` when there is no executable `dot`, or
    ///   `.graphvizFailed` (with `dot`'s own message) when it cannot run or exits non-zero.
    static func render(_ graph: GraphSnapshot, searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> String {
        guard let dot = findExecutable("dot", in: searchPath) else {
            throw ExportError(
                .graphvizNotFound,
                "cannot render SVG: Graphviz `dot` was not found on PATH; install Graphviz (e.g. `apt-get install graphviz` or `brew install graphviz`) or export `--format dot` and render it elsewhere"
            )
        }
        return try run(dot: dot, source: DOTWriter.render(graph))
    }

    /// The first executable file named `name` in the `:`-separated `searchPath`.
    static func findExecutable(_ name: String, in searchPath: String?) -> URL? {
        guard let searchPath else { return nil }
        let fileManager = FileManager.default
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = URL(fileURLWithPath: String(directory), isDirectory: true).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               fileManager.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }

    /// Runs `dot` on `source` and returns its SVG output.
    ///
    /// Input, output and diagnostics all go through files in a private temporary directory
    /// rather than pipes: with pipes, a large graph (or many warnings) fills a pipe buffer
    /// while this process is blocked on another, and both sides wait forever.
    private static func run(dot: URL, source: String) throws -> String {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("kb-export-\(UUID().uuidString)", isDirectory: true)
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ExportError(.graphvizFailed, "cannot render SVG: cannot create a temporary directory: \(error.localizedDescription)")
        }
        defer { try? fileManager.removeItem(at: directory) }

        let input = directory.appendingPathComponent("graph.dot")
        let output = directory.appendingPathComponent("graph.svg")
        let diagnostics = directory.appendingPathComponent("stderr.txt")
        let process = Process()
        process.executableURL = dot
        process.arguments = ["-Tsvg", "-o", output.path, input.path]
        do {
            try Data(source.utf8).write(to: input)
            try Data().write(to: diagnostics)
            let stderr = try FileHandle(forWritingTo: diagnostics)
            defer { try? stderr.close() }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = stderr
            try process.run()
            process.waitUntilExit()
        } catch {
            throw ExportError(.graphvizFailed, "cannot render SVG: cannot run \(dot.path): \(error.localizedDescription)")
        }

        let message = (try? String(contentsOf: diagnostics, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let status = process.terminationReason == .exit ? "exited with status" : "was killed by signal"
            throw ExportError(
                .graphvizFailed,
                "cannot render SVG: \(dot.path) \(status) \(process.terminationStatus)" + (message.isEmpty ? "" : ": \(message)")
            )
        }
        guard let svg = try? String(contentsOf: output, encoding: .utf8) else {
            throw ExportError(.graphvizFailed, "cannot render SVG: \(dot.path) wrote no readable SVG")
        }
        return svg
    }
}

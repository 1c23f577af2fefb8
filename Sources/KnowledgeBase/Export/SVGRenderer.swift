import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Renders SVG by piping the DOT export through Graphviz.
///
/// Layout is Graphviz's job; writing a layout engine here would be worse and larger. `dot` is
/// an optional runtime dependency, looked up on `PATH` only when SVG is asked for, and its
/// absence is reported with what to do instead.
enum SVGRenderer {
    /// The largest graph laid out by `dot`'s layered layout. Its time grows much faster than
    /// the graph, so a corpus of a few hundred notes may not finish at all; above this size
    /// kb uses `sfdp`, which scales to large graphs.
    static let layeredLayoutLimit = (nodes: 60, edges: 150)

    /// The Graphviz engine and settings for `graph`: `dot`'s layered drawing for small graphs,
    /// `sfdp`'s force-directed one with overlapping nodes pushed apart (so every label stays
    /// legible at natural size) for the rest.
    static func layout(for graph: GraphSnapshot) -> [String] {
        if graph.nodes.count <= layeredLayoutLimit.nodes, graph.edges.count <= layeredLayoutLimit.edges {
            return ["-Kdot"]
        }
        return ["-Ksfdp", "-Goverlap=prism", "-Gsplines=false", "-Grankdir=TB"]
    }

    /// Lays out `graph` with Graphviz and returns the SVG document.
    ///
    /// - Parameters:
    ///   - timeLimit: seconds Graphviz may take before it is stopped.
    ///   - searchPath: the `PATH`-style list of directories to look for `dot` in;
    ///     the process's `PATH` unless a test supplies another.
    /// - Throws: ``ExportError`` `.graphvizNotFound` when there is no executable `dot`, or
    ///   `.graphvizFailed` (with `dot`'s own message) when it cannot run, exits non-zero or
    ///   runs out of time.
    static func render(_ graph: GraphSnapshot, timeLimit: Double = 60,
                       searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> String {
        guard let dot = findExecutable("dot", in: searchPath) else {
            throw ExportError(
                .graphvizNotFound,
                "cannot render SVG: Graphviz `dot` was not found on PATH; install Graphviz (e.g. `apt-get install graphviz` or `brew install graphviz`) or export `--format dot` and render it elsewhere"
            )
        }
        let arguments = layout(for: graph)
        do {
            return try run(dot: dot, arguments: arguments, source: DOTWriter.render(graph), timeLimit: timeLimit)
        } catch is TimeLimitExceeded {
            throw ExportError(.graphvizFailed, """
                cannot render SVG: Graphviz (\(arguments[0].dropFirst(2))) did not lay out \(graph.nodes.count) nodes and \
                \(graph.edges.count) edges within \(Int(timeLimit)) s; draw less (--edges links, --tag TAG, or \
                --from NOTE --depth 1), allow more time (--time-limit SECONDS), or export --format gexf for Gephi
                """)
        }
    }

    private struct TimeLimitExceeded: Error {}

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
    private static func run(dot: URL, arguments: [String], source: String, timeLimit: Double) throws -> String {
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("kb-export-\(UUID().uuidString)", isDirectory: true)
        // Registered first, so a signal that ends kb removes it whatever happens next.
        CleanupRegistry.add(folder: directory.path)
        defer {
            if CleanupRegistry.remove(folder: directory.path) { try? fileManager.removeItem(at: directory) }
        }
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ExportError(.graphvizFailed, "cannot render SVG: cannot create a temporary directory: \(error.localizedDescription)")
        }

        let input = directory.appendingPathComponent("graph.dot")
        let output = directory.appendingPathComponent("graph.svg")
        let diagnostics = directory.appendingPathComponent("stderr.txt")
        let process = Process()
        process.executableURL = dot
        process.arguments = arguments + ["-Tsvg", "-o", output.path, input.path]
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try Data(source.utf8).write(to: input)
            try Data().write(to: diagnostics)
            let stderr = try FileHandle(forWritingTo: diagnostics)
            defer { try? stderr.close() }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = stderr
            try process.run()
        } catch {
            throw ExportError(.graphvizFailed, "cannot render SVG: cannot run \(dot.path): \(error.localizedDescription)")
        }

        let child = process.processIdentifier
        CleanupRegistry.add(child: child)
        defer { CleanupRegistry.remove(child: child) }
        if finished.wait(timeout: .now() + timeLimit) == .timedOut {
            kill(child, SIGKILL)
            process.waitUntilExit()
            throw TimeLimitExceeded()
        }
        process.waitUntilExit()

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

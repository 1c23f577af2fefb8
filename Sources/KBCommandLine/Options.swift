import ArgumentParser
import Foundation
import KnowledgeBase

/// Options every command that reads the index shares.
struct CorpusOptions: ParsableArguments {
    @Option(help: "The notes folder (default: $KB_CORPUS, else ./corpus).")
    var corpus: String?

    @Option(help: "The index file (default: <corpus>/.kb/index.sqlite).")
    var db: String?

    @Flag(help: "Query the index as it is, without checking the folder for changes first.")
    var noRefresh = false

    /// Opens the knowledge base over `directory` (else the corpus option). With `--db` and no
    /// corpus named, the index's own recorded corpus is used (see `KnowledgeBase.init`).
    func makeBase(directory: String? = nil, rebuild: Bool = false) throws -> KnowledgeBase {
        try KnowledgeBase.open(corpus: directory ?? corpus, db: db, rebuild: rebuild)
    }

    /// Opens the knowledge base and, unless told not to, brings it up to date (or lets a
    /// running `kb watch` vouch that it is).
    func open() throws -> KnowledgeBase {
        let base = try makeBase()
        if !noRefresh {
            let progress = Terminal.Progress(label: "indexing")
            try base.refreshUnlessWatchedOrAsIs(progress: progress.update, stale: Self.warnStale)
        }
        return base
    }

    /// Opens the knowledge base and answers `question` from it up to date: unless told not to,
    /// the check for changes runs while the question is answered (`KnowledgeBase.answerFresh`).
    func answer<Answer>(_ question: (KnowledgeBase) throws -> Answer) throws -> Answer {
        let base = try makeBase()
        if noRefresh { return try question(base) }
        let progress = Terminal.Progress(label: "indexing")
        return try base.answerFreshOrAsIs(progress: progress.update, stale: Self.warnStale, question)
    }

    /// A query whose refresh could not be written answers from the index as it is, and says so.
    static func warnStale(_ reason: KBError) {
        Terminal.error("warning: answering from the index as it was, without the latest changes to the notes: \(reason)")
    }
}

/// `--json` and `--limit`, on every query command.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON on stdout (messages go to stderr).")
    var json = false

    @Option(help: "Show at most this many results (at most 10000).")
    var limit = 10

    @Option(name: .customLong("lang"), help: ArgumentHelp(
        "Show a page translated into several languages in this one (default: the site's default language).",
        valueName: "code"))
    var lang: String?

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be a positive number") }
    }
}

/// JSON on stdout, keys sorted: the encoder keeps no declaration order, so without sorting
/// the same answer came out in a different order on each run.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws { try write(value, pretty: true) }

    /// One value on one line, for streams such as `kb watch --json`.
    static func printLine<T: Encodable>(_ value: T) throws { try write(value, pretty: false) }

    private static func write<T: Encodable>(_ value: T, pretty: Bool) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// A command that answers from an open knowledge base. The CLI opens (and refreshes) one per
/// run; the REPL keeps one open and calls `execute(on:)` directly, so both print the same.
protocol QueryCommand: ParsableCommand {
    var options: CorpusOptions { get }
    func execute(on base: KnowledgeBase) throws
}

extension QueryCommand {
    func run() throws { try execute(on: options.open()) }
}

/// A query command whose answer is found apart from printing it, so the CLI can find it while
/// the index's check for changes runs (`CorpusOptions.answer`). `show` prints the answer and
/// throws `nothingFound` when there is none.
protocol AnsweringCommand: QueryCommand {
    associatedtype Answer
    func answer(from base: KnowledgeBase) throws -> Answer
    func show(_ answer: Answer) throws
}

extension AnsweringCommand {
    func execute(on base: KnowledgeBase) throws { try show(answer(from: base)) }
    func run() throws { try show(options.answer(answer(from:))) }
}

/// Commands end with exit code 1 when they found nothing (or found problems).
func nothingFound(_ message: String) -> ExitCode {
    Terminal.note(message)
    return ExitCode(1)
}

import ArgumentParser
import Foundation
import KnowledgeBaseStudy

/// `kb study`: maintenance around study mode. Hidden: its one verb exists for the FSRS
/// reference test, which replays a review log through kb and through py-fsrs.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Study-mode internals (the FSRS replay the reference test uses).",
        shouldDisplay: false,
        subcommands: [ReplayCommand.self]
    )

    /// `kb study replay FILE`: each review's resulting schedule, for comparison with py-fsrs.
    struct ReplayCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Replay a review log (CSV: card,time,rating) through FSRS and print each resulting state.",
            discussion: "Example: kb study replay tests/fixtures/fsrs_reviews.csv --json"
        )

        @Argument(help: "The review log: a header line card,time,rating, then one review a line (time in Unix seconds, rating 1-4).")
        var file: String

        @Option(help: "Desired retention, between 0 and 1.")
        var retention = 0.9

        @Flag(help: "Print JSON on stdout.")
        var json = false

        func validate() throws {
            guard retention > 0, retention < 1 else { throw ValidationError("--retention must be between 0 and 1, e.g. 0.9") }
        }

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("cannot read \(file): check the path")
            }
            let steps: [FSRSReplay.Step]
            do {
                steps = try FSRSReplay.run(csv: text, scheduler: FSRSScheduler(desiredRetention: retention))
            } catch let problem as FSRSReplay.BadLine {
                throw ValidationError("\(file) \(problem)")
            }
            if json { return try JSONOutput.print(steps) }
            for step in steps {
                print("\(step.card)\t\(step.time)\t\(step.rating)\tdue \(step.due)\tS \(step.stability)\tD \(step.difficulty)\t\(step.state)")
            }
        }
    }
}

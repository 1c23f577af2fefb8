import ArgumentParser
import Foundation
import KnowledgeBase
import KnowledgeBaseStudy

/// `kb quiz`: spaced-repetition study over the notes' questions and glossary terms.
struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Study the notes' questions and terms, scheduled by FSRS (due cards first).",
        discussion: """
            A question takes the option labels (D, or 1,2); a term shows its answer after a line \
            and asks how well you knew it. Then comes the rating: Enter accepts the default \
            (good when right, again when wrong), or type again, hard, good, easy (or 1-4). \
            An empty answer skips a card; :quit stops. Answers are saved one by one in the \
            review database (default: reviews.sqlite beside the index), which `kb index --rebuild` \
            never touches. Piped input works: one line per answer and one per rating.
            Examples:
              kb quiz cloudfront
              kb quiz --tag aws --due
              kb quiz --terms --new 5
              printf 'D\\n\\n' | kb quiz cloudfront --questions --new 1
              kb quiz --stats --json
            """
    )

    @Argument(help: "Only this note's cards (default: every note).")
    var note: String?

    @Option(help: "Only cards of notes with this tag.")
    var tag: String?

    @Flag(help: "Only cards already due: no new ones.")
    var due = false

    @Option(name: .customLong("new"), help: "At most this many new cards after the due ones.")
    var newLimit = 10

    @Flag(help: "Only glossary terms (and acronyms).")
    var terms = false

    @Flag(help: "Only quiz questions.")
    var questions = false

    @Option(help: "Desired retention for scheduling, between 0.7 and 0.99.")
    var retention = 0.9

    @Flag(help: "Print how many cards are due and how reviews went, instead of quizzing.")
    var stats = false

    @Flag(help: "With --stats: print JSON on stdout.")
    var json = false

    @OptionGroup var study: ReviewOptions
    @OptionGroup var options: CorpusOptions

    func validate() throws {
        guard !(terms && questions) else { throw ValidationError("--terms and --questions exclude each other; drop one") }
        guard newLimit >= 0 else { throw ValidationError("--new must be 0 or more") }
        guard retention >= 0.7, retention <= 0.99 else { throw ValidationError("--retention must be between 0.7 and 0.99, e.g. 0.9") }
        guard !json || stats else { throw ValidationError("--json goes with --stats; a quiz itself is interactive") }
        guard note == nil || tag == nil else { throw ValidationError("name a note or a --tag, not both") }
    }

    func run() throws {
        try study(on: try options.open(), read: StudyRunner.readLine(prompt:))
    }

    /// The quiz (or `--stats`) on an open knowledge base, reading answers with `read` (the
    /// REPL passes its own line reader).
    func study(on base: KnowledgeBase, read: @escaping (String) -> String?) throws {
        let store = try study.open(beside: base)
        let deck = try StudyDeck(base: base, store: store)
        if stats { return try printStats(store) }
        let paths = try deck.notePaths(note: note, tag: tag)
        var queue = StudyQueue(notePaths: paths, kinds: terms ? .terms : questions ? .questions : .all,
                               dueOnly: due, newLimit: newLimit)
        let entries = try store.entries()
        let now = Date()
        let cards = queue.pick(from: entries, now: now)
        guard !cards.isEmpty else {
            queue.dueOnly = false
            queue.newLimit = Int.max
            let scope = queue.pick(from: entries, now: .distantFuture)
            if scope.isEmpty { throw nothingFound("no questions or glossary terms to study here") }
            let next = entries.filter { queue.includes($0.card) }.compactMap(\.memory.due).min()
            Terminal.note("nothing due now" + (next.map { "; the next card is due \(StudyAnswer.describeWait(until: $0, from: now))" } ?? ""))
            return
        }
        let runner = StudyRunner(store: store, scheduler: FSRSScheduler(desiredRetention: retention), read: read)
        runner.run(cards)
    }

    private func printStats(_ store: ReviewStore) throws {
        let figures = StudyStats(memories: try store.liveMemories(), reviews: try store.reviews(), now: Date())
        if json { return try JSONOutput.print(figures) }
        print("cards          \(figures.cards) (\(figures.new) new)")
        print("due today      \(figures.dueToday)")
        print("due this week  \(figures.dueThisWeek)")
        print("reviewed       \(figures.reviewed) (\(figures.reviewedToday) today)")
        print("retention      " + (figures.retention.map { String(format: "%.1f%%", $0 * 100) } ?? "no reviews of learned cards yet"))
    }
}

/// `--reviews FILE`: where the review history lives.
struct ReviewOptions: ParsableArguments {
    @Option(help: "The review database (default: reviews.sqlite beside the index, in <corpus>/.kb/).")
    var reviews: String?

    func open(beside base: KnowledgeBase) throws -> ReviewStore {
        let path = reviews ?? URL(fileURLWithPath: base.indexPath).deletingLastPathComponent().appendingPathComponent("reviews.sqlite").path
        do {
            return try ReviewStore(path: path)
        } catch {
            throw KBError.invalidArgument("cannot open the review database \(path): \(error). Check the path, or pass --reviews FILE")
        }
    }
}

/// The notes' cards, brought in line with the review database.
struct StudyDeck {
    let base: KnowledgeBase
    let store: ReviewStore

    /// Syncs every note's cards (so moved, edited and deleted ones are noticed wherever they are).
    init(base: KnowledgeBase, store: ReviewStore) throws {
        self.base = base
        self.store = store
        try CardMaker.sync(base, into: store)
    }

    /// The note paths a quiz or export covers: one note, a tag's notes, or nil for all.
    func notePaths(note: String?, tag: String?) throws -> Set<String>? {
        if let note { return [try base.note(named: note).path] }
        if let tag {
            let notes = try base.graph.notes(taggedWith: tag)
            guard !notes.isEmpty else { throw KBError.invalidArgument("no notes are tagged \(tag): see kb tags") }
            return Set(notes.map(\.path))
        }
        return nil
    }
}

import Foundation
import KnowledgeBase
import KnowledgeBaseStudy

/// Asks cards one at a time, records each answer as soon as it is rated, and says when the
/// card comes back. Input is read a line at a time from stdin, so a script can pipe answers.
struct StudyRunner {
    let store: ReviewStore
    let scheduler: FSRSScheduler
    /// Reads one trimmed line after showing a prompt; nil at the end of input.
    let read: (String) -> String?

    /// What happened to one card.
    private enum Outcome { case answered(correct: Bool), skipped, stop }

    func run(_ entries: [ReviewStore.Entry]) {
        print(Terminal.dim("\(entries.count) card\(entries.count == 1 ? "" : "s"). Questions take labels (D, or 1,2); an empty answer skips, :quit stops."))
        var answered = 0
        var right = 0
        cardLoop: for (index, entry) in entries.enumerated() {
            print("")
            let card = entry.card
            let tag = entry.isNew ? "new" : "due"
            print(Terminal.bold("\(card.noteTitle) · \(Self.title(of: card))") + Terminal.dim("  (\(index + 1) of \(entries.count), \(tag))"))
            let outcome = card.kind == .question ? askQuestion(card) : askTerm(card)
            let correct: Bool
            switch outcome {
            case .stop: break cardLoop
            case .skipped: continue cardLoop
            case .answered(let wasRight): correct = wasRight
            }
            guard let rating = readRating(default: StudyAnswer.defaultRating(correct: correct)) else { break cardLoop }
            let now = Date()
            let after = scheduler.review(entry.memory, rating: rating, at: now)
            do {
                try store.record(cardID: card.id, before: entry.memory, after: after, rating: rating,
                                 correct: card.kind == .question ? correct : nil, at: now)
            } catch {
                Terminal.error("could not save this answer: \(error). The review database is \(store.path).")
                break cardLoop
            }
            answered += 1
            if correct { right += 1 }
            print(Terminal.dim("rated \(rating.name); next \(StudyAnswer.describeWait(until: after.due!, from: now)) (\(Self.format(after.due!)))"))
        }
        print("")
        print(Terminal.bold("Answered \(answered) of \(entries.count)") + Terminal.dim(" (\(right) right), saved in \(store.path)"))
    }

    static func title(of card: StudyCard) -> String {
        switch card.kind {
        case .question: return String(card.key.dropFirst("question:".count))
        case .term: return "term"
        case .acronym: return "acronym"
        case .longForm: return "which acronym?"
        }
    }

    private func askQuestion(_ card: StudyCard) -> Outcome {
        print(card.prompt)
        for option in card.options { print("  \(option.label)) \(option.text)") }
        let question = card.question
        while true {
            guard let answer = read("answer> ") else { return .stop }
            if QuizRunner.stopWords.contains(answer.lowercased()) { return .stop }
            if answer.isEmpty { print(Terminal.dim("skipped")); return .skipped }
            switch QuizGrader.parse(answer, for: question) {
            case .failure(let problem):
                Terminal.note(problem.description)
            case .success(let chosen):
                let grade = QuizGrader.grade(chosen, for: question)
                if grade.isCorrect {
                    print(Terminal.colour ? "\u{1B}[32m✓ right\u{1B}[0m" : "✓ right")
                } else {
                    let text = "✗ wrong — the answer is \(card.correctLabels.joined(separator: ", "))"
                    print(Terminal.colour ? "\u{1B}[31m\(text)\u{1B}[0m" : text)
                }
                for option in card.options where option.correct { print(Terminal.dim("  \(option.label)) \(option.text)")) }
                if !card.explanation.isEmpty {
                    print(Terminal.accent("Explanation"))
                    for line in card.explanation.split(separator: "\n") { print("  " + line) }
                }
                return .answered(correct: grade.isCorrect)
            }
        }
    }

    /// A term: the prompt, a line to think (whatever is typed), then the answer to rate oneself by.
    private func askTerm(_ card: StudyCard) -> Outcome {
        print(card.kind == .longForm ? "\(card.prompt) — which acronym?" : card.prompt)
        guard let line = read("(Enter shows the answer) ") else { return .stop }
        if QuizRunner.stopWords.contains(line.lowercased()) { return .stop }
        print(Terminal.accent("Answer"))
        for text in card.answer.split(separator: "\n") { print("  " + text) }
        return .answered(correct: true)
    }

    /// The rating line: Enter takes `fallback`; end of input takes it too (the answer was given).
    private func readRating(default fallback: Rating) -> Rating? {
        while true {
            guard let line = read("rating [again/hard/good/easy, Enter = \(fallback.name)]> ") else { return fallback }
            if line.isEmpty { return fallback }
            if QuizRunner.stopWords.contains(line.lowercased()) { return nil }
            if let rating = Rating(typed: line) { return rating }
            Terminal.note("rate with again, hard, good or easy (or 1-4); Enter takes \(fallback.name)")
        }
    }

    /// One trimmed line of stdin, the prompt shown only at a terminal; nil at the end of input.
    static func readLine(prompt: String) -> String? {
        if isatty(0) == 1 { print(prompt, terminator: "") }
        fflush(nil)
        return Swift.readLine()?.trimmingCharacters(in: .whitespaces)
    }

    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

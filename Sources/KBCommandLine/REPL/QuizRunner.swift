import Foundation
import KnowledgeBase

/// `quiz`: asks a note's questions one at a time, without the ✓ marks `questions` shows,
/// grades each answer with `QuizGrader` and shows the explanation, then the score.
///
/// Answers come from the session's `LineReader`, so a quiz works at a terminal and in a piped
/// script alike (each answer is the next input line). An answer that names no option is asked
/// again rather than marked wrong: a typo is not a wrong answer.
struct QuizRunner {
    let reader: LineReader

    /// Words that end the quiz early instead of answering.
    static let stopWords: Set<String> = [":quit", "quit", ":q", "stop", "exit", ":exit"]

    func run(title: String, questions: [Question]) {
        var right = 0
        var asked = 0
        print(Terminal.dim("\(questions.count) questions from \(title). Answer with the labels (D, or 1,2); an empty line skips, :quit stops."))
        questionLoop: for (index, question) in questions.enumerated() {
            print("")
            ask(question, number: index + 1, of: questions.count, title: title)
            while true {
                let answer: String
                switch reader.read(prompt: "answer> ") {
                case .end, .interrupted:
                    break questionLoop
                case .line(let line):
                    answer = line.trimmingCharacters(in: .whitespaces)
                }
                if Self.stopWords.contains(answer.lowercased()) { break questionLoop }
                asked += 1
                if answer.isEmpty {
                    reveal(question, verdict: Terminal.dim("skipped"))
                    break
                }
                switch QuizGrader.parse(answer, for: question) {
                case .failure(let problem):
                    asked -= 1
                    Terminal.note(problem.description)
                    continue
                case .success(let chosen):
                    let grade = QuizGrader.grade(chosen, for: question)
                    if grade.isCorrect { right += 1 }
                    reveal(question, verdict: verdict(for: grade, wanted: question.answerCount))
                }
                break
            }
        }
        print("")
        print(Terminal.bold("Score: \(right) of \(asked) right") + (asked < questions.count ? Terminal.dim(" (\(questions.count - asked) not asked)") : ""))
    }

    /// The question as the exam shows it: heading, stem, then the options by label.
    private func ask(_ question: Question, number: Int, of count: Int, title: String) {
        print(Terminal.bold("\(title) · \(question.label)") + Terminal.dim("  (\(number) of \(count))"))
        print(question.stem)
        for option in question.options { print("  \(option.label)) \(option.text)") }
    }

    private func verdict(for grade: QuizGrader.Grade, wanted: Int) -> String {
        guard grade.isKnown else { return Terminal.dim("the note does not record the answer to this one") }
        if grade.isCorrect { return Terminal.colour ? "\u{1B}[32m✓ right\u{1B}[0m" : "✓ right" }
        let answer = Self.labels(grade.expected)
        var text = "✗ wrong — the answer is \(answer)"
        if grade.chosen.count != grade.expected.count, wanted > 1 { text += " (it asks for \(wanted))" }
        return Terminal.colour ? "\u{1B}[31m\(text)\u{1B}[0m" : text
    }

    /// Prints the verdict, the right options (so a skip or a miss still teaches), and the explanation.
    private func reveal(_ question: Question, verdict: String) {
        print(verdict)
        for option in question.options where option.correct { print(Terminal.dim("  \(option.label)) \(option.text)")) }
        if !question.explanation.isEmpty {
            print(Terminal.accent("Explanation"))
            for line in question.explanation.split(separator: "\n") { print("  " + line) }
        }
    }

    /// `["2", "1"]` → `1, 2`, in reading order.
    static func labels(_ labels: Set<String>) -> String {
        labels.sorted(by: QuizGrader.labelOrder).joined(separator: ", ")
    }
}

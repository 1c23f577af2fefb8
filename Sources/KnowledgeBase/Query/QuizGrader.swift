/// Reads a quiz answer as a person types it and grades it against a `Question`.
///
/// Answers name options by their labels: `D`, `d`, `1,2`, `2, 1`, `1 2`, `B and D`. Order,
/// case, spaces and separators do not matter, because the answer is a set of options, not a
/// string. Grading compares that set with the options the note marks `correct`, so it agrees
/// with what `kb questions` prints (the ✓ marks) rather than re-reading the raw answer text.
public enum QuizGrader {
    /// Why a typed answer cannot be graded; the quiz asks again instead of marking it wrong.
    public enum AnswerError: Error, Equatable, CustomStringConvertible {
        /// Nothing that looks like a label (empty, or only separators).
        case empty
        /// Labels the question does not have, with the ones it does.
        case unknownLabels([String], valid: [String])

        public var description: String {
            switch self {
            case .empty:
                return "type the label of an answer, e.g. D or 1,2"
            case .unknownLabels(let labels, let valid):
                return "no option \(labels.joined(separator: ", ")): pick from \(valid.joined(separator: ", "))"
            }
        }
    }

    /// The outcome of one answer.
    public struct Grade: Sendable, Equatable {
        /// The labels the user chose.
        public var chosen: Set<String>
        /// The labels the note marks correct (empty when the note records no answer).
        public var expected: Set<String>

        /// Right when the chosen set is exactly the expected one: in a "Select TWO" question one
        /// right option out of two is still a wrong answer, as in the exam the notes come from.
        public var isCorrect: Bool { !expected.isEmpty && chosen == expected }
        /// Whether the note says what the answer is at all.
        public var isKnown: Bool { !expected.isEmpty }
        /// Correct options the user left out.
        public var missed: Set<String> { expected.subtracting(chosen) }
        /// Options the user chose that are wrong.
        public var wrong: Set<String> { chosen.subtracting(expected) }

        /// A grade of the `chosen` labels against the `expected` ones.
        public init(chosen: Set<String>, expected: Set<String>) {
            self.chosen = chosen
            self.expected = expected
        }
    }

    /// The labels in a typed answer, upper-cased: `"1, 2"` → `["1", "2"]`, `"bd"` → `["B", "D"]`.
    ///
    /// A run of digits is one number (`12` is option twelve), while a run of letters is several
    /// letter labels (`BD` is B and D), because letter labels are single letters and numbered
    /// options can exceed nine. The filler words `and` / `or` are ignored so `B and D` works.
    /// Returns an empty set when there is nothing label-like.
    public static func labels(in answer: String) -> Set<String> {
        var labels = Set<String>()
        let tokens = answer.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        for token in tokens {
            let word = token.uppercased()
            if word == "AND" || word == "OR" { continue }
            var letters = ""
            var digits = ""
            // A token can mix both (`1b`); split it into its runs so nothing typed is dropped.
            for character in word {
                if character.isNumber {
                    if !letters.isEmpty { letters.forEach { labels.insert(String($0)) }; letters = "" }
                    digits.append(character)
                } else {
                    if !digits.isEmpty { labels.insert(normalisedNumber(digits)); digits = "" }
                    letters.append(character)
                }
            }
            letters.forEach { labels.insert(String($0)) }
            if !digits.isEmpty { labels.insert(normalisedNumber(digits)) }
        }
        return labels
    }

    /// Parses `answer` for `question`: the chosen labels, or why they cannot be graded.
    public static func parse(_ answer: String, for question: Question) -> Result<Set<String>, AnswerError> {
        let chosen = labels(in: answer)
        guard !chosen.isEmpty else { return .failure(.empty) }
        let valid = question.options.map { $0.label.uppercased() }
        let unknown = chosen.subtracting(valid)
        guard unknown.isEmpty || valid.isEmpty else {
            return .failure(.unknownLabels(unknown.sorted(by: labelOrder), valid: valid))
        }
        return .success(chosen)
    }

    /// Grades a set of labels (as `labels(in:)` returns them) against the question's options.
    public static func grade(_ chosen: Set<String>, for question: Question) -> Grade {
        let expected = Set(question.options.filter(\.correct).map { $0.label.uppercased() })
        return Grade(chosen: Set(chosen.map { $0.uppercased() }), expected: expected)
    }

    /// Labels in reading order: numbers by value (so 10 follows 9), letters alphabetically.
    public static func labelOrder(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case let (x?, y?): return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a < b
        }
    }

    /// `"02"` → `"2"`, so a zero-padded answer still names the option.
    private static func normalisedNumber(_ digits: String) -> String {
        Int(digits).map(String.init) ?? digits
    }
}

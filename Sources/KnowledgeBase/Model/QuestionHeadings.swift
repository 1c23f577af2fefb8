/// What a heading says about quiz content. The parser finds questions with these rules, and
/// search uses the same rules to tell a hit inside a question from one in plain prose, from
/// the stored headings alone.
extension Question {
    /// True for a heading that opens a question: `Q1`, `Q 2`, `Question 3`.
    public static func isQuestionHeading(_ heading: String) -> Bool {
        let lower = heading.lowercased()
        var rest = Substring(lower)
        if rest.hasPrefix("question") { rest = rest.dropFirst("question".count) }
        else if rest.hasPrefix("q") { rest = rest.dropFirst() }
        else { return false }
        rest = rest.drop(while: { $0 == " " })
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return false }
        let next = rest.dropFirst(digits.count).first
        return next == nil || !(next!.isLetter || next!.isNumber)
    }

    /// True for a heading of a section that holds questions.
    static func isQuestionsSection(_ heading: String) -> Bool {
        ["questions", "quiz", "practice questions", "exam questions", "review questions"].contains(TextNormalizer.key(heading))
    }
}

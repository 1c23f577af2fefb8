import Foundation

/// Builds quiz questions from the blocks under a `Q<n>` heading: the stem paragraphs, the
/// options (`A) …` items or a numbered list), and the answer hidden in `<details>…<mark>`.
struct QuestionBuilder {
    private(set) var question: Question
    private var sawOptions = false

    init(label: String) { question = Question(label: label) }

    mutating func add(paragraph: HTMLNode) {
        let text = TextCollector.text(of: paragraph)
        if let answer = inlineAnswer(text) {
            question.answer = answer
        } else if sawOptions {
            question.explanation = joined(question.explanation, text)
        } else {
            question.stem = joined(question.stem, TextCollector.oneLine(text))
            if let count = Self.answerCount(in: text) { question.answerCount = count }
        }
    }

    mutating func add(list: HTMLNode) {
        guard !sawOptions else {
            question.explanation = joined(question.explanation, TextCollector.text(of: list))
            return
        }
        sawOptions = true
        let ordered = list.isNamed("ol")
        var number = Int(list.attribute("start") ?? "") ?? 1
        for (index, item) in list.elementChildren.filter({ $0.isNamed("li") }).enumerated() {
            let text = TextCollector.oneLine(TextCollector.text(of: item))
            if let (label, rest) = Self.letteredOption(text) {
                question.options.append(AnswerOption(label: label, text: rest))
            } else if ordered {
                question.options.append(AnswerOption(label: String(number), text: text))
            } else {
                question.options.append(AnswerOption(label: String(UnicodeScalar(UInt8(65 + index % 26))), text: text))
            }
            number += 1
        }
    }

    /// The `<details>` block: `<mark>` holds the answer, the rest (minus the summary) explains it.
    mutating func add(details: HTMLNode) {
        if let mark = details.descendants(named: "mark").first {
            let answer = TextCollector.text(of: mark)
            if !answer.isEmpty { question.answer = answer }
        }
        let text = TextCollector.text(of: details, skipping: ["summary", "mark"])
        question.explanation = joined(question.explanation, text)
        for anchor in details.descendants(named: "a") {
            if let href = anchor.attribute("href") { question.explanationLinks.append(href) }
        }
    }

    /// The finished question, with each option flagged right or wrong from the answer.
    func finish() -> Question {
        var done = question
        guard let answer = done.answer else { return done }
        let labels = Set(answer.uppercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init))
        for index in done.options.indices {
            done.options[index].correct = labels.contains(done.options[index].label.uppercased())
        }
        if done.answerCount == 1, labels.count > 1 { done.answerCount = labels.count }
        return done
    }

    private static let selectWords: [StaticString] = ["select", "choose", "pick"]
    private static let countWords: [(StaticString, Int)] = [("two", 2), ("three", 3), ("four", 4), ("2", 2), ("3", 3), ("4", 4)]

    /// "Select TWO" / "choose 3" → 2 / 3.
    static func answerCount(in text: String) -> Int? {
        var text = text
        // ASCII text (nearly every stem) is compared as bytes: its words and their lower case
        // are those of the lower-cased text, without making it or a String per word.
        let ascii: Int?? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            let words = WordRanges.scan(bytes)
            func word(_ index: Int, is expected: StaticString) -> Bool {
                let range = words[index].range
                guard range.count == expected.utf8CodeUnitCount else { return false }
                return (0..<range.count).allSatisfy { bytes[range.lowerBound + $0].asciiLowercased == expected.utf8Start[$0] }
            }
            for index in words.indices.dropLast() where selectWords.contains(where: { word(index, is: $0) }) {
                if let (_, count) = countWords.first(where: { word(index + 1, is: $0.0) }) { return count }
            }
            return .some(nil)
        }
        if let ascii { return ascii }
        let words = TextNormalizer.words(text.lowercased())
        for (index, word) in words.enumerated().dropLast() where selectWords.contains(where: { word == $0.description }) {
            if let (_, count) = countWords.first(where: { words[index + 1] == $0.0.description }) { return count }
        }
        return nil
    }

    /// "A) text", "B. text", "(C) text" → ("A", "text").
    static func letteredOption(_ text: String) -> (String, String)? {
        // Most texts are told apart by their first bytes: in ASCII a byte is a Character, and
        // after an ASCII letter and mark, a non-ASCII byte is left to the Character rules.
        let bytes = text.utf8
        var start = bytes.startIndex
        if start < bytes.endIndex, bytes[start] == UInt8(ascii: "(") { start = bytes.index(after: start) }
        guard start < bytes.endIndex else { return nil }
        let letter = bytes[start]
        guard (UInt8(ascii: "A")...UInt8(ascii: "H")).contains(letter & 0xDF) else {
            return letter < 0x80 ? nil : letteredOptionByCharacter(text)
        }
        let mark = bytes.index(after: start)
        guard mark < bytes.endIndex, [UInt8(ascii: ")"), UInt8(ascii: "."), UInt8(ascii: ":")].contains(bytes[mark]) else {
            return nil
        }
        let space = bytes.index(after: mark)
        guard space < bytes.endIndex else { return nil }
        guard bytes[space].isASCIIWhitespace else {
            return bytes[space] < 0x80 ? nil : letteredOptionByCharacter(text)
        }
        return (String(UnicodeScalar(letter & 0xDF)), String(text[space...].drop(while: \.isWhitespace)))
    }

    /// `letteredOption` by Character, for text that does not open in ASCII (and the reference
    /// the byte path is tested against).
    static func letteredOptionByCharacter(_ text: String) -> (String, String)? {
        var rest = Substring(text)
        if rest.first == "(" { rest = rest.dropFirst() }
        guard let letter = rest.first, letter.isASCII, ("A"..."H").contains(letter.uppercased()) else { return nil }
        rest = rest.dropFirst()
        guard let mark = rest.first, mark == ")" || mark == "." || mark == ":" else { return nil }
        rest = rest.dropFirst()
        guard rest.first?.isWhitespace == true else { return nil }
        return (letter.uppercased(), String(rest.drop(while: \.isWhitespace)))
    }

    /// "Answer: B" written as a paragraph.
    private func inlineAnswer(_ text: String) -> String? {
        let lower = text.lowercased()
        guard let prefix = ["correct answer:", "correct answers:", "answer:", "answers:"].first(where: { lower.hasPrefix($0) }) else {
            return nil
        }
        let rest = text.dropFirst(prefix.count).trimmingSpaces()
        return rest.isEmpty || rest.count > 20 ? nil : rest
    }

    private func joined(_ a: String, _ b: String) -> String {
        a.isEmpty ? b : (b.isEmpty ? a : a + "\n" + b)
    }
}

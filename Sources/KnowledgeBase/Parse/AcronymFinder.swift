import Foundation

/// Finds "long form (ACRONYM)" pairs such as `content delivery network (CDN)`, checking that the
/// acronym's letters really start the words before the parenthesis.
package enum AcronymFinder {
    package struct Pair: Sendable, Equatable {
        package var longForm: String
        package var acronym: String
    }

    private static let fillerWords: Set<String> = ["of", "and", "to", "for", "the", "a", "an", "in", "on", "&"]

    package static func pairs(in text: String) -> [Pair] {
        var pairs: [Pair] = []
        var searchStart = text.startIndex
        // Searching the UTF-8 bytes for "(" is much faster than walking Characters.
        while let open = text.firstIndex(ofByte: UInt8(ascii: "("), from: searchStart) {
            searchStart = text.index(after: open)
            // An acronym is short: look for the closing parenthesis only a few characters on,
            // so a text full of unclosed "(" stays linear (the fuzzer found it quadratic).
            let window = text[searchStart..<(text.index(searchStart, offsetBy: 12, limitedBy: text.endIndex) ?? text.endIndex)]
            guard let close = window.firstIndex(of: ")") else { continue }
            let inside = text[searchStart..<close]
            guard inside.count >= 2, inside.count <= 10,
                  inside.first?.isUppercase == true,
                  inside.allSatisfy({ $0.isLetter || $0.isNumber }),
                  inside.filter(\.isUppercase).count >= 2 else { continue }
            // Only the words just before the parenthesis can spell the acronym.
            let before = text[(text.index(open, offsetBy: -120, limitedBy: text.startIndex) ?? text.startIndex)..<open]
            let words = before.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).suffix(8)
                .map { String($0) }
            if let longForm = longForm(for: String(inside), words: words) {
                pairs.append(Pair(longForm: longForm, acronym: String(inside)))
            }
        }
        return pairs
    }

    /// The shortest run of trailing words whose initials spell the acronym (filler words may be
    /// skipped, and a word may give more than one letter: "DynamoDB" in "DDB").
    static func longForm(for acronym: String, words: [String]) -> String? {
        let letters = Array(acronym.lowercased().filter(\.isLetter))
        guard !letters.isEmpty else { return nil }
        for count in 1...max(1, min(words.count, letters.count + 3)) {
            let run = Array(words.suffix(count)).map { $0.trimmingCharacters(in: .punctuationCharacters) }
            guard let first = run.first, !first.isEmpty, !fillerWords.contains(first.lowercased()) else { continue }
            if spells(letters[...], run[...]) { return run.joined(separator: " ") }
        }
        return nil
    }

    private static func spells(_ letters: ArraySlice<Character>, _ words: ArraySlice<String>) -> Bool {
        guard let word = words.first else { return letters.isEmpty }
        let rest = words.dropFirst()
        let lower = Array(word.lowercased())
        if fillerWords.contains(word.lowercased()), spells(letters, rest) { return true }
        guard let letter = letters.first, lower.first == letter else { return false }
        // The word gives its first letter, and possibly following capitals or letters.
        var used = 1
        while true {
            if spells(letters.dropFirst(used), rest) { return true }
            guard used < letters.count, used < lower.count, lower[used] == letters[letters.startIndex + used] else { return false }
            used += 1
        }
    }
}

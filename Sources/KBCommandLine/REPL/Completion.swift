import CEditLine
import Foundation
import KnowledgeBase
#if canImport(Glibc)
import Glibc
#endif

/// What Tab offers at the REPL prompt: command names for the first word, then what the
/// command takes — note slugs and titles, glossary terms, tags, or command names.
///
/// The names come from the index once, on the first Tab, so starting the REPL stays instant
/// on a large corpus; the REPL never refreshes after it starts, so they cannot go stale.
final class Completer {
    /// The words to offer, by what an argument is.
    struct Vocabulary {
        var slugs: [String] = []
        var titles: [String] = []
        var terms: [String] = []
        var tags: [String] = []
    }

    private let load: () -> Vocabulary
    private lazy var vocabulary: Vocabulary = load()

    /// - Parameter load: reads the names from the index; called at most once.
    init(load: @escaping () -> Vocabulary) {
        self.load = load
    }

    /// The vocabulary of a knowledge base; a failing query just means fewer completions.
    static func vocabulary(of base: KnowledgeBase) -> Vocabulary {
        var words = Vocabulary()
        let notes = (try? base.graph.allNotes()) ?? []
        words.slugs = notes.map { NoteIdentity.slug(forPath: $0.path) }
        words.titles = notes.map(\.title)
        let graph = try? base.snapshots.build(GraphScope(includeTerms: true))
        words.terms = graph?.nodes.filter { $0.kind == .term }.map(\.label) ?? []
        words.tags = ((try? base.graph.tags()) ?? []).map(\.tag)
        return words
    }

    /// Replacements for `word`, the partial word before the cursor (as libedit delimits it with
    /// spaces and `"`), given the whole line up to the cursor.
    ///
    /// A replacement may be longer than one word: `define edge lo` → `location`, because
    /// `define` and `search` join their words, and inside quotes the phrase so far counts
    /// (`show "Elastic Be` → `Beanstalk"`). Matching ignores case; order is alphabetical.
    func completions(lineBeforeCursor line: String, word: String) -> [String] {
        let words = CommandLineSplitter.words(in: line)
        let insideQuotes = CommandLineSplitter.endsInsideQuotes(line)
        let startsNewWord = words.isEmpty || (!insideQuotes && line.last?.isWhitespace == true)
        let index = startsNewWord ? words.count : words.count - 1
        let current = startsNewWord ? "" : words[index].text

        guard index > 0 else { return matches(REPLCommandTable.completionNames, phrase: current, word: word, closeQuote: false) }
        guard let command = REPLCommandTable.command(named: words[0].text) else { return [] }
        let arguments = words[1..<index].map(\.text)
        switch command.argument {
        case .none:
            return []
        case .command:
            return index == 1 ? matches(REPLCommandTable.names, phrase: current, word: word, closeQuote: false) : []
        case .tag:
            return index == 1 ? matches(vocabulary.tags, phrase: current, word: word, closeQuote: insideQuotes) : []
        case .note, .twoNotes:
            guard index <= (command.argument == .twoNotes ? 2 : 1) else { return [] }
            // Unquoted, a title with spaces would split into several arguments: offer slugs
            // and one-word titles there, every title once the user opens a quote.
            let titles = insideQuotes ? vocabulary.titles : vocabulary.titles.filter { !$0.contains(" ") }
            return matches(vocabulary.slugs + titles, phrase: current, word: word, closeQuote: insideQuotes)
        case .terms, .text:
            // These commands join their words, so everything after the command is one phrase,
            // unless options are in play; then only the word under the cursor counts.
            let phrase = arguments.contains(where: { $0.hasPrefix("-") }) || insideQuotes
                ? current : (arguments + [current]).joined(separator: " ")
            let pool = command.argument == .terms ? vocabulary.terms : vocabulary.terms + vocabulary.titles
            return matches(pool, phrase: phrase, word: word, closeQuote: insideQuotes)
        }
    }

    /// Candidates that start with `phrase`, cut down to what replaces `word` (the tail of `phrase`).
    /// Lookups of notes and terms ignore case, so completing in the user's case loses nothing.
    private func matches(_ pool: [String], phrase: String, word: String, closeQuote: Bool) -> [String] {
        let needle = phrase.lowercased()
        // libedit's word is the tail of the phrase; anything else means we misread the line.
        guard phrase.lowercased().hasSuffix(word.lowercased()) else { return [] }
        var seen = Set<String>()
        var out: [String] = []
        for candidate in pool where candidate.lowercased().hasPrefix(needle) {
            // Keep what the user typed as typed and add the rest as the name spells it, so
            // `define "edge lo` becomes `edge location`, not `edge Location`.
            let replacement = word + candidate.dropFirst(phrase.count)
            if seen.insert(replacement.lowercased()).inserted { out.append(replacement) }
        }
        out.sort { $0.lowercased() < $1.lowercased() }
        if closeQuote, out.count == 1 { out[0] += "\"" }
        return out
    }
}

/// The bridge from libedit's C completion hook to a `Completer`.
///
/// libedit calls a plain C function pointer that cannot capture anything, so the completer
/// it should use lives in a static; only the main thread ever touches it (inside `readline()`).
enum CompletionBridge {
    nonisolated(unsafe) static var completer: Completer?

    /// Hooks `completer` into libedit's Tab key.
    static func install(_ completer: Completer) {
        self.completer = completer
        // Only spaces and quotes end a word: slugs (`elastic-beanstalk`), paths and terms
        // with `/`, `'` or `(` complete as a whole.
        // libedit keeps the pointer, so it must outlive this call: a Swift string argument is
        // only valid during it. Leaked on purpose, once per process.
        kb_set_basic_word_break(strdup(" \t\n\""))
        kb_set_completion_append(Int32(UInt8(ascii: " ")))
        kb_set_completion_function { text, _, end in
            // Without this libedit falls back to completing file names when we offer nothing.
            kb_set_attempted_completion_over(1)
            guard let completer = CompletionBridge.completer, let text, let buffer = kb_line_buffer() else { return nil }
            // `end` counts characters (libedit works in wide characters), the buffer is UTF-8.
            let line = String(String(cString: buffer).unicodeScalars.prefix(Int(end)))
            return CompletionBridge.cMatches(completer.completions(lineBeforeCursor: line, word: String(cString: text)),
                                             word: String(cString: text))
        }
    }

    /// The NULL-terminated, malloc'd array readline expects: the text to insert, then (when
    /// there are several) every candidate for the listing a second Tab prints. libedit frees it.
    static func cMatches(_ candidates: [String], word: String) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard !candidates.isEmpty else { return nil }
        let entries = candidates.count == 1 ? candidates : [commonPrefix(candidates, atLeast: word)] + candidates
        // One NULL more than readline needs: libedit looks at matches[2] to tell a single match
        // (and then appends the space) even when matches[1] is the NULL that ends the array, so
        // a two-slot array would have it read past the end.
        guard let array = calloc(entries.count + 2, MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
            .assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self) else { return nil }
        for (index, entry) in entries.enumerated() { array[index] = strdup(entry) }
        return array
    }

    /// The longest common prefix of the candidates, ignoring case (spelled as the first one),
    /// or `word` itself when that would be shorter: libedit replaces the typed word with it,
    /// and must never delete what the user typed.
    static func commonPrefix(_ candidates: [String], atLeast word: String) -> String {
        guard var prefix = candidates.first.map(Array.init) else { return word }
        for candidate in candidates.dropFirst() {
            let other = Array(candidate)
            var length = 0
            while length < min(prefix.count, other.count),
                  String(prefix[length]).lowercased() == String(other[length]).lowercased() { length += 1 }
            prefix = Array(prefix.prefix(length))
        }
        return prefix.count >= word.count ? String(prefix) : word
    }
}

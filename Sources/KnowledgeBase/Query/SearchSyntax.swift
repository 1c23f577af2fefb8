/// A search query as the user typed it, taken apart into typed pieces: what to look for, what
/// to leave out, and which notes to look in. `QueryText` compiles it to FTS5 and `SearchEngine`
/// the filters to SQL parameters, so user text never reaches either as syntax.
///
///     origin cache            both words
///     "edge location"         the words together
///     cache OR cdn            either word
///     -cache, NOT cache       not that word (or "phrase")
///     orig*                   a word starting with orig
///     tag:aws                 tagged aws or aws/… (nested tags)
///     path:aws/cloudfront     under that folder (a path prefix)
///     title:origin            that word (or "phrase") in the title
///     kind:term               only results of that kind: note, section, term, question
///     draft:false             a front-matter field with that value (or among its values)
struct SearchSyntax: Sendable, Equatable {
    /// One thing to look for.
    enum Unit: Sendable, Equatable {
        case word(String)
        case phrase([String])
        /// A word typed with a trailing `*`.
        case prefix(String)
    }

    /// Every clause must match; a clause matches when any of its units does (`a OR b`).
    var clauses: [[Unit]] = []
    /// No result may contain any of these (`-word`, `NOT word`).
    var excluded: [Unit] = []
    /// Each of these must be in the title (`title:x`).
    var inTitle: [Unit] = []
    /// Tag keys a result's note must carry, each itself or a nested tag under it.
    var tags: [String] = []
    /// Path prefixes a result's note must start with; any one of them will do.
    var paths: [String] = []
    /// A front-matter field typed as `key:value` (`draft:false`, `category:aws`).
    struct Field: Sendable, Equatable {
        var key: String
        var value: String
        /// The token read as words, for a key no note's front matter has (`https://…`).
        var asWords: [Unit]
    }

    /// Front-matter fields a note must have, each with the value (or among its values).
    var fields: [Field] = []
    /// Result kinds wanted (`kind:`); empty for any.
    var kinds: [SearchEngine.Kind] = []
    /// The last word was typed with nothing after it (no space, no closing quote), so it may
    /// be unfinished.
    var endsInWord = false

    /// Words and phrases only: no operator, exclusion or field.
    var isPlain: Bool {
        excluded.isEmpty && inTitle.isEmpty && tags.isEmpty && paths.isEmpty && kinds.isEmpty && fields.isEmpty
            && clauses.allSatisfy { $0.count == 1 && !$0[0].isPrefix }
    }

    /// Why a query could not be read, in words for the user.
    struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        var description: String
    }

    static let fields: Set<String> = ["tag", "path", "title", "kind"]

    /// Reads `text`; throws `Failure` for syntax that cannot mean anything (`tag:` with no
    /// tag, `OR` with nothing on one side, an unknown kind).
    static func parse(_ text: String) throws(Failure) -> SearchSyntax {
        var syntax = SearchSyntax()
        let tokens = Token.split(text)
        syntax.endsInWord = text.last.map { !$0.isWhitespace && $0 != "\"" } == true && tokens.last?.quoted == false
        var negateNext = false
        var joinNext = false
        var index = 0
        while index < tokens.count {
            var token = tokens[index]
            index += 1
            // OR and NOT are operators only where they can be: between two words, before a
            // word. Elsewhere (`OR OR`, a query cut after OR) they are the words "or" and "not".
            if !token.quoted, token.text == "OR", !syntax.clauses.isEmpty, !joinNext, !negateNext, index < tokens.count {
                joinNext = true
                continue
            }
            if !token.quoted, token.text == "NOT", !negateNext, index < tokens.count {
                negateNext = true
                continue
            }
            // `-word` leaves a word out; `--verbose` is a word someone is looking for.
            if !token.quoted, token.text.hasPrefix("-"), !token.text.hasPrefix("--"), token.text.count > 1 || token.joinsNext {
                token.text.removeFirst()
                negateNext = true
                if token.text.isEmpty, token.joinsNext, index < tokens.count {
                    token = tokens[index]
                    index += 1
                }
            }
            if try syntax.readFilter(token, following: tokens, at: &index, negated: negateNext) { continue }
            if !token.quoted, !negateNext, !joinNext, let field = Self.frontMatterField(token) {
                syntax.fields.append(field)
                continue
            }
            syntax.add(token, negated: &negateNext, joined: &joinNext)
        }
        return syntax
    }

    /// Reads `tag:`, `path:`, `kind:` and the other filters this syntax knows, taking a quoted
    /// value from the token after it (`tag:"a b"`); false when `token` is no filter.
    private mutating func readFilter(_ token: Token, following tokens: [Token], at index: inout Int,
                                     negated: Bool) throws(Failure) -> Bool {
        guard !token.quoted, let colon = token.text.firstIndex(of: ":"),
              Self.fields.contains(String(token.text[..<colon]).lowercased()) else { return false }
        let field = String(token.text[..<colon]).lowercased()
        var value = String(token.text[token.text.index(after: colon)...])
        var quotedValue = false
        if value.isEmpty, token.joinsNext, index < tokens.count, tokens[index].quoted {
            value = tokens[index].text
            quotedValue = true
            index += 1
        }
        guard !negated else { throw Failure(description: "\(field): cannot be negated; leave out words with -word instead") }
        try add(field: field, value: value, quoted: quotedValue)
        return true
    }

    /// Adds a word or phrase: left out after NOT or `-`, joined to the last clause after OR, a
    /// clause of its own otherwise. Left out, a word like `s3-bucket` is left out as a phrase;
    /// looked for, its words are looked for each, as before the syntax existed.
    private mutating func add(_ token: Token, negated: inout Bool, joined: inout Bool) {
        let units = Self.units(token, whole: negated)
        guard let first = units.first else { return }
        if negated {
            excluded.append(first)
            negated = false
        } else if joined {
            clauses[clauses.count - 1].append(first)
            clauses += units.dropFirst().map { [$0] }
            joined = false
        } else {
            clauses += units.map { [$0] }
        }
    }

    /// Every word and phrase looked for, operators and fields read as plain words: for text
    /// that failed to parse where no message can be shown.
    static func literal(_ text: String) -> SearchSyntax {
        var syntax = SearchSyntax()
        let tokens = Token.split(text)
        syntax.endsInWord = text.last.map { !$0.isWhitespace && $0 != "\"" } == true && tokens.last?.quoted == false
        syntax.clauses = tokens.flatMap { units($0, whole: false) }.map { [$0] }
        return syntax
    }

    private mutating func add(field: String, value: String, quoted: Bool) throws(Failure) {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw Failure(description: "\(field): needs a value, e.g. \(field):\(Self.example(field))")
        }
        switch field {
        case "tag":
            tags.append(TextNormalizer.key(trimmed.hasPrefix("#") ? String(trimmed.dropFirst()) : trimmed))
        case "path":
            var path = trimmed
            while path.hasPrefix("./") { path.removeFirst(2) }
            while path.hasPrefix("/") { path.removeFirst() }
            paths.append(path)
        case "title":
            let words = TextNormalizer.words(trimmed.lowercased()).map(String.init)
            guard !words.isEmpty else { throw Failure(description: "title: needs a word, e.g. title:origin") }
            inTitle.append(quoted || words.count > 1 ? .phrase(words) : .word(words[0]))
        default:
            guard let kind = SearchEngine.Kind(rawValue: trimmed.lowercased()) else {
                throw Failure(description: "kind:\(trimmed) is not a kind: use note, section, term or question")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
    }

    private static func example(_ field: String) -> String {
        ["tag": "aws", "path": "aws/cloudfront", "title": "origin", "kind": "term"][field] ?? "x"
    }

    /// `key:value` with a key of letters, digits, `_` and `-` starting with a letter.
    private static func frontMatterField(_ token: Token) -> Field? {
        guard let colon = token.text.firstIndex(of: ":") else { return nil }
        let key = token.text[..<colon]
        let value = token.text[token.text.index(after: colon)...]
        guard let first = key.first, first.isASCII, first.isLetter, !value.isEmpty,
              key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
        return Field(key: String(key), value: String(value), asWords: units(token, whole: false))
    }

    private static func units(_ token: Token, whole: Bool) -> [Unit] {
        let words = TextNormalizer.words(token.text.lowercased()).map(String.init)
        guard let last = words.last else { return [] }
        if token.quoted || (whole && words.count > 1) { return [.phrase(words)] }
        return words.dropLast().map { .word($0) } + [token.text.hasSuffix("*") ? .prefix(last) : .word(last)]
    }

    /// A piece of the text: a run without white space, or a quoted run.
    struct Token {
        var text: String
        var quoted: Bool
        /// No space separates it from the next token (`tag:"a b"`, `-"a b"`).
        var joinsNext = false

        static func split(_ text: String) -> [Token] {
            var tokens: [Token] = []
            var current = ""
            var inQuote = false
            func flush(quoted: Bool, joins: Bool) {
                if quoted || !current.isEmpty { tokens.append(Token(text: current, quoted: quoted, joinsNext: joins)) }
                current = ""
            }
            for ch in text {
                if ch == "\"" {
                    flush(quoted: inQuote, joins: !inQuote)
                    inQuote.toggle()
                } else if ch.isWhitespace && !inQuote {
                    flush(quoted: false, joins: false)
                } else {
                    current.append(ch)
                }
            }
            flush(quoted: inQuote, joins: false)
            return tokens
        }
    }
}

import GRDB
import Testing
@testable import KnowledgeBase

/// Whatever a person types, the FTS5 queries built from it are valid and mean what they say.
@Suite struct QueryTextTests {
    static let hostile = [
        "\"", "AND", "origin AND", "NEAR(", "*", ")(", "'; DROP TABLE note; --", "🙂 emoji", "", "a\"b",
        "\"unclosed phrase", "name : x", "OR OR", "^start", "x*", "-x", "+", "NOT", "{a b}", "\"\"", "a\u{0}b",
    ]

    @Test func everyQueryBuiltFromHostileTextRunsWithoutAnFTS5Error() throws {
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(name, body, tokenize = 'porter unicode61')")
            try db.execute(sql: "INSERT INTO t VALUES ('origin', 'near the start a b x')")
        }
        for text in Self.hostile {
            for prefix in [false, true] {
                let query = QueryText(text, prefixLastWord: prefix)
                for pattern in [query.all, query.any, query.allInName].compactMap({ $0 }) + query.units {
                    #expect(throws: Never.self, "\(text) → \(pattern)") {
                        try db.read { db in try Row.fetchAll(db, sql: "SELECT * FROM t WHERE t MATCH ?", arguments: [pattern]) }
                    }
                }
            }
        }
    }

    @Test func wordsPhrasesAndPrefixesBecomeTheirFTS5Forms() {
        #expect(QueryText("Edge  location").all == "(\"edge\") AND (\"location\")")
        #expect(QueryText("edge location").any == "(\"edge\") OR (\"location\")")
        #expect(QueryText("\"Edge Location\" cdn").all == "(\"edge location\") AND (\"cdn\")")
        #expect(QueryText("orig", prefixLastWord: true).all == "\"orig\" *")
        #expect(QueryText("orig ", prefixLastWord: true).all == "\"orig\"")
        #expect(QueryText("cdn").allInName == "name : (\"cdn\")")
        #expect(QueryText("how do I cache").all == "\"cache\"", "stop words drop when others remain")
        #expect(QueryText("\"").isEmpty)
        #expect(FTS5Query.phrase(["a\"b"]) == "\"a\"\"b\"")
    }
}

/// The byte-level word scanner (behind `TextNormalizer.words` and the mention pass) finds the
/// runs of letters and digits that a plain walk over Unicode scalars finds.
@Suite struct WordRangesTests {
    /// The definition, written the obvious way: a word is a maximal run of scalars that are
    /// alphabetic or numeric.
    static func referenceWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    @Test func byteRangesAreTheTokenizersWords() {
        let texts = [
            "Route 53 and route53, Edge-Location; CDN's cache", "Café crème à la carte — naïve Zürich",
            "日本語のテキスト and Ελληνικά ΣΊΣΥΦΟΣ", "x²+y³ = ½ ⅓ ٣", "emoji 🙂 between🙂words", "", "   ", "a",
        ]
        for text in texts {
            var copy = text
            let scanned = copy.withUTF8 { bytes in
                WordRanges.scan(bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.range]), as: UTF8.self) }
            }
            #expect(scanned == Self.referenceWords(text), "\(text)")
            #expect(TextNormalizer.words(text).map(String.init) == scanned, "\(text)")
        }
    }

    @Test func randomUnicodeTextSplitsTheSameWayBothWays() {
        // Letters, digits and separators from several scripts, combining marks, emoji and
        // symbols that are numbers (superscripts, fractions, Arabic-Indic digits).
        let pool: [Unicode.Scalar] = Array("aZ09 -_.,;:!?'\"\t\néüßÅçñ日本語テスト한국어ΣσςΩЖж١٢³½ⅫⅫ🙂👍🏽\u{301}\u{308}\u{200D}\u{FEFF}".unicodeScalars)
        var random = SplitMix(seed: 7)
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<random.next(below: 40) { text.append(pool[random.next(below: pool.count)]) }
            var string = String(text)
            let scanned = string.withUTF8 { bytes in
                WordRanges.scan(bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.range]), as: UTF8.self) }
            }
            #expect(scanned == Self.referenceWords(String(text)), "\(String(text).unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func asciiWordsHashAsTheirLowerCase() {
        var text = "Route ROUTE route Zürich"
        let hashes = text.withUTF8 { WordRanges.scan($0).map(\.asciiHash) }
        #expect(hashes[0] != nil && hashes[0] == hashes[1] && hashes[1] == hashes[2])
        #expect(hashes[0] == WordRanges.asciiHash("route"))
        #expect(hashes[3] == nil)
    }
}

/// Sections are found in the body by their headings, so search can tell which section a hit
/// is in without a second copy of the text.
@Suite struct SectionStartTests {
    @Test func headingsAreFoundAsWholeLinesInOrder() {
        let body = "Intro mentions Pricing and Usage.\nUsage\nuse it\nPricing\ncosts\nUsage\nagain"
        let sections = ["Usage", "Pricing", "Usage", "Missing"].map { Section(level: 2, heading: $0, anchor: "", text: "") }
        let starts = NoteRows.starts(of: sections, in: body)
        let lines = starts.map { start -> String? in
            start < 0 ? nil : String(decoding: body.utf8.dropFirst(start).prefix { $0 != 0x0A }, as: UTF8.self)
        }
        #expect(lines == ["Usage", "Pricing", "Usage", nil])
        #expect(starts[0] == 34 && starts[1] > starts[0] && starts[2] > starts[1] && starts[3] == -1)
    }
}

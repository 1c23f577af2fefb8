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
        #expect(QueryText("\"Edge Location\" cdn").all == "(\"cdn\") AND (\"edge location\")")
        #expect(QueryText("orig", prefixLastWord: true).all == "\"orig\" *")
        #expect(QueryText("orig ", prefixLastWord: true).all == "\"orig\"")
        #expect(QueryText("cdn").allInName == "name : (\"cdn\")")
        #expect(QueryText("how do I cache").all == "\"cache\"", "stop words drop when others remain")
        #expect(QueryText("\"").isEmpty)
        #expect(FTS5Query.phrase(["a\"b"]) == "\"a\"\"b\"")
    }
}

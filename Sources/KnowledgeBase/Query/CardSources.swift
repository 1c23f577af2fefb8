import Foundation
import GRDB

/// What one note offers to study, as the index holds it: its quiz questions and glossary terms
/// with the note's path, title and tags.
public struct CardSource: Sendable, Equatable {
    /// The note's path inside the corpus.
    public var path: String
    /// The note's title.
    public var title: String
    /// Keys of the note's tags (not its categories), in the order the note gives them.
    public var tagKeys: [String]
    /// The note's questions, in reading order, each with its options and answer key.
    public var questions: [Question]
    /// The note's glossary terms, in reading order, with definition and aliases.
    public var terms: [Term]

    /// A note's study material.
    public init(path: String, title: String, tagKeys: [String] = [], questions: [Question] = [], terms: [Term] = []) {
        self.path = path
        self.title = title
        self.tagKeys = tagKeys
        self.questions = questions
        self.terms = terms
    }
}

/// Reads every note's questions and terms from the index in a handful of queries, so that
/// making study cards opens no note file and parses nothing.
public struct CardSourceReader: Sendable {
    let database: DatabaseQueue

    /// A reader over an open index.
    public init(database: DatabaseQueue) {
        self.database = database
    }

    /// Every note with its study material, in path order (notes with none included, so a
    /// caller can tell a note that lost its questions from one that is gone).
    public func allSources() throws -> [CardSource] {
        try database.read { db in
            var order: [Int64] = []
            var sources: [Int64: CardSource] = [:]
            let notes = try Row.fetchCursor(db, sql: "SELECT id, path, title FROM note ORDER BY path")
            while let row = try notes.next() {
                let id: Int64 = row[0]
                order.append(id)
                sources[id] = CardSource(path: row[1], title: row[2])
            }
            let tagSQL = "SELECT noteId, key FROM tag WHERE kind = '\(TagKind.tag.rawValue)' ORDER BY noteId, rowid"
            let tags = try Row.fetchCursor(db, sql: tagSQL)
            while let row = try tags.next() {
                sources[row[0]]?.tagKeys.append(row[1])
            }
            try readQuestions(db) { id, question in sources[id]?.questions.append(question) }
            try readTerms(db) { id, term in sources[id]?.terms.append(term) }
            return order.compactMap { sources[$0] }
        }
    }

    private func readQuestions(_ db: Database, into add: (Int64, Question) -> Void) throws {
        let sql = """
            SELECT noteId, label, stem, optionLabels, optionTexts, correctMarks, answerCount, answer, explanation,
            explanationLinks FROM question ORDER BY noteId, id
            """
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            let labels = Self.strings(row[3]), texts = Self.strings(row[4])
            let marks: [UInt8] = Array((row[5] as String).utf8)
            // The two arrays are written together; a mismatch would mean a damaged row, and
            // pairing what there is beats dropping the question.
            var options: [AnswerOption] = []
            for index in 0..<min(labels.count, texts.count) {
                let correct = index < marks.count && marks[index] == UInt8(ascii: "1")
                options.append(AnswerOption(label: labels[index], text: texts[index], correct: correct))
            }
            add(row[0], Question(label: row[1], stem: row[2], options: options, answerCount: row[6], answer: row[7],
                                 explanation: row[8], explanationLinks: Self.strings(row[9])))
        }
    }

    private func readTerms(_ db: Database, into add: (Int64, Term) -> Void) throws {
        let sql = "SELECT noteId, name, definition, parent, aliases, section FROM term ORDER BY noteId, id"
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            add(row[0], Term(name: row[1], definition: row[2], parent: row[3], aliases: Self.strings(row[4]), section: row[5]))
        }
    }

    /// A JSON array of strings as the index stores it (`JSONText.array`); anything else reads
    /// as empty rather than failing the whole deck.
    static func strings(_ json: String) -> [String] {
        guard json != "[]" else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }
}

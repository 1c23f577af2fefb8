import Foundation
import GRDB
import GRDBSQLite

/// What the link resolver needs to know about notes: which notes have a name, and their paths.
protocol NoteNameLookup {
    func notes(_ kind: NoteDirectory.NameKind, _ key: String) -> [Int64]
    func path(of id: Int64) -> String?
}

/// Every name by which a note can be reached: its path, URL, slug, title and aliases, each as a
/// normalised key. Built from the index after all notes are known (or, for a small refresh,
/// only the part of it that the changed links and texts can touch); read by `LinkResolver` and
/// `MentionMatcher`.
struct NoteDirectory: Sendable, NoteNameLookup {
    enum NameKind: String, Sendable, CaseIterable {
        /// `joined`: a title or alias of several words written as one ("Route53").
        case path, url, slug, title, alias, aliasURL, keyword, joined
    }

    struct Entry: Sendable {
        var id: Int64
        var path: String
        var title: String
        var url: String
    }

    private(set) var entries: [Int64: Entry] = [:]
    private var names: [NameKind: [String: [Int64]]] = [:]
    /// Every name of every note, for mention matching.
    private(set) var namesByNote: [Int64: [(kind: NameKind, key: String)]] = [:]

    init() {}

    mutating func add(id: Int64, path: String, title: String, url: String) {
        entries[id] = Entry(id: id, path: path, title: title, url: url)
    }

    mutating func add(name key: String, kind: NameKind, for id: Int64) {
        guard !key.isEmpty else { return }
        names[kind, default: [:]][key, default: []].append(id)
        namesByNote[id, default: []].append((kind, key))
    }

    /// A note just written, with the names its rows were given: what `load` would read back.
    mutating func add(id: Int64, note: ParsedNote, names: [NoteRows.Name]) {
        add(id: id, path: note.path, title: note.title, url: note.url)
        for name in names { add(name: name.key, kind: name.kind, for: id) }
    }

    /// Notes that have `key` as a name of this kind, in id order.
    func notes(_ kind: NameKind, _ key: String) -> [Int64] {
        names[kind]?[key] ?? []
    }

    func path(of id: Int64) -> String? { entries[id]?.path }

    /// The names a note is known by, as they are written into the index for it.
    static func names(of note: ParsedNote) -> [(NameKind, String)] {
        var out: [(NameKind, String)] = [
            (.path, pathKey(note.path)), (.url, urlKey(note.url)), (.slug, TextNormalizer.key(note.slug)),
            (.title, TextNormalizer.key(note.title)),
        ]
        for alias in note.aliases {
            out.append(alias.hasPrefix("/") ? (.aliasURL, urlKey(alias)) : (.alias, TextNormalizer.key(alias)))
        }
        out += note.keywords.map { (.keyword, TextNormalizer.key($0)) }
        for (kind, key) in out where kind == .title || kind == .alias {
            let words = TextNormalizer.words(key)
            if words.count > 1 { out.append((.joined, words.joined())) }
        }
        return out
    }

    /// How a mention of this name starts: its first two words (or its only word). Stored with
    /// each mentionable name so a small refresh loads just the names its texts can contain.
    static func firstWord(of key: String, kind: NameKind) -> String? {
        switch kind {
        case .joined: return key
        case .title, .alias:
            let words = TextNormalizer.words(key)
            return words.isEmpty ? nil : words.prefix(2).joined(separator: " ")
        default: return nil
        }
    }

    /// Every word and pair of adjacent words of `text`: the starts of the names it may contain.
    static func nameStarts(in text: String) -> Set<String> {
        let words = TextNormalizer.words(text.lowercased())
        var starts = Set(words.map(String.init))
        for index in words.indices.dropLast() { starts.insert(words[index] + " " + words[index + 1]) }
        return starts
    }

    /// Every note and name in the index.
    static func load(_ db: Database) throws -> NoteDirectory {
        var directory = NoteDirectory()
        try RawRows.each(db, "SELECT id, path, title, url FROM note") { row in
            directory.add(id: sqlite3_column_int64(row, 0), path: RawRows.string(row, 1), title: RawRows.string(row, 2),
                          url: RawRows.string(row, 3))
        }
        try RawRows.each(db, "SELECT noteId, key, kind FROM noteName") { row in
            if let kind = NameKind(rawValue: RawRows.string(row, 2)) {
                directory.add(name: RawRows.string(row, 1), kind: kind, for: sqlite3_column_int64(row, 0))
            }
        }
        return directory
    }

    /// Only what a small refresh can touch: the names equal to `keys`, the mention names that
    /// start with one of `firstWords` (see `nameStarts`), every name of `notes`, and those notes' paths.
    static func load(_ db: Database, keys: Set<String>, firstWords: Set<String>, notes: Set<Int64>) throws -> NoteDirectory {
        var directory = NoteDirectory()
        var rows: [Row] = []
        let select = "SELECT noteId, key, kind FROM noteName WHERE"
        if !keys.isEmpty {
            rows += try Row.fetchAll(db, sql: "\(select) key IN (SELECT value FROM json_each(?))", arguments: [jsonArray(keys)])
        }
        if !firstWords.isEmpty {
            rows += try Row.fetchAll(db, sql: "\(select) firstWord IN (SELECT value FROM json_each(?))", arguments: [jsonArray(firstWords)])
        }
        if !notes.isEmpty {
            rows += try Row.fetchAll(db, sql: "\(select) noteId IN (SELECT value FROM json_each(?))",
                                     arguments: [jsonArray(notes.map(String.init))])
        }
        try directory.addNames(rows)
        // Paths are needed to name the candidates of an ambiguous link, not for mentions.
        if !keys.isEmpty {
            let ids = Set(rows.map { $0["noteId"] as Int64 }).union(notes)
            for row in try Row.fetchAll(db, sql: "SELECT id, path, title, url FROM note WHERE id IN (SELECT value FROM json_each(?))",
                                        arguments: [jsonArray(ids.map(String.init))]) {
                directory.add(id: row["id"], path: row["path"], title: row["title"], url: row["url"])
            }
        }
        return directory
    }

    private mutating func addNames(_ rows: [Row]) throws {
        for row in rows {
            if let kind = NameKind(rawValue: row["kind"]) { add(name: row["key"], kind: kind, for: row["noteId"]) }
        }
    }

    private static func jsonArray<S: Sequence>(_ values: S) -> String where S.Element == String {
        let data = (try? JSONSerialization.data(withJSONObject: Array(values))) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Paths compare case-insensitively and NFC-normalised.
    static func pathKey(_ path: String) -> String {
        TextNormalizer.key(path)
    }

    /// URLs compare with exactly one trailing slash.
    static func urlKey(_ url: String) -> String {
        var key = pathKey(url)
        if !key.hasPrefix("/") { key = "/" + key }
        while key.hasSuffix("/") && key.count > 1 { key.removeLast() }
        return key == "/" ? key : key + "/"
    }
}

import Foundation

/// Everything the writer stores for a note that takes work to compute: normalised name keys,
/// link lookup keys and the search columns. Prepared on the parsing
/// threads, so the single writer only binds values.
struct NoteRows: Sendable {
    struct Name: Sendable {
        var kind: NoteDirectory.NameKind
        var key: String
        var firstWord: String?
    }

    struct PreparedTerm: Sendable {
        var key: String
        var aliasKeys: [String]
        var aliasesJSON: String
    }

    var names: [Name]
    var linkKeys: [String]
    var terms: [PreparedTerm]
    var searchNames: String
    var searchTags: String
    var searchTerms: String
    var searchHeadings: String
    var nameWords: String

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(_ note: ParsedNote) {
        names = NoteDirectory.names(of: note).filter { !$0.1.isEmpty }.map {
            Name(kind: $0.0, key: $0.1, firstWord: NoteDirectory.firstWord(of: $0.1, kind: $0.0))
        }
        linkKeys = note.links.map { LinkTarget.lookupKey(for: $0, fromURL: note.url) }
        terms = note.terms.map { term in
            PreparedTerm(key: TextNormalizer.key(term.name), aliasKeys: term.aliases.map(TextNormalizer.key),
                         aliasesJSON: (try? Self.encoder.encode(term.aliases)).map { String(decoding: $0, as: UTF8.self) } ?? "[]")
        }
        searchNames = (note.aliases.filter { !$0.hasPrefix("/") } + note.keywords
            + [note.slug.replacingOccurrences(of: "-", with: " ")]).joined(separator: "\n")
        searchTags = (note.tags + note.categories).map(\.name).joined(separator: " ")
        searchTerms = note.terms.map { ([$0.name] + $0.aliases).joined(separator: " ") }.joined(separator: "\n")
        searchHeadings = ([note.description ?? ""] + note.sections.map(\.heading)).joined(separator: "\n")
        nameWords = [note.title, searchNames, searchTerms, searchHeadings].joined(separator: "\n")
    }

    /// The title and alias keys: when they change, other notes' mentions of this note change.
    var mentionNames: Set<String> { Set(names.filter { $0.kind == .title || $0.kind == .alias }.map(\.key)) }

    /// Names that links may use to reach this note (see `LinkRepair.lookupKeys`).
    var lookupKeys: Set<String> { Set(names.compactMap { LinkRepair.lookupKey($0.key, kind: $0.kind) }) }
}

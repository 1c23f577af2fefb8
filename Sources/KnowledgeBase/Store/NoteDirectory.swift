/// Every name by which a note can be reached: its path, URL, slug, title and aliases, each as a
/// normalised key. Built from the index after all notes are known; read by `LinkResolver`,
/// `NoteLocator` and `MentionMatcher`.
public struct NoteDirectory: Sendable {
    public enum NameKind: String, Sendable, CaseIterable {
        case path, url, slug, title, alias, aliasURL, keyword
    }

    public struct Entry: Sendable {
        public var id: Int64
        public var path: String
        public var title: String
        public var url: String
    }

    public private(set) var entries: [Int64: Entry] = [:]
    private var names: [NameKind: [String: [Int64]]] = [:]
    /// Every name of every note, for mention matching.
    public private(set) var namesByNote: [Int64: [(kind: NameKind, key: String)]] = [:]

    public init() {}

    public mutating func add(id: Int64, path: String, title: String, url: String) {
        entries[id] = Entry(id: id, path: path, title: title, url: url)
    }

    public mutating func add(name key: String, kind: NameKind, for id: Int64) {
        guard !key.isEmpty else { return }
        names[kind, default: [:]][key, default: []].append(id)
        namesByNote[id, default: []].append((kind, key))
    }

    /// Notes that have `key` as a name of this kind, in id order.
    public func notes(_ kind: NameKind, _ key: String) -> [Int64] {
        names[kind]?[key] ?? []
    }

    public func path(of id: Int64) -> String? { entries[id]?.path }

    /// The names a note is known by, as they are written into the index for it.
    public static func names(of note: ParsedNote) -> [(NameKind, String)] {
        var out: [(NameKind, String)] = [
            (.path, pathKey(note.path)), (.url, urlKey(note.url)), (.slug, TextNormalizer.key(note.slug)),
            (.title, TextNormalizer.key(note.title)),
        ]
        for alias in note.aliases {
            out.append(alias.hasPrefix("/") ? (.aliasURL, urlKey(alias)) : (.alias, TextNormalizer.key(alias)))
        }
        out += note.keywords.map { (.keyword, TextNormalizer.key($0)) }
        return out
    }

    /// Paths compare case-insensitively and NFC-normalised.
    public static func pathKey(_ path: String) -> String {
        TextNormalizer.key(path)
    }

    /// URLs compare with exactly one trailing slash.
    public static func urlKey(_ url: String) -> String {
        var key = pathKey(url)
        if !key.hasPrefix("/") { key = "/" + key }
        while key.hasSuffix("/") && key.count > 1 { key.removeLast() }
        return key == "/" ? key : key + "/"
    }
}

/// A compact binary form of a `ParsedNote`, for `ParsedNoteCache`. JSONDecoder takes about as
/// long to read a cached note back as the parser takes to make it, which would make the cache
/// pointless; this reads the fields back in order, each string as a length and its UTF-8
/// bytes. Any damage makes `decode` return nil.
enum ParsedNoteArchive {
    /// Changes whenever the layout below does, so an old entry is never misread.
    static let version: UInt8 = 1

    /// The note, and the size of the file it was parsed from, for the cache to check.
    static func encode(_ note: ParsedNote, sourceByteCount: Int) -> [UInt8] {
        var out = ArchiveWriter()
        out.bytes.append(version)
        out.count(sourceByteCount)
        out.string(note.path); out.string(note.slug); out.string(note.url); out.string(note.title)
        out.optional(note.description)
        out.list(note.tags) { $0.string($1.name); $0.string($1.key) }
        out.list(note.categories) { $0.string($1.name); $0.string($1.key) }
        out.list(note.aliases) { $0.string($1) }
        out.list(note.keywords) { $0.string($1) }
        out.optional(note.date)
        out.optional(note.weight.map(String.init))
        out.count(note.draft ? 1 : 0)
        out.string(note.frontMatterJSON)
        out.list(note.sections) { $0.count($1.level); $0.string($1.heading); $0.string($1.anchor); $0.string($1.text) }
        out.list(note.terms) { out, term in
            out.string(term.name); out.string(term.definition); out.optional(term.parent)
            out.list(term.aliases) { $0.string($1) }
            out.optional(term.section)
        }
        out.list(note.links) { out, link in
            out.string(link.label); out.string(link.target); out.optional(link.anchor)
            out.string(link.kind.rawValue); out.optional(link.host); out.optional(link.section)
        }
        out.list(note.questions) { out, question in
            out.string(question.label); out.string(question.stem)
            out.list(question.options) { $0.string($1.label); $0.string($1.text); $0.count($1.correct ? 1 : 0) }
            out.count(question.answerCount); out.optional(question.answer); out.string(question.explanation)
            out.list(question.explanationLinks) { $0.string($1) }
        }
        out.list(note.facts) { $0.string($1.key); $0.string($1.value); $0.optional($1.section) }
        out.list(note.tables) { out, table in
            out.optional(table.section)
            out.list(table.header) { $0.string($1) }
            out.list(table.rows) { out, row in out.list(row) { $0.string($1) } }
        }
        out.string(note.body)
        out.list(note.warnings) { $0.string($1) }
        return out.bytes
    }

    static func decode(_ bytes: [UInt8]) -> (note: ParsedNote, sourceByteCount: Int)? {
        var input = ArchiveReader(bytes: bytes)
        do {
            guard try input.byte() == version else { return nil }
            let sourceByteCount = try input.count()
            var note = ParsedNote(path: try input.string(), slug: try input.string(), url: try input.string(), title: try input.string())
            note.description = try input.optional()
            note.tags = try input.list { var label = Label(""); label.name = try $0.string(); label.key = try $0.string(); return label }
            note.categories = try input.list { var label = Label(""); label.name = try $0.string(); label.key = try $0.string(); return label }
            note.aliases = try input.list { try $0.string() }
            note.keywords = try input.list { try $0.string() }
            note.date = try input.optional()
            note.weight = try input.optional().flatMap { Int($0) }
            note.draft = try input.count() == 1
            note.frontMatterJSON = try input.string()
            note.sections = try input.list { Section(level: try $0.count(), heading: try $0.string(), anchor: try $0.string(), text: try $0.string()) }
            note.terms = try input.list { input in
                Term(name: try input.string(), definition: try input.string(), parent: try input.optional(),
                     aliases: try input.list { try $0.string() }, section: try input.optional())
            }
            note.links = try input.list { input in
                let label = try input.string(), target = try input.string(), anchor = try input.optional()
                guard let kind = Link.Kind(rawValue: try input.string()) else { throw ArchiveReader.Damaged() }
                return Link(label: label, target: target, anchor: anchor, kind: kind, host: try input.optional(), section: try input.optional())
            }
            note.questions = try input.list { input in
                Question(label: try input.string(), stem: try input.string(),
                         options: try input.list { AnswerOption(label: try $0.string(), text: try $0.string(), correct: try $0.count() == 1) },
                         answerCount: try input.count(), answer: try input.optional(), explanation: try input.string(),
                         explanationLinks: try input.list { try $0.string() })
            }
            note.facts = try input.list { Fact(key: try $0.string(), value: try $0.string(), section: try $0.optional()) }
            note.tables = try input.list { input in
                Table(section: try input.optional(), header: try input.list { try $0.string() },
                      rows: try input.list { input in try input.list { try $0.string() } })
            }
            note.body = try input.string()
            note.warnings = try input.list { try $0.string() }
            return input.atEnd ? (note, sourceByteCount) : nil
        } catch {
            return nil
        }
    }
}

private struct ArchiveWriter {
    var bytes: [UInt8] = []

    /// A non-negative number, seven bits a byte (LEB128).
    mutating func count(_ value: Int) {
        var rest = UInt64(max(0, value))
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func string(_ text: String) {
        count(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func optional(_ text: String?) {
        if let text {
            bytes.append(1)
            string(text)
        } else {
            bytes.append(0)
        }
    }

    mutating func list<T>(_ items: [T], _ write: (inout ArchiveWriter, T) -> Void) {
        count(items.count)
        for item in items { write(&self, item) }
    }
}

private struct ArchiveReader {
    struct Damaged: Error {}
    let bytes: [UInt8]
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw Damaged() }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func count() throws -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 63 else { throw Damaged() }
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { break }
            shift += 7
        }
        guard value <= UInt64(bytes.count) * 8 + 64 else { throw Damaged() }
        return Int(value)
    }

    mutating func string() throws -> String {
        let length = try count()
        guard length <= bytes.count - offset else { throw Damaged() }
        defer { offset += length }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }

    mutating func optional() throws -> String? {
        try byte() == 1 ? try string() : nil
    }

    mutating func list<T>(_ read: (inout ArchiveReader) throws -> T) throws -> [T] {
        let items = try count()
        // Every item takes at least a byte: a damaged count cannot reserve more than that.
        guard items <= bytes.count - offset else { throw Damaged() }
        var out: [T] = []
        out.reserveCapacity(items)
        for _ in 0..<items { out.append(try read(&self)) }
        return out
    }
}

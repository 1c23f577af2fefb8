import Foundation
import KnowledgeBase

/// Renaming a tag in every note that carries it: the front-matter `tags` entries and the
/// inline `#tag`s, matched whole and case-insensitively.
extension LanguageServer {
    /// UTF-8 ranges of `tag` in `text`: in the front matter's `tags` key, and as `#tag` in the body.
    static func tagRanges(_ tag: String, in text: String) -> [Range<Int>] {
        let document = TextDocument(uri: "", version: 0, text: text)
        let bodyStart = LinkSpanScanner.frontMatterEnd(Array(text.utf8))
        var out: [Range<Int>] = []
        var inTags = false, inFence = false
        for number in 0..<document.lineCount {
            let range = document.lineRange(number)
            let line = document.line(number)
            if range.lowerBound < bodyStart {
                let isKey = !(line.first?.isWhitespace ?? true) && line.first != "-"
                if isKey { inTags = line.lowercased().hasPrefix("tags:") || line.lowercased().hasPrefix("tags =") }
                if inTags { out += matches(of: tag, in: line, at: range.lowerBound, hashed: false) }
                continue
            }
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); continue }
            if !inFence { out += matches(of: tag, in: line, at: range.lowerBound, hashed: true) }
        }
        return out
    }

    private static func isTagCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-" || character == "/"
    }

    /// Whole-word matches of `tag` in `line` (after a `#` that starts a word when `hashed`).
    private static func matches(of tag: String, in line: String, at lineStart: Int, hashed: Bool) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var search = line.startIndex..<line.endIndex
        while let found = line.range(of: tag, options: .caseInsensitive, range: search) {
            search = found.upperBound..<line.endIndex
            let after = found.upperBound < line.endIndex ? line[found.upperBound] : " "
            guard !isTagCharacter(after) else { continue }
            if hashed {
                guard found.lowerBound > line.startIndex, line[line.index(before: found.lowerBound)] == "#" else { continue }
                let hash = line.index(before: found.lowerBound)
                guard hash == line.startIndex || line[line.index(before: hash)].isWhitespace else { continue }
            } else if found.lowerBound > line.startIndex, isTagCharacter(line[line.index(before: found.lowerBound)]) {
                continue
            }
            let start = lineStart + line.utf8.distance(from: line.startIndex, to: found.lowerBound)
            out.append(start..<start + line[found].utf8.count)
        }
        return out
    }

    func renameTag(_ name: String, to newName: String) throws -> JSONValue {
        guard let index else { return .null }
        guard newName.allSatisfy(Self.isTagCharacter) else { throw RequestError(code: -32602, message: "a tag is one word: letters, digits, _, - or /") }
        var sources = Set(try index.notes(taggedWith: TextNormalizer.key(name)))
        for open in documents.values { if let path = corpusPath(of: open.uri) { sources.insert(path) } }
        var changes: [JSONValue] = []
        for source in sources.sorted() {
            guard let text = text(ofCorpusPath: source) else { continue }
            let open = document(atCorpusPath: source)
            let document = open ?? TextDocument(uri: uri(ofCorpusPath: source), version: 0, text: text)
            let edits = Self.tagRanges(name, in: text).map { TextEdit(range: document.range(of: $0, encoding: encoding), newText: newName) }
            if edits.isEmpty { continue }
            changes.append(try WorkspaceEditBuilder.textDocumentEdit(uri: open?.uri ?? uri(ofCorpusPath: source), version: open?.version, edits: edits))
        }
        return .object(["documentChanges": .array(changes)])
    }
}

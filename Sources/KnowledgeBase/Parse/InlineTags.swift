/// Obsidian's inline tags in a note's text: `#tag` and nested `#area/sub`, after a space or at
/// the start of a line, made of letters, digits, `_`, `-` and `/`, with at least one character
/// that is not a digit (`#123` is an issue number, not a tag). Code is never read for them.
enum InlineTags {
    static func find(in text: String) -> [String] {
        guard text.containsByte(UInt8(ascii: "#")) else { return [] }
        var tags: [String] = []
        var previous: Character = " "
        var index = text.startIndex
        while index < text.endIndex {
            let char = text[index]
            if char == "#", previous.isWhitespace {
                var end = text.index(after: index)
                while end < text.endIndex, isTagCharacter(text[end]) { end = text.index(after: end) }
                var tag = text[text.index(after: index)..<end]
                while tag.hasSuffix("/") { tag = tag.dropLast() }
                while tag.hasPrefix("/") { tag = tag.dropFirst() }
                if !tag.isEmpty, tag.contains(where: { !$0.isNumber }) { tags.append(String(tag)) }
                previous = end > index ? text[text.index(before: end)] : char
                index = end
                continue
            }
            previous = char
            index = text.index(after: index)
        }
        return tags
    }

    private static func isTagCharacter(_ char: Character) -> Bool {
        char.isLetter || char.isNumber || char == "_" || char == "-" || char == "/"
    }
}

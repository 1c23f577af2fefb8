import Foundation
import KnowledgeBase

/// A card's stored text, written by hand as `JSONEncoder` with sorted keys writes it (slashes
/// escaped too), so texts stored by either compare equal. Every card of every note passes
/// through here on each sync, and JSONEncoder's boxing of each value was most of a sync's cost.
enum CardJSON {
    static func text(of card: StudyCard) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out += "{\"answer\":".utf8
        append(card.answer, to: &out)
        out += ",\"explanation\":".utf8
        append(card.explanation, to: &out)
        out += ",\"key\":".utf8
        append(card.key, to: &out)
        out += ",\"kind\":".utf8
        append(card.kind.rawValue, to: &out)
        out += ",\"links\":".utf8
        append(card.links, to: &out)
        out += ",\"notePath\":".utf8
        append(card.notePath, to: &out)
        out += ",\"noteTitle\":".utf8
        append(card.noteTitle, to: &out)
        out += ",\"options\":[".utf8
        for (index, option) in card.options.enumerated() {
            out += (index > 0 ? ",{\"correct\":" : "{\"correct\":").utf8
            out += (option.correct ? "true" : "false").utf8
            out += ",\"label\":".utf8
            append(option.label, to: &out)
            out += ",\"text\":".utf8
            append(option.text, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out += "],\"prompt\":".utf8
        append(card.prompt, to: &out)
        out += ",\"tags\":".utf8
        append(card.tags, to: &out)
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ strings: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            append(string, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func append(_ string: String, to out: inout [UInt8]) {
        JSONText.appendString(string, to: &out, escapingSlashes: true)
    }
}

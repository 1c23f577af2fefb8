import Foundation
import KnowledgeBase

/// The ATX headings (`## Text`) of a Markdown text, outside front matter and code blocks, with
/// the UTF-8 range of each heading's text.
struct SourceHeading {
    var line: Int
    var level: Int
    var text: String
    var textRange: Range<Int>
    var lineRange: Range<Int>

    static func all(in document: TextDocument) -> [SourceHeading] {
        var headings: [SourceHeading] = []
        var inFence = false
        let bodyStart = LinkSpanScanner.frontMatterEnd(Array(document.text.utf8))
        for number in 0..<document.lineCount {
            let range = document.lineRange(number)
            if range.lowerBound < bodyStart { continue }
            let line = document.line(number)
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence || !line.hasPrefix("#") { continue }
            let hashes = line.prefix(while: { $0 == "#" }).count
            guard hashes <= 6, line.count == hashes || line.dropFirst(hashes).first == " " else { continue }
            let afterHashes = line.utf8.count - line.dropFirst(hashes).utf8.count
            let rest = line.dropFirst(hashes)
            let leading = rest.prefix(while: { $0 == " " }).utf8.count
            let text = rest.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: #"\s+#+$"#, with: "", options: .regularExpression)
            let start = range.lowerBound + afterHashes + leading
            headings.append(SourceHeading(line: number, level: hashes, text: text,
                                          textRange: start..<min(start + text.utf8.count, range.upperBound), lineRange: range))
        }
        return headings
    }
}

import CTOMLBridge
import Foundation

/// Reads TOML (Hugo front matter between `+++` fences, and `hugo.toml` site configurations)
/// with toml++, through the C entry point in `CTOMLBridge`, into the same value tree YAML and
/// JSON front matter give.
///
/// toml++ reports the document as JSON, so tables become objects, arrays of tables arrays of
/// objects, and dates and times their TOML text. A document that is not valid TOML throws a
/// `FrontMatterError` naming toml++'s reason and the line; nothing is half read.
enum TOMLReader {
    /// The document's top-level table. `firstLine` is the file line `text` starts on, so an
    /// error names the line of the file rather than of the front matter.
    static func read(_ text: String, firstLine: Int = 1) throws -> [String: FrontMatterValue] {
        var json: UnsafeMutablePointer<CChar>?
        var error: UnsafeMutablePointer<CChar>?
        var line = 0
        var text = text
        let parsed = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                kb_toml_to_json(chars.baseAddress, chars.count, &json, &error, &line)
            }
        }
        defer {
            kb_toml_free(json)
            kb_toml_free(error)
        }
        guard parsed == 1, let json else {
            let reason = error.map { String(cString: $0) } ?? "the TOML reader ran out of memory"
            throw FrontMatterError(line > 0 ? "\(reason) at line \(line + firstLine - 1)" : reason)
        }
        let value = try JSONDecoder().decode(FrontMatterValue.self, from: Data(bytes: json, count: strlen(json)))
        guard case .object(let fields) = value else { throw FrontMatterError("TOML did not read as a table") }
        return fields
    }
}

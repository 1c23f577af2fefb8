import Foundation
import TOMLKit

/// Reads TOML (a note's `+++` front matter, a Hugo site's `hugo.toml`) with TOMLKit, turning its
/// tables and values into `FrontMatterValue`s. Dates and times stay the text written, as they do
/// in YAML front matter.
///
/// TOMLKit 0.6.0 never frees what it allocates: the parsed table, and each string, number, date
/// and key list read from it, stay allocated for the life of the process, some kilobytes for
/// each front matter read (indexing 4,000 notes with 350 bytes of TOML each peaked 15 MB above
/// the same notes in YAML). tools/lsan.supp lists these leaks for the fuzzer.
enum TOMLReader {
    /// The document's keys, or a `FrontMatterError` naming TOMLKit's problem and where it is:
    /// `lineOffset` is added to TOMLKit's line, so that it counts in the whole file.
    static func fields(_ raw: String, lineOffset: Int = 0) throws -> [String: FrontMatterValue] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: raw)
        } catch let error as TOMLParseError {
            let position = error.source.begin
            throw FrontMatterError("\(error.description) at line \(position.line + lineOffset), column \(position.column)")
        }
        return object(table, raw: raw, depth: 0)
    }

    /// As deep as a value is read, like YAML front matter; deeper ones are null.
    private static let depthLimit = 64

    private static func object(_ table: TOMLTable, raw: String, depth: Int) -> [String: FrontMatterValue] {
        var fields: [String: FrontMatterValue] = [:]
        for (key, item) in table {
            fields[key] = value(item.tomlValue, raw: raw, depth: depth + 1)
        }
        return fields
    }

    private static func value(_ item: TOMLValue, raw: String, depth: Int) -> FrontMatterValue {
        guard depth < depthLimit else { return .null }
        switch item.type {
        case .table: return item.table.map { .object(object($0, raw: raw, depth: depth)) } ?? .null
        case .array: return item.array.map { .array($0.map { value($0.tomlValue, raw: raw, depth: depth + 1) }) } ?? .null
        case .string: return item.string.map { .string($0) } ?? .null
        case .int: return item.int.map { .int($0) } ?? .null
        case .double: return item.double.map { .double($0) } ?? .null
        case .bool: return item.bool.map { .bool($0) } ?? .null
        case .date: return item.date.map { .string(DateText.written(date: $0, time: nil, offset: nil, in: raw)) } ?? .null
        case .time: return item.time.map { .string(DateText.written(date: nil, time: $0, offset: nil, in: raw)) } ?? .null
        case .dateTime:
            guard let dateTime = item.dateTime else { return .null }
            // Typed, or `date` and `time` would be TOMLValueConvertible's, nil for a date-time.
            let date: TOMLDate = dateTime.date, time: TOMLTime = dateTime.time
            return .string(DateText.written(date: date, time: time, offset: dateTime.offset, in: raw))
        }
    }
}

/// The text of a TOML date or time as written. TOMLKit gives its parts only, and TOML allows a
/// few spellings of the same instant (`T`, `t` or a space between date and time; `Z`, `z` or
/// `+00:00`; any number of fraction digits), so each spelling of these parts is looked for in
/// the document, the usual one (RFC 3339 with `T` and `Z`) first, and the first that stands
/// there as a whole value is the one written. When none does, the usual spelling is used. (Two
/// values of one instant spelled two ways in one document both take the spelling found first.)
enum DateText {
    static func written(date: TOMLDate?, time: TOMLTime?, offset: TOMLTimeOffset?, in raw: String) -> String {
        let spellings = self.spellings(date: date, time: time, offset: offset)
        guard spellings.count > 1 else { return spellings[0] }
        return spellings.first { standsAlone($0, in: raw) } ?? spellings[0]
    }

    static func spellings(date: TOMLDate?, time: TOMLTime?, offset: TOMLTimeOffset?) -> [String] {
        let day = date.map { "\(pad($0.year, 4))-\(pad($0.month, 2))-\(pad($0.day, 2))" }
        guard let time else { return [day ?? ""] }
        let clock = "\(pad(time.hour, 2)):\(pad(time.minute, 2)):\(pad(time.second, 2))"
        // The fraction's nine digits; the fewest that hold it, then each longer spelling.
        let nanos = pad(time.nanoSecond, 9)
        let shortest = nanos.reversed().drop { $0 == "0" }.count
        let fractions = (shortest...9).map { $0 == 0 ? "" : "." + nanos.prefix($0) }
        let zones: [String]
        switch offset {
        case nil: zones = [""]
        case let offset? where offset.offset == 0: zones = ["Z", "z", "+00:00", "-00:00"]
        case let offset?:
            let minutes = abs(offset.offset)
            zones = ["\(offset.offset < 0 ? "-" : "+")\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2))"]
        }
        var out: [String] = []
        for separator in day == nil ? [""] : ["T", " ", "t"] {
            for fraction in fractions {
                for zone in zones { out.append((day.map { $0 + separator } ?? "") + clock + fraction + zone) }
            }
        }
        return out
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// What can go on a date or time, either side of it.
    private static let continues = Set("0123456789.:+-TtZz")

    /// `text` occurs in `raw` with nothing that could go on a date or time on either side.
    private static func standsAlone(_ text: String, in raw: String) -> Bool {
        var searchFrom = raw.startIndex
        while let found = raw.range(of: text, range: searchFrom..<raw.endIndex) {
            let before = found.lowerBound > raw.startIndex ? raw[raw.index(before: found.lowerBound)] : nil
            let after = found.upperBound < raw.endIndex ? raw[found.upperBound] : nil
            if !(before.map(continues.contains) ?? false), !(after.map(continues.contains) ?? false) { return true }
            searchFrom = raw.index(after: found.lowerBound)
        }
        return false
    }
}

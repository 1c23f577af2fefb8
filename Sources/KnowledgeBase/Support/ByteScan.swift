#if canImport(Glibc)
import Glibc
#endif

extension UInt8 {
    /// An ASCII letter of either case (setting bit 5 lower-cases it).
    var isASCIILetter: Bool { (self | 0x20) &- 0x61 < 26 }

    /// `0` to `9`.
    var isASCIIDigit: Bool { self &- 0x30 < 10 }

    /// The byte with an ASCII capital lower-cased; any other byte as it is.
    var asciiLowercased: UInt8 { self &- 0x41 < 26 ? self | 0x20 : self }

    /// A space, a tab or a line break: for an ASCII byte, what `Character.isWhitespace` says
    /// of the Character it starts.
    var isASCIIWhitespace: Bool { self == 0x20 || (0x09...0x0D).contains(self) }
}

extension StringProtocol {
    /// True when the UTF-8 text holds `byte`. `memchr` over the contiguous bytes: the generic
    /// `utf8.contains` walks an iterator byte by byte, and the extractors ask this of every
    /// text node of every note.
    func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            bytes.isEmpty ? false : memchr(bytes.baseAddress!, Int32(byte), bytes.count) != nil
        } ?? utf8.contains(byte)
    }
}

extension String {
    /// True when the UTF-8 text holds `needle`'s bytes in a row: `memchr` finds each place
    /// its first byte occurs, and only there are the rest compared.
    func containsBytes(_ needle: StaticString) -> Bool {
        let length = needle.utf8CodeUnitCount
        return utf8.withContiguousStorageIfAvailable { bytes in
            guard var cursor = bytes.baseAddress, length > 0 else { return length == 0 }
            let end = cursor + bytes.count
            while end - cursor >= length, let found = memchr(cursor, Int32(needle.utf8Start[0]), end - cursor) {
                let at = found.assumingMemoryBound(to: UInt8.self)
                if end - UnsafePointer(at) >= length, memcmp(at, needle.utf8Start, length) == 0 { return true }
                cursor = UnsafePointer(at) + 1
            }
            return false
        } ?? contains(needle.description)
    }

    /// The index of the first `byte` at or after `start`, found with `memchr`: the generic
    /// `utf8.firstIndex(of:)` steps an index byte by byte, and this runs over whole bodies.
    func firstIndex(ofByte byte: UInt8, from start: Index) -> Index? {
        let offset = utf8.distance(from: utf8.startIndex, to: start)
        let found: Int?? = utf8.withContiguousStorageIfAvailable { bytes in
            guard offset < bytes.count, let base = bytes.baseAddress,
                  let hit = memchr(base + offset, Int32(byte), bytes.count - offset) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        guard let found else { return utf8[start...].firstIndex(of: byte) }
        return found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }

    /// Every byte is ASCII. Such text has one Character per byte (CR LF aside), so code that
    /// reads its bytes gives what code reading its Characters gives.
    var isAllASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }

    /// The text without leading and trailing spaces and tabs; see `Substring.trimmingSpaces()`.
    func trimmingSpaces() -> String { self[...].trimmingSpaces() }

    /// The parts between `/`s, empty ones dropped, as `split(separator: "/")` gives them.
    /// ASCII text (nearly every path and URL) is split as bytes, which is much cheaper; other
    /// text by Character, where a `/` joined to a following combining mark is no separator.
    func slashComponents() -> [Substring] {
        guard isAllASCII else { return split(separator: "/") }
        return utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs (Unicode space separators
    /// included): what `trimmingCharacters(in: .whitespaces)` returns, without its round trip
    /// through NSString, which the parsers would pay for on many lines of every note.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isInlineSpace }),
              let last = scalars.lastIndex(where: { !$0.isInlineSpace }) else { return "" }
        return String(Substring(scalars[first...last]))
    }
}

extension Unicode.Scalar {
    /// Tab or a space separator (general category Zs): `CharacterSet.whitespaces`.
    var isInlineSpace: Bool {
        value == 0x20 || value == 0x09 || (value >= 0x80 && properties.generalCategory == .spaceSeparator)
    }
}

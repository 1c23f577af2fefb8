#if canImport(Glibc)
import Glibc
#endif

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

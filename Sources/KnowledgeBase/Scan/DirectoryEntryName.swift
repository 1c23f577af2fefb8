#if canImport(Glibc)
import Glibc
#endif

/// The name of a directory entry that `readdir` returned, read where it lies.
///
/// The kernel packs entries at their own lengths, so the last one in `readdir`'s buffer can end
/// before the 256 bytes `dirent.d_name` declares: loading `entry.pointee.d_name` copied the whole
/// array and read past the buffer (AddressSanitizer caught it on a 3,000-file folder). The name
/// itself always ends with a NUL inside the entry.
func directoryEntryName(_ entry: UnsafeMutablePointer<dirent>) -> UnsafePointer<CChar> {
    let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    return UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self)
}

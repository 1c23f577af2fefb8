/// 64-bit FNV-1a: a fast hash, enough to tell an edited file from a touched one and to key
/// words and paths by their bytes.
enum FNV1a {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = offset
        for byte in bytes { hash = step(hash, byte) }
        return hash
    }

    /// Folds one more byte into `hash`.
    @inline(__always)
    static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* prime
    }
}

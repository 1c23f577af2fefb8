import Foundation

/// Paths with the (mtime, size) a scan saw, packed back to back in one NUL-separated buffer.
/// The freshness check before every query reads and stats every known file and folder; kept
/// as bytes, 15k paths cost one buffer instead of 15k Strings, and go to `fstatat` as they are.
struct PathListing: Sendable, Equatable {
    private var bytes: [UInt8] = []
    private var starts: [Int] = []
    private(set) var modified: [Double] = []
    private(set) var sizes: [Int64] = []

    init() {}

    init(_ files: [ScannedFile]) {
        for file in files { append(file.path, modified: file.modified, size: file.size) }
    }

    var count: Int { starts.count }
    var isEmpty: Bool { starts.isEmpty }

    mutating func append(_ path: String, modified: Double, size: Int64) {
        append(path.utf8, modified: modified, size: size)
    }

    /// Appends a path given as UTF-8 bytes (from SQLite, say) without making a String of it.
    mutating func append(_ path: some Collection<UInt8>, modified: Double, size: Int64) {
        starts.append(bytes.count)
        bytes.append(contentsOf: path)
        bytes.append(0)
        self.modified.append(modified)
        sizes.append(size)
    }

    func path(at index: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(cString: buffer.baseAddress! + starts[index])
        }
    }

    func file(at index: Int) -> ScannedFile {
        ScannedFile(path: path(at: index), modified: modified[index], size: sizes[index])
    }

    var files: [ScannedFile] { (0..<count).map(file(at:)) }

    /// Calls `body` with the NUL-terminated path at each index in `range`.
    func forEachPath(in range: Range<Int>, _ body: (Int, UnsafePointer<CChar>) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            for index in range { body(index, base + starts[index]) }
        }
    }

    /// Appends the listing to `out` as raw arrays, for `init(unpacking:at:)` to copy back
    /// with a few block reads instead of one row per path.
    func pack(into out: inout [UInt8]) {
        func put<T>(_ values: [T]) { values.withUnsafeBytes { out.append(contentsOf: $0) } }
        put(packedHeader)
        put(modified)
        put(sizes)
        put(starts.map(Int64.init))
        put(bytes)
    }

    /// The two numbers a packed listing starts with: how many paths, and their bytes.
    var packedHeader: [Int64] { [Int64(count), Int64(bytes.count)] }

    /// How many bytes `pack` writes for this listing.
    var packedCount: Int { 16 + 24 * count + bytes.count }

    /// Where `pack` puts path `index`'s mtime and size, from the listing's first byte: a
    /// stored snapshot is updated there in place when only known paths moved.
    func packedOffsets(of index: Int) -> (modified: Int, size: Int) {
        (16 + 8 * index, 16 + 8 * count + 8 * index)
    }

    /// Reads a listing `pack` wrote from `packed` at `offset`, and moves `offset` past it; nil
    /// when the bytes do not hold a well-formed listing (every path NUL-terminated, in order).
    init?(unpacking packed: some PackedBytes, at offset: inout Int) {
        func take<T>(_ type: T.Type, _ count: Int) -> [T]? {
            // Checked before multiplying: a damaged count must not overflow.
            guard count >= 0, count <= (packed.count - offset) / MemoryLayout<T>.stride else { return nil }
            let length = count * MemoryLayout<T>.stride
            var copied = true
            let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                copied = length == 0 || packed.copy(into: UnsafeMutableRawBufferPointer(buffer), from: offset)
                initialized = copied ? count : 0
            }
            offset += length
            return copied ? values : nil
        }
        // Starts are stored as Int64 and read back as Int: the same bytes on a 64-bit machine.
        guard MemoryLayout<Int>.size == 8, let header = take(Int64.self, 2),
              let modified = take(Double.self, Int(header[0])), let sizes = take(Int64.self, Int(header[0])),
              let starts = take(Int.self, Int(header[0])), let bytes = take(UInt8.self, Int(header[1]))
        else { return nil }
        // Paths start in order, each right after a NUL, and the last one ends with one: a read
        // of any path stops inside the buffer.
        guard starts.isEmpty ? bytes.isEmpty : starts[0] == 0 && bytes.last == 0 else { return nil }
        for (previous, start) in zip(starts, starts.dropFirst()) {
            guard start > previous, start < bytes.count, bytes[start - 1] == 0 else { return nil }
        }
        self.bytes = bytes
        self.starts = starts
        self.modified = modified
        self.sizes = sizes
    }

    /// Index of every path, for finding which names in a re-listed folder are new. Keyed by a
    /// hash of the bytes and confirmed byte for byte, so no String per path is made.
    func makeIndex() -> PathIndex { PathIndex(self) }

    struct PathIndex: Sendable {
        private var slots: [UInt64: [Int]] = [:]
        private let listing: PathListing

        init(_ listing: PathListing) {
            self.listing = listing
            listing.forEachPath(in: 0..<listing.count) { index, path in
                slots[FNV1a.hash(UnsafeRawBufferPointer(start: path, count: strlen(path))), default: []].append(index)
            }
        }

        func contains(_ path: String) -> Bool { index(of: path) != nil }

        /// The position of `path` in the listing, if it is there.
        func index(of path: String) -> Int? {
            var path = path
            return path.withUTF8 { utf8 in
                guard let candidates = slots[FNV1a.hash(UnsafeRawBufferPointer(utf8))] else { return nil }
                return candidates.first { index in
                    var same = false
                    listing.forEachPath(in: index..<index + 1) { _, stored in
                        same = strlen(stored) == utf8.count && (utf8.isEmpty || memcmp(stored, utf8.baseAddress!, utf8.count) == 0)
                    }
                    return same
                }
            }
        }
    }
}

/// Bytes a packed listing is read from: a buffer, or an SQLite blob read in place.
protocol PackedBytes {
    var count: Int { get }
    /// Copies `destination.count` bytes from `offset` on into `destination`; false on failure.
    func copy(into destination: UnsafeMutableRawBufferPointer, from offset: Int) -> Bool
}

extension UnsafeRawBufferPointer: PackedBytes {
    func copy(into destination: UnsafeMutableRawBufferPointer, from offset: Int) -> Bool {
        destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: self[offset..<offset + destination.count]))
        return true
    }
}

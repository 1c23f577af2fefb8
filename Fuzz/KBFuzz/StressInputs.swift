import Foundation

/// The files a stress run parses: every regular file under the given paths, hidden folders
/// included (a fuzzer's corpus keeps its inputs under hashed names), each read once.
enum StressInputs {
    /// Files larger than this are left out: the stress run is about many parses at once, and
    /// the fuzzer's own limit on an input is 64 KB.
    static let largestFile = 1 << 20

    static func load<S: Sequence>(_ paths: S) -> [Data] where S.Element == String {
        var inputs: [Data] = []
        for path in paths {
            guard let walker = FileManager.default.enumerator(atPath: path) else {
                if let data = FileManager.default.contents(atPath: path) { inputs.append(data) }
                continue
            }
            while let relative = walker.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(relative)
                guard let attributes = walker.fileAttributes,
                      attributes[.type] as? FileAttributeType == .typeRegular,
                      let size = attributes[.size] as? Int, size <= largestFile,
                      let data = FileManager.default.contents(atPath: full) else { continue }
                inputs.append(data)
            }
        }
        return inputs
    }
}

import Foundation
import KnowledgeBase
#if KB_FUZZ
import CFuzzDriver
#endif

/// One fuzz input goes through every parser kb exposes to untrusted text: the note parser as
/// Markdown and as HTML (front matter, cmark-gfm, libxml2, all extractors), the link helpers
/// on every link it finds, and the search-query builder. Any crash, hang or sanitizer report
/// is a bug: kb promises that no input file or query can bring it down.
func fuzzOne(_ data: Data) {
    for path in ["fuzz/note.md", "fuzz/page.html"] {
        let note = NoteParser.parse(data, path: path)
        for link in note.links {
            _ = LinkTarget.lookupKey(for: link, urlComponents: note.url.split(separator: "/").map(String.init))
            _ = LinkTarget.normalize(["fuzz"], LinkTarget.strip(link.target))
        }
    }
    let text = String(decoding: data, as: UTF8.self)
    _ = FrontMatterParser.parse(text)
    _ = LinkClassifier.wikilinks(in: text, section: nil)
    _ = AcronymFinder.pairs(in: text)
    // Queries are typed, so a query-sized prefix.
    _ = QueryText(String(text.prefix(200))).all
}

#if KB_FUZZ
var arguments = CommandLine.arguments
var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
var count = Int32(arguments.count)
let status = cArguments.withUnsafeMutableBufferPointer { buffer -> Int32 in
    var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
    return LLVMFuzzerRunDriver(&count, &pointer) { bytes, size in
        fuzzOne(Data(bytes: UnsafeRawPointer(bytes!), count: size))
        return 0
    }
}
exit(status)
#else
// Built without the fuzzer (a plain `swift build`): replay the files named on the command
// line instead, which is how a crash found by `tools/fuzz` is reproduced under a debugger.
// `--stress ROUNDS PATH…` is `tools/sanitize`'s harness: every file under the paths goes
// through every parser on every core at once, ROUNDS times, so that a sanitizer sees the
// parsers and their C libraries running side by side.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--stress", arguments.count >= 2, let rounds = Int(arguments[1]) {
    let inputs = StressInputs.load(arguments.dropFirst(2))
    let cores = ProcessInfo.processInfo.activeProcessorCount
    FileHandle.standardError.write(Data("kb-fuzz: \(inputs.count) files, \(rounds) rounds on \(cores) cores\n".utf8))
    for _ in 0..<rounds {
        // Each core takes a stride of the files, every core starting at another file.
        DispatchQueue.concurrentPerform(iterations: cores * 4) { worker in
            for index in stride(from: worker, to: inputs.count, by: cores * 4) { fuzzOne(inputs[index]) }
        }
    }
} else {
    for path in arguments {
        if let data = FileManager.default.contents(atPath: path) { fuzzOne(data) }
    }
}
#endif

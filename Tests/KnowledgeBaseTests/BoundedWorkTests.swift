import Foundation
import Testing
@testable import KnowledgeBase

/// Every input costs time linear in its size (issue 19). Each note here is built at a size at
/// which the quadratic code it pins down took from many seconds to minutes; the time limit is
/// only a guard against a hang, never a timing assertion.
@Suite struct BoundedWorkTests {
    private func parse(_ text: String, path: String = "note.md") -> ParsedNote {
        NoteParser.parse(Data(text.utf8), path: path)
    }

    // MARK: Wikilinks

    @Test(.timeLimit(.minutes(1))) func eightThousandWikilinksOnOneLineAreAllExtracted() {
        let text = (0..<8_000).map { "[[w\($0)]]" }.joined(separator: " ") + "\n"
        let links = parse(text).links.filter { $0.kind == .wiki }
        #expect(links.count == 8_000)
        #expect(links.first?.target == "w0")
        #expect(links.last?.target == "w7999")
    }

    @Test(.timeLimit(.minutes(1))) func aHundredThousandWikilinksAreScannedInOnePass() {
        let text = (0..<100_000).map { "[[w\($0)|label \($0)]]" }.joined(separator: " ")
        let links = LinkClassifier.wikilinks(in: text, section: nil)
        #expect(links.count == 100_000)
        #expect(links[12_345].target == "w12345")
        #expect(links[12_345].label == "label 12345")
    }

    @Test(.timeLimit(.minutes(1))) func fiftyThousandOpeningThenClosingBracketsMakeNoLink() {
        let note = parse(String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n")
        #expect(note.links.isEmpty)
        #expect(note.body.utf8.count >= 100_000)
    }

    @Test(.timeLimit(.minutes(1))) func fiftyThousandUnclosedWikilinkOpenersMakeNoLink() {
        let note = parse(String(repeating: "[[", count: 50_000) + " tail [[real]]\n")
        // The last `[[` before `]]` opens the link; every earlier one was stray.
        #expect(note.links.map(\.target) == ["real"])
    }

    /// The one-pass scanner finds exactly what searching afresh from every `[[` found, on
    /// texts made of the bytes that matter to it.
    @Test func wikilinkScannerAgreesWithTheSearchFromEveryOpener() {
        var generator = SplitMix(seed: 19)
        let alphabet: [Character] = ["[", "[", "]", "]", "!", "|", "#", "\n", "x", "é", " "]
        for _ in 0..<3_000 {
            let length = generator.next(below: 40)
            let text = String((0..<length).map { _ in alphabet[generator.next(below: alphabet.count)] })
            let found = LinkClassifier.wikilinks(in: text, section: "s")
            let expected = Self.wikilinksBySearching(text)
            #expect(found.map(\.target) == expected.map(\.target), "\(text.debugDescription)")
            #expect(found.map(\.label) == expected.map(\.label), "\(text.debugDescription)")
            #expect(found.map(\.kind) == expected.map(\.kind), "\(text.debugDescription)")
        }
    }

    // MARK: YAML aliases

    /// Ten levels of ten aliases each: ten billion values once expanded, in 400 bytes.
    private static func aliasBomb(levels: Int, after: String = "") -> String {
        let names = (0..<levels).map { String(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))) }
        var lines = ["a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]"]
        for level in 1..<levels {
            lines.append("\(names[level]): &\(names[level]) [" + Array(repeating: "*\(names[level - 1])", count: 10).joined(separator: ",") + "]")
        }
        return "---\nshared: &shared [aws, cdn]\n" + lines.joined(separator: "\n") + "\n\(after)title: Bomb\ntags: *shared\n---\n# Body\n\nThe body text survives.\n"
    }

    @Test(.timeLimit(.minutes(1))) func aliasBombIsCutAtItsBudgetWithAWarningAndTheRestKept() {
        let note = parse(Self.aliasBomb(levels: 10))
        #expect(note.warnings.count == 1)
        #expect(note.warnings.first?.contains("aliases would expand the YAML front matter") == true)
        #expect(note.title == "Bomb")
        // An alias within the budget is still copied.
        #expect(note.tags.map(\.key) == ["aws", "cdn"])
        #expect(note.body.contains("The body text survives."))
        #expect(note.sections.map(\.heading) == ["Body"])
        // What was kept is bounded by the budget, not by the expansion.
        #expect(note.frontMatterJSON.utf8.count < 1 << 20)
    }

    @Test(.timeLimit(.minutes(1))) func aliasBombUsedAsAKeyIsNotReadButTheBodyIs() {
        let note = parse(Self.aliasBomb(levels: 10, after: "? *j\n: key\n"))
        #expect(note.warnings.count == 1)
        #expect(note.warnings.first?.contains("not read") == true)
        #expect(note.body.contains("The body text survives."))
    }

    @Test func aliasesWithinTheBudgetAreCopiedAsBefore() {
        let note = parse("---\nbase: &base [one, two]\ntags: *base\ncategories: *base\n---\nText\n")
        #expect(note.warnings.isEmpty)
        #expect(note.tags.map(\.key) == ["one", "two"])
        #expect(note.categories.map(\.key) == ["one", "two"])
    }

    @Test func expandedNodeCountCountsEveryCopyWithoutMakingIt() {
        #expect(YAMLEventReader.expandedNodeCount("a: 1") == 3)  // the mapping, its key, its value
        #expect(YAMLEventReader.expandedNodeCount("a: &x [1, 2]\nb: *x\nc: *x") == 1 + 3 + 3 * 3)  // the mapping, three keys, three copies of a list of two
        #expect(YAMLEventReader.expandedNodeCount(String(Self.aliasBomb(levels: 10).dropFirst(4).prefix { $0 != "#" })) > 1_000_000_000)
    }

    // MARK: Glossary acronyms

    @Test(.timeLimit(.minutes(1))) func fiveThousandTermsEachWithItsAcronymGetTheirAliases() {
        let text = (0..<5_000).map { "- **CN\($0):** a content network\($0) (CN\($0)) of kind \($0)\n" }.joined()
        let note = parse(text)
        #expect(note.terms.count == 5_000)
        let term = note.terms.first { $0.name == "CN1234" }
        #expect(term?.aliases == ["content network1234"])
    }

    // MARK: Wide tables

    private static func table(columns: Int, headerColumns: Int? = nil, rows: Int) -> String {
        let header = "|" + (0..<(headerColumns ?? columns)).map { "c\($0)" }.joined(separator: "|") + "|\n"
        let delimiter = "|" + Array(repeating: "---", count: headerColumns ?? columns).joined(separator: "|") + "|\n"
        let row = "|" + (0..<columns).map { "v\($0)" }.joined(separator: "|") + "|\n"
        return header + delimiter + String(repeating: row, count: rows)
    }

    @Test(.timeLimit(.minutes(1))) func aTableOfTenThousandColumnsIsIndexedAsPlainTextWithAWarning() {
        let note = parse("# Wide\n\n" + Self.table(columns: 10_000, rows: 20) + "\nAfter the table.\n")
        #expect(note.tables.isEmpty)
        #expect(note.warnings.count == 1)
        #expect(note.warnings.first?.contains("indexed as plain text") == true)
        #expect(note.body.contains("c9999"))
        #expect(note.body.contains("v9999"))
        #expect(note.body.contains("After the table."))
    }

    @Test(.timeLimit(.minutes(1))) func aNarrowTableWithTenThousandCellRowsIsIndexedAsPlainText() {
        let note = parse(Self.table(columns: 10_000, headerColumns: 2, rows: 20))
        #expect(note.tables.isEmpty)
        #expect(note.warnings.first?.contains("indexed as plain text") == true)
        #expect(note.body.contains("v9999"))
    }

    @Test func aTableUnderTheColumnLimitIsStillATable() {
        let columns = WideTableGuard.columnLimit - 2
        let note = parse("> " + Self.table(columns: columns, rows: 3).split(separator: "\n").joined(separator: "\n> ") + "\n")
        #expect(note.warnings.isEmpty)
        #expect(note.tables.count == 1)
        #expect(note.tables.first?.header.count == columns)
        #expect(note.tables.first?.rows.count == 3)
    }

    @Test func aWideTableInACodeBlockIsLeftAsWritten() {
        let table = Self.table(columns: 1_000, rows: 2)
        let (markdown, widest) = WideTableGuard.bound("```\n" + table + "```\n")
        #expect(widest == nil)
        #expect(markdown == "```\n" + table + "```\n")
    }

    // MARK: Parsed notes kept for show and questions

    @Test(.timeLimit(.minutes(1))) func aNoteAskedAboutAgainComesFromTheCacheUntilItChanges() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let links = (0..<8_000).map { "[[w\($0)]]" }.joined(separator: " ")
        try TestSupport.write(["a.md": "---\ntitle: Alpha\n---\n\(links)\n"], under: root)
        let (base, _) = try TestSupport.indexed(root)
        let ref = try base.note(named: "Alpha")
        let first = try base.document(of: ref)
        #expect(first.links.count == 8_000)

        // The entry is there, keyed by the note's bytes; changed on disk, it is what comes back.
        let data = try Data(contentsOf: root.appendingPathComponent("a.md"))
        let entry = base.parsedNotes.entryFile(for: data, path: "a.md")
        var stored = try #require(ParsedNoteArchive.decode([UInt8](try Data(contentsOf: entry))))
        #expect(stored.note == first)
        stored.note.title = "From the cache"
        try Data(ParsedNoteArchive.encode(stored.note, sourceByteCount: stored.sourceByteCount)).write(to: entry)
        let second = try base.document(of: ref)
        #expect(second.title == "From the cache")
        #expect(second.links == first.links)

        // An edited note misses and is parsed afresh.
        try TestSupport.write(["a.md": "---\ntitle: Alpha\n---\nEdited [[only]]\n"], under: root)
        let third = try base.document(of: ref)
        #expect(third.title == "Alpha")
        #expect(third.links.map(\.target) == ["only"])
    }

    @Test func theArchiveGivesBackTheSeedNoteAsParsedAndRefusesDamage() throws {
        let seed = try TestSupport.parseSeed()
        #expect(!seed.questions.isEmpty && !seed.terms.isEmpty && !seed.links.isEmpty)
        var note = seed
        note.tables = [Table(section: nil, header: ["a", "b"], rows: [["1", "2"], ["é", ""]])]
        note.weight = 7
        note.description = "d"
        let bytes = ParsedNoteArchive.encode(note, sourceByteCount: 42)
        let back = try #require(ParsedNoteArchive.decode(bytes))
        #expect(back.note == note)
        #expect(back.sourceByteCount == 42)
        #expect(ParsedNoteArchive.decode(Array(bytes.dropLast())) == nil)
        #expect(ParsedNoteArchive.decode(bytes + [0]) == nil)
        #expect(ParsedNoteArchive.decode([]) == nil)
    }

    @Test func theCacheKeepsOnlyTheLatestNotes() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = ParsedNoteCache(indexPath: root.appendingPathComponent("index.sqlite").path)
        for index in 0..<(ParsedNoteCache.capacity + 5) {
            let note = cache.note(parsing: Data("# Note \(index)\n".utf8), path: "n.md")
            #expect(note.title == "Note \(index)")
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: cache.folder.path)
        #expect(kept.count == ParsedNoteCache.capacity)
    }

    // MARK: JSON front matter

    @Test(.timeLimit(.minutes(1))) func aBraceOverTwentyThousandLinesEndingInBracesIsNoFrontMatter() {
        let text = "{\n" + (0..<20_000).map { "line \($0) }" }.joined(separator: "\n") + "\n"
        let matter = FrontMatterParser.parse(text)
        #expect(matter.format == .none)
        #expect(matter.body == text)
    }

    @Test(.timeLimit(.minutes(1))) func jsonFrontMatterNestedTenThousandArraysDeepKeepsTheNote() {
        let nested = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let note = parse("{\"title\": \"Deep\", \"x\": \(nested)}\n# Body\n\nThe body survives.\n")
        #expect(note.body.contains("The body survives."))
    }

    @Test func jsonFrontMatterEndsOnTheLineClosingItsObject() {
        let text = "{\n  \"title\": \"Braces } and \\\" in {strings}\",\n  \"tags\": [\"x]\"]\n}  \nBody } text\n}\n"
        let matter = FrontMatterParser.parse(text)
        #expect(matter.format == .json)
        #expect(matter.fields["title"] == .string("Braces } and \" in {strings}"))
        #expect(matter.body == "Body } text\n}\n")
        #expect(matter.bodyLine == 5)
    }

    /// The one-pass end finder agrees with trying every line that ends in `}`.
    @Test func jsonFrontMatterEndAgreesWithTryingEveryClosingLine() {
        var generator = SplitMix(seed: 20)
        let pieces = ["{", "}", "[", "]", "\"", "\\", "\n", ":", ",", "1", " ", "\"a\"", "\"t\": 1"]
        for _ in 0..<3_000 {
            let text = "{" + (0..<generator.next(below: 16)).map { _ in pieces[generator.next(below: pieces.count)] }.joined()
            let matter = FrontMatterParser.parse(text)
            let expected = Self.jsonBlockByTryingEveryLine(text)
            #expect((matter.format == .json) == (expected != nil), "\(text.debugDescription)")
            if let expected, matter.format == .json {
                #expect(matter.body == expected.body, "\(text.debugDescription)")
                #expect(matter.bodyLine == expected.line, "\(text.debugDescription)")
            }
        }
    }

    /// The former search for the end of JSON front matter, quadratic in the lines.
    private static func jsonBlockByTryingEveryLine(_ text: String) -> (body: String, line: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for index in lines.indices where lines[index].trimmingSpaces().hasSuffix("}") {
            let raw = lines[0...index].joined(separator: "\n")
            if (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) is [String: Any] {
                return (lines[(index + 1)...].joined(separator: "\n"), index + 2)
            }
        }
        return nil
    }

    /// The former scanner, quadratic on long lines: the reference for the one above.
    private static func wikilinksBySearching(_ text: String) -> [Link] {
        var links: [Link] = []
        let bytes = Array(text.utf8)
        func run(_ byte: UInt8, from start: Int, before end: Int) -> Int? {
            var index = start
            while index + 1 < end {
                if bytes[index] == byte, bytes[index + 1] == byte { return index }
                index += 1
            }
            return nil
        }
        var searchStart = 0
        while let open = run(UInt8(ascii: "["), from: searchStart, before: bytes.count) {
            searchStart = open + 2
            let lineEnd = bytes[(open + 2)...].firstIndex(of: 0x0A) ?? bytes.count
            guard let close = run(UInt8(ascii: "]"), from: open + 2, before: lineEnd) else { continue }
            if run(UInt8(ascii: "["), from: open + 2, before: close) != nil { continue }
            let inner = String(decoding: bytes[(open + 2)..<close], as: UTF8.self)
            if inner.trimmingSpaces().isEmpty { continue }
            searchStart = close + 2
            let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let target = String(parts[0]).trimmingSpaces()
            let label = parts.count > 1 ? String(parts[1]).trimmingSpaces() : target
            let isEmbed = open > 0 && bytes[open - 1] == UInt8(ascii: "!")
            links.append(Link(label: label, target: target, anchor: nil, kind: isEmbed ? .embed : .wiki, section: nil))
        }
        return links
    }
}

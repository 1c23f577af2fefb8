import Foundation
import Testing
import Yams
@testable import KnowledgeBase

/// Front matter is typed and stored as kb's own fast paths do, and they agree with the
/// libraries they stand in for: Yams's default resolver and JSONEncoder.
@Suite struct FrontMatterTypingTests {
    static let scalars = [
        "CloudFront", "aws", "yes", "No", "TRUE", "off", "On", "y", "nope", "1000", "-12", "+7", "0", "012", "0x1F",
        "0b101", "0o17", "1_000", "190:20:30", "1.5", "-.5", ".5", "1e3", "1.0e+3", ".inf", "-.Inf", ".NaN", ".nan1",
        "2022-09-13", "12:30", "~", "null", "NULL", "nil", "\"true\"", "'12'", "!!str 12", "!!int \"7\"", "!!bool yes",
        "!!float 3", "!!null x", "1.2.3", ".", "+", "-1-", "v1.2", "1 2", "",
        "1e-3", "1E+3", "12-3", "3-", "0x1e-5", "00", "-0", "9223372036854775807", "9223372036854775808",
    ]

    /// What Yams's default resolver makes of a scalar (how kb typed front matter before).
    static func reference(_ yaml: String) throws -> FrontMatterValue? {
        guard case .mapping(let mapping)? = try Yams.compose(yaml: yaml), let node = mapping["k"] else { return nil }
        let tag = node.tag.description
        if tag.hasSuffix(":null") { return .null }
        if tag.hasSuffix(":bool"), let b = node.bool { return .bool(b) }
        if tag.hasSuffix(":int"), let i = node.int { return .int(i) }
        if tag.hasSuffix(":float"), let d = node.float { return .double(d) }
        return node.string.map { .string($0) }
    }

    @Test(arguments: scalars)
    func plainScalarsAreTypedAsYamsDefaultResolverTypesThem(_ scalar: String) throws {
        let yaml = "k: \(scalar)\n"
        let parsed = FrontMatterParser.parse("---\n\(yaml)---\nbody\n")
        #expect(parsed.warning == nil)
        let expected = try Self.reference(yaml)
        switch (parsed.fields["k"], expected) {
        case (.double(let a)?, .double(let b)?) where a.isNaN && b.isNaN: break
        case (let got, let want): #expect(got == want, "k: \(scalar)")
        }
    }

    @Test func listItemsAreTypedToo() {
        let fields = FrontMatterParser.parse("---\ntags: [aws, yes, 3, \"4\"]\n---\n").fields
        #expect(fields["tags"] == .array([.string("aws"), .bool(true), .int(3), .string("4")]))
    }

    /// Fences may carry spaces, tabs or no-break spaces around them; a line that only starts
    /// like a fence is content; an empty block is still front matter.
    @Test func fencesAreFoundWithSpacesAroundThemAndNotInsideLines() {
        let spaced = FrontMatterParser.parse("---\t\ntitle: A\n---x: 1\n\u{A0}---\u{2003}\nBody\n")
        #expect(spaced.format == .yaml)
        #expect(spaced.fields == ["title": .string("A"), "---x": .int(1)])
        #expect(spaced.body == "Body\n")
        #expect(spaced.bodyLine == 5)
        let empty = FrontMatterParser.parse("---\n---\nBody")
        #expect(empty.format == .yaml)
        #expect(empty.fields.isEmpty)
        #expect(empty.body == "Body")
        #expect(FrontMatterParser.parse("---title: A\n---\n").format == .none)
        #expect(FrontMatterParser.parse("+++\ntitle = \"T\"\n +++ \nBody").fields == ["title": .string("T")])
    }

    /// Front matters of the usual shape, read from libyaml's events, and others it must leave
    /// to Yams (nil): a tag, an anchor, an alias, a repeated key, a complex key, a second
    /// document, a root that is not a mapping, deep nesting and syntax errors.
    static let documents: [(yaml: String, readFromEvents: Bool)] = [
        ("title: CloudFront\ntags: [aws, cdn]\ndraft: false\nweight: 3\ndate: 2019-07-06\n", true),
        ("title: 'It''s \"quoted\"'\ndescription: >\n  folded\n  text\nbody: |\n  kept\n  lines\n", true),
        ("nested:\n  list:\n    - a\n    - {k: 1.5, m: ~}\n  empty: []\nempty:\n", true),
        ("\"quoted key\": 1\n'1': one\n2: two\n", true),
        ("# only a comment\n", true),
        ("%YAML 1.1\n---\ntitle: T\n", true),
        ("tags: !!set {a, b}\n", false),
        ("n: !!str 12\n", false),
        ("base: &b {x: 1}\nother: *b\n", false),
        ("a: 1\na: 2\n", false),
        ("a: 1\n'a': 2\n", false),
        ("outer: {k: 1, k: 2}\n", false),
        ("? [a, b]\n: c\n", false),
        ("a: 1\n---\nb: 2\n", false),
        ("- just\n- a list\n", false),
        ("plain scalar\n", false),
        (String(repeating: "[", count: 40) + String(repeating: "]", count: 40), false),
        ("k: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n", false),
        ("title: [unclosed\n", false),
        ("a: b: c\n", false),
        ("\tx: 1\n", false),
    ]

    @Test(arguments: documents)
    func eventsAreReadAsYamsComposesThemOrLeftToIt(_ document: (yaml: String, readFromEvents: Bool)) throws {
        let fromEvents = YAMLEventReader.fields(document.yaml)
        #expect((fromEvents != nil) == document.readFromEvents, "\(document.yaml)")
        guard let fromEvents else { return }
        #expect(fromEvents == (try FrontMatterParser.composedFields(document.yaml)), "\(document.yaml)")
    }

    @Test func frontMatterJSONIsWhatJSONEncoderWrites() throws {
        let fields: [String: FrontMatterValue] = [
            "title": .string("Quote \" back\\slash / tab\t nl\n cr\r bell\u{07} del\u{7F} é 🙂 \u{2028}"),
            "B": .int(-3), "a": .bool(false), "_": .null, "10": .double(1e20), "9": .double(0.1),
            "list": .array([.string("x"), .int(1), .array([]), .object([:])]),
            "nested": .object(["z": .string("</p>"), "Z": .double(.infinity)]),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(FrontMatterParser.json(fields) == String(decoding: try encoder.encode(fields), as: UTF8.self))
        let aliases = ["CDN", "a \"b\"", "c\\d", ""]
        #expect(JSONText.array(aliases) == String(decoding: try encoder.encode(aliases), as: UTF8.self))
        #expect(JSONText.array([]) == "[]")
    }
}

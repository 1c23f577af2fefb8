import Foundation
import Testing
@testable import KnowledgeBase

/// TOML front matter and site configurations, read with TOMLKit into kb's values.
@Suite struct TOMLFrontMatterTests {
    static func fields(_ toml: String) -> FrontMatter {
        FrontMatterParser.parse("+++\n" + toml + "+++\nBody.\n")
    }

    @Test func arraysOfTablesAreArraysOfObjects() {
        let front = Self.fields("title = \"T\"\n[[resources]]\nname = \"a\"\nsrc = \"a.png\"\n[[resources]]\nname = \"b\"\n")
        #expect(front.warning == nil)
        #expect(front.fields["resources"] == .array([
            .object(["name": .string("a"), "src": .string("a.png")]),
            .object(["name": .string("b")]),
        ]))
        #expect(front.fields["title"] == .string("T"))
    }

    @Test func dottedKeysMakeNestedObjects() {
        let front = Self.fields("params.author.name = \"Ann\"\nparams.author.\"e-mail\" = 'ann@example.org'\nparams.x = 1\n")
        #expect(front.warning == nil)
        #expect(front.fields == ["params": .object([
            "author": .object(["name": .string("Ann"), "e-mail": .string("ann@example.org")]),
            "x": .int(1),
        ])])
    }

    @Test func nestedTablesAndInlineTables() {
        let front = Self.fields("""
            title = "Nested"
            [params]
            weight = 2.5
            flags = { draft = false, hex = 0xFF }
            [params.sub]
            deep = "yes"
            [menu.main]
            parent = "docs"

            """)
        #expect(front.warning == nil)
        #expect(front.fields["params"] == .object([
            "weight": .double(2.5),
            "flags": .object(["draft": .bool(false), "hex": .int(255)]),
            "sub": .object(["deep": .string("yes")]),
        ]))
        #expect(front.fields["menu"] == .object(["main": .object(["parent": .string("docs")])]))
    }

    @Test func aMultiLineArrayWithCommentsAndATrailingComma() {
        let front = Self.fields("tags = [\n  \"one\", # first\n  \"two\",\n  [\"nested\", 3],\n]\nnext = true\n")
        #expect(front.warning == nil)
        #expect(front.fields["tags"] == .array([.string("one"), .string("two"), .array([.string("nested"), .int(3)])]))
        #expect(front.fields["next"] == .bool(true))
    }

    @Test func datesAndTimesStayAsWritten() {
        let written = [
            "2019-07-06", "2019-07-06T10:00:00-07:00", "2021-01-02T03:04:05Z", "1979-05-27 07:32:00",
            "1979-05-27T00:32:00.500+05:30", "2020-01-01t00:00:00+00:00", "2020-01-02T00:00:00.000z", "07:32:00.25",
        ]
        let toml = written.enumerated().map { "d\($0.offset) = \($0.element)\n" }.joined()
        let front = Self.fields(toml + "list = [2019-07-06T10:00:00-07:00, 2001-02-03]\n")
        #expect(front.warning == nil)
        for (index, text) in written.enumerated() {
            #expect(front.fields["d\(index)"] == .string(text))
        }
        #expect(front.fields["list"] == .array([.string("2019-07-06T10:00:00-07:00"), .string("2001-02-03")]))
        let note = NoteParser.parse(Data("+++\ntitle = \"Dated\"\ndate = 2019-07-06T10:00:00-07:00\n+++\nBody.\n".utf8), path: "d.md")
        #expect(note.date == "2019-07-06T10:00:00-07:00")
    }

    @Test func malformedTOMLIsAWarningWithItsPositionAndTheBodyIsKept() {
        let text = "+++\ntitle = \"ok\"\nbroken = = 3\n+++\n# Heading\nThe body survives.\n"
        let note = NoteParser.parse(Data(text.utf8), path: "bad.md")
        #expect(note.warnings.count == 1)
        #expect(note.warnings.first?.hasPrefix("malformed TOML front matter: ") == true)
        // The bad line is the file's third.
        #expect(note.warnings.first?.contains("at line 3, column ") == true)
        #expect(note.body.contains("The body survives."))
        #expect(note.title == "Heading")
        let repeated = FrontMatterParser.parse("+++\na = 1\na = 2\n+++\nBody.\n")
        #expect(repeated.warning?.contains("line 3") == true)
        #expect(repeated.body == "Body.\n")
    }

    @Test func aSiteConfigurationIsReadWhole() {
        let config = """
            baseURL = 'https://example.org/'
            languages.en.weight = 1
            [module]
              [[module.mounts]]
                source = "content/en"
                target = "content"
                [module.mounts.sites.matrix]
                  languages = ["en"]
              [[module.mounts]]
                source = "static"
                target = "static"
            [[menus.main]]
            name = "Docs"
            """
        let fields = SiteConfigReader.read(config, format: "toml")
        #expect(fields["baseURL"] == .string("https://example.org/"))
        #expect(fields["languages"] == .object(["en": .object(["weight": .int(1)])]))
        #expect(fields["module"] == .object(["mounts": .array([
            .object(["source": .string("content/en"), "target": .string("content"),
                     "sites": .object(["matrix": .object(["languages": .array([.string("en")])])])]),
            .object(["source": .string("static"), "target": .string("static")]),
        ])]))
        #expect(fields["menus"] == .object(["main": .array([.object(["name": .string("Docs")])])]))
        #expect(SiteConfigReader.read("contentDir = \n", format: "toml").isEmpty)
    }
}

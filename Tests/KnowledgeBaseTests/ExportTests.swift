import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import KnowledgeBase

// MARK: - Fixture

/// A small graph with everything that tends to break exporters: quotes, backslashes, markup
/// characters, line breaks, non-ASCII text, control characters, an empty label, a self-loop,
/// parallel edges of different kinds, an isolated node and every node and edge kind.
private enum Fixture {
    static let cloudfront = "aws/cloudfront/_index.md"
    static let s3 = "aws/s3/_index.md"
    static let weird = "notes/weird \"quoted\" \\ path, with comma.md"
    static let term = "term:aws/cloudfront/_index.md#Origin"
    static let control = "ctl\u{1}.md"

    static let awkwardLabel = "S3 \"Simple\" <Storage> & more"
    static let multilineLabel = "Line one\nline two — ünïcödé 🙂\\"

    static let graph = GraphSnapshot(
        nodes: [
            GraphNode(id: cloudfront, label: "CloudFront", kind: .note, path: cloudfront, tags: ["aws", "CDN"]),
            GraphNode(id: s3, label: awkwardLabel, kind: .note, path: s3),
            GraphNode(id: weird, label: multilineLabel, kind: .note, path: weird, tags: ["a,b"]),
            GraphNode(id: term, label: "Origin", kind: .term, path: cloudfront),
            GraphNode(id: "tag:cdn", label: "#cdn", kind: .tag),
            GraphNode(id: "missing:../nowhere.md", label: "../nowhere.md", kind: .missing),
            GraphNode(id: "isolated.md", label: "", kind: .note, path: "isolated.md"),
            GraphNode(id: control, label: "bell\u{7} cr\r\nend", kind: .note),
        ],
        edges: [
            GraphEdge(source: cloudfront, target: s3, kind: .link, weight: 2),
            GraphEdge(source: cloudfront, target: s3, kind: .mention),
            GraphEdge(source: cloudfront, target: term, kind: .defines),
            GraphEdge(source: cloudfront, target: "tag:cdn", kind: .tag),
            GraphEdge(source: s3, target: "missing:../nowhere.md", kind: .broken),
            GraphEdge(source: weird, target: cloudfront, kind: .link, weight: 0.5),
            GraphEdge(source: weird, target: weird, kind: .link),
            GraphEdge(source: control, target: weird, kind: .mention),
        ]
    )
}

// MARK: - Helpers

/// Every element of an XML document, in document order, with its attributes and text.
private final class XMLElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    static func parse(_ xml: String) throws -> [Element] {
        let collector = XMLElements()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            throw parser.parserError ?? CocoaError(.coderReadCorrupt)
        }
        return collector.elements
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(Element(name: elementName, attributes: attributeDict))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current = open.last { elements[current].text += string }
    }
}

private func render(_ format: ExportFormat, _ graph: GraphSnapshot = Fixture.graph) throws -> String {
    try GraphExporter.render(graph, as: format)
}

private let graphvizInstalled = SVGRenderer.findExecutable("dot", in: ProcessInfo.processInfo.environment["PATH"]) != nil

// MARK: - Whole exporter

@Test func formatNamesAreTheCLISpellings() {
    #expect(ExportFormat.allCases.map(\.rawValue) == ["json", "dot", "graphml", "gexf", "mermaid", "csv", "svg"])
    #expect(ExportFormat(rawValue: "graphml") == .graphml)
    #expect(ExportFormat.mermaid.fileExtension == "mmd")
}

@Test(arguments: ExportFormat.allCases.filter { $0 != .svg })
func renderingTheSameSnapshotTwiceGivesTheSameBytes(format: ExportFormat) throws {
    #expect(try render(format) == render(format))
}

@Test(arguments: ExportFormat.allCases.filter { $0 != .svg })
func anEmptyGraphRendersInEveryFormat(format: ExportFormat) throws {
    let text = try render(format, GraphSnapshot(nodes: [], edges: []))
    #expect(!text.isEmpty)
    #expect(text.hasSuffix("\n"))
}

@Test func duplicateNodeIDsAreRefused() {
    let graph = GraphSnapshot(nodes: [GraphNode(id: "a", label: "A", kind: .note), GraphNode(id: "a", label: "B", kind: .note)], edges: [])
    #expect { try render(.json, graph) } throws: { ($0 as? ExportError)?.reason == .invalidGraph }
}

@Test func edgesToUnknownNodesAreRefused() {
    let graph = GraphSnapshot(nodes: [GraphNode(id: "a", label: "A", kind: .note)], edges: [GraphEdge(source: "a", target: "b", kind: .link)])
    #expect { try render(.csv, graph) } throws: { error in
        let error = error as? ExportError
        return error?.reason == .invalidGraph && error?.description.contains("\"b\"") == true
    }
}

@Test func nonFiniteWeightsAreRefused() {
    let graph = GraphSnapshot(nodes: [GraphNode(id: "a", label: "A", kind: .note)], edges: [GraphEdge(source: "a", target: "a", kind: .link, weight: .nan)])
    #expect { try render(.graphml, graph) } throws: { ($0 as? ExportError)?.reason == .invalidGraph }
}

// MARK: - JSON

@Test func jsonIsANodeLinkMultigraphWithAKeyPerParallelEdge() throws {
    let object = try JSONSerialization.jsonObject(with: Data(render(.json).utf8)) as? [String: Any]
    let json = try #require(object)
    #expect(json["directed"] as? Bool == true)
    #expect(json["multigraph"] as? Bool == true)
    let nodes = try #require(json["nodes"] as? [[String: Any]])
    let links = try #require(json["links"] as? [[String: Any]])
    #expect(nodes.count == Fixture.graph.nodes.count)
    #expect(links.count == Fixture.graph.edges.count)
    #expect(nodes.map { $0["id"] as? String } == Fixture.graph.nodes.map(\.id))
    #expect(nodes.map { $0["label"] as? String } == Fixture.graph.nodes.map(\.label))
    #expect(nodes[0]["tags"] as? String == "aws;CDN")
    #expect(nodes[3]["kind"] as? String == "term")
    // The link and the mention from CloudFront to S3 share a pair, so they get keys 0 and 1.
    #expect(links.map { $0["key"] as? Int } == [0, 1, 0, 0, 0, 0, 0, 0])
    #expect(links.map { $0["kind"] as? String } == Fixture.graph.edges.map(\.kind.rawValue))
    #expect(links[5]["weight"] as? Double == 0.5)
}

@Test func jsonKeysAreSorted() throws {
    let json = try render(.json)
    let directed = try #require(json.range(of: "\"directed\""))
    let links = try #require(json.range(of: "\"links\""))
    let nodes = try #require(json.range(of: "\"nodes\""))
    #expect(directed.lowerBound < links.lowerBound && links.lowerBound < nodes.lowerBound)
}

// MARK: - GraphML

@Test func graphMLDeclaresTypedKeysAndKeepsEveryNodeAndEdge() throws {
    let elements = try XMLElements.parse(render(.graphml))
    let keys = elements.filter { $0.name == "key" }.map {
        [$0.attributes["for"] ?? "", $0.attributes["attr.name"] ?? "", $0.attributes["attr.type"] ?? ""]
    }
    #expect(keys == [
        ["node", "label", "string"], ["node", "kind", "string"], ["node", "path", "string"],
        ["node", "tags", "string"], ["edge", "kind", "string"], ["edge", "weight", "double"],
    ])
    #expect(elements.first { $0.name == "graph" }?.attributes["edgedefault"] == "directed")
    let edges = elements.filter { $0.name == "edge" }
    #expect(elements.filter { $0.name == "node" }.map { $0.attributes["id"] } == Fixture.graph.nodes.map(\.id).map(sanitisedForXML))
    #expect(edges.count == Fixture.graph.edges.count)
    // Parallel edges need distinct ids to stay apart in networkx.
    #expect(Set(edges.compactMap { $0.attributes["id"] }).count == edges.count)
}

@Test func graphMLLabelsSurviveEscaping() throws {
    let elements = try XMLElements.parse(render(.graphml))
    let labels = elements.filter { $0.name == "data" && $0.attributes["key"] == "n_label" }.map(\.text)
    #expect(labels[1] == Fixture.awkwardLabel)
    #expect(labels[2] == Fixture.multilineLabel)
    // XML cannot carry U+0007 at all; CR survives as a character reference.
    #expect(labels[7] == "bell\u{FFFD} cr\r\nend")
    let weights = elements.filter { $0.name == "data" && $0.attributes["key"] == "e_weight" }.map(\.text)
    #expect(weights == ["2", "1", "1", "1", "1", "0.5", "1", "1"])
}

private func sanitisedForXML(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" ? "\u{FFFD}" : $0 }))
}

// MARK: - GEXF

@Test func gexfKeepsLabelsInAttributesAndMarksParallelEdgesByKind() throws {
    let elements = try XMLElements.parse(render(.gexf))
    #expect(elements.first?.attributes["version"] == "1.3")
    #expect(elements.first { $0.name == "graph" }?.attributes["defaultedgetype"] == "directed")
    let nodes = elements.filter { $0.name == "node" }
    let edges = elements.filter { $0.name == "edge" }
    #expect(nodes.count == Fixture.graph.nodes.count)
    #expect(edges.count == Fixture.graph.edges.count)
    // Labels are attributes here, so a newline must come back as a newline, not a space.
    #expect(nodes[1].attributes["label"] == Fixture.awkwardLabel)
    #expect(nodes[2].attributes["label"] == Fixture.multilineLabel)
    #expect(edges.map { $0.attributes["kind"] } == Fixture.graph.edges.map(\.kind.rawValue))
    #expect(edges[5].attributes["weight"] == "0.5")
    let declared = elements.filter { $0.name == "attribute" }.map { "\($0.attributes["title"] ?? ""):\($0.attributes["type"] ?? "")" }
    #expect(declared == ["kind:string", "path:string", "tags:string", "kind:string"])
    let values = elements.filter { $0.name == "attvalue" }.map { $0.attributes["value"] ?? "" }
    #expect(values.contains("notes/weird \"quoted\" \\ path, with comma.md"))
}

// MARK: - DOT

@Test func dotIDsEscapeQuotesBackslashesAndLineBreaks() {
    #expect(DOTWriter.quotedID("plain") == "\"plain\"")
    #expect(DOTWriter.quotedID("say \"hi\"") == #""say \"hi\"""#)
    #expect(DOTWriter.quotedID("ends in \\") == #""ends in \\""#)
    #expect(DOTWriter.quotedID("two\nlines") == #""two\nlines""#)
    // A real line break and a literal backslash-n must not become the same name.
    #expect(DOTWriter.quotedID("a\nb") != DOTWriter.quotedID("a\\nb"))
    #expect(DOTWriter.quotedID("\u{1}F") != DOTWriter.quotedID("\u{1F}"))
}

@Test func dotLabelsDrawExactlyTheirText() {
    #expect(DOTWriter.quotedLabel(Fixture.awkwardLabel) == #""S3 \"Simple\" <Storage> &amp; more""#)
    #expect(DOTWriter.quotedLabel("a\\N\r\nb") == #""a\\N\nb""#)
}

@Test func dotStylesNodesAndEdgesByKind() throws {
    let dot = try render(.dot)
    #expect(dot.hasPrefix("digraph kb {\n"))
    #expect(dot.contains("\"tag:cdn\" [label=\"#cdn\", shape=hexagon];"))
    #expect(dot.contains("\"isolated.md\" [label=\"isolated.md\", shape=note];"))  // empty label shows the id
    #expect(dot.contains("\"aws/cloudfront/_index.md\" -> \"aws/s3/_index.md\" [style=dashed];"))
    #expect(dot.contains("\"aws/cloudfront/_index.md\" -> \"tag:cdn\" [style=dotted];"))
    #expect(dot.contains("-> \"missing:../nowhere.md\" [color=red];"))
    #expect(dot.components(separatedBy: " -> ").count - 1 == Fixture.graph.edges.count)
}

@Test(.enabled(if: graphvizInstalled, "needs Graphviz dot"))
func svgComesFromGraphvizWithEveryNodeEdgeAndLabel() throws {
    let svg = try render(.svg)
    let elements = try XMLElements.parse(svg)
    let groups = elements.filter { $0.name == "g" }.map { $0.attributes["class"] }
    #expect(groups.filter { $0 == "node" }.count == Fixture.graph.nodes.count)
    #expect(groups.filter { $0 == "edge" }.count == Fixture.graph.edges.count)
    let texts = elements.filter { $0.name == "text" }.map(\.text)
    #expect(texts.contains(Fixture.awkwardLabel))
    #expect(texts.contains("Line one"))
    #expect(texts.contains("line two — ünïcödé 🙂\\"))
}

@Test(.enabled(if: graphvizInstalled, "needs Graphviz dot"))
func dotRendersWithoutGraphvizWarnings() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kb-dot-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("graph.dot")
    try Data(render(.dot).utf8).write(to: input)
    let process = Process()
    process.executableURL = SVGRenderer.findExecutable("dot", in: ProcessInfo.processInfo.environment["PATH"])
    process.arguments = ["-Tsvg", "-o", "/dev/null", input.path]
    let stderr = Pipe()  // dot writes nothing else, so one pipe cannot fill up and block
    process.standardError = stderr
    try process.run()
    let warnings = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(warnings.isEmpty)
}

@Test func svgWithoutGraphvizSaysHowToGetIt() {
    #expect { try SVGRenderer.render(Fixture.graph, searchPath: "/nonexistent-kb-test-dir") } throws: { error in
        guard let error = error as? ExportError else { return false }
        return error.reason == .graphvizNotFound
            && error.description.contains("apt-get install graphviz")
            && error.description.contains("--format dot")
    }
}

// MARK: - Mermaid

@Test func mermaidUsesSafeIDsAndEntityCodesInLabels() throws {
    let lines = try render(.mermaid).split(separator: "\n").map(String.init)
    #expect(lines.first == "graph LR")
    #expect(lines.contains("  n1[\"S3 #quot;Simple#quot; #lt;Storage#gt; #amp; more\"]"))
    #expect(lines.contains("  n2[\"Line one<br>line two — ünïcödé 🙂#92;\"]"))
    #expect(lines.contains("  n3(\"Origin\")"))
    #expect(lines.contains("  n4{{\"#35;cdn\"}}"))
    #expect(lines.contains("  n5[\"../nowhere.md\"]:::missing"))
    #expect(lines.contains("  n7[\"bell\u{FFFD} cr<br>end\"]"))
    let nodeLines = lines.filter { $0.range(of: #"^  n\d+[\[({]"#, options: .regularExpression) != nil }
    #expect(nodeLines.count == Fixture.graph.nodes.count)
}

@Test func mermaidArrowsFollowEdgeKinds() throws {
    let lines = try render(.mermaid).split(separator: "\n").map(String.init)
    let edgeLines = lines.filter { $0.range(of: #"^  n\d+ \S+ n\d+$"#, options: .regularExpression) != nil }
    #expect(edgeLines == [
        "  n0 --> n1", "  n0 -.-> n1", "  n0 --- n3", "  n0 --- n4",
        "  n1 --x n5", "  n2 --> n0", "  n2 --> n2", "  n7 -.-> n2",
    ])
    #expect(lines.contains("  linkStyle 4 stroke:#c00"))
}

// MARK: - CSV

@Test func csvHasTheHeaderAndOneRowPerEdge() throws {
    let csv = try render(.csv)
    let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == "source,target,kind,weight")
    #expect(lines.count == 1 + Fixture.graph.edges.count + 1)  // header, rows, final newline
    #expect(lines[1] == "aws/cloudfront/_index.md,aws/s3/_index.md,link,2")
    #expect(lines[6] == #""notes/weird ""quoted"" \ path, with comma.md",aws/cloudfront/_index.md,link,0.5"#)
}

@Test func csvQuotesOnlyWhatRFC4180Requires() {
    #expect(CSVEdgeListWriter.field("plain path.md") == "plain path.md")
    #expect(CSVEdgeListWriter.field("a,b") == "\"a,b\"")
    #expect(CSVEdgeListWriter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVEdgeListWriter.field("two\nlines") == "\"two\nlines\"")
    #expect(CSVEdgeListWriter.field("cr\r") == "\"cr\r\"")
}

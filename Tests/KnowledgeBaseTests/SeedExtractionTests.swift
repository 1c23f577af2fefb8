import Foundation
import Testing
@testable import KnowledgeBase

/// The reference note must come out exactly as a reader of it would describe it.
@Suite struct SeedExtractionTests {
    let note: ParsedNote

    init() throws { note = try TestSupport.parseSeed() }

    @Test func identityTitleTagsAndCategories() {
        #expect(note.title == "CloudFront")
        #expect(note.url == "/aws/cloudfront/")
        #expect(note.slug == "cloudfront")
        #expect(note.tags.map(\.name) == ["aws", "CloudFront"])
        #expect(note.tags.map(\.key) == ["aws", "cloudfront"])
        #expect(note.categories.map(\.name) == ["aws", "CloudFront"])
        #expect(note.date == "2022-09-13")
        #expect(note.weight == 1000)
        #expect(note.description == "Securely deliver content with low latency and high transfer speeds")
        #expect(note.frontMatterJSON.contains("\"featuredImage\""))
        #expect(note.warnings.isEmpty)
    }

    @Test func exactlyTheSixTermsWithTheirHierarchy() throws {
        #expect(note.terms.map(\.name) == ["Edge Location", "CDN", "Origin", "Distribution", "Web Distribution", "RTMP Distribution"])
        let byName = Dictionary(uniqueKeysWithValues: note.terms.map { ($0.name, $0) })
        #expect(byName["Web Distribution"]?.parent == "Distribution")
        #expect(byName["RTMP Distribution"]?.parent == "Distribution")
        #expect(byName["Distribution"]?.parent == nil)
        #expect(byName["Edge Location"]?.definition == "The location where content is cached to be accessed by users. These are READ/WRITE.")
        #expect(byName["Distribution"]?.definition == "The name of the CDN.")
    }

    @Test func originExamplesBelongToItsDefinition() throws {
        let origin = try #require(note.terms.first { $0.name == "Origin" })
        for example in ["an S3 bucket hosting some images", "an EC2 instance running", "an ELB pointing", "a DNS endpoint using Route53", "any origin server, even non-AWS"] {
            #expect(origin.definition.contains(example), "Origin's definition lacks: \(example)")
        }
        #expect(!note.terms.contains { $0.name.contains("S3") || $0.name.contains("EC2") || $0.name.contains("Route53") })
    }

    @Test func cdnIsKnownByItsLongForm() throws {
        let cdn = try #require(note.terms.first { $0.name == "CDN" })
        #expect(cdn.aliases == ["content delivery network"])
    }

    @Test func internalAndExternalLinks() {
        let internalTargets = Set(note.links.filter { $0.kind == .internal }.map(\.target))
        #expect(internalTargets == ["../dynamodb", "../lambda", "../api-gateway", "./configuring-static-website-s3-and-cloudfront"])
        let external = note.links.filter { $0.kind == .external }
        #expect(external.contains { $0.target == "https://aws.amazon.com/cloudfront/" && $0.host == "aws.amazon.com" })
        #expect(external.contains { $0.host == "docs.aws.amazon.com" && $0.target.contains("API_CreateCachePolicy") })
        #expect(note.links.contains { $0.kind == .image && $0.host == "d1.awsstatic.com" })
        #expect(note.links.first { $0.target == "../api-gateway" }?.section == "Q2")
    }

    @Test func firstQuestionHasFourLetteredOptionsWithDCorrect() throws {
        try #require(note.questions.count == 2)
        let q1 = note.questions[0]
        #expect(q1.label == "Q1")
        #expect(q1.stem.hasPrefix("A company with global users"))
        #expect(q1.stem.contains("Which API command can a developer use"))
        #expect(q1.options.map(\.label) == ["A", "B", "C", "D"])
        #expect(q1.options.filter(\.correct).map(\.text) == ["CreateCachePolicy with CloudFront"])
        #expect(q1.answerCount == 1)
        #expect(q1.answer == "D")
        #expect(q1.explanationLinks == ["https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateCachePolicy.html"])
    }

    @Test func secondQuestionSelectsTwoNumberedOptions() throws {
        try #require(note.questions.count == 2)
        let q2 = note.questions[1]
        #expect(q2.options.map(\.label) == ["1", "2", "3", "4", "5"])
        #expect(q2.answerCount == 2)
        #expect(q2.options.filter(\.correct).map(\.label) == ["1", "2"])
        #expect(q2.explanation.contains("AWS AppSync simplifies application development"))
        #expect(!q2.explanation.contains("1, 2"))
        #expect(q2.explanationLinks.contains("../api-gateway"))
        #expect(q2.explanationLinks.contains("https://aws.amazon.com/appsync/"))
    }

    @Test func sectionsFactsAndPriceTable() throws {
        let headings = note.sections.map(\.heading)
        for heading in ["About", "Terminology", "Price", "Use Cases", "Practice", "Questions"] {
            #expect(headings.contains(heading))
        }
        #expect(note.sections.first { $0.heading == "Use Cases" }?.anchor == "use-cases")
        #expect(note.facts == [Fact(key: "Type", value: "Content delivery networks", section: "Use Cases")])
        let table = try #require(note.tables.first)
        #expect(table.header == ["Pay", "do not pay"])
        #expect(table.rows.count == 6)
        #expect(table.rows[0] == ["Data Transfer Out to Internet", "Data transfer between AWS regions and CloudFront."])
        #expect(table.rows[5] == ["Field level encryption requests", ""])
    }

    @Test func bodyKeepsTheTextButNotTheMarkup() {
        #expect(note.body.contains("CloudFront is a distributed content delivery network (CDN)"))
        #expect(!note.body.contains("<details>"))
        #expect(!note.body.contains("**"))
    }
}

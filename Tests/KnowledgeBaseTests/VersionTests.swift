import Testing
@testable import KnowledgeBase

@Suite struct VersionTests {
    @Test func versionFlagPrintsTheLibraryVersionAndExitsZero() throws {
        let run = try CLITests.kb(["--version"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == KnowledgeBase.version + "\n")
        #expect(run.stderr.isEmpty)
    }

    @Test func versionIsThreeNumbers() {
        let parts = KnowledgeBase.version.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) })
    }
}

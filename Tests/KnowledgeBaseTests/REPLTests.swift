import Testing
@testable import KnowledgeBase
@testable import KBCommandLine

// These pin down the pure pieces the REPL relies on: how a typed line becomes words (in the
// KBCommandLine library, beside the REPL), and how a quiz answer is graded (in the library).

@Suite("CommandLineSplitter")
struct CommandLineSplitterTests {
    @Test func whitespaceSeparatesWordsAndRunsOfItCollapse() {
        #expect(CommandLineSplitter.split("  search   origin\tcdn ") == ["search", "origin", "cdn"])
    }

    @Test func emptyAndBlankLinesHaveNoWords() {
        #expect(CommandLineSplitter.split("").isEmpty)
        #expect(CommandLineSplitter.split("   \t ").isEmpty)
    }

    @Test func doubleQuotesKeepAPhraseTogether() {
        #expect(CommandLineSplitter.split(#"define "edge location""#) == ["define", "edge location"])
        #expect(CommandLineSplitter.split(#"path "Elastic Beanstalk" s3"#) == ["path", "Elastic Beanstalk", "s3"])
    }

    @Test func quotedPartsJoinTheTextAroundThem() {
        #expect(CommandLineSplitter.split(#"a"b c"d"#) == ["ab cd"])
    }

    @Test func emptyQuotesAreAnEmptyWord() {
        #expect(CommandLineSplitter.split(#"define """#) == ["define", ""])
    }

    @Test func apostrophesAreOrdinaryCharacters() {
        #expect(CommandLineSplitter.split("search what's new") == ["search", "what's", "new"])
    }

    @Test func backslashEscapesOnlyQuotesAndBackslashes() {
        #expect(CommandLineSplitter.split(#"search "say \"hi\"""#) == ["search", #"say "hi""#])
        #expect(CommandLineSplitter.split(#"search a\\b"#) == ["search", #"a\b"#])
        #expect(CommandLineSplitter.split(#"search C:\notes\x"#) == ["search", #"C:\notes\x"#])
        #expect(CommandLineSplitter.split(#"end\"#) == [#"end\"#])
    }

    @Test func anUnclosedQuoteRunsToTheEndOfTheLine() {
        let words = CommandLineSplitter.words(in: #"show "Elastic Be"#)
        #expect(words.map(\.text) == ["show", "Elastic Be"])
        #expect(words.last?.closed == false)
        #expect(words.last?.quoted == true)
        #expect(CommandLineSplitter.endsInsideQuotes(#"show "Elastic Be"#))
        #expect(!CommandLineSplitter.endsInsideQuotes(#"show "Elastic Beanstalk""#))
        #expect(!CommandLineSplitter.endsInsideQuotes("show cloudfront"))
    }

    @Test func quotingAWordRoundTripsThroughTheSplitter() {
        for word in ["cloudfront", "edge location", #"say "hi""#, #"a\b"#, ""] {
            #expect(CommandLineSplitter.split("define " + CommandLineSplitter.quoted(word)) == ["define", word])
        }
        #expect(CommandLineSplitter.quoted("cloudfront") == "cloudfront")
    }
}

@Suite("REPL command table")
struct REPLCommandTableTests {
    /// The table lists each command once, and the ones the CLI shares carry the CLI's name,
    /// so `help COMMAND` and dispatch reach the parser of the command typed.
    @Test func everyCommandIsListedOnceUnderTheCLIName() {
        let listed = REPLCommandTable.commands.map(\.name)
        #expect(listed.count == REPLCommandTable.Name.allCases.count)
        #expect(Set(listed) == Set(REPLCommandTable.Name.allCases))
        for name in REPLCommandTable.Name.allCases {
            if let type = name.cliType { #expect(type._commandName == name.rawValue) }
        }
    }
}

@Suite("REPL command suggestions")
struct REPLSuggestionTests {
    @Test func aUniquePrefixIsTheCommand() {
        #expect(REPLCommandTable.suggestion(for: "def") == "define")
        #expect(REPLCommandTable.suggestion(for: "BACKL") == "backlinks")
    }

    @Test func aTypoOneOrTwoEditsAwayIsSuggested() {
        #expect(REPLCommandTable.suggestion(for: "bcklinks") == "backlinks")
        #expect(REPLCommandTable.suggestion(for: "serach") == "search")
    }

    @Test func nothingCloseIsNoSuggestion() {
        #expect(REPLCommandTable.suggestion(for: "xyzzy") == nil)
        #expect(REPLCommandTable.suggestion(for: "definitions") == nil)
    }

    @Test func editDistanceGivesUpPastItsLimit() {
        #expect(EditDistance.between("kitten", "sitting") == 3)
        #expect(EditDistance.between("", "abc") == 3)
        #expect(EditDistance.between("search", "serach", limit: 2) == 2)
        #expect(EditDistance.between("abcdef", "uvwxyz", limit: 2) > 2)
    }
}

@Suite("QuizGrader")
struct QuizGraderTests {
    /// A one-answer lettered question like CloudFront's Q1.
    static let single = Question(label: "Q1", stem: "Which API command…?", options: [
        AnswerOption(label: "A", text: "CreateReusableDelegationSet"),
        AnswerOption(label: "B", text: "CreateStackSet"),
        AnswerOption(label: "C", text: "CreateGlobalReplicationGroup"),
        AnswerOption(label: "D", text: "CreateCachePolicy", correct: true),
    ], answerCount: 1, answer: "D")

    /// A "Select TWO" numbered question like CloudFront's Q2.
    static let double = Question(label: "Q2", stem: "Which architectures…? (Select TWO.)", options: (1...12).map {
        AnswerOption(label: String($0), text: "option \($0)", correct: $0 == 1 || $0 == 2)
    }, answerCount: 2, answer: "1, 2")

    @Test func answerLabelsIgnoreCaseOrderSpacesAndSeparators() {
        #expect(QuizGrader.labels(in: "D") == ["D"])
        #expect(QuizGrader.labels(in: " d ") == ["D"])
        #expect(QuizGrader.labels(in: "1,2") == ["1", "2"])
        #expect(QuizGrader.labels(in: "2, 1") == ["1", "2"])
        #expect(QuizGrader.labels(in: "1 2") == ["1", "2"])
        #expect(QuizGrader.labels(in: "2;1.") == ["1", "2"])
    }

    @Test func lettersRunTogetherAreSeveralLabelsButDigitsAreOneNumber() {
        #expect(QuizGrader.labels(in: "BD") == ["B", "D"])
        #expect(QuizGrader.labels(in: "12") == ["12"])
        #expect(QuizGrader.labels(in: "02") == ["2"])
    }

    @Test func fillerWordsAreNotLabels() {
        #expect(QuizGrader.labels(in: "B and D") == ["B", "D"])
        #expect(QuizGrader.labels(in: "1 or 2") == ["1", "2"])
    }

    @Test func nothingLabelLikeIsAnEmptyAnswer() {
        #expect(QuizGrader.labels(in: " , ; ").isEmpty)
        #expect(QuizGrader.parse("  ", for: Self.single) == .failure(.empty))
    }

    @Test func labelsTheQuestionDoesNotHaveAreRejectedNotGraded() {
        #expect(QuizGrader.parse("E", for: Self.single) == .failure(.unknownLabels(["E"], valid: ["A", "B", "C", "D"])))
        #expect(QuizGrader.parse("1", for: Self.single) == .failure(.unknownLabels(["1"], valid: ["A", "B", "C", "D"])))
        #expect(QuizGrader.parse("d", for: Self.single) == .success(["D"]))
    }

    @Test func theRightSingleAnswerIsCorrect() {
        let grade = QuizGrader.grade(["D"], for: Self.single)
        #expect(grade.isCorrect)
        #expect(grade.missed.isEmpty && grade.wrong.isEmpty)
    }

    @Test func aWrongSingleAnswerSaysWhatWasMissed() {
        let grade = QuizGrader.grade(["B"], for: Self.single)
        #expect(!grade.isCorrect)
        #expect(grade.missed == ["D"])
        #expect(grade.wrong == ["B"])
    }

    @Test func selectTwoNeedsExactlyBothAnswersInAnyOrder() throws {
        let both = try QuizGrader.parse("2, 1", for: Self.double).get()
        #expect(QuizGrader.grade(both, for: Self.double).isCorrect)
        #expect(!QuizGrader.grade(["1"], for: Self.double).isCorrect)
        #expect(!QuizGrader.grade(["1", "2", "3"], for: Self.double).isCorrect)
        #expect(QuizGrader.grade(["1", "3"], for: Self.double).missed == ["2"])
    }

    @Test func gradingIgnoresTheCaseOfChosenLabels() {
        #expect(QuizGrader.grade(["d"], for: Self.single).isCorrect)
    }

    @Test func aQuestionWithoutARecordedAnswerIsNeverRight() {
        var unknown = Self.single
        unknown.options = unknown.options.map { AnswerOption(label: $0.label, text: $0.text) }
        let grade = QuizGrader.grade(["D"], for: unknown)
        #expect(!grade.isKnown)
        #expect(!grade.isCorrect)
    }

    @Test func labelsSortNumbersByValueThenLetters() {
        #expect(["10", "2", "B", "1", "A"].sorted(by: QuizGrader.labelOrder) == ["1", "2", "10", "A", "B"])
    }
}

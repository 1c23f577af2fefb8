import Foundation
import KnowledgeBase

/// Grades what a person typed for a card and proposes the rating it deserves.
public enum StudyAnswer {
    /// The rating an answer gets unless the person picks another: Good when right, Again when wrong.
    public static func defaultRating(correct: Bool) -> Rating { correct ? .good : .again }

    /// When the card will come up, in words: `in 10 minutes`, `in 3 days`.
    public static func describeWait(until due: Date, from now: Date) -> String {
        let seconds = max(0, due.timeIntervalSince(now))
        func plural(_ count: Int, _ unit: String) -> String { "in \(count) \(unit)\(count == 1 ? "" : "s")" }
        if seconds < 3600 { return plural(max(1, Int((seconds / 60).rounded())), "minute") }
        if seconds < 86_400 { return plural(Int((seconds / 3600).rounded()), "hour") }
        return plural(Int((seconds / 86_400).rounded()), "day")
    }
}

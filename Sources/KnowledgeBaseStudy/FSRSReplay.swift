import Foundation

/// Replays a log of reviews through `FSRSScheduler`, so its schedule can be compared with
/// another implementation's. The log is CSV with a header: `card,time,rating`, where `time` is
/// whole seconds since 1970 (UTC) and `rating` is 1–4; rows are taken in file order, and each
/// card starts new.
public enum FSRSReplay {
    /// One replayed review and the state it left the card in.
    public struct Step: Encodable, Sendable {
        /// The card named in the log.
        public var card: String
        /// When it was answered, seconds since 1970.
        public var time: Int
        /// The rating, 1 (again) to 4 (easy).
        public var rating: Int
        /// Seconds since 1970 when the card is next due.
        public var due: Int
        /// Stability after the answer, in days.
        public var stability: Double
        /// Difficulty after the answer, 1 to 10.
        public var difficulty: Double
        /// `learning`, `review` or `relearning`.
        public var state: String
        /// The (re)learning step; absent in review.
        public var step: Int?
    }

    /// Why a log line could not be replayed.
    public struct BadLine: Error, CustomStringConvertible {
        /// The 1-based line number in the log.
        public var line: Int
        /// What is wrong with it.
        public var reason: String
        public var description: String { "line \(line): \(reason) (expected card,time,rating with time in seconds and rating 1-4)" }
    }

    /// Replays `csv` and returns the state after each review, in order.
    public static func run(csv: String, scheduler: FSRSScheduler) throws -> [Step] {
        var cards: [String: MemoryState] = [:]
        var steps: [Step] = []
        for (index, raw) in csv.split(whereSeparator: \.isNewline).enumerated() {
            let fields = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if index == 0, fields.first == "card" { continue }
            guard fields.count == 3 else { throw BadLine(line: index + 1, reason: "\(fields.count) fields") }
            guard let time = Int(fields[1]) else { throw BadLine(line: index + 1, reason: "time '\(fields[1])' is not whole seconds") }
            guard let number = Int(fields[2]), let rating = Rating(rawValue: number) else {
                throw BadLine(line: index + 1, reason: "rating '\(fields[2])' is not 1-4")
            }
            let date = Date(timeIntervalSince1970: TimeInterval(time))
            let state = scheduler.review(cards[fields[0]] ?? MemoryState(), rating: rating, at: date)
            cards[fields[0]] = state
            steps.append(Step(card: fields[0], time: time, rating: number,
                              due: Int(state.due!.timeIntervalSince1970.rounded()),
                              stability: state.stability!, difficulty: state.difficulty!,
                              state: "\(state.phase)", step: state.step))
        }
        return steps
    }
}

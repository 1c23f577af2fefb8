import Foundation

/// How well a card was remembered, on the four-button scale FSRS and Anki share.
public enum Rating: Int, Sendable, Codable, CaseIterable {
    case again = 1, hard = 2, good = 3, easy = 4

    /// The rating's name as a person types it (`again`, `hard`, `good`, `easy`).
    public var name: String { ["again", "hard", "good", "easy"][rawValue - 1] }

    /// Reads `1`–`4`, a name, or its first letter (`a`, `h`, `g`, `e`); nil for anything else.
    public init?(typed text: String) {
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let number = Int(word), let rating = Rating(rawValue: number) { self = rating; return }
        guard let match = Rating.allCases.first(where: { $0.name == word || String($0.name.prefix(1)) == word }) else { return nil }
        self = match
    }
}

/// Where a card is in its life: still on the short learning steps, on day-long review
/// intervals, or back on short steps after a lapse.
public enum CardPhase: Int, Sendable, Codable {
    case learning = 1, review = 2, relearning = 3
}

/// The memory state FSRS keeps for one card. A card never reviewed has no stability or
/// difficulty yet, and is in the learning phase at its first step.
public struct MemoryState: Sendable, Codable, Equatable {
    /// Learning, review or relearning.
    public var phase: CardPhase = .learning
    /// Index into the learning (or relearning) steps; nil once the card reaches review.
    public var step: Int? = 0
    /// Days until recall probability falls to 90 %.
    public var stability: Double?
    /// 1 (easy) to 10 (hard).
    public var difficulty: Double?
    /// When the card should next be asked.
    public var due: Date?
    /// When it was last answered.
    public var lastReview: Date?

    /// A card never reviewed.
    public init() {}

    /// A stored state, as the review database keeps it.
    public init(phase: CardPhase, step: Int?, stability: Double?, difficulty: Double?, due: Date?, lastReview: Date?) {
        self.phase = phase
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.lastReview = lastReview
    }
}

/// FSRS version 6, the scheduler Anki ships, with its 21 default weights.
///
/// It follows the reference implementation (PyPI `fsrs`, its `Scheduler` with fuzzing off) and
/// keeps that implementation's defaults for the short steps: new cards learn at 1 and 10
/// minutes, lapsed cards relearn at 10 minutes, and no interval exceeds 36,500 days. Fuzz is
/// left out on purpose: a schedule that can be replayed exactly is one that can be tested.
/// Elapsed time counts in whole days (rounded down), as the reference does, and interval
/// rounding is half-to-even, as Python's `round` is.
public struct FSRSScheduler: Sendable {
    /// The FSRS-6 default weights w0…w20.
    public static let defaultWeights: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
    static let minimumStability = 0.001
    static let difficultyRange = 1.0...10.0
    static let secondsPerDay = 86_400.0

    /// The model weights w0…w20.
    public let weights: [Double]
    /// The recall probability the intervals aim for when the card comes up (0.7–0.99 is sensible).
    public let desiredRetention: Double
    /// Waits, in seconds, between the first answers of a new card.
    public let learningSteps: [TimeInterval]
    /// Waits, in seconds, after a lapse before the card returns to review.
    public let relearningSteps: [TimeInterval]
    /// The longest interval, in days.
    public let maximumIntervalDays: Int

    /// `decay` is −w20; `factor` makes the forgetting curve pass through 90 % at t = stability.
    private var decay: Double { -weights[20] }
    private var factor: Double { pow(0.9, 1 / decay) - 1 }

    /// A scheduler; every argument defaults to py-fsrs's default.
    public init(desiredRetention: Double = 0.9, weights: [Double] = FSRSScheduler.defaultWeights,
                learningSteps: [TimeInterval] = [60, 600], relearningSteps: [TimeInterval] = [600],
                maximumIntervalDays: Int = 36_500) {
        precondition(weights.count == 21, "FSRS-6 takes 21 weights")
        self.weights = weights
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumIntervalDays = maximumIntervalDays
    }

    /// The probability of recalling the card at `date`; 0 for a card never reviewed.
    public func retrievability(of card: MemoryState, at date: Date) -> Double {
        guard let last = card.lastReview, let stability = card.stability else { return 0 }
        let days = max(0, Self.wholeDays(from: last, to: date))
        return pow(1 + factor * Double(days) / stability, decay)
    }

    /// The card's state after answering it with `rating` at `date`.
    public func review(_ card: MemoryState, rating: Rating, at date: Date) -> MemoryState {
        var next = card
        let daysSince = card.lastReview.map { Self.wholeDays(from: $0, to: date) }
        updateMemory(&next, previous: card, rating: rating, daysSince: daysSince, at: date)
        let interval: TimeInterval
        switch card.phase {
        case .learning:
            interval = advanceSteps(&next, steps: learningSteps, rating: rating)
        case .relearning:
            interval = advanceSteps(&next, steps: relearningSteps, rating: rating)
        case .review:
            if rating == .again, !relearningSteps.isEmpty {
                next.phase = .relearning
                next.step = 0
                interval = relearningSteps[0]
            } else {
                interval = reviewInterval(next.stability!)
            }
        }
        next.due = date.addingTimeInterval(interval)
        next.lastReview = date
        return next
    }

    /// New stability and difficulty. A first answer seeds them from the rating; an answer on the
    /// same day uses the short-term formula; otherwise the long-term one with today's recall odds.
    /// In review, difficulty moves on every answer; in (re)learning too, the seeding answer aside.
    private func updateMemory(_ next: inout MemoryState, previous card: MemoryState, rating: Rating, daysSince: Int?, at date: Date) {
        guard let stability = card.stability, let difficulty = card.difficulty else {
            next.stability = initialStability(rating)
            next.difficulty = clampDifficulty(initialDifficulty(rating))
            return
        }
        if let daysSince, daysSince < 1 {
            next.stability = shortTermStability(stability, rating)
        } else {
            let recall = retrievability(of: card, at: date)
            next.stability = rating == .again
                ? forgetStability(difficulty, stability, recall)
                : recallStability(difficulty, stability, recall, rating)
        }
        next.difficulty = nextDifficulty(difficulty, rating)
    }

    /// Moves a (re)learning card along its steps and returns the wait before it comes up again.
    /// Past the last step, Good graduates it to review; Easy always does; Again starts over.
    private func advanceSteps(_ next: inout MemoryState, steps: [TimeInterval], rating: Rating) -> TimeInterval {
        let step = next.step ?? 0
        if steps.isEmpty || (step >= steps.count && rating != .again) {
            return graduate(&next)
        }
        switch rating {
        case .again:
            next.step = 0
            return steps[0]
        case .hard:
            // Hard on the first step waits between the first two steps (or half again the only one).
            if step == 0 { return steps.count == 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2 }
            return steps[step]
        case .good:
            if step + 1 == steps.count { return graduate(&next) }
            next.step = step + 1
            return steps[step + 1]
        case .easy:
            return graduate(&next)
        }
    }

    private func graduate(_ next: inout MemoryState) -> TimeInterval {
        next.phase = .review
        next.step = nil
        return reviewInterval(next.stability!)
    }

    /// Whole days until recall odds fall to the desired retention: at least 1, at most the maximum.
    public func intervalDays(forStability stability: Double) -> Int {
        let raw = stability / factor * (pow(desiredRetention, 1 / decay) - 1)
        let days = Int(raw.rounded(.toNearestOrEven))
        return min(max(days, 1), maximumIntervalDays)
    }

    private func reviewInterval(_ stability: Double) -> TimeInterval {
        Double(intervalDays(forStability: stability)) * Self.secondsPerDay
    }

    // MARK: - The FSRS-6 formulas

    private func initialStability(_ rating: Rating) -> Double {
        max(weights[rating.rawValue - 1], Self.minimumStability)
    }

    /// D0(G) = w4 − e^(w5·(G−1)) + 1, unclamped (the mean-reversion target uses it raw).
    private func initialDifficulty(_ rating: Rating) -> Double {
        weights[4] - pow(M_E, weights[5] * Double(rating.rawValue - 1)) + 1
    }

    private func clampDifficulty(_ value: Double) -> Double {
        min(max(value, Self.difficultyRange.lowerBound), Self.difficultyRange.upperBound)
    }

    /// Same-day answers: S' = S · e^(w17·(G−3+w18)) · S^(−w19), never shrinking on a pass.
    private func shortTermStability(_ stability: Double, _ rating: Rating) -> Double {
        var growth = pow(M_E, weights[17] * (Double(rating.rawValue) - 3 + weights[18])) * pow(stability, -weights[19])
        if rating != .again { growth = max(growth, 1) }
        return max(stability * growth, Self.minimumStability)
    }

    /// Difficulty moves by −w6·(G−3), damped as it nears 10, then reverts a little (w7) to D0(Easy).
    private func nextDifficulty(_ difficulty: Double, _ rating: Rating) -> Double {
        let delta = -(weights[6] * (Double(rating.rawValue) - 3))
        let damped = difficulty + (10 - difficulty) * delta / 9
        let reverted = weights[7] * initialDifficulty(.easy) + (1 - weights[7]) * damped
        return clampDifficulty(reverted)
    }

    /// Stability after a lapse: the long-term formula, capped by the short-term one.
    private func forgetStability(_ difficulty: Double, _ stability: Double, _ recall: Double) -> Double {
        let longTerm = weights[11] * pow(difficulty, -weights[12]) * (pow(stability + 1, weights[13]) - 1)
            * pow(M_E, (1 - recall) * weights[14])
        let shortTerm = stability / pow(M_E, weights[17] * weights[18])
        return max(min(longTerm, shortTerm), Self.minimumStability)
    }

    /// Stability after a successful recall: grows more for easy cards, low stability and low recall odds.
    private func recallStability(_ difficulty: Double, _ stability: Double, _ recall: Double, _ rating: Rating) -> Double {
        let hardPenalty = rating == .hard ? weights[15] : 1
        let easyBonus = rating == .easy ? weights[16] : 1
        let growth = pow(M_E, weights[8]) * (11 - difficulty) * pow(stability, -weights[9])
            * (pow(M_E, (1 - recall) * weights[10]) - 1) * hardPenalty * easyBonus
        return max(stability * (1 + growth), Self.minimumStability)
    }

    /// Whole days between two instants, rounded down (a negative span rounds toward −∞).
    static func wholeDays(from start: Date, to end: Date) -> Int {
        Int((end.timeIntervalSince(start) / secondsPerDay).rounded(.down))
    }
}

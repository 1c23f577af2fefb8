import Foundation

/// Which cards a quiz asks, and in what order: due cards first (most overdue first), then up
/// to `newLimit` cards never answered, in the order the notes make them.
public struct StudyQueue: Sendable {
    /// Which kinds of card to ask.
    public enum Kinds: Sendable {
        case all, questions, terms
    }

    /// Only cards of these notes; nil for every note.
    public var notePaths: Set<String>?
    /// Questions, terms or both.
    public var kinds: Kinds = .all
    /// Only cards already due: no new ones.
    public var dueOnly = false
    /// How many never-answered cards follow the due ones.
    public var newLimit = 10

    /// A queue; by default every note, every kind, ten new cards.
    public init(notePaths: Set<String>? = nil, kinds: Kinds = .all, dueOnly: Bool = false, newLimit: Int = 10) {
        self.notePaths = notePaths
        self.kinds = kinds
        self.dueOnly = dueOnly
        self.newLimit = newLimit
    }

    /// The cards to ask at `now`, from the stored (unretired) entries.
    public func pick(from entries: [ReviewStore.Entry], now: Date) -> [ReviewStore.Entry] {
        let chosen = entries.filter { !$0.retired && includes($0.card) }
        let due = chosen.filter { !$0.isNew && ($0.memory.due ?? now) <= now }
            .sorted { ($0.memory.due ?? now, $0.card.id) < ($1.memory.due ?? now, $1.card.id) }
        guard !dueOnly else { return due }
        return due + chosen.filter(\.isNew).prefix(newLimit)
    }

    /// Whether `card` is in this queue's notes and kinds (due or not).
    public func includes(_ card: StudyCard) -> Bool {
        if let notePaths, !notePaths.contains(card.notePath) { return false }
        switch kinds {
        case .all: return true
        case .questions: return card.kind == .question
        case .terms: return card.kind != .question
        }
    }
}

/// The numbers `kb quiz --stats` prints.
public struct StudyStats: Encodable, Sendable, Equatable {
    /// Cards made by the notes (retired ones left out).
    public var cards: Int
    /// Cards never answered.
    public var new: Int
    /// Answered cards due by the end of today.
    public var dueToday: Int
    /// Answered cards due within seven days.
    public var dueThisWeek: Int
    /// Answers recorded, all time.
    public var reviewed: Int
    /// Answers recorded today.
    public var reviewedToday: Int
    /// Of the answers to cards past learning (in review), the share not rated Again; nil before any.
    public var retention: Double?

    private enum CodingKeys: String, CodingKey {
        case cards, new, dueToday, dueThisWeek, reviewed, reviewedToday, retention
    }

    /// Writes every key, `retention` as null before any review of a learned card.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cards, forKey: .cards)
        try container.encode(new, forKey: .new)
        try container.encode(dueToday, forKey: .dueToday)
        try container.encode(dueThisWeek, forKey: .dueThisWeek)
        try container.encode(reviewed, forKey: .reviewed)
        try container.encode(reviewedToday, forKey: .reviewedToday)
        try container.encode(retention, forKey: .retention)
    }

    /// Counts over `entries` and `reviews` as of `now`, with "today" ending at the next local midnight.
    public init(entries: [ReviewStore.Entry], reviews: [ReviewStore.Review], now: Date, calendar: Calendar = .current) {
        let startOfToday = calendar.startOfDay(for: now)
        let endOfToday = calendar.date(byAdding: .day, value: 1, to: startOfToday) ?? now
        let endOfWeek = calendar.date(byAdding: .day, value: 7, to: startOfToday) ?? now
        let live = entries.filter { !$0.retired }
        let answered = live.filter { !$0.isNew }
        cards = live.count
        new = live.count - answered.count
        dueToday = answered.filter { ($0.memory.due ?? now) < endOfToday }.count
        dueThisWeek = answered.filter { ($0.memory.due ?? now) < endOfWeek }.count
        reviewed = reviews.count
        reviewedToday = reviews.filter { $0.reviewedAt >= startOfToday }.count
        let recalls = reviews.filter { $0.phaseBefore == .review }
        retention = recalls.isEmpty ? nil : Double(recalls.filter { $0.rating != .again }.count) / Double(recalls.count)
    }
}

/// Why a graph could not be exported.
///
/// The ``description`` is written for the person running `kb`: it says what went wrong and,
/// where there is one, what to do about it.
public struct ExportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The broad cause, so callers can react without parsing the message.
    public enum Reason: Sendable, Equatable {
        /// The snapshot is inconsistent (duplicate node ids, edges to unknown nodes, bad weights).
        case invalidGraph
        /// Graphviz `dot` is not on `PATH` (only the SVG format needs it).
        case graphvizNotFound
        /// `dot` ran but failed, or could not be started.
        case graphvizFailed
        /// The serialiser itself failed.
        case encodingFailed
    }

    /// The broad cause.
    public var reason: Reason
    /// What went wrong, for the person running kb.
    public var message: String

    /// An export failure of this cause, with its message.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}

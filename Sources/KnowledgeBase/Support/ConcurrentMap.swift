import Foundation

/// `map` on every core for pure work; results keep the input order.
enum ConcurrentMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let box = Box<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            box.set(index, transform(items[index]))
        }
        return box.values
    }

    /// Each worker fills its own slot; the lock only satisfies the compiler and is uncontended.
    private final class Box<R>: @unchecked Sendable {
        private var slots: [R?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: R) { lock.withLock { slots[index] = value } }
        var values: [R] { slots.map { $0! } }
    }
}

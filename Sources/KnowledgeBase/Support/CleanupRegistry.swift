import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The child processes and temporary folders kb has open at a moment, so that a signal ending
/// kb (Ctrl-C, SIGTERM) can end and remove them first: Graphviz, left running, would go on
/// laying out a large graph long after kb is gone.
package enum CleanupRegistry {
    private struct Held {
        var children: Set<pid_t> = []
        var folders: Set<String> = []
        var ending = false
    }

    /// Whether `cleanUp` has begun: kb is ending by a signal, and the work it cut short (a
    /// killed Graphviz, say) must not be reported as a failure of its own.
    package static var isEnding: Bool { held.withLock { $0.ending } }

    private static let held = Mutex(Held())

    static func add(child: pid_t) { held.withLock { _ = $0.children.insert(child) } }
    static func remove(child: pid_t) { held.withLock { _ = $0.children.remove(child) } }
    static func add(folder: String) { held.withLock { _ = $0.folders.insert(folder) } }
    /// Takes `folder` back from the registry; false when `cleanUp` has already taken it, and
    /// with it the job of removing it (two threads removing one folder at once can each stop
    /// at a file the other removed, and leave it behind).
    @discardableResult
    static func remove(folder: String) -> Bool { held.withLock { $0.folders.remove(folder) != nil } }

    /// Kills every registered child (SIGKILL: a child may have inherited blocked signals) and
    /// removes every registered folder. Called from a signal's thread just before kb ends.
    package static func cleanUp() {
        let (children, folders) = held.withLock { held in
            defer { held = Held(ending: true) }
            return (held.children, held.folders)
        }
        for child in children {
            kill(child, SIGKILL)
            var status: Int32 = 0
            waitpid(child, &status, 0)
        }
        for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
    }
}

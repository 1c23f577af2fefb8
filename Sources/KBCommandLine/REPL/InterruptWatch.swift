import CInterrupt
import Foundation
import KnowledgeBase

/// Watches for Ctrl-C while one REPL command runs, and stops the command's database work when
/// it comes: the REPL's SIGINT handler only sets a flag, and a long search would otherwise
/// run to its end before the prompt came back.
///
/// SQLite's interrupt fails the statement running at that moment; later statements are not
/// affected, so the watch repeats it until the command returns.
final class InterruptWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var seen = false
    private let finished = DispatchSemaphore(value: 0)
    private let wake = DispatchSemaphore(value: 0)

    /// How often the flag is read, in milliseconds.
    static let period = 10

    init(base: KnowledgeBase) {
        _ = kb_take_interrupt()  // a Ctrl-C from before the command belongs to the line editor
        Thread { [self] in
            while lock.withLock({ running }) {
                if kb_interrupt_pending() != 0 {
                    lock.withLock { seen = true }
                    base.database.interrupt()
                }
                // Woken at once by `stop`: keys typed right after a command must find the
                // line editor already reading, not a terminal left in its line mode.
                _ = wake.wait(timeout: .now() + .milliseconds(Self.period))
            }
            finished.signal()
        }.start()
    }

    /// Whether Ctrl-C came while the command ran.
    /// Also true for a Ctrl-C this watch has not polled yet, so a listing that stopped on it is
    /// reported as interrupted.
    var interrupted: Bool { lock.withLock { seen } || kb_interrupt_pending() != 0 }

    /// Ends the watch; returns once its thread has stopped interrupting.
    func stop() {
        lock.withLock { running = false }
        wake.signal()
        finished.wait()
        _ = kb_take_interrupt()
    }
}

import CThreadPlacement
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on a thread of its own, started on another CPU than the caller's. Not a
/// dispatch queue: its first worker comes from a manager thread made first, so it starts
/// milliseconds late; and the pool's threads keep the lowered priority the parse gave them.
/// When no thread can be made, `body` does not run: the caller sees that after `join`.
final class HelperThread: @unchecked Sendable {
    private var thread = pthread_t()
    private var started = false
    private let body: () -> Void

    init(_ body: @escaping () -> Void) {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        started = kb_thread_start_elsewhere(&thread, { context in
            Unmanaged<HelperThread>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context) == 0
        if !started { Unmanaged<HelperThread>.fromOpaque(context).release() }
    }

    /// Waits for the thread to end (at once if none could be made, or it was joined).
    func join() {
        if started { pthread_join(thread, nil) }
        started = false
    }
}

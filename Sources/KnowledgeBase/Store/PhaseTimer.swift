import Foundation

/// Prints how long each phase of a refresh took to stderr when `KB_TRACE` is set, so a slow
/// refresh can be diagnosed on the user's own corpus without a profiler.
struct PhaseTimer {
    private let enabled = ProcessInfo.processInfo.environment["KB_TRACE"] != nil
    private var last = DispatchTime.now()

    mutating func mark(_ phase: @autoclosure () -> String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        let ms = Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e6
        FileHandle.standardError.write(Data("kb-trace \(phase()) \(String(format: "%.1f", ms)) ms\n".utf8))
        last = now
    }
}

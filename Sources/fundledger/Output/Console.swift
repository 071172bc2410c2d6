import Foundation

/// Standard output and standard error, written as UTF-8 without any escaping of Chinese text.
enum Console {
    /// Writes `text` to standard output.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
    /// Writes `text` followed by a line feed to standard output.
    static func line(_ text: String = "") { out(text + "\n") }
    /// Writes `text` to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
    /// Whether standard error is a terminal (progress bars are drawn only then).
    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }
}

/// A progress bar on standard error, drawn only when it is a terminal; silent otherwise.
final class ProgressBar {
    private let label: String
    private let total: Int
    private var lastDrawnPercent = -1
    private let isEnabled: Bool

    init(label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
        isEnabled = Console.standardErrorIsTerminal && ProcessInfo.processInfo.environment["FUNDLEDGER_NO_PROGRESS"] == nil
    }

    /// Redraws when the completed fraction moved by at least one percent.
    func update(_ done: Int) {
        guard isEnabled else { return }
        let percent = min(100, done * 100 / total)
        guard percent != lastDrawnPercent else { return }
        lastDrawnPercent = percent
        let width = 30
        let filled = percent * width / 100
        Console.error("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(percent)%")
    }

    /// Clears the bar's line.
    func finish() {
        guard isEnabled, lastDrawnPercent >= 0 else { return }
        Console.error("\r\u{1B}[K")
    }
}

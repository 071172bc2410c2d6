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

/// A progress bar on standard error, drawn only when it is a terminal; silent otherwise (and when
/// FUNDLEDGER_NO_PROGRESS is set to anything non-empty).
final class ProgressBar {
    /// The number of cells between the brackets.
    static let barWidth = 30

    private let label: String
    private let total: Int
    private var lastDrawnPercent = -1
    private let isEnabled: Bool
    private let write: (String) -> Void

    /// A bar counting up to `total`. `isEnabled` defaults to `shouldDraw()`; `write` (standard error
    /// by default) receives every redraw.
    init(label: String, total: Int, isEnabled: Bool = ProgressBar.shouldDraw(),
         write: @escaping (String) -> Void = Console.error) {
        self.label = label
        self.total = max(total, 1)
        self.isEnabled = isEnabled
        self.write = write
    }

    /// Whether bars are drawn: standard error is a terminal and FUNDLEDGER_NO_PROGRESS is unset or empty.
    static func shouldDraw(
        standardErrorIsTerminal: Bool = Console.standardErrorIsTerminal,
        environment: ProcessEnvironment = .current
    ) -> Bool {
        standardErrorIsTerminal && (environment["FUNDLEDGER_NO_PROGRESS"] ?? "").isEmpty
    }

    /// One drawing of the bar: carriage return, label, `barWidth` cells and the percentage.
    /// Requires 0 ≤ percent ≤ 100.
    static func rendered(label: String, percent: Int) -> String {
        precondition((0...100).contains(percent), "a percentage")
        let filled = percent * barWidth / 100
        return "\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: barWidth - filled))] \(percent)%"
    }

    /// The escape sequence that clears the bar's line.
    static let clearLine = "\r\u{1B}[K"

    /// Redraws when the completed fraction moved by at least one percent.
    func update(_ done: Int) {
        guard isEnabled else { return }
        let percent = min(100, max(0, done) * 100 / total)
        guard percent != lastDrawnPercent else { return }
        lastDrawnPercent = percent
        write(Self.rendered(label: label, percent: percent))
    }

    /// Clears the bar's line, if it was drawn; a second call does nothing until the next update.
    func finish() {
        guard isEnabled, lastDrawnPercent >= 0 else { return }
        lastDrawnPercent = -1
        write(Self.clearLine)
    }
}

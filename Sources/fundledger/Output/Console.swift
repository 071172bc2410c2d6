import Foundation

/// Standard output and standard error, written as UTF-8 without any escaping of Chinese text.
enum Console {
    /// Writes `text` to standard output.
    static func out(_ text: String) { writeAll(text, to: STDOUT_FILENO) }
    /// Writes `text` followed by a line feed to standard output.
    static func line(_ text: String = "") { out(text + "\n") }
    /// Writes `text` to standard error.
    static func error(_ text: String) { writeAll(text, to: STDERR_FILENO) }

    /// Writes the UTF-8 bytes of `text` with write(2), unbuffered like FileHandle, until all are
    /// written. Not through `Data(text.utf8)`: that initializer's dynamic cast first scans every
    /// conformance record of the binary, 1.4% of a single append. A failed write (a closed pipe
    /// with SIGPIPE ignored) drops the rest: there is nowhere left to report it.
    private static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, base + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
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

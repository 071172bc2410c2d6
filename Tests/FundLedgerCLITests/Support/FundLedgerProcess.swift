// Runs the built `fundledger` binary as a child process and captures its standard output, standard
// error and exit status, so that end-to-end tests see exactly what a clerk sees.
import Foundation

/// What one run of `fundledger` printed and returned.
struct ProcessResult: Sendable {
    /// The exit status (sysexits: 0, 1, 64, 65, 70, 74).
    var status: Int32
    /// Standard output as UTF-8 text.
    var stdout: String
    /// Standard error as UTF-8 text.
    var stderr: String
}

/// Starts the `fundledger` executable that this test run built.
enum FundLedgerProcess {
    /// The most a single run may take before the test kills it and fails (a hang is a bug).
    static let timeoutSeconds: Double = 120

    /// The executable: SwiftPM puts products beside the test bundle (`.build/<triple>/debug/`
    /// holds both `fundledger` and `FundLedgerPackageTests.xctest`), so it is looked up from the
    /// directory of the running test binary, then in this package's `.build/debug`.
    static let executable: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("fundledger")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/fundledger")
    }()

    /// Runs `fundledger arguments…` in `directory` with messages in `language` ("en" or "zh") and no
    /// progress bar; `input` is written to its standard input.
    static func run(_ arguments: [String], in directory: URL, language: String = "en", input: [UInt8] = [],
                    environment extra: [String: String] = [:]) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["FUNDLEDGER_LANG"] = language
        environment["FUNDLEDGER_NO_PROGRESS"] = "1"
        environment.removeValue(forKey: "LC_ALL")
        for (name, value) in extra { environment[name] = value }
        process.environment = environment
        // Files rather than pipes: nothing can block on a full pipe, and no reader threads are needed.
        let token = UUID().uuidString
        let inputURL = directory.appendingPathComponent(".stdin-\(token)")
        let outputURL = directory.appendingPathComponent(".stdout-\(token)")
        let errorURL = directory.appendingPathComponent(".stderr-\(token)")
        try Data(input).write(to: inputURL)
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            for url in [inputURL, outputURL, errorURL] { try? FileManager.default.removeItem(at: url) }
        }
        let standardInput = try FileHandle(forReadingFrom: inputURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorURL)
        process.standardInput = standardInput
        process.standardOutput = output
        process.standardError = errors
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            process.terminate()
            finished.wait()
            throw HangError(arguments: arguments)
        }
        try standardInput.close()
        try output.close()
        try errors.close()
        return ProcessResult(status: process.terminationStatus, stdout: try text(of: outputURL), stderr: try text(of: errorURL))
    }

    /// A file's text. Empty files are not read: Foundation's `Data(contentsOf:)` (Swift 6.3.1, Linux)
    /// leaks a 4 KiB buffer for each empty file, which LeakSanitizer reports (Tools/sanitizers/README.md).
    private static func text(of url: URL) throws -> String {
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return size == 0 ? "" : String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// A run that did not finish within `timeoutSeconds`.
    struct HangError: Error, CustomStringConvertible {
        var arguments: [String]
        var description: String { "fundledger \(arguments.joined(separator: " ")) did not finish in \(timeoutSeconds) s" }
    }
}

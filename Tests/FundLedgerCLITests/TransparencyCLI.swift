// Runs the built `fundledger` binary in a scratch directory and captures what it prints, so the
// transparency commands are tested end to end: exact stdout, stderr and exit code.
import Foundation
import LedgerTestSupport
import Testing

/// What one run of `fundledger` printed and returned.
struct TransparencyRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A scratch directory and the `fundledger` binary that the test run built.
final class TransparencyCLI {
    /// The scratch directory, removed when the last reference to this object goes away.
    let scratch: TemporaryDirectory
    /// The scratch directory; every relative path is resolved against it.
    var directory: URL { scratch.url }

    init() throws {
        scratch = try TemporaryDirectory(prefix: "fundledger-transparency")
    }

    /// The `fundledger` executable: beside the test bundle (SwiftPM puts products and test bundles in
    /// one directory), or `.build/debug/fundledger` of this package.
    static let executable: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("fundledger")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/fundledger")
    }()

    /// Runs `fundledger arguments…` in the scratch directory (English messages, no progress bar).
    @discardableResult
    func run(_ arguments: [String], input: String? = nil) throws -> TransparencyRun {
        let process = Process()
        process.executableURL = TransparencyCLI.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["FUNDLEDGER_LANG"] = "en"
        environment["FUNDLEDGER_NO_PROGRESS"] = "1"
        process.environment = environment
        // Files rather than pipes: nothing can block on a full pipe, and no reader threads are needed.
        let outputURL = directory.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let errorURL = directory.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorURL)
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        standardInput.fileHandleForWriting.write(Data((input ?? "").utf8))
        try standardInput.fileHandleForWriting.close()
        process.waitUntilExit()
        try output.close()
        try errors.close()
        return TransparencyRun(status: process.terminationStatus,
                               stdout: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
                               stderr: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
    }

    /// Runs a command that must succeed and returns its standard output.
    @discardableResult
    func succeed(_ arguments: [String], input: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments, input: input)
        #expect(result.status == 0, "fundledger \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// The path of `name` in the scratch directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes a file in the scratch directory.
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }

    /// Reads a file of the scratch directory.
    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
    }

    /// The names of the files in a subdirectory of the scratch directory, sorted.
    func files(in name: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path(name)).sorted()
    }
}

// The journal every bad-input test runs against, built once per test run with the CLI itself:
// keygen, init, grants with fund kinds for 沁源县 (140431), an allocation of fund F5 from 长治市
// (140400) to 140431 and the registration of project P3 (bodies from docs/EVENTS.md).
import Foundation
import LedgerTestSupport

/// A scratch directory holding a small journal, its keys and some broken key files.
/// The directory is removed when the test process exits (`shared` lives as long as the process).
final class BadInputFixture: Sendable {
    /// Owns the scratch directory.
    let scratch: TemporaryDirectory
    /// The scratch directory; every command runs in it, with relative paths.
    let directory: URL
    /// The journal's file name.
    let journal = "j.jsonl"
    /// Public keys (hex) by key file name.
    let publicKeys: [String: String]
    /// The 64-hex seeds of every key file, read back from the files (they must never be printed).
    let seeds: [String]
    /// The stdout and stderr of every command that built the fixture, for the secrets test.
    let buildOutput: String

    /// Key files: the authority; `city.key` may allocate for 长治市 140400; `clerk.key` holds the
    /// fund kinds for 沁源县 140431; `milestones.key` only `project.milestone` for 140431;
    /// `qinxian.key` only 沁县 140430; `revoked.key` was granted and then revoked; `stranger.key` was
    /// never granted.
    static let keyNames = ["authority.key", "city.key", "clerk.key", "milestones.key", "qinxian.key", "revoked.key", "stranger.key"]

    /// The fixture of this test run, built on first use.
    static let shared: Result<BadInputFixture, any Error> = Result { try BadInputFixture() }

    private init() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-bad-input")
        let directory = scratch.url
        let journal = self.journal
        var output = ""
        var keys: [String: String] = [:]
        func succeed(_ arguments: [String], input: String = "") throws -> String {
            let result = try FundLedgerProcess.run(arguments, in: directory, input: Array(input.utf8))
            output += result.stdout + result.stderr
            guard result.status == 0 else { throw FixtureError(arguments: arguments, result: result) }
            return result.stdout
        }
        for name in Self.keyNames {
            let printed = try succeed(["keygen", "--name", "测试 \(name)", "--out", name])
            guard let line = printed.split(separator: "\n").first(where: { $0.hasPrefix("public key: ") }) else {
                throw FixtureError(arguments: ["keygen", name], result: ProcessResult(status: 0, stdout: printed, stderr: ""))
            }
            keys[name] = String(line.dropFirst("public key: ".count))
        }
        _ = try succeed(["init", journal, "--origin", "fundledger.example.gov.cn/140431", "--authority", "authority.key"])
        let fundKinds = "fund.integrate,fund.disburse,fund.return,project.register,project.milestone,entry.reverse"
        let grants: [(String, String, String)] = [
            ("city.key", "fund.allocate", "140400"), ("clerk.key", fundKinds, "140431"),
            ("milestones.key", "project.milestone", "140431"), ("qinxian.key", fundKinds, "140430"),
            ("revoked.key", fundKinds, "140431"),
        ]
        for (name, roles, counties) in grants {
            _ = try succeed(["grant", journal, "--authority", "authority.key", "--public-key", keys[name]!,
                             "--name", "测试 \(name)", "--roles", roles, "--counties", counties, "--id", "grant-\(name)"])
        }
        _ = try succeed(["revoke", journal, "--authority", "authority.key", "--public-key", keys["revoked.key"]!,
                         "--reason", "人员调离", "--id", "revoke-revoked.key"])
        _ = try succeed(["append", journal, "--key", "city.key", "-"], input: BadInputEvents.allocation())
        _ = try succeed(["append", journal, "--key", "clerk.key", "-"], input: BadInputEvents.projectRegistration())
        self.scratch = scratch
        self.directory = directory
        publicKeys = keys
        buildOutput = output
        seeds = try Self.keyNames.map { name in
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return String(text.split(separator: "\n")[2].dropFirst("seed: ".count))
        }
        try makeBrokenKeyFiles()
    }

    /// `truncated.key` (the clerk's key file cut in the middle of its seed, mode 0600),
    /// `open.key` (the clerk's key file with mode 0644), `group.key` (0640) and `empty.key`.
    private func makeBrokenKeyFiles() throws {
        let clerk = try Data(contentsOf: url("clerk.key"))
        let seedLineStart = clerk.firstRange(of: Data("seed: ".utf8))!.upperBound
        try write("truncated.key", clerk.prefix(seedLineStart + 20), permissions: 0o600)
        try write("open.key", clerk, permissions: 0o644)
        try write("group.key", clerk, permissions: 0o640)
        try write("empty.key", Data(), permissions: 0o600)
        try write("not-a-key.key", Data("fundledger-ed25519-private-key-v1\nname: x\nseed: zz\n".utf8), permissions: 0o600)
    }

    /// The URL of a file in the scratch directory.
    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Writes a file in the scratch directory with the given mode.
    func write(_ name: String, _ data: Data, permissions: Int = 0o644) throws {
        try data.write(to: url(name))
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: url(name).path)
    }

    /// The bytes of a file in the scratch directory (empty when it does not exist).
    func bytes(_ name: String) -> Data { (try? Data(contentsOf: url(name))) ?? Data() }

    /// Copies the journal to `name` (a journal a test may change).
    func copyJournal(to name: String) throws {
        try? FileManager.default.removeItem(at: url(name))
        try FileManager.default.copyItem(at: url(journal), to: url(name))
    }

    /// A command that failed while the fixture was built.
    struct FixtureError: Error, CustomStringConvertible {
        var arguments: [String]
        var result: ProcessResult
        var description: String { "fixture: fundledger \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)\(result.stdout)" }
    }
}

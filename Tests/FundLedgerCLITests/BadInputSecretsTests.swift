// Secrets (issue #9): a private key's seed never appears in anything the tool prints, key files are
// created with mode 0600, and a key file that group or others may read is refused with a hint to
// `chmod 600`. Method: the fixture's known key files; every command's stdout and stderr is searched
// for each seed in lowercase hex, uppercase hex and base64, and for any 16-hex-digit run of it.
import Foundation
import Testing

@Suite("CLI: secrets never leak and key files stay private")
struct BadInputSecretsTests {
    /// The forms in which a seed could leak: hex (both cases), base64, and every 16-digit window of its hex.
    static func leakForms(ofSeed seedHex: String) -> [String] {
        var bytes: [UInt8] = []
        var index = seedHex.startIndex
        while index < seedHex.endIndex {
            let next = seedHex.index(index, offsetBy: 2)
            bytes.append(UInt8(seedHex[index..<next], radix: 16)!)
            index = next
        }
        let characters = Array(seedHex)
        let windows = stride(from: 0, through: characters.count - 16, by: 8).map { String(characters[$0..<($0 + 16)]) }
        return [seedHex, seedHex.uppercased(), Data(bytes).base64EncodedString()] + windows
    }

    @Test("no command prints a private key's seed")
    func seedsNeverPrinted() throws {
        let fixture = try BadInputFixture.shared.get()
        #expect(fixture.seeds.count == BadInputFixture.keyNames.count)
        #expect(fixture.seeds.allSatisfy { $0.count == 64 })
        let copy = "secrets-\(UUID().uuidString).jsonl"
        try fixture.copyJournal(to: copy)
        defer { try? FileManager.default.removeItem(at: fixture.url(copy)) }
        var printed = fixture.buildOutput
        let authority = fixture.publicKeys["authority.key"]!
        let runs: [([String], String)] = [
            (["keygen", "--name", "沁源县财政局", "--out", "secrets-\(UUID().uuidString).key"], ""),
            (["grant", copy, "--authority", "authority.key", "--public-key", fixture.publicKeys["stranger.key"]!,
              "--name", "x", "--roles", "fund.disburse", "--counties", "140431"], ""),
            (["append", copy, "--key", "clerk.key", "-"], BadInputEvents.disbursement(id: "secret-pay")),
            (["append", copy, "--key", "clerk.key", "-"], BadInputEvents.disbursement(id: "secret-pay")),
            (["append", copy, "--key", "clerk.key", "-"], BadInputEvents.disbursement(["amount_fen": "-1"], id: "secret-pay-2")),
            (["append", copy, "--key", "revoked.key", "-"], BadInputEvents.disbursement(id: "secret-pay-3")),
            (["append", copy, "--key", "truncated.key", "-"], BadInputEvents.disbursement(id: "secret-pay-4")),
            (["append", copy, "--key", "open.key", "-"], BadInputEvents.disbursement(id: "secret-pay-5")),
            (["verify", copy, "--authority", authority], ""),
            (["verify", copy, "--authority", authority, "--json"], ""),
            (["report", copy, "all"], ""),
            (["report", copy, "all", "--format", "json"], ""),
            (["checkpoint", copy, "--key", "authority.key"], ""),
            (["note-key", "--key", "authority.key", "--name", "fundledger.example.gov.cn/140431"], ""),
            (["help", "keygen"], ""),
        ]
        for (arguments, input) in runs {
            for language in ["en", "zh"] {
                let run = try FundLedgerProcess.run(arguments + ["--lang", language], in: fixture.directory, input: Array(input.utf8))
                printed += run.stdout + run.stderr
            }
        }
        for (name, seed) in zip(BadInputFixture.keyNames, fixture.seeds) {
            for form in Self.leakForms(ofSeed: seed) {
                #expect(!printed.contains(form), "the seed of \(name) was printed (\(form))")
            }
        }
        // The keygen runs above wrote files; their seeds must not have been printed either.
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path).filter { $0.hasPrefix("secrets-") && $0.hasSuffix(".key") }
        #expect(names.count == 1)
        for name in names {
            let seed = String(try String(contentsOf: fixture.url(name), encoding: .utf8).split(separator: "\n")[2].dropFirst(6))
            #expect(!printed.contains(seed), "keygen printed the seed of \(name)")
            try? FileManager.default.removeItem(at: fixture.url(name))
        }
    }

    @Test("keygen creates key files with mode 0600 and never overwrites one")
    func keyFilesAreCreatedPrivate() throws {
        let fixture = try BadInputFixture.shared.get()
        for name in BadInputFixture.keyNames {
            let attributes = try FileManager.default.attributesOfItem(atPath: fixture.url(name).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name) has mode \(String((attributes[.posixPermissions] as? Int) ?? 0, radix: 8))")
        }
        let before = fixture.bytes("clerk.key")
        let again = try FundLedgerProcess.run(["keygen", "--name", "x", "--out", "clerk.key"], in: fixture.directory)
        #expect(again.status == 74, "\(again.stderr)")
        #expect(again.stderr.contains("already exists"))
        #expect(fixture.bytes("clerk.key") == before)
    }

    @Test("a key file any group or other bit opens is refused with 'chmod 600'; 0600 and 0400 are accepted", arguments: [
        0o644, 0o640, 0o604, 0o660, 0o606, 0o610, 0o601, 0o700, 0o600, 0o400,
    ])
    func keyFilePermissions(_ mode: Int) throws {
        let fixture = try BadInputFixture.shared.get()
        let name = "mode-\(String(mode, radix: 8))-\(UUID().uuidString).key"
        try fixture.write(name, fixture.bytes("clerk.key"), permissions: mode)
        defer { try? FileManager.default.removeItem(at: fixture.url(name)) }
        let journalBefore = fixture.bytes(fixture.journal)
        // note-key reads the key file and prints only the public verifier key: it changes nothing.
        let run = try FundLedgerProcess.run(["note-key", "--key", name, "--name", "clerk"], in: fixture.directory)
        if mode & 0o077 == 0 {
            #expect(run.status == 0, "mode \(String(mode, radix: 8)): \(run.stderr)")
        } else {
            #expect(run.status == 65, "mode \(String(mode, radix: 8)): \(run.stderr)")
            #expect(run.stderr.contains("chmod 600 \(name)"), "\(run.stderr)")
            #expect(run.stderr.contains("mode \(String(mode, radix: 8))"), "\(run.stderr)")
        }
        #expect(fixture.bytes(fixture.journal) == journalBefore)
    }
}

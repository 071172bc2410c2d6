// The shipped demo keys work in a fresh clone. Goal: git leaves Journal/demo-*.key at 0644, and
// FundLedger signs with them anyway, printing one warning line that it is a public demo key, while
// a real key at 0644 is still refused with exit 65 and the chmod hint. Method: copy the demo
// journal and keys into a temporary folder at mode 0644 and run the built binary.
import Foundation
import LedgerCrypto
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import fundledger

@Suite("fundledger with demo keys readable by others")
struct DemoKeyCLITests {
    static let journalDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Journal")

    /// A temporary folder holding the demo journal and its authority key, both at mode 0644.
    static func clonedDemo() throws -> TemporaryDirectory {
        let scratch = try TemporaryDirectory(prefix: "fundledger-demo-key")
        for name in ["demo.jsonl", "demo-authority.key"] {
            let target = scratch.url.appendingPathComponent(name)
            try FileManager.default.copyItem(at: journalDirectory.appendingPathComponent(name), to: target)
            #expect(chmod(target.path, 0o644) == 0)
        }
        return scratch
    }

    @Test("a demo key at 0644 signs a checkpoint, with a one-line warning in the chosen language")
    func demoKeyAcceptedWithWarning() throws {
        let scratch = try Self.clonedDemo()
        defer { scratch.remove() }
        let directory = scratch.url
        for language in [Language.en, .zh] {
            let result = try FundLedgerProcess.run(["checkpoint", "demo.jsonl", "--key", "demo-authority.key"],
                                                   in: directory, language: language.rawValue)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("fundledger.demo/140400\n"))
            #expect(result.stderr == KeyFileReading.demoKeyWarning(path: "demo-authority.key", permissions: 0o644, language))
            #expect(result.stderr.contains(language == .en ? "public DEMO key (mode 644" : "公开的演示密钥"))
        }
    }

    @Test("a normal key at 0644 is refused with exit 65 and the chmod hint, as before")
    func realKeyRefused() throws {
        let scratch = try Self.clonedDemo()
        defer { scratch.remove() }
        let directory = scratch.url
        let path = directory.appendingPathComponent("clerk.key").path
        try SigningKeyFile(name: "沁源县财政局", privateKey: Curve25519.Signing.PrivateKey()).write(to: path)
        #expect(chmod(path, 0o644) == 0)
        let result = try FundLedgerProcess.run(["checkpoint", "demo.jsonl", "--key", "clerk.key"], in: directory)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "fundledger: error: key file clerk.key has mode 644 and can be read by others\n  hint: run: chmod 600 clerk.key\n")
    }
}

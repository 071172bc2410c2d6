import Foundation
import LedgerCrypto
@testable import LedgerJournal
import LedgerTestSupport

/// A small signed journal in a temporary directory: an authority, a clerk granted `note.add` for
/// 沁源县 (140431), and a few notes. Keys come from fixed seeds so every run writes the same bytes.
/// The directory is removed by `remove()`, or at the latest when the last copy of the fixture goes away.
struct JournalFixture {
    let scratch: TemporaryDirectory
    var directory: String { scratch.path }
    let path: String
    let authority: Curve25519.Signing.PrivateKey
    let clerk: Curve25519.Signing.PrivateKey
    let outsider: Curve25519.Signing.PrivateKey
    static let origin = "fundledger.example.gov.cn/140431"
    static let startTime = Timestamp(secondsSinceEpoch: 1_735_689_600) // 2025-01-01T00:00:00Z

    init(noteCount: Int = 4) throws {
        scratch = try TemporaryDirectory(prefix: "fundledger-test")
        path = scratch.file("journal.jsonl")
        authority = try Self.key(1)
        clerk = try Self.key(2)
        outsider = try Self.key(3)
        _ = try JournalAppender.create(path: path, origin: Self.origin, authority: authority, time: Self.startTime)
        _ = try JournalAppender.append(path: path, drafts: [Self.grant(clerk, roles: ["note.add"], counties: ["140431"])],
                                       signer: authority, now: Self.startTime)
        if noteCount > 0 {
            _ = try JournalAppender.append(path: path, drafts: (0..<noteCount).map { Self.note($0) }, signer: clerk,
                                           now: Timestamp(secondsSinceEpoch: Self.startTime.secondsSinceEpoch + 60))
        }
    }

    static func key(_ byte: UInt8) throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: byte, count: 32))
    }

    static func grant(_ key: Curve25519.Signing.PrivateKey, roles: [String], counties: [String], id: String? = nil) -> EventDraft {
        EventDraft(id: id ?? "grant-\(Hex.encode(key.publicKey.rawRepresentation).prefix(8))", kind: "key.grant",
                   body: .object(["counties": .array(counties.map(JSONValue.string)), "name": "沁源县财政局",
                                  "public_key": .string(Hex.encode(key.publicKey.rawRepresentation)),
                                  "roles": .array(roles.map(JSONValue.string))]))
    }

    static func note(_ index: Int, scope: String? = "140431") -> EventDraft {
        EventDraft(id: "凭证-\(index)", kind: "note.add", scope: scope,
                   body: .object(["amount_fen": .integer(Int64(index) * 100_050), "text": .string("第\(index)笔拨付 \"测试\"")]))
    }

    var bytes: [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }
    var lines: [[UInt8]] { bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init) }

    func write(_ bytes: [UInt8], to target: String? = nil) {
        _ = FileManager.default.createFile(atPath: target ?? path, contents: Data(bytes))
    }

    func write(lines: [[UInt8]], to target: String? = nil) {
        write(Array(lines.map { $0 + [0x0A] }.joined()), to: target)
    }

    func verify(_ target: String? = nil, pinned: Curve25519.Signing.PublicKey? = nil) throws -> VerificationReport {
        try JournalVerification.verify(path: target ?? path, options: .init(pinnedAuthority: pinned))
    }

    func remove() { scratch.remove() }
}

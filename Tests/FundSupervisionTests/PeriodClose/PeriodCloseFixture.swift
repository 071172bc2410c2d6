// A journal for the period.close tests: genesis, grants, then the hand-built journal (18 entries of
// fiscal year 2018, every figure computed by hand) appended through the SupervisionValidator.
// Keys: `clerk` may sign everything everywhere; `payer` only fund.disburse for 沁源县 140431;
// `closer` only period.close for 140431. The hand-built journal's seq i is seq i + 4 here.
import Foundation
import LedgerCrypto
import LedgerJournal
import LedgerTestSupport
@testable import FundSupervision

struct PeriodCloseFixture {
    /// The journal's directory, removed when the last copy of the fixture goes away.
    let scratch: TemporaryDirectory
    let path: String
    let authority: Curve25519.Signing.PrivateKey
    let clerk: Curve25519.Signing.PrivateKey
    let payer: Curve25519.Signing.PrivateKey
    let closer: Curve25519.Signing.PrivateKey
    /// 2019-01-05T00:00:00Z: every hand-built entry is recorded after the end of 2018.
    static let time = Timestamp(secondsSinceEpoch: 1_546_646_400)
    /// Where the hand-built journal starts.
    static let firstHandBuiltSequence = 4

    init() throws {
        scratch = try TemporaryDirectory(prefix: "fundledger-period")
        path = scratch.file("journal.jsonl")
        authority = try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 32))
        clerk = try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 2, count: 32))
        payer = try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 3, count: 32))
        closer = try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 4, count: 32))
        _ = try JournalAppender.create(path: path, origin: "fundledger.example.gov.cn/140431", authority: authority, time: Self.time)
        func grant(_ key: Curve25519.Signing.PrivateKey, _ name: String, roles: [JSONValue], counties: [JSONValue]) -> EventDraft {
            EventDraft(id: "grant-" + name, kind: "key.grant", body: .object([
                "counties": .array(counties), "name": .string(name),
                "public_key": .string(Hex.encode(key.publicKey.rawRepresentation)), "roles": .array(roles)]))
        }
        _ = try JournalAppender.append(path: path, drafts: [
            grant(clerk, "山西省财政厅（测试）", roles: ["all"], counties: ["all"]),
            grant(payer, "沁源县财政局（测试）", roles: ["fund.disburse"], counties: ["140431"]),
            grant(closer, "沁源县结账员（测试）", roles: ["period.close"], counties: ["140431"]),
        ], signer: authority, now: Self.time)
        let offset = Self.firstHandBuiltSequence
        let drafts = HandBuiltJournal.lines.map { line -> EventDraft in
            var event = line.event
            if case .reverse(var reversal) = event { reversal.reversedSequence += offset; event = .reverse(reversal) }
            return EventDraft(id: line.context.id, kind: line.kind, scope: line.context.scope?.description, body: event.body)
        }
        _ = try JournalAppender.append(path: path, drafts: drafts, signer: clerk, validator: SupervisionValidator(), now: Self.time)
    }

    var bytes: [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

    var entryCount: Int { bytes.split(separator: UInt8(ascii: "\n")).count }

    /// Appends drafts through the validator, as `fundledger append` does.
    @discardableResult
    func append(_ drafts: [EventDraft], signer: Curve25519.Signing.PrivateKey? = nil) throws -> AppendOutcome {
        try JournalAppender.append(path: path, drafts: drafts, signer: signer ?? clerk, validator: SupervisionValidator(), now: Self.time)
    }

    /// Closes `period` (`YYYY-MM` or `YYYY`) as `fundledger close-period` does.
    @discardableResult
    func close(_ period: String, unit: String? = nil, signer: Curve25519.Signing.PrivateKey? = nil) throws -> (outcome: AppendOutcome, closing: PeriodClosing) {
        try PeriodClose.append(journalPath: path, period: FiscalPeriod(parsing: period)!, unit: unit.map { DivisionCode($0)! },
                               signer: signer ?? clerk, validator: SupervisionValidator(), now: Self.time)
    }

    /// Verifies the journal with the fund validator.
    func verify() throws -> VerificationReport {
        try JournalVerification.verify(path: path, validator: SupervisionValidator())
    }

    /// Writes a correctly chained and signed line straight into the file, bypassing every check of
    /// `append` (what someone holding a key but not running FundLedger could do). Returns the new
    /// entry's sequence and the byte offset of its line.
    func forceAppend(_ draft: EventDraft, signer: Curve25519.Signing.PrivateKey? = nil) throws -> (sequence: Int, byteOffset: Int) {
        let existing = bytes
        let lines = existing.split(separator: UInt8(ascii: "\n"))
        var entry = JournalEntry(sequence: lines.count, previousHash: EntryHash.ofLine(Array(lines.last!)), time: Self.time,
                                 kind: draft.kind, id: draft.id, scope: draft.scope, body: draft.body, signerKeyID: "")
        try entry.sign(with: signer ?? clerk)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(entry.canonicalLine() + [UInt8(ascii: "\n")]))
        try handle.close()
        return (lines.count, existing.count)
    }
}

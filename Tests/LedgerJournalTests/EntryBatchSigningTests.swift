import Foundation
import LedgerCrypto
import LedgerTestSupport
import Testing
@testable import LedgerJournal

/// Goal: append's batch signing (`EntryLineBuilder`, `EntryBatchSigner` on a second thread) writes
/// exactly the bytes of signing one entry at a time with `JournalEntry`. Method: differential checks
/// on random events (seeded; the seed is printed on failure) and whole journals compared byte for byte.
@Suite("Batch signing")
struct EntryBatchSigningTests {
    static let time = Timestamp(secondsSinceEpoch: 1_735_689_660)

    /// A random event: any body, an id and kind with characters the encoder must escape, maybe a scope.
    static func randomDraft(_ random: inout RandomJSON, index: Int) -> EventDraft {
        var members: [String: JSONValue] = [:]
        for _ in 0..<random.int(0...6) { members[random.string(maximumLength: 5)] = random.value(depth: 2) }
        let id = "e\(index)-" + random.string(maximumLength: 6)
        let scope: String? = random.chance(1, in: 3) ? nil : String(format: "%06d", random.int(0...999_999))
        return EventDraft(id: id, kind: random.chance(1, in: 2) ? "note.add" : "fund.disburse", scope: scope,
                          body: .object(members))
    }

    /// The reference: the entry signed and encoded through its JSONValue.
    static func referenceLine(
        _ draft: EventDraft, sequence: Int, previousHash: EntryHash, key: Curve25519.Signing.PrivateKey
    ) throws -> (line: [UInt8], signature: [UInt8]) {
        var entry = JournalEntry(sequence: sequence, previousHash: previousHash, time: time, kind: draft.kind,
                                 id: draft.id, scope: draft.scope, body: draft.body, signerKeyID: "")
        try entry.sign(with: key)
        return (entry.canonicalLine(), entry.signature)
    }

    @Test("the line builder writes the bytes of JournalEntry.sign and canonicalLine")
    func lineBuilderMatchesGenericEncoder() throws {
        var random = RandomJSON(generator: SeededRandomNumberGenerator(defaultSeed: 0x8B17))
        let seed = random.generator.seed
        let key = try JournalFixture.key(9)
        var builder = EntryLineBuilder(signerKeyID: KeyID(publicKey: key.publicKey).hex, time: Self.time)
        var previousHash = EntryHash.zero
        for index in 0..<300 {
            let draft = Self.randomDraft(&random, index: index)
            let sequence = index * 37_813
            let built = builder.signedLine(PreparedEntryEvent(draft), sequence: sequence, previousHash: previousHash, key: key)
            let reference = try Self.referenceLine(draft, sequence: sequence, previousHash: previousHash, key: key)
            #expect(built.line == reference.line, "seed \(seed), event \(index)")
            #expect(built.signature == reference.signature, "seed \(seed), event \(index)")
            previousHash = EntryHash.ofLine(built.line)
        }
    }

    @Test("a pipelined batch signs the chain that signing one entry at a time gives, and stops when cancelled")
    func pipelinedBatchMatchesSequentialSigning() throws {
        var random = RandomJSON(generator: SeededRandomNumberGenerator(defaultSeed: 0x51C4))
        let seed = random.generator.seed
        let key = try JournalFixture.key(10)
        let keyID = KeyID(publicKey: key.publicKey).hex
        let count = EntryBatchSigner.minimumPipelinedCount * 3 + 5
        let drafts = (0..<count).map { Self.randomDraft(&random, index: $0) }
        let start = EntryHash.ofLine(Array("start".utf8))
        let batch = EntryBatchSigner(drafts: drafts, firstSequence: 41, previousHash: start, signerKeyID: keyID,
                                     time: Self.time, key: key)
        var previousHash = start
        for (index, draft) in drafts.enumerated() {
            let signed = batch.entry(at: index)
            let reference = try Self.referenceLine(draft, sequence: 41 + index, previousHash: previousHash, key: key)
            #expect(signed.line == reference.line, "seed \(seed), event \(index)")
            #expect(signed.signature == reference.signature, "seed \(seed), event \(index)")
            #expect(signed.hash == EntryHash.ofLine(reference.line), "seed \(seed), event \(index)")
            previousHash = signed.hash
        }
        // A refused batch cancels its signer part-way; taking the entries signed so far stays valid.
        let cancelled = EntryBatchSigner(drafts: drafts, firstSequence: 41, previousHash: start, signerKeyID: keyID,
                                         time: Self.time, key: key)
        let first = cancelled.entry(at: 0)
        cancelled.cancelAndWait()
        #expect(first.line == batch.entry(at: 0).line)
    }

    @Test("one large append writes the bytes of the same events appended one at a time")
    func largeAppendMatchesSingleAppends() throws {
        let count = EntryBatchSigner.minimumPipelinedCount * 2 + 3
        let drafts = (100..<(100 + count)).map { JournalFixture.note($0) }
        let now = Timestamp(secondsSinceEpoch: JournalFixture.startTime.secondsSinceEpoch + 120)
        let batched = try JournalFixture(noteCount: 2)
        defer { batched.remove() }
        let single = try JournalFixture(noteCount: 2)
        defer { single.remove() }
        let outcome = try JournalAppender.append(path: batched.path, drafts: drafts, signer: batched.clerk, now: now)
        for draft in drafts {
            _ = try JournalAppender.append(path: single.path, drafts: [draft], signer: single.clerk, now: now)
        }
        #expect(batched.bytes == single.bytes)
        #expect(outcome.appended.count == count)
        #expect(outcome.entries.map { $0.canonicalLine() } == Array(batched.lines.suffix(count)))
        #expect(outcome.appended.map(\.hash) == batched.lines.suffix(count).map { EntryHash.ofLine($0) })
        #expect(try batched.verify().isValid)
    }

    @Test("large appends with a missing, a restored and a corrupt validator state write the bytes of single appends")
    func largeAppendsWithValidatorState() throws {
        let batched = try JournalFixture(noteCount: 1)
        defer { batched.remove() }
        let single = try JournalFixture(noteCount: 1)
        defer { single.remove() }
        let now = Timestamp(secondsSinceEpoch: JournalFixture.startTime.secondsSinceEpoch + 120)
        let count = EntryBatchSigner.minimumPipelinedCount + 6
        for round in 0..<3 {
            // Round 0 replays (no state yet), round 1 restores the state, round 2 finds it corrupt and replays
            // after the caches were read (the signer started from the caches must agree with the replay).
            if round == 2 { batched.write(Array("not a state file".utf8), to: batched.path + ".state") }
            let drafts = (0..<count).map { JournalFixture.note(1_000 * (round + 1) + $0) }
            let outcome = try JournalAppender.append(path: batched.path, drafts: drafts, signer: batched.clerk,
                                                     validator: SequenceValidator(), now: now)
            let validator = try #require(outcome.validator as? SequenceValidator)
            #expect(validator.lastSequence == outcome.appended.last?.sequence)
            for draft in drafts {
                _ = try JournalAppender.append(path: single.path, drafts: [draft], signer: single.clerk,
                                               validator: SequenceValidator(), now: now)
            }
            #expect(batched.bytes == single.bytes, "round \(round)")
        }
        #expect(try batched.verify().isValid)
    }

    @Test("a large batch refused part-way writes nothing")
    func largeBatchRefusedPartWayWritesNothing() throws {
        let fixture = try JournalFixture(noteCount: 1)
        defer { fixture.remove() }
        let before = fixture.bytes
        var drafts = (200..<400).map { JournalFixture.note($0) }
        drafts[150] = JournalFixture.note(999, scope: "520402")
        #expect(throws: JournalError.scopeNotGranted(sequence: 3 + 150, signer: KeyID(publicKey: fixture.clerk.publicKey).hex,
                                                     scope: "520402")) {
            _ = try JournalAppender.append(path: fixture.path, drafts: drafts, signer: fixture.clerk)
        }
        #expect(fixture.bytes == before)
    }
}

/// Requires entries in sequence order; its state is the last sequence applied.
private struct SequenceValidator: SnapshottableValidator {
    var lastSequence = -1
    var snapshotFormat: String { "test.sequence/v1" }

    mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {
        guard candidate.sequence == lastSequence + 1 else {
            throw JournalError.refusedByValidator(line: 0, id: candidate.id, reason: "gap")
        }
    }

    mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) {
        lastSequence = entry.sequence
    }

    func snapshot() throws -> [UInt8] { Array(String(lastSequence).utf8) }

    mutating func restore(fromSnapshot bytes: [UInt8]) throws {
        guard let value = Int(String(decoding: bytes, as: UTF8.self)) else {
            throw JournalError.refusedByValidator(line: 0, id: "", reason: "bad snapshot")
        }
        lastSequence = value
    }
}

// JournalLineLookup and the verifier's event-id fingerprints: the two places where the journal
// layer reads an earlier entry back instead of keeping every entry in memory.
// Method: journals of a few hundred notes, looked up with small read sizes so that the bisection
// runs many rounds; damaged files fall back to a scan; a fingerprint function under which every
// id collides must still name exactly the real duplicate.
import Foundation
import LedgerCrypto
import Testing
@testable import LedgerJournal

@Suite("Looking entries up by sequence in the journal file")
struct JournalLineLookupTests {
    static func lookup(_ path: String, byteCount: Int64? = nil, fileSystem: any FileSystem = PosixFileSystem()) -> JournalLineLookup {
        JournalLineLookup(path: path, byteCount: byteCount, fileSystem: fileSystem, lineByteLimit: JournalReader.maximumLineByteCount,
                          probeByteCount: 512, scanThresholdByteCount: 1024)
    }

    @Test("every sequence of a 302-entry journal is found by bisection, in O(log n) reads; others are nil")
    func findsEverySequence() throws {
        let fixture = try JournalFixture(noteCount: 300)
        defer { fixture.remove() }
        let counting = FaultInjectingFileSystem()
        let lookup = Self.lookup(fixture.path, fileSystem: counting)
        let lines = fixture.lines
        var worstReads = 0
        for sequence in 0..<lines.count {
            let before = counting.callCount(of: .read)
            let found = try #require(try lookup.entry(atSequence: sequence), "seq \(sequence)")
            worstReads = max(worstReads, counting.callCount(of: .read) - before)
            #expect(found.canonicalLine() == lines[sequence], "seq \(sequence)")
        }
        // log2(302 × ~330 bytes / 1 KiB) ≈ 7 halvings, a few reads each, then one short scan.
        #expect(worstReads <= 40, "worst lookup took \(worstReads) reads")
        #expect(try lookup.entry(atSequence: lines.count) == nil)
        #expect(try lookup.entry(atSequence: -1) == nil)
        // The default read sizes find them too (one scan of this small file).
        #expect(try JournalLineLookup(path: fixture.path).entry(atSequence: 150)?.canonicalLine() == lines[150])
    }

    @Test("only lines within byteCount are reached")
    func boundedByByteCount() throws {
        let fixture = try JournalFixture(noteCount: 100)
        defer { fixture.remove() }
        let lines = fixture.lines
        let prefix = Int64(lines[..<50].reduce(0) { $0 + $1.count + 1 })
        let lookup = Self.lookup(fixture.path, byteCount: prefix)
        #expect(try lookup.entry(atSequence: 49)?.canonicalLine() == lines[49])
        #expect(try lookup.entry(atSequence: 50) == nil)
        #expect(try lookup.entry(atSequence: 90) == nil)
        // EarlierEntries bounds a lookup by sequence and continues with an append batch.
        var batch = try JournalEntry(parsing: CanonicalJSON.parseCanonical(lines[50]))
        batch.sequence = 20
        let earlier = EarlierEntries(Self.lookup(fixture.path), count: 20, appended: [batch])
        #expect(try earlier.entry(atSequence: 19)?.canonicalLine() == lines[19])
        #expect(try earlier.entry(atSequence: 20) == batch)
        #expect(try earlier.entry(atSequence: 21) == nil)
        #expect(try earlier.entry(atSequence: 30) == nil)
    }

    @Test("a damaged file (a line that does not parse, lines out of order) is scanned, and the first line with the sequence is returned")
    func damagedFileFallsBackToScan() throws {
        let fixture = try JournalFixture(noteCount: 200)
        defer { fixture.remove() }
        var lines = fixture.lines
        let original = lines
        lines[101] = Array("not json at all".utf8)
        lines.swapAt(150, 160)
        fixture.write(lines: lines)
        let lookup = Self.lookup(fixture.path)
        #expect(try lookup.entry(atSequence: 101) == nil)
        for sequence in [0, 5, 100, 102, 150, 160, 201] {
            #expect(try lookup.entry(atSequence: sequence)?.canonicalLine() == original[sequence], "seq \(sequence)")
        }
    }
}

@Suite("Duplicate event ids by fingerprint")
struct EventIDFingerprintTests {
    /// The fixture's journal with one more note signed by the clerk whose id repeats note 3's.
    static func journalWithDuplicate(_ fixture: JournalFixture) throws -> (lines: [[UInt8]], firstSequence: Int) {
        var lines = fixture.lines
        let last = try JournalEntry(parsing: CanonicalJSON.parseCanonical(lines[lines.count - 1]))
        var duplicate = JournalEntry(
            sequence: lines.count, previousHash: .ofLine(lines[lines.count - 1]), time: last.time, kind: "note.add",
            id: "凭证-3", scope: "140431", body: .object(["amount_fen": 1, "text": "重复"]), signerKeyID: KeyID(publicKey: fixture.clerk.publicKey).hex)
        try duplicate.sign(with: fixture.clerk)
        lines.append(duplicate.canonicalLine())
        // Note 3 is the fourth note after the genesis and the grant.
        return (lines, 5)
    }

    static func verify(_ path: String, fingerprint: @escaping ([UInt8]) -> UInt64) throws -> VerificationReport {
        var verifier = JournalVerifier(options: .init(), validator: nil, entryLookup: JournalLineLookup(path: path),
                                       idFingerprint: fingerprint)
        try JournalReader(path: path).forEachLine { line, location in
            verifier.consume(line: line, byteOffset: Int(location.byteOffset))
        }
        return verifier.finish()
    }

    @Test("with every id colliding on one fingerprint, a journal of distinct ids has no finding and a real duplicate is named with its first sequence")
    func collisionsNeverReportAWrongDuplicate() throws {
        let fixture = try JournalFixture(noteCount: 40)
        defer { fixture.remove() }
        let colliding: ([UInt8]) -> UInt64 = { _ in 42 }
        #expect(try Self.verify(fixture.path, fingerprint: colliding).findings.isEmpty)
        #expect(try Self.verify(fixture.path, fingerprint: EventIDFingerprints.sha256Prefix).findings.isEmpty)
        let (lines, firstSequence) = try Self.journalWithDuplicate(fixture)
        fixture.write(lines: lines)
        for (name, fingerprint) in [("colliding", colliding), ("sha256", EventIDFingerprints.sha256Prefix)] {
            let problems = try Self.verify(fixture.path, fingerprint: fingerprint).findings.map(\.problem)
            #expect(problems == [.journal(.duplicateEventID(sequence: lines.count - 1, id: "凭证-3", firstSequence: firstSequence))], "\(name)")
        }
        // JournalVerification.verify reads earlier entries back from the file in the same way.
        #expect(try fixture.verify().findings.map(\.problem)
                == [.journal(.duplicateEventID(sequence: lines.count - 1, id: "凭证-3", firstSequence: firstSequence))])
    }

    @Test("the fingerprint set compares colliding ids whole and counts the collisions")
    func fingerprintSet() {
        var set = EventIDFingerprints(fingerprint: { $0.first.map(UInt64.init) ?? 0 })
        let ids: [[UInt8]] = [Array("a1".utf8), Array("a2".utf8), Array("b1".utf8), Array("a2".utf8), Array("a1".utf8)]
        var results: [Int?] = []
        for (position, id) in ids.enumerated() {
            results.append(set.firstPosition(ofDuplicate: id, at: position) { ids[$0] })
        }
        #expect(results == [nil, nil, nil, 1, 0])
        #expect(set.collisionCount == 1)
        // The SHA-256 prefix is fixed by the bytes: the first 8 bytes of SHA-256("abc").
        #expect(EventIDFingerprints.sha256Prefix(Array("abc".utf8)) == 0xba78_16bf_8f01_cfea)
        // The preparing threads hash the id's string in place; it must be the same fingerprint.
        for id in ["abc", "凭证-3", "", String(repeating: "长", count: 100)] {
            #expect(EventIDFingerprints.sha256Prefix(utf8: id) == EventIDFingerprints.sha256Prefix(Array(id.utf8)))
        }
    }
}

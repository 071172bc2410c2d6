import Foundation
import LedgerCrypto
import Testing
@testable import LedgerJournal

/// Goal: every refusal leaves the journal byte-for-byte unchanged, and retries are safe.
@Suite("Appending")
struct JournalAppenderTests {
    @Test("init refuses to overwrite an existing journal")
    func initRefusesExistingFile() throws {
        let fixture = try JournalFixture(noteCount: 0)
        defer { fixture.remove() }
        let before = fixture.bytes
        #expect(throws: JournalError.journalExists(path: fixture.path)) {
            _ = try JournalAppender.create(path: fixture.path, origin: "x", authority: fixture.authority)
        }
        #expect(fixture.bytes == before)
    }

    @Test("a retried event with identical content is reported as already present; a different one is a conflict")
    func retriesAreIdempotent() throws {
        let fixture = try JournalFixture(noteCount: 2)
        defer { fixture.remove() }
        let before = fixture.bytes
        let retry = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(1)], signer: fixture.clerk)
        #expect(retry.appended.isEmpty)
        #expect(retry.alreadyPresent.map(\.sequence) == [3])
        #expect(fixture.bytes == before)
        var changed = JournalFixture.note(1)
        changed.body = .object(["amount_fen": 1])
        #expect(throws: JournalError.eventIDConflict(id: "凭证-1", existingSequence: 3)) {
            _ = try JournalAppender.append(path: fixture.path, drafts: [changed], signer: fixture.clerk)
        }
        #expect(fixture.bytes == before)
    }

    @Test("a kind, scope or signer outside the grant is refused and nothing is written")
    func grantsAreEnforcedOnAppend() throws {
        let fixture = try JournalFixture(noteCount: 1)
        defer { fixture.remove() }
        let before = fixture.bytes
        let wrongKind = EventDraft(id: "x1", kind: "fund.disburse", scope: "140431", body: .object([:]))
        let wrongScope = JournalFixture.note(50, scope: "520402")
        let unscoped = JournalFixture.note(51, scope: nil)
        for draft in [wrongKind, wrongScope, unscoped] {
            #expect(throws: JournalError.self) {
                _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(60), draft], signer: fixture.clerk)
            }
            #expect(fixture.bytes == before)
        }
        #expect(throws: JournalError.self) {
            _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(61)], signer: fixture.outsider)
        }
        #expect(fixture.bytes == before)
    }

    @Test("a province-level grant covers the counties below it")
    func provinceGrantCoversCounties() {
        #expect(Grant.code("140000", covers: "140431"))
        #expect(Grant.code("140400", covers: "140431"))
        #expect(!Grant.code("140400", covers: "140531"))
        #expect(!Grant.code("520000", covers: "140431"))
        #expect(Grant.code("140431", covers: "140431"))
        #expect(!Grant.code("140431", covers: "140432"))
    }

    @Test("grant coverage agrees with the definition on codes of every shape")
    func grantCoverageMatchesDefinition() {
        // The definition (docs/FORMAT.md §5), written plainly over byte arrays.
        func expected(_ granted: String, _ scope: String) -> Bool {
            if granted == scope { return true }
            let digits = Array(granted.utf8), target = Array(scope.utf8)
            guard digits.count == 6, target.count == 6 else { return false }
            if digits[2...].allSatisfy({ $0 == 0x30 }) { return digits[0..<2] == target[0..<2] }
            if digits[4...].allSatisfy({ $0 == 0x30 }) { return digits[0..<4] == target[0..<4] }
            return false
        }
        let codes = ["140000", "140400", "140431", "140432", "140531", "520000", "000000", "100000",
                     "14040", "1404310", "", "all", "1400", "14043一", "一40000", "140400 ", "1a0000",
                     "140010", "140001", "14000", "1400000"]
        var generator = SystemRandomNumberGenerator()
        var random: [String] = []
        for _ in 0..<2_000 {
            let length = [5, 6, 6, 6, 7].randomElement(using: &generator)!
            random.append(String((0..<length).map { _ in "0014".randomElement(using: &generator)! }))
        }
        for granted in codes + random.prefix(200) {
            for scope in codes + random.suffix(200) {
                #expect(Grant.code(granted, covers: scope) == expected(granted, scope), "\(granted) covers \(scope)")
            }
        }
    }

    @Test("a batch with a repeated id is refused before anything is signed")
    func duplicateIDsInBatchAreRefused() throws {
        let fixture = try JournalFixture(noteCount: 0)
        defer { fixture.remove() }
        #expect(throws: JournalError.duplicateIDInBatch(id: "凭证-7", line: 2)) {
            _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(7), JournalFixture.note(7)], signer: fixture.clerk)
        }
    }

    @Test("recording times never decrease even when the clock goes back")
    func timesNeverDecrease() throws {
        let fixture = try JournalFixture(noteCount: 1)
        defer { fixture.remove() }
        let outcome = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(2)], signer: fixture.clerk,
                                                 now: Timestamp(secondsSinceEpoch: 0))
        #expect(outcome.entries.first?.time == Timestamp(secondsSinceEpoch: JournalFixture.startTime.secondsSinceEpoch + 60))
        #expect(try fixture.verify().isValid)
    }

    @Test("timestamps parse and print exactly in RFC 3339 UTC seconds")
    func timestampRoundTrip() {
        for text in ["1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2026-11-24T06:45:27Z", "1969-12-31T23:59:59Z"] {
            #expect(Timestamp(rfc3339: text)?.rfc3339 == text)
        }
        for bad in ["2023-02-29T00:00:00Z", "2026-11-24T06:45:27", "2026-11-24 06:45:27Z", "2026-11-24T24:00:00Z", "2026-11-24T06:45:27.5Z"] {
            #expect(Timestamp(rfc3339: bad) == nil, "\(bad)")
        }
    }
}

/// Goal: appends without a domain validator build on the derived caches (.keys, .ids) instead of
/// re-reading the journal, and a missing, stale or corrupt cache is rebuilt, never trusted.
@Suite("Appending from derived caches")
struct JournalAppenderCacheTests {
    @Test("caches are written, used, and rebuilt when deleted or corrupt; the journal stays valid")
    func cachesAreUsedAndRebuilt() throws {
        let fixture = try JournalFixture(noteCount: 3)
        defer { fixture.remove() }
        #expect(FileManager.default.fileExists(atPath: fixture.path + ".keys"))
        #expect(FileManager.default.fileExists(atPath: fixture.path + ".ids"))
        let viaCache = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(10)], signer: fixture.clerk)
        #expect(viaCache.appended.map(\.sequence) == [5])
        let retry = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(1)], signer: fixture.clerk)
        #expect(retry.alreadyPresent.map(\.sequence) == [3])
        _ = FileManager.default.createFile(atPath: fixture.path + ".keys", contents: Data("garbage".utf8))
        try FileManager.default.removeItem(atPath: fixture.path + ".ids")
        let rebuilt = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(11)], signer: fixture.clerk)
        #expect(rebuilt.appended.map(\.sequence) == [6])
        #expect(throws: JournalError.self) {
            _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(12)], signer: fixture.outsider)
        }
        #expect(try fixture.verify().isValid)
    }

    @Test("a cache from before a revocation is stale and the revocation is honoured")
    func staleCacheIsNotTrusted() throws {
        let fixture = try JournalFixture(noteCount: 1)
        defer { fixture.remove() }
        let staleKeys = try Data(contentsOf: URL(fileURLWithPath: fixture.path + ".keys"))
        let revoke = EventDraft(id: "revoke-clerk", kind: "key.revoke",
                                body: .object(["public_key": .string(Hex.encode(fixture.clerk.publicKey.rawRepresentation)), "reason": "调离"]))
        _ = try JournalAppender.append(path: fixture.path, drafts: [revoke], signer: fixture.authority)
        _ = FileManager.default.createFile(atPath: fixture.path + ".keys", contents: staleKeys)
        #expect(throws: JournalError.self) {
            _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(5)], signer: fixture.clerk)
        }
    }
}

@Suite("Authority rotation")
struct AuthorityRotationTests {
    @Test("after a rotation signed by the old authority, only the new authority may grant")
    func rotationHandsOverGranting() throws {
        let fixture = try JournalFixture(noteCount: 1)
        defer { fixture.remove() }
        let newAuthority = try JournalFixture.key(9)
        let rotate = EventDraft(id: "rotate-1", kind: "authority.rotate",
                                body: .object(["public_key": .string(Hex.encode(newAuthority.publicKey.rawRepresentation))]))
        _ = try JournalAppender.append(path: fixture.path, drafts: [rotate], signer: fixture.authority)
        let grant = JournalFixture.grant(fixture.outsider, roles: ["note.add"], counties: ["140431"], id: "grant-outsider")
        #expect(throws: JournalError.self) {
            _ = try JournalAppender.append(path: fixture.path, drafts: [grant], signer: fixture.authority)
        }
        _ = try JournalAppender.append(path: fixture.path, drafts: [grant], signer: newAuthority)
        _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(20)], signer: fixture.outsider)
        let report = try fixture.verify(pinned: fixture.authority.publicKey)
        #expect(report.isValid, "\(report.findings)")
        #expect(report.authorityHex == Hex.encode(newAuthority.publicKey.rawRepresentation))
    }
}

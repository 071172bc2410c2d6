// Goal: the derived files an append overwrites in place (`JOURNAL.state.delta`, and `JOURNAL.keys`
// when only its position changes) never yield a trusted state from a mixture of an old and a new
// version, which a crash during the write can leave.
//
// Method: the two versions are spliced at every cut point (old bytes before the cut, new after, and
// the reverse), as a torn write would leave them, and each splice is loaded against the journal:
// only a splice equal to the new file may load.
import Foundation
import LedgerCrypto
import LedgerTestSupport
import Testing
@testable import LedgerJournal

@Suite("Derived files overwritten in place")
struct DerivedFileOverwriteTests {
    private static let format = "test.delta/v1"

    private func position(_ count: Int) -> StateSnapshotPosition {
        StateSnapshotPosition(entryCount: count, lastLineByteOffset: Int64(count * 10), endByteOffset: Int64(count * 10 + 9),
                              headHash: EntryHash.ofLine(Array("line \(count)".utf8)))
    }

    private func contents(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map(Array.init)
    }

    @Test("a delta written over a longer or a shorter one holds exactly the new bytes")
    func deltaOverwriteTruncates() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-overwrite")
        defer { scratch.remove() }
        let journal = scratch.file("journal.jsonl")
        let base = Array(SHA256.hash(data: Array("base".utf8)))
        let payloads: [[UInt8]] = [Array(repeating: 7, count: 900), Array(repeating: 8, count: 30), [], Array(repeating: 9, count: 5_000)]
        for (index, payload) in payloads.enumerated() {
            StateSnapshotFile.storeDelta(payload, at: position(index + 1), format: Self.format, baseIdentity: base,
                                         journalPath: journal, fileSystem: PosixFileSystem())
            let expected = StateSnapshotFile.encodeDelta(payload, at: position(index + 1), format: Self.format, baseIdentity: base)
            #expect(contents(StateSnapshotFile.deltaPath(forJournalAt: journal)) == expected, "delta \(index)")
            let loaded = StateSnapshotFile.loadDelta(journalPath: journal, format: Self.format, baseIdentity: base,
                                                     fileSystem: PosixFileSystem())
            #expect(loaded?.0 == position(index + 1) && loaded?.1 == payload)
        }
        #expect(!FileManager.default.fileExists(atPath: StateSnapshotFile.deltaPath(forJournalAt: journal) + ".tmp"))
    }

    @Test("every splice of two deltas (a torn write over the old one) is refused")
    func splicedDeltasAreRefused() {
        let base = Array(SHA256.hash(data: Array("base".utf8)))
        var generator = SeededRandomNumberGenerator(seed: 8_128)
        let oldPayload = (0..<700).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var newPayload = oldPayload
        newPayload.append(contentsOf: (0..<40).map { _ in UInt8.random(in: 0...255, using: &generator) })
        newPayload[350] ^= 0x10
        let old = StateSnapshotFile.encodeDelta(oldPayload, at: position(5), format: Self.format, baseIdentity: base)
        let new = StateSnapshotFile.encodeDelta(newPayload, at: position(6), format: Self.format, baseIdentity: base)
        for cut in 1..<old.count {
            // New bytes written up to the cut over the old file (whose length is kept or already extended).
            let newFirst = Array(new[..<cut]) + Array(old[cut...])
            let newFirstExtended = Array(new[..<cut]) + Array(old[cut...]) + Array(new[old.count...])
            let oldFirst = Array(old[..<cut]) + Array(new[cut...])
            for splice in [newFirst, newFirstExtended, oldFirst] where splice != new && splice != old {
                #expect(StateSnapshotFile.decodeDelta(splice, format: Self.format, baseIdentity: base) == nil,
                        "a splice at byte \(cut) was accepted (seed 8128)")
            }
        }
    }

    @Test(".keys is overwritten in place while its registry stays, and no splice of two positions loads")
    func keysOverwriteAndSplices() throws {
        let fixture = try JournalFixture(noteCount: 2)
        defer { fixture.remove() }
        let keysPath = JournalStateCache.path(forJournalAt: fixture.path)
        _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(10)], signer: fixture.clerk)
        let old = try #require(contents(keysPath))
        let oldInode = try FileManager.default.attributesOfItem(atPath: keysPath)[.systemFileNumber] as? Int
        let appended = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(11)], signer: fixture.clerk)
        let new = try #require(contents(keysPath))
        #expect(try FileManager.default.attributesOfItem(atPath: keysPath)[.systemFileNumber] as? Int == oldInode,
                "the same registry is written in place")
        #expect(old.count == new.count && old != new)
        let last = try #require(appended.appended.last)
        let entryCount = last.sequence + 1
        func load(_ bytes: [UInt8]) -> KeyRegistry? {
            _ = FileManager.default.createFile(atPath: keysPath, contents: Data(bytes))
            return JournalStateCache.load(journalPath: fixture.path, entryCount: entryCount, headHash: last.hash,
                                          fileSystem: PosixFileSystem())
        }
        #expect(load(new) != nil)
        #expect(load(old) == nil, "the old position is stale")
        for cut in 1..<new.count {
            for splice in [Array(new[..<cut]) + Array(old[cut...]), Array(old[..<cut]) + Array(new[cut...])] where splice != new {
                #expect(load(splice) == nil, "a splice at byte \(cut) was loaded")
            }
        }

        // A registry that changes (a new grant) replaces the file: a new inode with the new grant.
        _ = load(new)
        let inodeBefore = try FileManager.default.attributesOfItem(atPath: keysPath)[.systemFileNumber] as? Int
        let granted = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.grant(fixture.outsider, roles: ["note.add"],
                                                                                                    counties: ["140431"])],
                                                 signer: fixture.authority)
        #expect(try FileManager.default.attributesOfItem(atPath: keysPath)[.systemFileNumber] as? Int != inodeBefore)
        let grantedLast = try #require(granted.appended.last)
        let registry = try #require(JournalStateCache.load(journalPath: fixture.path, entryCount: grantedLast.sequence + 1,
                                                           headHash: grantedLast.hash, fileSystem: PosixFileSystem()))
        #expect(registry.grants[KeyID(publicKey: fixture.outsider.publicKey).hex] != nil)
        #expect(try fixture.verify().isValid)
    }
}

@Suite("JOURNAL.keys for a batch that changes no grant")
struct PartialKeyRegistryTests {
    @Test("the signer-only registry authorizes as the whole one, and .keys is written as a whole store writes it")
    func signerOnlyRegistry() throws {
        let fixture = try JournalFixture(noteCount: 2)
        defer { fixture.remove() }
        // More grants than the signer's, so that the partial registry leaves some out.
        let other = try JournalFixture.key(9)
        _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.grant(other, roles: ["note.add"], counties: ["140400"])],
                                       signer: fixture.authority)
        let keysPath = JournalStateCache.path(forJournalAt: fixture.path)
        let appended = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(20)], signer: fixture.clerk)
        let last = try #require(appended.appended.last)
        let written = try #require(FileManager.default.contents(atPath: keysPath).map(Array.init))

        let whole = try #require(JournalStateCache.load(journalPath: fixture.path, entryCount: last.sequence + 1,
                                                        headHash: last.hash, fileSystem: PosixFileSystem()))
        #expect(whole.grants.count == 2)
        let copy = fixture.directory + "/copy.jsonl"
        JournalStateCache.store(whole, journalPath: copy, entryCount: last.sequence + 1, headHash: last.hash,
                                fileSystem: PosixFileSystem())
        #expect(FileManager.default.contents(atPath: copy + ".keys").map(Array.init) == written)

        let clerkID = KeyID(publicKey: fixture.clerk.publicKey).hex
        let partial = try #require(JournalStateCache.loadForSigner(clerkID, journalPath: fixture.path, entryCount: last.sequence + 1,
                                                                   headHash: last.hash, fileSystem: PosixFileSystem()))
        #expect(partial.bytes == written)
        #expect(partial.registry.grants.count == 1 && partial.registry.authorityKeyID == whole.authorityKeyID)
        #expect(partial.registry.origin == whole.origin)
        let outsiderID = KeyID(publicKey: fixture.outsider.publicKey).hex
        let outsider = try #require(JournalStateCache.loadForSigner(outsiderID, journalPath: fixture.path, entryCount: last.sequence + 1,
                                                                    headHash: last.hash, fileSystem: PosixFileSystem()))
        #expect(outsider.registry.grants.isEmpty)
        // Written at a position whose count has one more digit: the file grows and is replaced whole.
        let later = EntryHash.ofLine(Array("later".utf8))
        JournalStateCache.storePosition(of: written, journalPath: copy, entryCount: 1_000_000, headHash: later,
                                        fileSystem: PosixFileSystem())
        let reloaded = try #require(JournalStateCache.load(journalPath: copy, entryCount: 1_000_000, headHash: later,
                                                           fileSystem: PosixFileSystem()))
        #expect(reloaded.grants.count == 2)

        // An outsider's note is refused through the cache as through a replay; a scope outside the
        // clerk's grant too; nothing is written.
        let before = fixture.bytes
        #expect(throws: JournalError.self) {
            _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(21)], signer: fixture.outsider)
        }
        #expect(throws: JournalError.self) {
            _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(22, scope: "140400")], signer: fixture.clerk)
        }
        #expect(fixture.bytes == before)
        // A revocation (a batch that changes grants) reads the whole registry; the clerk is refused after it.
        _ = try JournalAppender.append(path: fixture.path,
                                       drafts: [EventDraft(id: "revoke-clerk", kind: "key.revoke",
                                                           body: .object(["public_key": .string(Hex.encode(fixture.clerk.publicKey.rawRepresentation)),
                                                                          "reason": "test"]))],
                                       signer: fixture.authority)
        #expect(throws: JournalError.self) {
            _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(23)], signer: fixture.clerk)
        }
        #expect(try fixture.verify().isValid)
    }
}

// Goal: an append with a snapshottable validator restores the validator's state from the derived
// `JOURNAL.state` and feeds it only the entries after it; a missing, stale, corrupt, foreign or
// wrong-format file is ignored and rewritten, never trusted, and the journal stays valid.
//
// Method: `TallyValidator` counts the entries it was fed (its state) and separately the `apply`
// calls this process made (not in the snapshot), so each test can tell a full replay from a tail
// replay. The file is damaged byte by byte with the fixture's helpers.
import Foundation
import LedgerCrypto
import LedgerTestSupport
import Testing
@testable import LedgerJournal

/// Counts entries per kind; `applyCalls` counts the calls made since the value was created.
private struct TallyValidator: SnapshottableValidator {
    var entryCount = 0
    var lastSequence = -1
    var applyCalls = 0
    var snapshotFormat: String { "test.tally/v1" }

    mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {
        guard candidate.sequence == lastSequence + 1 else { throw JournalError.refusedByValidator(line: 0, id: candidate.id, reason: "gap") }
    }

    mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) {
        entryCount += 1
        lastSequence = entry.sequence
        applyCalls += 1
    }

    func snapshot() throws -> [UInt8] {
        Array("\(entryCount) \(lastSequence)".utf8)
    }

    mutating func restore(fromSnapshot bytes: [UInt8]) throws {
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        guard fields.count == 2 else { throw JournalError.refusedByValidator(line: 0, id: "", reason: "bad snapshot") }
        entryCount = fields[0]
        lastSequence = fields[1]
    }
}

@Suite("Validator state snapshot (JOURNAL.state)")
struct StateSnapshotTests {
    private func append(_ fixture: JournalFixture, note index: Int) throws -> TallyValidator {
        let outcome = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(index)], signer: fixture.clerk,
                                                 validator: TallyValidator())
        return try #require(outcome.validator as? TallyValidator)
    }

    private func stateBytes(_ fixture: JournalFixture) -> [UInt8] {
        Array(FileManager.default.contents(atPath: fixture.path + ".state") ?? Data())
    }

    @Test("the first validated append writes the state; later ones feed the validator only the entries after it")
    func tailReplay() throws {
        let fixture = try JournalFixture(noteCount: 4)
        defer { fixture.remove() }
        #expect(!FileManager.default.fileExists(atPath: fixture.path + ".state"))
        let first = try append(fixture, note: 10)
        #expect(first.entryCount == 7 && first.applyCalls == 7)
        #expect(FileManager.default.fileExists(atPath: fixture.path + ".state"))
        let second = try append(fixture, note: 11)
        #expect(second.entryCount == 8 && second.applyCalls == 1)
        // The state stays at 7 entries (a tail of one is below the rewrite limit); an append without a
        // validator adds one more: the next validated append feeds the validator both, then its own.
        _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(12)], signer: fixture.clerk)
        let third = try append(fixture, note: 13)
        #expect(third.entryCount == 10 && third.applyCalls == 3)
        #expect(third.lastSequence == 9)
        #expect(try fixture.verify().isValid)
    }

    @Test("a deleted, truncated, corrupted, foreign or wrong-format state file is ignored and rebuilt")
    func damagedStateIsRebuilt() throws {
        let fixture = try JournalFixture(noteCount: 2)
        defer { fixture.remove() }
        _ = try append(fixture, note: 10)
        let good = stateBytes(fixture)
        let formatOffset = StateSnapshotFile.formatTag.count + 2
        let entryCountOffset = formatOffset + "test.tally/v1".utf8.count
        var damages: [(String, [UInt8]?)] = [("deleted", nil), ("empty", [])]
        damages.append(("truncated", Array(good.dropLast(3))))
        damages.append(("payload byte flipped", good.enumerated().map { $0.offset == good.count - 1 ? $0.element ^ 1 : $0.element }))
        damages.append(("tag changed", [0x78] + good.dropFirst()))
        damages.append(("format changed", good.enumerated().map { $0.offset == formatOffset ? UInt8(ascii: "T") : $0.element }))
        damages.append(("entry count beyond the journal",
                        good.enumerated().map { $0.offset == entryCountOffset ? $0.element &+ 50 : $0.element }))
        damages.append(("head hash flipped", good.enumerated().map { $0.offset == entryCountOffset + 24 ? $0.element ^ 0x80 : $0.element }))
        var noteIndex = 20
        for (name, bytes) in damages {
            if let bytes {
                _ = FileManager.default.createFile(atPath: fixture.path + ".state", contents: Data(bytes))
            } else {
                try? FileManager.default.removeItem(atPath: fixture.path + ".state")
            }
            let entryCountBefore = fixture.lines.count
            let rebuilt = try append(fixture, note: noteIndex)
            #expect(rebuilt.applyCalls == entryCountBefore + 1, "\(name): the state must be rebuilt by a full replay")
            #expect(rebuilt.entryCount == entryCountBefore + 1, "\(name)")
            let next = try append(fixture, note: noteIndex + 1)
            #expect(next.applyCalls == 1, "\(name): the rebuilt state must be used by the next append")
            noteIndex += 2
        }
        #expect(try fixture.verify().isValid)
    }

    @Test("the state of another journal with the same length is not trusted")
    func foreignStateIsIgnored() throws {
        let fixture = try JournalFixture(noteCount: 3)
        let other = try JournalFixture(noteCount: 3)
        defer { fixture.remove(); other.remove() }
        // Same entries, different times: the other journal's lines (and hashes) differ from the start.
        _ = try JournalAppender.append(path: other.path, drafts: [JournalFixture.note(1_000)], signer: other.clerk,
                                       validator: TallyValidator(), now: Timestamp(secondsSinceEpoch: 1_900_000_000))
        _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(10)], signer: fixture.clerk)
        #expect(!FileManager.default.fileExists(atPath: fixture.path + ".state"))
        try FileManager.default.copyItem(atPath: other.path + ".state", toPath: fixture.path + ".state")
        let appended = try append(fixture, note: 11)
        #expect(appended.applyCalls == 7 && appended.entryCount == 7)
    }

    @Test("a journal rewritten below the stored state is replayed, not trusted")
    func shorterJournalIsReplayed() throws {
        let fixture = try JournalFixture(noteCount: 3)
        defer { fixture.remove() }
        let lines = fixture.lines
        _ = try append(fixture, note: 10)
        // The journal loses its last two entries (the derived caches then no longer match either).
        fixture.write(lines: Array(lines.dropLast(1)))
        let appended = try append(fixture, note: 11)
        #expect(appended.applyCalls == 5 && appended.entryCount == 5)
    }

    @Test("the state file round-trips its position, payload and tables and refuses every single-byte change")
    func fileFormatRoundTrip() throws {
        let position = StateSnapshotPosition(entryCount: 42, lastLineByteOffset: 1_000, endByteOffset: 1_200,
                                             headHash: EntryHash.ofLine(Array("line".utf8)))
        let payload: [UInt8] = Array("状态 state".utf8)
        let area: [UInt8] = (0..<(StateSnapshotTables.blockByteCount + 100)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for tableArea in [[], area] {
            let (bytes, identity) = StateSnapshotFile.encode(payload, tableArea: tableArea, at: position, format: "f/1")
            let decoded = try #require(StateSnapshotFile.decode(bytes, format: "f/1"))
            #expect(decoded.position == position && decoded.payload == payload && decoded.identity == identity)
            #expect(try decoded.tables.read(0..<tableArea.count) == tableArea)
            #expect(StateSnapshotFile.decode(bytes, format: "f/2") == nil)
            for index in bytes.indices {
                var damaged = bytes
                damaged[index] ^= 0x01
                #expect(StateSnapshotFile.decode(damaged, format: "f/1")
                            .map { $0.position == position && $0.payload == payload } != true,
                        "a change at byte \(index) went unnoticed")
            }
            for count in 0..<bytes.count {
                #expect(StateSnapshotFile.decode(Array(bytes.prefix(count)), format: "f/1") == nil)
            }
            #expect(StateSnapshotFile.decode(bytes + [0], format: "f/1") == nil)
        }
    }

    @Test("the delta file round-trips and is refused for another base, format or any single-byte change")
    func deltaFormatRoundTrip() throws {
        let position = StateSnapshotPosition(entryCount: 7, lastLineByteOffset: 10, endByteOffset: 20,
                                             headHash: EntryHash.ofLine(Array("seven".utf8)))
        let base = Array(SHA256.hash(data: Array("base".utf8)))
        let payload: [UInt8] = Array("changes".utf8)
        let bytes = StateSnapshotFile.encodeDelta(payload, at: position, format: "f/1", baseIdentity: base)
        let decoded = try #require(StateSnapshotFile.decodeDelta(bytes, format: "f/1", baseIdentity: base))
        #expect(decoded.0 == position && decoded.1 == payload)
        #expect(StateSnapshotFile.decodeDelta(bytes, format: "f/2", baseIdentity: base) == nil)
        #expect(StateSnapshotFile.decodeDelta(bytes, format: "f/1", baseIdentity: Array(base.reversed())) == nil)
        for index in bytes.indices {
            var damaged = bytes
            damaged[index] ^= 0x40
            #expect(StateSnapshotFile.decodeDelta(damaged, format: "f/1", baseIdentity: base) == nil,
                    "a change at byte \(index) went unnoticed")
        }
        for count in 0..<bytes.count {
            #expect(StateSnapshotFile.decodeDelta(Array(bytes.prefix(count)), format: "f/1", baseIdentity: base) == nil)
        }
    }

    @Test("table blocks are checked when first read: a damaged block is refused and flagged, the others still read")
    func tableBlocksAreCheckedLazily() throws {
        var generator = SeededRandomNumberGenerator(seed: 77)
        for blockCount in [1, 3, 130, 300] {
            let area = (0..<(blockCount * StateSnapshotTables.blockByteCount - 5)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let tree = StateSnapshotTables.hashTree(of: area)
            let tables = try #require(StateSnapshotTables(area: area, levels: tree.levels, root: tree.root))
            let range = (area.count / 2)..<min(area.count, area.count / 2 + 5_000)
            #expect(try tables.read(range) == Array(area[range]))
            #expect(!tables.damageDetected)
            let victim = Int.random(in: 0..<area.count, using: &generator)
            var damaged = area
            damaged[victim] ^= 0x08
            let damagedTables = try #require(StateSnapshotTables(area: damaged, levels: tree.levels, root: tree.root))
            let victimBlock = victim / StateSnapshotTables.blockByteCount
            let otherBlock = victimBlock == 0 ? blockCount - 1 : 0
            if otherBlock != victimBlock {
                let start = otherBlock * StateSnapshotTables.blockByteCount
                #expect(try damagedTables.read(start..<min(start + 10, area.count)) == Array(area[start..<min(start + 10, area.count)]))
                #expect(!damagedTables.damageDetected, "blocks \(blockCount), seed 77")
            }
            #expect(throws: StateSnapshotTablesError.self) { try damagedTables.read(victim..<victim + 1) }
            #expect(damagedTables.damageDetected)
            // A damaged hash level is found too.
            var levels = tree.levels
            levels[Int.random(in: 0..<levels.count, using: &generator)] ^= 0x01
            let badLevels = try #require(StateSnapshotTables(area: area, levels: levels, root: tree.root))
            #expect(!badLevels.checkAll())
        }
    }

    @Test("a base merged from a stored one copies its unchanged blocks file to file and is byte-identical to one written whole; a failed copy leaves the old base")
    func mergedBaseCopiesBlocksFromTheOldFile() throws {
        let blockByteCount = StateSnapshotTables.blockByteCount
        var generator = SeededRandomNumberGenerator(seed: 2_611)
        func randomBlocks(_ count: Int) -> [UInt8] {
            (0..<(count * blockByteCount)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        let oldArea = randomBlocks(10)
        let first = StateSnapshotPosition(entryCount: 7, lastLineByteOffset: 100, endByteOffset: 150,
                                          headHash: EntryHash.ofLine(Array("a".utf8)))
        let second = StateSnapshotPosition(entryCount: 9, lastLineByteOffset: 200, endByteOffset: 260,
                                           headHash: EntryHash.ofLine(Array("b".utf8)))
        let faults = FaultInjectingFileSystem()
        for fileSystem in [PosixFileSystem() as any FileSystem, faults] {
            let directory = try TemporaryDirectory(prefix: "fundledger-merge")
            let journalPath = directory.file("journal.jsonl")
            let statePath = StateSnapshotFile.path(forJournalAt: journalPath)
            try #require(StateSnapshotFile.storeBase([1, 2, 3], tableArea: oldArea, at: first, format: "f/1",
                                                     journalPath: journalPath, fileSystem: fileSystem) != nil)
            let oldBytes = Array(try #require(FileManager.default.contents(atPath: statePath)))
            // The new area: a new block, old blocks 1-3, two new blocks, old blocks 6-9 (seed 2611).
            let fresh = randomBlocks(3)
            let tables = try #require(StateSnapshotFile.loadBase(journalPath: journalPath, format: "f/1",
                                                                 fileSystem: fileSystem)).tables
            #expect(tables.defersCopies)
            _ = tables.takeBlockCopies()
            var area = Array(fresh[..<blockByteCount])
            try tables.appendCopy(of: blockByteCount..<(4 * blockByteCount), to: &area)
            area += fresh[blockByteCount...]
            try tables.appendCopy(of: (6 * blockByteCount)..<(10 * blockByteCount), to: &area)
            let copies = tables.takeBlockCopies()
            var expected = Array(fresh[..<blockByteCount]) + oldArea[blockByteCount..<(4 * blockByteCount)]
            expected += fresh[blockByteCount...]
            expected += oldArea[(6 * blockByteCount)...]
            #expect(area.count == expected.count)
            // Only each copy's last block was read; the others are left to the file-to-file copy.
            #expect(area[blockByteCount..<(3 * blockByteCount)].allSatisfy { $0 == 0 })
            #expect(area[(3 * blockByteCount)..<(4 * blockByteCount)] == expected[(3 * blockByteCount)..<(4 * blockByteCount)])
            var filled = area
            try tables.fillDeferredCopies(copies, in: &filled)
            #expect(filled == expected)
            let whole = StateSnapshotFile.encode([4, 5], tableArea: expected, at: second, format: "f/1").bytes
            #expect(try StateSnapshotFile.encode([4, 5], tableArea: area, at: second, format: "f/1", copies: copies,
                                                 source: tables).bytes == whole)
            if let faults = fileSystem as? FaultInjectingFileSystem {
                // Every read and write fails from now on: the copy fails, nothing replaces the old base.
                faults.inject(.fail(errno: 5), on: .read, callNumbers: 1...1_000)
                faults.inject(.fail(errno: 5), on: .write, callNumbers: 3...1_000)
                #expect(StateSnapshotFile.storeBase([4, 5], tableArea: area, at: second, format: "f/1", copies: copies,
                                                    source: tables, journalPath: journalPath, fileSystem: faults) == nil)
                #expect(Array(FileManager.default.contents(atPath: statePath) ?? Data()) == oldBytes)
                #expect(!FileManager.default.fileExists(atPath: statePath + ".tmp"))
                faults.removeAllFaults()
            }
            try #require(StateSnapshotFile.storeBase([4, 5], tableArea: area, at: second, format: "f/1", copies: copies,
                                                     source: tables, journalPath: journalPath, fileSystem: fileSystem) != nil)
            #expect(Array(FileManager.default.contents(atPath: statePath) ?? Data()) == whole)
            let reloaded = try #require(StateSnapshotFile.loadBase(journalPath: journalPath, format: "f/1", fileSystem: fileSystem))
            #expect(try reloaded.tables.read(0..<expected.count) == expected)
        }
    }

    @Test("the rewrite policy writes after a replay and when the tail reaches its limit")
    func rewritePolicy() {
        #expect(StateSnapshotPolicy.shouldRewrite(entryCount: 10, snapshotEntryCount: nil))
        #expect(!StateSnapshotPolicy.shouldRewrite(entryCount: 10, snapshotEntryCount: 9))
        let limit = StateSnapshotPolicy.rewriteTailEntryCount
        #expect(!StateSnapshotPolicy.shouldRewrite(entryCount: 5 + limit - 1, snapshotEntryCount: 5))
        #expect(StateSnapshotPolicy.shouldRewrite(entryCount: 5 + limit, snapshotEntryCount: 5))
    }
}

/// Goal: an append loads only the id-index records of its own ids, and the index file it extends is
/// still the full index. Method: a fixture journal's `.ids`, loaded partially, extended and reloaded whole.
@Suite("Entry-id index, partial load")
struct EntryIDIndexPartialLoadTests {
    @Test("a partial load counts every record, keeps the ids asked for, and appends records a full load accepts")
    func partialLoad() throws {
        let fixture = try JournalFixture(noteCount: 5)
        defer { fixture.remove() }
        let lines = fixture.lines
        let lastOffset = Int64(lines.dropLast().reduce(0) { $0 + $1.count + 1 })
        let wanted: Set<[UInt8]> = [Array("凭证-3".utf8), Array("absent".utf8)]
        var partial = try #require(EntryIDIndex.load(journalPath: fixture.path, entryCount: lines.count,
                                                     lastLineByteOffset: lastOffset, keepingOnly: wanted))
        #expect(partial.count == lines.count)
        #expect(partial.lastLocation == EntryIDLocation(sequence: lines.count - 1, byteOffset: lastOffset))
        #expect(partial.candidates(forID: Array("凭证-3".utf8)).map(\.sequence) == [5])
        #expect(partial.candidates(forID: Array("absent".utf8)).isEmpty)
        #expect(partial.candidates(forID: Array("凭证-4".utf8)).isEmpty, "ids not asked for are not kept")
        partial.insert(id: Array("new".utf8), at: EntryIDLocation(sequence: lines.count, byteOffset: 1 << 20))
        try partial.persist()
        let full = try #require(EntryIDIndex.load(journalPath: fixture.path, entryCount: lines.count + 1,
                                                  lastLineByteOffset: 1 << 20))
        #expect(full.candidates(forID: Array("凭证-4".utf8)).map(\.sequence) == [6])
        #expect(full.candidates(forID: Array("new".utf8)).map(\.sequence) == [lines.count])
    }

    @Test("a partial load finds every id by binary search and the tail, across tail rewrites, as a full load does")
    func partialLoadAcrossRewrites() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundledger-ids-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/journal.jsonl"
        let total = EntryIDIndex.rewriteTailRecordCount * 2 + 300
        let seed: UInt64 = 41
        var generator = SeededRandomNumberGenerator(seed: seed)
        // Ids repeat now and then (the caller reads every candidate), so some hashes have several records.
        let ids = (0..<total).map { _ in "id-\(Int.random(in: 0..<(total * 3 / 4), using: &generator))" }
        var index = EntryIDIndex(journalPath: path)
        index.insert(id: Array(ids[0].utf8), at: EntryIDLocation(sequence: 0, byteOffset: 0))
        try index.persist()
        var expected: [String: [Int]] = [ids[0]: [0]]
        for sequence in 1..<total {
            let last = EntryIDLocation(sequence: sequence - 1, byteOffset: Int64(sequence - 1) * 100)
            var partial = try #require(EntryIDIndex.load(journalPath: path, entryCount: sequence, lastLineByteOffset: last.byteOffset,
                                                         keepingOnly: [Array(ids[sequence].utf8)]), "seed \(seed) at \(sequence)")
            #expect(partial.lastLocation == last)
            #expect(partial.candidates(forID: Array(ids[sequence].utf8)).map(\.sequence).sorted() == expected[ids[sequence], default: []],
                    "seed \(seed) id \(ids[sequence]) at \(sequence)")
            partial.insert(id: Array(ids[sequence].utf8), at: EntryIDLocation(sequence: sequence, byteOffset: Int64(sequence) * 100))
            try partial.persist()
            expected[ids[sequence], default: []].append(sequence)
        }
        let full = try #require(EntryIDIndex.load(journalPath: path, entryCount: total, lastLineByteOffset: Int64(total - 1) * 100))
        for (id, sequences) in expected {
            #expect(full.candidates(forID: Array(id.utf8)).map(\.sequence).sorted() == sequences, "seed \(seed) id \(id)")
        }
        // The tail stays bounded: the file was rewritten sorted as it grew.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".ids")))
        let sortedCount = bytes[8..<16].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(total - sortedCount < EntryIDIndex.rewriteTailRecordCount)
        #expect(sortedCount >= EntryIDIndex.rewriteTailRecordCount)
        // A batch of many ids (a bulk append) reads the sorted records whole: the same answers.
        let manyIDs = Array(Set(ids)).sorted().prefix(EntryIDIndex.wholeReadIDCount * 2) + (0..<100).map { "absent-\($0)" }
        #expect(manyIDs.count >= EntryIDIndex.wholeReadIDCount)
        let batch = try #require(EntryIDIndex.load(journalPath: path, entryCount: total, lastLineByteOffset: Int64(total - 1) * 100,
                                                   keepingOnly: Set(manyIDs.map { Array($0.utf8) })))
        for id in manyIDs {
            #expect(batch.candidates(forID: Array(id.utf8)).map(\.sequence).sorted() == expected[id, default: []], "seed \(seed) id \(id)")
        }
    }
}

/// A tabled validator: like `TallyValidator`, plus a table area of three blocks that it reads on every
/// `apply` once restored from tables (so damage in any of them is met), and deltas of its counts.
private struct TabledTallyValidator: TabledSnapshottableValidator {
    static let area: [UInt8] = (0..<(StateSnapshotTables.blockByteCount * 3 - 7)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    var entryCount = 0
    var lastSequence = -1
    var applyCalls = 0
    var tables: StateSnapshotTables?
    var restoredFromDelta = false
    /// Set by a test: write a new base after this append instead of a delta.
    var mergesNow = false
    var snapshotFormat: String { "test.tabled-tally/v1" }

    mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {
        guard candidate.sequence == lastSequence + 1 else { throw JournalError.refusedByValidator(line: 0, id: candidate.id, reason: "gap") }
    }

    mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) {
        if let tables, (try? tables.read(0..<tables.byteCount)) != Self.area { lastSequence = -100 }
        entryCount += 1
        lastSequence = entry.sequence
        applyCalls += 1
    }

    func snapshot() throws -> [UInt8] { Array("\(entryCount) \(lastSequence)".utf8) }

    mutating func restore(fromSnapshot bytes: [UInt8]) throws {
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        guard fields.count == 2 else { throw JournalError.refusedByValidator(line: 0, id: "", reason: "bad snapshot") }
        entryCount = fields[0]
        lastSequence = fields[1]
    }

    func tabledSnapshot() throws -> (payload: [UInt8], tableArea: [UInt8]) {
        // As a validator that keeps a section of the base payload undecoded: a new base reads it now.
        if let tables, tables.basePayload == nil {
            throw JournalError.refusedByValidator(line: 0, id: "", reason: "base payload unreadable")
        }
        return (try snapshot(), Self.area)
    }

    func deltaSnapshot() throws -> [UInt8]? { tables == nil || mergesNow ? nil : Array("d".utf8) + (try snapshot()) }

    mutating func restore(fromSnapshot bytes: [UInt8], tables: StateSnapshotTables) throws {
        restoredFromDelta = bytes.first == UInt8(ascii: "d")
        try restore(fromSnapshot: restoredFromDelta ? Array(bytes.dropFirst()) : bytes)
        self.tables = tables
    }
}

@Suite("Validator state base and delta (JOURNAL.state, JOURNAL.state.delta)")
struct StateSnapshotDeltaTests {
    private func append(_ fixture: JournalFixture, note index: Int, merging: Bool = false) throws -> TabledTallyValidator {
        var validator = TabledTallyValidator()
        validator.mergesNow = merging
        let outcome = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(index)], signer: fixture.clerk,
                                                 validator: validator)
        return try #require(outcome.validator as? TabledTallyValidator)
    }

    private func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test("each append writes a delta over the base; stale, foreign or damaged deltas and bases are never double-applied")
    func deltasAndCrashes() throws {
        let fixture = try JournalFixture(noteCount: 3)
        defer { fixture.remove() }
        let statePath = fixture.path + ".state", deltaPath = fixture.path + ".state.delta"
        let first = try append(fixture, note: 10)
        #expect(first.applyCalls == first.entryCount, "the first append replays")
        #expect(bytes(statePath) != nil && bytes(deltaPath) == nil)
        let second = try append(fixture, note: 11)
        #expect(second.applyCalls == 1 && !second.restoredFromDelta && bytes(deltaPath) != nil)
        let baseAfterFirst = bytes(statePath)
        let deltaAfterSecond = bytes(deltaPath)
        let third = try append(fixture, note: 12)
        #expect(third.applyCalls == 1 && third.restoredFromDelta && third.entryCount == fixture.lines.count)

        // A crash left an older delta (the one after the second append): its entries are fed again from
        // its position, once.
        _ = FileManager.default.createFile(atPath: deltaPath, contents: deltaAfterSecond)
        let afterStaleDelta = try append(fixture, note: 13)
        #expect(afterStaleDelta.applyCalls == 2 && afterStaleDelta.restoredFromDelta)
        #expect(afterStaleDelta.entryCount == fixture.lines.count && afterStaleDelta.lastSequence == fixture.lines.count - 1)

        // The delta lost: the base and the entries after it.
        try FileManager.default.removeItem(atPath: deltaPath)
        let withoutDelta = try append(fixture, note: 14)
        #expect(!withoutDelta.restoredFromDelta && withoutDelta.applyCalls == fixture.lines.count - 1 - (first.entryCount - 1))
        #expect(withoutDelta.entryCount == fixture.lines.count)

        // A base rewritten (a crash between writing a new base and removing the delta): the delta names
        // the old base and is ignored.
        let currentDelta = bytes(deltaPath)
        let base = try #require(bytes(statePath))
        var other = [UInt8](base)
        other[StateSnapshotFile.formatTag.count + 2 + "test.tabled-tally/v1".utf8.count + 8 * 3 + 32 + 8 + 5] ^= 1
        _ = FileManager.default.createFile(atPath: statePath, contents: Data(other))
        _ = FileManager.default.createFile(atPath: deltaPath, contents: currentDelta)
        let foreign = try append(fixture, note: 15)
        #expect(foreign.applyCalls == fixture.lines.count, "a base with a wrong payload hash is refused: full replay")
        #expect(baseAfterFirst != nil)

        #expect(bytes(deltaPath) == nil, "a new base removes the delta")

        // Every single-byte change to the delta: ignored (the base and its tail are used) or refused.
        _ = try append(fixture, note: 16)
        let good = try #require(bytes(deltaPath))
        var noteIndex = 100
        for index in stride(from: 0, to: good.count, by: 3) {
            var damaged = [UInt8](good)
            damaged[index] ^= 0x04
            _ = FileManager.default.createFile(atPath: deltaPath, contents: Data(damaged))
            let appended = try append(fixture, note: noteIndex)
            #expect(!appended.restoredFromDelta, "a change at delta byte \(index) went unnoticed")
            #expect(appended.entryCount == fixture.lines.count && appended.lastSequence == fixture.lines.count - 1)
            noteIndex += 1
        }
        #expect(try fixture.verify().isValid)
    }

    @Test("a damaged table block met during the append makes it start over with a full replay")
    func damagedTableBlockReplays() throws {
        let fixture = try JournalFixture(noteCount: 2)
        defer { fixture.remove() }
        _ = try append(fixture, note: 10)
        let statePath = fixture.path + ".state"
        let good = try #require(bytes(statePath))
        let areaStart = good.count - TabledTallyValidator.area.count - StateSnapshotTables.blockByteCount * 0 - 3 * 32
        var noteIndex = 20
        for offset in [0, StateSnapshotTables.blockByteCount + 1, TabledTallyValidator.area.count - 1] {
            var damaged = [UInt8](good)
            damaged[areaStart + offset] ^= 0x01
            _ = FileManager.default.createFile(atPath: statePath, contents: Data(damaged))
            try? FileManager.default.removeItem(atPath: fixture.path + ".state.delta")
            let entryCountBefore = fixture.lines.count
            let appended = try append(fixture, note: noteIndex)
            #expect(appended.applyCalls == entryCountBefore + 1, "table byte \(offset): the damaged block must force a replay")
            #expect(appended.lastSequence == entryCountBefore && appended.entryCount == entryCountBefore + 1)
            noteIndex += 1
            _ = try append(fixture, note: noteIndex)
            noteIndex += 1
        }
    }

    @Test("the base payload is read only when used: a damaged one goes unread behind a delta, and a merge that meets it removes the state")
    func basePayloadReadWhenUsed() throws {
        let fixture = try JournalFixture(noteCount: 2)
        defer { fixture.remove() }
        let statePath = fixture.path + ".state", deltaPath = fixture.path + ".state.delta"
        _ = try append(fixture, note: 10)
        _ = try append(fixture, note: 11)
        #expect(bytes(deltaPath) != nil)
        // The payload follows the header (a base written whole): tag, format name, position, payload place,
        // count and hash, table count and root, levels offset, whole byte count, extent count, the extents.
        let fixedEnd = StateSnapshotFile.formatTag.count + 2 + "test.tabled-tally/v1".utf8.count
            + StateSnapshotFile.fixedFieldByteCount
        var damaged = [UInt8](try #require(bytes(statePath)))
        let payloadStart = fixedEnd + 16 * Int(damaged[fixedEnd - 8])
        damaged[payloadStart] ^= 0x01
        _ = FileManager.default.createFile(atPath: statePath, contents: Data(damaged))

        // Restored from the delta, which names nothing in the payload: the payload is not read.
        let fromDelta = try append(fixture, note: 12)
        #expect(fromDelta.restoredFromDelta && fromDelta.applyCalls == 1)
        #expect(fromDelta.entryCount == fixture.lines.count && fromDelta.lastSequence == fixture.lines.count - 1)
        #expect(bytes(statePath).map { [UInt8]($0) } == damaged)

        // A new base reads the payload: it does not match, so nothing is written and the state is removed.
        let merging = try append(fixture, note: 13, merging: true)
        #expect(merging.restoredFromDelta && merging.applyCalls == 1)
        #expect(bytes(statePath) == nil && bytes(deltaPath) == nil)

        // The next append replays the journal and writes a new base.
        let replayed = try append(fixture, note: 14)
        #expect(replayed.applyCalls == fixture.lines.count && bytes(statePath) != nil)
        let restored = try append(fixture, note: 15)
        #expect(!restored.restoredFromDelta && restored.applyCalls == 1)
        #expect(try fixture.verify().isValid)
    }
}

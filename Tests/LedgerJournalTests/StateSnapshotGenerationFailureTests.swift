// Goal: a base whose generation cannot be appended does not stay behind for good. One damaged
// level-1 hash block over table blocks that no lookup reads lets the base load and be chosen for a
// generation, whose hash tree then cannot be extended; the state file must then be removed (the next
// append replays and writes it whole), not left to be chosen, and to fail, on every later append.
// Found in review (the base's entry count stayed frozen while every append replayed a growing tail).
import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerJournal

@Suite("State base: a generation that cannot be appended")
struct StateSnapshotGenerationFailureTests {
    private func position(_ count: Int) -> StateSnapshotPosition {
        StateSnapshotPosition(entryCount: count, lastLineByteOffset: Int64(count), endByteOffset: Int64(count + 1),
                              headHash: EntryHash.ofLine(Array("line \(count)".utf8)))
    }

    @Test("a damaged hash block over unread tables removes the state instead of blocking every later generation")
    func damagedOldHashBlockRemovesTheState() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-generation")
        let journal = scratch.file("journal.jsonl")
        let fileSystem = PosixFileSystem()
        let block = StateSnapshotTables.blockByteCount
        // 200 blocks: level 1 of the hash tree takes two blocks, the second covering blocks 128-199.
        let area = (0..<200 * block).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try #require(StateSnapshotFile.storeBase(Array("payload".utf8), tableArea: area, at: position(10), format: "t",
                                                 journalPath: journal, fileSystem: fileSystem) != nil)
        let statePath = StateSnapshotFile.path(forJournalAt: journal)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: statePath)))
        let levelsByteCount = StateSnapshotTables.levelByteCounts(areaByteCount: area.count).reduce(0, +)
        let levelsStart = bytes.count - StateSnapshotFile.trailerByteCount - levelsByteCount
        bytes[levelsStart + block + 7] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: statePath))

        let base = try #require(StateSnapshotFile.loadBase(journalPath: journal, format: "t", fileSystem: fileSystem))
        _ = try base.tables.read(0..<100)
        #expect(!base.tables.damageDetected)
        #expect(base.tables.beginExtension())
        let stored = StateSnapshotFile.storeBase(Array("payload2".utf8), tableArea: [UInt8](repeating: 1, count: block),
                                                 at: position(20), format: "t", source: base.tables,
                                                 journalPath: journal, fileSystem: fileSystem)
        #expect(stored == nil)
        #expect(!FileManager.default.fileExists(atPath: statePath))
        #expect(StateSnapshotFile.loadBase(journalPath: journal, format: "t", fileSystem: fileSystem) == nil)
        // The next store (after a replay) writes the state whole again.
        #expect(StateSnapshotFile.storeBase(Array("payload3".utf8), tableArea: area, at: position(30), format: "t",
                                            journalPath: journal, fileSystem: fileSystem) != nil)
        #expect(StateSnapshotFile.loadBase(journalPath: journal, format: "t", fileSystem: fileSystem)?.position.entryCount == 30)
    }
}

/// The Merkle tree of a journal file, through its derived stored-hash index (`JOURNAL.tree`).
///
/// The index is never trusted blindly: opening it checks it against the journal's entry count and
/// last leaf hash (and any known roots), and extends, truncates or rebuilds it from the journal.
public enum JournalTree {
    /// The journal's current size and last leaf hash, read from its tail (O(1) reads).
    public static func currentExpectation(journalPath: String, fileSystem: any FileSystem = PosixFileSystem()) throws -> TreeIndex.Expectation {
        let tail = try JournalFile(path: journalPath, fileSystem: fileSystem).tail()
        guard let last = tail.lastLine else { return TreeIndex.Expectation(leafCount: 0, lastLeafHash: nil) }
        let entry = try JournalEntry(parsing: try CanonicalJSON.parseCanonical(last.bytes))
        return TreeIndex.Expectation(leafCount: entry.sequence + 1, lastLeafHash: .ofLine(last.bytes))
    }

    /// Opens the index beside the journal, bringing it up to date with the journal's complete lines.
    ///
    /// `recentLeafHashes` (leaf hashes of the entries from `recentStart` on) avoids re-reading lines
    /// that the caller just wrote; anything else is read from the journal.
    public static func openIndex(
        journalPath: String, expecting expectation: TreeIndex.Expectation? = nil,
        recentStart: Int = 0, recentLeafHashes: [TreeHash] = [],
        fileSystem: any FileSystem = PosixFileSystem()
    ) throws -> TreeIndex {
        let expected = try expectation ?? currentExpectation(journalPath: journalPath, fileSystem: fileSystem)
        return try TreeIndex.open(atPath: TreeIndex.path(forJournalAt: journalPath), expecting: expected) { range in
            if range.lowerBound >= recentStart, range.upperBound <= recentStart + recentLeafHashes.count {
                return Array(recentLeafHashes[(range.lowerBound - recentStart)..<(range.upperBound - recentStart)])
            }
            return try leafHashes(journalPath: journalPath, range: range, fileSystem: fileSystem)
        }
    }

    /// Leaf hashes of the journal's lines in `range` (by sequence), read by streaming the file.
    public static func leafHashes(journalPath: String, range: Range<Int>, fileSystem: any FileSystem = PosixFileSystem()) throws -> [TreeHash] {
        var hashes: [TreeHash] = []
        hashes.reserveCapacity(range.count)
        // Lines are hashed on all cores, a chunk at a time, and collected in order.
        try JournalLinePipeline.run(
            reader: JournalReader(path: journalPath, fileSystem: fileSystem),
            prepare: { line, location in range.contains(location.lineNumber - 1) ? TreeHash.ofLine(line) : nil },
            consume: { hash, _ in if let hash { hashes.append(hash) } })
        return hashes
    }
}

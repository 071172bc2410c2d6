// TreeIndex: the derived, rebuildable file `<journal>.tree` that stores every complete subtree
// hash of the journal's Merkle tree once, in StoredHashLayout order (as Go's sumdb/tlog does), so
// that a root, an inclusion proof or a consistency proof for any tree size costs O(log n) preads.
//
// File layout (all of it derived from the journal; deleting the file loses nothing):
//   bytes 0..<16   magic "fundledger tree\n"
//   bytes 16..<20  format version, UInt32 big-endian, currently 1
//   bytes 20..<32  zero (reserved)
//   then 32-byte hashes; stored hash i is at byte 32 + 32·i.
// The leaf count is not written anywhere: it is the largest n whose stored hash count fits in the
// file, so appending is a single pwrite and a torn append just looks like a shorter index.
// The index is never trusted blindly: `open` checks it against the caller's leaf count, last leaf
// hash, sample leaf hashes and known roots, and rebuilds it from the caller's leaf hashes when any
// check fails.

import Foundation

/// The stored-hash index of a journal's Merkle tree, kept in a file beside the journal.
public final class TreeIndex: MerkleHashSource {
    /// The bytes every index file starts with.
    public static let magic: [UInt8] = Array("fundledger tree\n".utf8)
    /// The current file format version.
    public static let formatVersion: UInt32 = 1
    /// The header size; a multiple of the hash size so hashes stay aligned.
    public static let headerByteCount = 32

    /// What the caller knows about the journal, against which an existing index is checked.
    public struct Expectation: Sendable {
        /// The number of entries in the journal.
        public var leafCount: Int
        /// The leaf hash of the journal's last entry (nil for an empty journal).
        public var lastLeafHash: TreeHash?
        /// Leaf hashes at some positions (for example a few random entries), checked when present.
        public var sampleLeafHashes: [Int: TreeHash]
        /// Roots known to be right (for example from signed checkpoints), by tree size.
        public var knownRootHashes: [Int: TreeHash]

        /// Creates an expectation; samples and known roots are optional.
        public init(
            leafCount: Int, lastLeafHash: TreeHash?, sampleLeafHashes: [Int: TreeHash] = [:],
            knownRootHashes: [Int: TreeHash] = [:]
        ) {
            self.leafCount = leafCount
            self.lastLeafHash = lastLeafHash
            self.sampleLeafHashes = sampleLeafHashes
            self.knownRootHashes = knownRootHashes
        }
    }

    /// Why `open` rebuilt the index.
    public enum RebuildReason: Equatable, Sendable {
        /// There was no index file, or it was shorter than its header.
        case missing
        /// The header is not a tree index of this version.
        case invalidHeader
        /// A stored leaf hash differs from the journal's at `leafIndex`.
        case leafMismatch(leafIndex: Int)
        /// The root for `treeSize` differs from a known root.
        case rootMismatch(treeSize: Int)
    }

    /// What `open` found and did.
    public enum OpenOutcome: Equatable, Sendable {
        /// The index matched the journal as it was.
        case reused
        /// The index matched a prefix of the journal and was extended from `previousLeafCount`.
        case extended(previousLeafCount: Int)
        /// The index was longer than the journal (or had a torn tail) and was cut back.
        case truncated(previousLeafCount: Int)
        /// The index was rebuilt from the caller's leaf hashes.
        case rebuilt(RebuildReason)
    }

    /// The index file's path.
    public let path: String
    /// What `open` found and did.
    public private(set) var openOutcome: OpenOutcome = .reused
    private var descriptor: Int32
    private var frontier = MerkleFrontier()

    /// The number of leaves in the index.
    public var leafCount: Int { frontier.leafCount }

    /// Returns the conventional index path for a journal: the journal path followed by `.tree`.
    public static func path(forJournalAt journalPath: String) -> String { journalPath + ".tree" }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { _ = Foundation.close(descriptor) }
    }

    /// Opens the index at `path`, creating, extending, truncating or rebuilding it so that it
    /// holds exactly `expectation.leafCount` leaves that match the caller's hashes.
    ///
    /// `leafHashes(range)` must return the journal's leaf hashes for `range`, in order; it is
    /// called only for the part the index lacks, or for everything on a rebuild. Costs O(log n)
    /// reads when the index is current. Throws `TransparencyError.indexIOFailed` on I/O errors and
    /// `.indexLeafMismatch` when even a rebuilt index disagrees with `expectation` (the caller's
    /// leaf hashes and expectation contradict each other).
    public static func open(
        atPath path: String, expecting expectation: Expectation,
        leafHashes: (Range<Int>) throws -> [TreeHash]
    ) throws -> TreeIndex {
        precondition(expectation.leafCount >= 0, "leaf count is non-negative")
        let descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TransparencyError.indexIOFailed(path: path, operation: "open", errno: errno)
        }
        let index = TreeIndex(path: path, descriptor: descriptor)
        if let reason = try index.attach(expectation: expectation, leafHashes: leafHashes) {
            try index.rebuild(expectation: expectation, leafHashes: leafHashes)
            index.openOutcome = .rebuilt(reason)
        }
        return index
    }

    /// Appends leaves given their leaf hashes, with one pwrite. Call `synchronize()` to make it durable.
    public func append(leafHashes: [TreeHash]) throws {
        guard !leafHashes.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(leafHashes.count * 2 * TreeHash.byteCount)
        var next = frontier
        for leafHash in leafHashes {
            for hash in next.append(leafHash: leafHash) { hash.withUnsafeBytes { bytes.append(contentsOf: $0) } }
        }
        let offset = TreeIndex.byteOffset(ofStoredHash: StoredHashLayout.storedHashCount(leafCount: leafCount))
        try writeFully(bytes, at: offset)
        frontier = next
    }

    /// Flushes the index to stable storage (fsync).
    public func synchronize() throws {
        guard fsync(descriptor) == 0 else {
            throw TransparencyError.indexIOFailed(path: path, operation: "fsync", errno: errno)
        }
    }

    /// Returns the stored hashes at the given positions, one pread each.
    public func storedHashes(at positions: [Int]) throws -> [TreeHash] {
        try readStoredHashes(at: positions, storedCount: StoredHashLayout.storedHashCount(leafCount: leafCount))
    }

    private func readStoredHashes(at positions: [Int], storedCount: Int) throws -> [TreeHash] {
        var hashes: [TreeHash] = []
        hashes.reserveCapacity(positions.count)
        var buffer = [UInt8](repeating: 0, count: TreeHash.byteCount)
        for position in positions {
            guard position >= 0, position < storedCount else {
                throw TransparencyError.storedHashReadFailed(position: position)
            }
            let count = buffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress, TreeHash.byteCount, off_t(TreeIndex.byteOffset(ofStoredHash: position)))
            }
            guard count == TreeHash.byteCount else { throw TransparencyError.storedHashReadFailed(position: position) }
            hashes.append(buffer.withUnsafeBytes { TreeHash(copying: $0) })
        }
        return hashes
    }

    /// The root hash of the whole tree, from the in-memory frontier (no reads).
    public var rootHash: TreeHash { frontier.rootHash }

    /// Recomputes every interior hash from the stored leaf hashes and compares. Costs O(n) reads;
    /// for `verify` runs and tests. Throws `TransparencyError.indexLeafMismatch` naming the first
    /// leaf under a bad interior hash.
    public func verifyStoredHashes() throws {
        var tree = MerkleFrontier()
        let storedCount = StoredHashLayout.storedHashCount(leafCount: leafCount)
        // One sequential read of the whole hash region rather than one pread per hash.
        var bytes = [UInt8](repeating: 0, count: storedCount * TreeHash.byteCount)
        try readFully(&bytes, at: TreeIndex.headerByteCount)
        try bytes.withUnsafeBytes { buffer in
            func stored(_ position: Int) -> TreeHash {
                let start = position * TreeHash.byteCount
                return TreeHash(copying: UnsafeRawBufferPointer(rebasing: buffer[start..<start + TreeHash.byteCount]))
            }
            var position = 0
            for leafIndex in 0..<leafCount {
                for expected in tree.append(leafHash: stored(position)) {
                    guard stored(position) == expected else {
                        throw TransparencyError.indexLeafMismatch(leafIndex: leafIndex)
                    }
                    position += 1
                }
            }
        }
    }

    // MARK: Opening

    /// Loads the existing file and checks it; returns why it must be rebuilt, or nil when it is
    /// now current (possibly after extending or truncating it).
    private func attach(expectation: Expectation, leafHashes: (Range<Int>) throws -> [TreeHash]) throws -> RebuildReason? {
        let fileSize = try currentFileSize()
        guard fileSize >= TreeIndex.headerByteCount else { return .missing }
        var header = [UInt8](repeating: 0, count: TreeIndex.headerByteCount)
        try readFully(&header, at: 0)
        guard header == TreeIndex.headerBytes() else { return .invalidHeader }

        let storedCount = (fileSize - TreeIndex.headerByteCount) / TreeHash.byteCount
        let fileLeafCount = StoredHashLayout.leafCount(fittingIn: storedCount)
        let wanted = expectation.leafCount
        var outcome = OpenOutcome.reused
        if fileLeafCount > wanted || TreeIndex.byteOffset(ofStoredHash: StoredHashLayout.storedHashCount(leafCount: fileLeafCount)) != fileSize {
            outcome = .truncated(previousLeafCount: fileLeafCount)
        }
        let kept = min(fileLeafCount, wanted)
        try truncateFile(toLeafCount: kept)
        frontier = try MerkleFrontier(leafCount: kept) {
            try readStoredHashes(at: $0, storedCount: StoredHashLayout.storedHashCount(leafCount: kept))
        }

        if kept < wanted {
            // Fetch from the last kept leaf on, to check that the kept prefix is the journal's.
            let first = max(kept - 1, 0)
            let fetched = try leafHashes(first..<wanted)
            guard fetched.count == wanted - first else {
                throw TransparencyError.leafHashCountMismatch(expected: wanted - first, actual: fetched.count)
            }
            if kept > 0, try leafHash(at: kept - 1) != fetched[0] { return .leafMismatch(leafIndex: kept - 1) }
            try append(leafHashes: Array(fetched[(kept - first)...]))
            outcome = .extended(previousLeafCount: kept)
        }
        if let reason = try firstMismatch(with: expectation) { return reason }
        openOutcome = outcome
        return nil
    }

    /// Empties the file and writes the index anew from the caller's leaf hashes, then checks it.
    private func rebuild(expectation: Expectation, leafHashes: (Range<Int>) throws -> [TreeHash]) throws {
        guard ftruncate(descriptor, 0) == 0 else {
            throw TransparencyError.indexIOFailed(path: path, operation: "ftruncate", errno: errno)
        }
        try writeFully(TreeIndex.headerBytes(), at: 0)
        frontier = MerkleFrontier()
        let all = try leafHashes(0..<expectation.leafCount)
        guard all.count == expectation.leafCount else {
            throw TransparencyError.leafHashCountMismatch(expected: expectation.leafCount, actual: all.count)
        }
        try append(leafHashes: all)
        try synchronize()
        // Pair the checks: what was written is read back and compared with the expectation.
        switch try firstMismatch(with: expectation) {
        case nil: return
        case .leafMismatch(let leafIndex)?: throw TransparencyError.indexLeafMismatch(leafIndex: leafIndex)
        case .rootMismatch(let treeSize)?: throw TransparencyError.rootMismatch(treeSize: treeSize)
        case .missing?, .invalidHeader?: throw TransparencyError.indexHeaderInvalid(path: path)
        }
    }

    /// Compares the index with the expectation's last leaf, samples and known roots.
    private func firstMismatch(with expectation: Expectation) throws -> RebuildReason? {
        let count = expectation.leafCount
        if count > 0, let last = expectation.lastLeafHash, try leafHash(at: count - 1) != last {
            return .leafMismatch(leafIndex: count - 1)
        }
        for (leafIndex, hash) in expectation.sampleLeafHashes.sorted(by: { $0.key < $1.key }) {
            guard leafIndex >= 0, leafIndex < count, try leafHash(at: leafIndex) == hash else {
                return .leafMismatch(leafIndex: leafIndex)
            }
        }
        for (treeSize, root) in expectation.knownRootHashes.sorted(by: { $0.key < $1.key }) {
            guard treeSize >= 0, treeSize <= count, try rootHash(forTreeSize: treeSize) == root else {
                return .rootMismatch(treeSize: treeSize)
            }
        }
        return nil
    }

    // MARK: File access

    private static func headerBytes() -> [UInt8] {
        var header = magic
        withUnsafeBytes(of: formatVersion.bigEndian) { header.append(contentsOf: $0) }
        header.append(contentsOf: [UInt8](repeating: 0, count: headerByteCount - header.count))
        return header
    }

    private static func byteOffset(ofStoredHash position: Int) -> Int {
        headerByteCount + position * TreeHash.byteCount
    }

    private func currentFileSize() throws -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw TransparencyError.indexIOFailed(path: path, operation: "fstat", errno: errno)
        }
        return Int(status.st_size)
    }

    private func truncateFile(toLeafCount count: Int) throws {
        let size = TreeIndex.byteOffset(ofStoredHash: StoredHashLayout.storedHashCount(leafCount: count))
        guard try currentFileSize() != size else { return }
        guard ftruncate(descriptor, off_t(size)) == 0 else {
            throw TransparencyError.indexIOFailed(path: path, operation: "ftruncate", errno: errno)
        }
    }

    private func writeFully(_ bytes: [UInt8], at offset: Int) throws {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes {
                pwrite(descriptor, $0.baseAddress! + written, bytes.count - written, off_t(offset + written))
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                throw TransparencyError.indexIOFailed(path: path, operation: "pwrite", errno: result < 0 ? errno : EIO)
            }
            written += result
        }
    }

    private func readFully(_ bytes: inout [UInt8], at offset: Int) throws {
        var done = 0
        let total = bytes.count
        while done < total {
            let result = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, total - done, off_t(offset + done))
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                throw TransparencyError.indexIOFailed(path: path, operation: "pread", errno: result < 0 ? errno : EIO)
            }
            done += result
        }
    }
}

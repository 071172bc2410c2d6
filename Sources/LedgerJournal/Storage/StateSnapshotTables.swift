// The table area of `JOURNAL.state` (docs/FORMAT.md §1): the large registers of a validator's state,
// laid out by the validator for lookup by key, read a few blocks at a time instead of decoded whole.
//
// Integrity without reading the whole area: the area is cut into blocks of `blockByteCount` bytes
// (the last may be shorter); level 1 is the SHA-256 of every block, concatenated; each further level
// is the SHA-256 of every `blockByteCount`-byte block of the level below, until a level fits in one
// block; the file header holds the SHA-256 of that top level (the root). A block is checked against
// its hash, and that hash's block against the level above, the first time it is read, so a damaged
// byte anywhere in the area is detected when it is touched; the state is then rebuilt by replay
// (`damageDetected`).
import Dispatch
import LedgerCrypto

/// Random access to a state file's table area, every block checked against the hash tree when first read.
public final class StateSnapshotTables: @unchecked Sendable {
    /// Bytes per checked block of the table area and of each hash level.
    public static let blockByteCount = 4_096
    /// Bytes of one block hash (SHA-256).
    static let hashByteCount = 32

    /// The table area's length in bytes.
    public let byteCount: Int
    /// Set when a block did not match its hash (or could not be read); the state must not be trusted.
    public private(set) var damageDetected = false
    /// The payload of the base these tables belong to (its checksum checked), when known: a delta may
    /// name parts of it instead of holding a copy (docs/FORMAT.md §1, sections).
    ///
    /// For tables read from a file the payload is read and checked on first use
    /// (`deferBasePayload(byteCount:hash:)`): an append restored from a delta reads it only when it
    /// decodes a section the delta names in it. Nil when it cannot be read or does not match its
    /// checksum; `damageDetected` is then set (the append starts over with a replay).
    package var basePayload: [UInt8]? {
        get {
            if let loadedBasePayload { return loadedBasePayload }
            guard let unread = unreadBasePayload else { return nil }
            unreadBasePayload = nil
            loadedBasePayload = readBasePayload(byteCount: unread.byteCount, hash: unread.hash)
            if loadedBasePayload == nil { damageDetected = true }
            return loadedBasePayload
        }
        set {
            loadedBasePayload = newValue
            unreadBasePayload = nil
            basePayloadByteCount = newValue?.count ?? 0
        }
    }
    /// The base payload's byte count, known before it is read.
    package private(set) var basePayloadByteCount = 0
    private var loadedBasePayload: [UInt8]?
    // The base payload's length and SHA-256 until it is read; it lies just before the table area.
    private var unreadBasePayload: (byteCount: Int, hash: [UInt8])?

    /// Whether `bytes` are the base payload (the same bytes), without reading it: bytes decoded
    /// before the payload was read cannot be it.
    package func isBasePayload(_ bytes: [UInt8]) -> Bool {
        loadedBasePayload.map { $0 == bytes } ?? false
    }

    /// Records that the base payload, `byteCount` bytes with SHA-256 `hash`, lies in the file just before
    /// the table area, to be read and checked when `basePayload` is first used.
    func deferBasePayload(byteCount: Int, hash: [UInt8]) {
        loadedBasePayload = nil
        unreadBasePayload = (byteCount, hash)
        basePayloadByteCount = byteCount
    }

    private func readBasePayload(byteCount: Int, hash: [UInt8]) -> [UInt8]? {
        guard case .file(let box, let layout) = source,
              let payload = try? box.file.readBytes(atByteOffset: layout.payloadOffset, byteCount: byteCount),
              Array(SHA256.hash(data: payload)) == hash else { return nil }
        return payload
    }

    /// Where a state file's parts lie (docs/FORMAT.md §1): the table area as the concatenation of
    /// `extents` (file offset and byte count each), its hash levels (contiguous, from `levelsOffset`),
    /// the payload, and the file's length when it was last written whole (`wholeByteCount`).
    public struct FileLayout: Equatable, Sendable {
        public var extents: [Extent]
        public var levelsOffset: Int64
        public var payloadOffset: Int64
        public var fileByteCount: Int64
        public var wholeByteCount: Int64

        /// One run of the area's bytes in the file.
        public struct Extent: Equatable, Sendable {
            public var fileOffset: Int64
            public var byteCount: Int
        }
    }

    /// The file layout, for tables read from a file.
    var fileLayout: FileLayout? {
        if case .file(_, let layout) = source { return layout }
        return nil
    }

    private let source: Source
    // Where each hash level starts (relative to the area's start in `source`), level 1 first.
    private let levelOffsets: [Int]
    private let levelByteCounts: [Int]
    private let root: [UInt8]
    // Blocks already checked, per level (0 is the area itself): block number -> bytes.
    private var checked: [[Int: [UInt8]]]

    private enum Source {
        case memory([UInt8])
        case file(FileBox, FileLayout)
    }

    /// Keeps an open file alive for as long as the tables are used (the state file may be replaced).
    final class FileBox {
        let file: OpenFile
        init(_ file: consuming OpenFile) { self.file = file }
    }

    /// A run of whole blocks appended unchecked from this area to a new one (`appendCopy`): the new
    /// area's hash tree takes their hashes from this area's level 1 instead of hashing them again.
    public struct BlockCopy: Equatable, Sendable {
        /// The first copied block of this area.
        public var sourceBlock: Int
        /// Where it went: the block number in the new area.
        public var targetBlock: Int
        /// How many blocks were copied.
        public var blockCount: Int
    }

    // The copies made since the last `takeBlockCopies`.
    private var blockCopies: [BlockCopy] = []

    /// Blocks hashed per task when a new area's level 1 is computed on all cores.
    static let hashingChunkBlockCount = 256

    /// The bytes of the hash levels for `area` (to store after it) and the root hash (for the header).
    public static func hashTree(of area: [UInt8]) -> (levels: [UInt8], root: [UInt8]) {
        // Without copies nothing is read from another area, so nothing can throw.
        (try? hashTree(of: area, reusing: [], from: nil)) ?? ([], [])
    }

    /// `hashTree(of:)` for an area holding `copies` of blocks of `source`: their level-1 hashes are
    /// taken from `source` (each checked up to its root) instead of computed, so a block that was
    /// damaged in `source` keeps its original hash and is detected in the new area as it would have
    /// been in the old one. The other blocks are hashed on all cores. Throws `StateSnapshotTablesError`
    /// when `source`'s hash levels are damaged or a copy lies outside either area.
    public static func hashTree(of area: [UInt8], reusing copies: [BlockCopy],
                                from source: StateSnapshotTables?) throws -> (levels: [UInt8], root: [UInt8]) {
        let blockCount = max(1, (area.count + blockByteCount - 1) / blockByteCount)
        var levelOne = [UInt8](repeating: 0, count: blockCount * hashByteCount)
        var isKnown = [Bool](repeating: false, count: blockCount)
        for copy in copies {
            guard let source, copy.blockCount >= 0, copy.targetBlock >= 0, copy.targetBlock + copy.blockCount <= blockCount,
                  (copy.targetBlock + copy.blockCount) * blockByteCount <= area.count else {
                throw StateSnapshotTablesError.outOfRange(byteOffset: copy.targetBlock * blockByteCount,
                                                          byteCount: copy.blockCount * blockByteCount)
            }
            for index in 0..<copy.blockCount {
                let hash = try source.expectedHash(level: 0, number: copy.sourceBlock + index)
                let target = copy.targetBlock + index
                levelOne.replaceSubrange(target * hashByteCount..<(target + 1) * hashByteCount, with: hash)
                isKnown[target] = true
            }
        }
        // FIPS 180-4 SHA-256 of each block not copied, in chunks of blocks on all cores.
        hashBlocks(of: area, blockCount: blockCount, into: &levelOne, at: 0, skipping: isKnown)
        return upperLevels(over: levelOne)
    }

    /// Writes the SHA-256 of each block of `area` (but those `skipping` marks) into `levelOne` from hash
    /// number `first` on, in chunks of blocks on all cores.
    /// `blockCount` is the area's block count (an empty area has one empty block).
    private static func hashBlocks(of area: [UInt8], blockCount: Int, into levelOne: inout [UInt8], at first: Int,
                                   skipping isKnown: [Bool]) {
        let chunkCount = (blockCount + hashingChunkBlockCount - 1) / hashingChunkBlockCount
        area.withUnsafeBytes { areaBytes in
            levelOne.withUnsafeMutableBytes { output in
                // Read-only input, and each task writes its own blocks' hashes.
                nonisolated(unsafe) let raw = areaBytes
                nonisolated(unsafe) let hashes = output.baseAddress! + first * hashByteCount
                let known = isKnown
                DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                    let firstBlock = chunk * hashingChunkBlockCount
                    for number in firstBlock..<min(firstBlock + hashingChunkBlockCount, blockCount)
                    where number >= known.count || !known[number] {
                        let start = number * blockByteCount
                        let end = min(start + blockByteCount, raw.count)
                        let digest = SHA256.hash(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                        Array(digest).withUnsafeBytes { bytes in
                            (hashes + number * hashByteCount).copyMemory(from: bytes.baseAddress!, byteCount: hashByteCount)
                        }
                    }
                }
            }
        }
    }

    /// The hash levels over `levelOne` (itself the first) and the root.
    private static func upperLevels(over levelOne: [UInt8]) -> (levels: [UInt8], root: [UInt8]) {
        var levels = levelOne
        if levelOne.count <= blockByteCount { return (levels, Array(SHA256.hash(data: levelOne))) }
        var current = levelOne
        repeat {
            var next: [UInt8] = []
            next.reserveCapacity((current.count / blockByteCount + 1) * hashByteCount)
            current.withUnsafeBytes { raw in
                var start = 0
                repeat {
                    let end = min(start + blockByteCount, raw.count)
                    next += SHA256.hash(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                    start = end
                } while start < raw.count
            }
            levels += next
            current = next
        } while current.count > blockByteCount
        return (levels, Array(SHA256.hash(data: current)))
    }

    /// Whether a new base may extend this area in place (docs/FORMAT.md §1, generations): tables read
    /// from a file whose area is whole blocks, in few extents, and which has grown by at most half
    /// since it was last written whole. When it may, a snapshot being built now writes only new and
    /// changed tables after this area (`SnapshotByteSink.extendedTables`) and `isExtended` is set until
    /// the next call; `StateSnapshotFile.storeBase` then appends a generation to the file.
    public func beginExtension() -> Bool {
        isExtended = false
        guard let layout = fileLayout, byteCount > 0, byteCount % Self.blockByteCount == 0,
              layout.extents.count < Self.maximumExtentCount,
              layout.fileByteCount <= layout.wholeByteCount + layout.wholeByteCount / 2 else { return false }
        isExtended = true
        return true
    }

    /// Set by `beginExtension` when the snapshot being built extends this area in place.
    public private(set) var isExtended = false

    /// The most extents an area extended in place may have; with more it is written whole.
    static let maximumExtentCount = 64

    /// The hash levels and root for this area followed by `newArea` (whole blocks): level 1 is this
    /// area's (read, every block checked up to the root) followed by the hashes of `newArea`'s blocks.
    /// Throws `StateSnapshotTablesError` when this area's levels are damaged.
    func extendedHashTree(appending newArea: [UInt8]) throws -> (levels: [UInt8], root: [UInt8]) {
        guard byteCount % Self.blockByteCount == 0, newArea.count % Self.blockByteCount == 0 else {
            throw StateSnapshotTablesError.outOfRange(byteOffset: byteCount, byteCount: newArea.count)
        }
        let oldBlockCount = byteCount / Self.blockByteCount
        var levelOne: [UInt8] = []
        levelOne.reserveCapacity((oldBlockCount + newArea.count / Self.blockByteCount) * Self.hashByteCount)
        let levelOneBlocks = (levelByteCounts[0] + Self.blockByteCount - 1) / Self.blockByteCount
        for number in 0..<levelOneBlocks { levelOne += try checkedBlock(level: 1, number: number) }
        guard levelOne.count == oldBlockCount * Self.hashByteCount else {
            throw StateSnapshotTablesError.outOfRange(byteOffset: 0, byteCount: levelOne.count)
        }
        levelOne += [UInt8](repeating: 0, count: newArea.count / Self.blockByteCount * Self.hashByteCount)
        Self.hashBlocks(of: newArea, blockCount: newArea.count / Self.blockByteCount, into: &levelOne, at: oldBlockCount,
                        skipping: [])
        return Self.upperLevels(over: levelOne)
    }

    /// The byte counts of the hash levels for an area of `areaByteCount` bytes, level 1 first.
    static func levelByteCounts(areaByteCount: Int) -> [Int] {
        var counts: [Int] = []
        var current = areaByteCount
        repeat {
            let blocks = max(1, (current + blockByteCount - 1) / blockByteCount)
            current = blocks * hashByteCount
            counts.append(current)
        } while current > blockByteCount
        return counts
    }

    /// Appends this area's bytes in `range` (whole blocks: both ends multiples of the block size) to
    /// `area` (which must end at a block boundary), unchecked, and records the copy for
    /// `hashTree(of:reusing:from:)` (`takeBlockCopies`). The bytes are not checked because their
    /// hashes go with them: a damaged block stays damaged, and detected, in the new area. For tables
    /// read from a file (`defersCopies`) only the last block is read; the others stay zeros in `area`
    /// until `writeArea` copies them file to file, or `fillDeferredCopies` reads them. Throws
    /// `StateSnapshotTablesError` when the range is not whole blocks of the area or cannot be read.
    public func appendCopy(of range: Range<Int>, to area: inout [UInt8]) throws {
        guard range.lowerBound >= 0, range.upperBound <= byteCount, range.lowerBound % Self.blockByteCount == 0,
              range.upperBound % Self.blockByteCount == 0, area.count % Self.blockByteCount == 0 else {
            throw StateSnapshotTablesError.outOfRange(byteOffset: range.lowerBound, byteCount: range.count)
        }
        if range.isEmpty { return }
        let targetOffset = area.count
        if defersCopies {
            // All blocks but the last are left as zeros, filled from the file when the new area is
            // written (`writeArea`); the last is read, so that a caller can check what follows its table.
            let lastBlock = range.upperBound - Self.blockByteCount
            // Whole zero blocks, each one contiguous copy (appending `repeatElement` goes byte by byte).
            for _ in stride(from: range.lowerBound, to: lastBlock, by: Self.blockByteCount) {
                area.append(contentsOf: Self.zeroBlock)
            }
            area.append(contentsOf: try rawBytes(at: lastBlock, count: Self.blockByteCount))
        } else {
            area.append(contentsOf: try rawBytes(at: range.lowerBound, count: range.count))
        }
        blockCopies.append(BlockCopy(sourceBlock: range.lowerBound / Self.blockByteCount,
                                     targetBlock: targetOffset / Self.blockByteCount,
                                     blockCount: range.count / Self.blockByteCount))
    }

    // One block of zeros, the placeholder `appendCopy` leaves for a deferred block.
    private static let zeroBlock = [UInt8](repeating: 0, count: blockByteCount)

    /// Whether `appendCopy` leaves the blocks before a copy's last one as zeros in the new area, to be
    /// copied file to file when it is written (`writeArea`): for tables read from a file.
    public var defersCopies: Bool {
        if case .file = source { return true }
        return false
    }

    /// Writes `area` to `file` at its position (the new area of a state file being written): the
    /// blocks `copies` left as zeros (`defersCopies`) are copied from this area's file inside the kernel
    /// (`FileSystem.copy`), the rest written from `area`. Throws when this file ends early or a call
    /// fails (the new file is then abandoned).
    func writeArea(_ area: [UInt8], copies: [BlockCopy], to file: borrowing OpenFile) throws {
        guard defersCopies, case let .file(box, layout) = source else {
            try file.writeAll(area)
            return
        }
        try area.withUnsafeBytes { raw in
            var written = 0
            for copy in copies.sorted(by: { $0.targetBlock < $1.targetBlock }) where copy.blockCount > 1 {
                let target = copy.targetBlock * Self.blockByteCount
                let count = (copy.blockCount - 1) * Self.blockByteCount
                guard target >= written, target + count <= raw.count else {
                    throw StateSnapshotTablesError.outOfRange(byteOffset: target, byteCount: count)
                }
                try file.writeAll(UnsafeRawBufferPointer(rebasing: raw[written..<target]))
                var copied = 0
                while copied < count {
                    guard let (sourceOffset, contiguous) = Self.fileOffset(ofAreaOffset: copy.sourceBlock * Self.blockByteCount + copied,
                                                                          in: layout) else {
                        throw StateSnapshotTablesError.unreadable(byteOffset: copy.sourceBlock * Self.blockByteCount + copied)
                    }
                    let step = try file.fileSystem.copy(from: box.file.descriptor, atByteOffset: sourceOffset,
                                                        to: file.descriptor, byteCount: min(count - copied, contiguous))
                    guard step > 0 else {
                        throw StateSnapshotTablesError.unreadable(byteOffset: copy.sourceBlock * Self.blockByteCount + copied)
                    }
                    copied += step
                }
                written = target + count
            }
            try file.writeAll(UnsafeRawBufferPointer(rebasing: raw[written...]))
        }
    }

    /// Reads into `area` the blocks `copies` left as zeros (`defersCopies`), for a caller that needs the
    /// new area's bytes in memory rather than written (`writeArea`).
    func fillDeferredCopies(_ copies: [BlockCopy], in area: inout [UInt8]) throws {
        guard defersCopies else { return }
        for copy in copies where copy.blockCount > 1 {
            let target = copy.targetBlock * Self.blockByteCount
            let count = (copy.blockCount - 1) * Self.blockByteCount
            guard target >= 0, target + count <= area.count else {
                throw StateSnapshotTablesError.outOfRange(byteOffset: target, byteCount: count)
            }
            area.replaceSubrange(target..<target + count,
                                 with: try rawBytes(at: copy.sourceBlock * Self.blockByteCount, count: count))
        }
    }

    /// Forgets the last copy `appendCopy` recorded (its bytes were taken back out of the new area).
    public func dropLastBlockCopy() { _ = blockCopies.popLast() }

    /// The copies recorded by `appendCopy` since the last call, which are then forgotten. Call it before
    /// building a new area (to start clean) and after (to hash it).
    public func takeBlockCopies() -> [BlockCopy] {
        defer { blockCopies = [] }
        return blockCopies
    }

    /// Tables over `area` and its `levels` held in memory (tests, and a state just written).
    public convenience init?(area: [UInt8], levels: [UInt8], root: [UInt8]) {
        self.init(source: .memory(area + levels), areaByteCount: area.count, root: root,
                  sourceByteCount: area.count + levels.count)
    }

    /// Tables read from `file` laid out as `layout` says, the area `areaByteCount` long; nil when a part
    /// lies outside the file or the extents do not add up to the area.
    convenience init?(file: consuming OpenFile, layout: FileLayout, areaByteCount: Int, root: [UInt8]) {
        let counts = Self.levelByteCounts(areaByteCount: areaByteCount)
        var total = 0
        for extent in layout.extents {
            guard extent.fileOffset >= 0, extent.byteCount > 0, extent.fileOffset <= layout.fileByteCount - Int64(extent.byteCount) else { return nil }
            total += extent.byteCount
        }
        let levelsByteCount = Int64(counts.reduce(0, +))
        guard total == areaByteCount, layout.levelsOffset >= 0, layout.levelsOffset <= layout.fileByteCount - levelsByteCount
        else { return nil }
        let box = FileBox(file)
        self.init(source: .file(box, layout), areaByteCount: areaByteCount, root: root,
                  sourceByteCount: areaByteCount + Int(levelsByteCount))
    }

    /// The file offset of the area's byte `offset` and how many bytes from it are contiguous in the file.
    private static func fileOffset(ofAreaOffset offset: Int, in layout: FileLayout) -> (Int64, Int)? {
        var start = 0
        for extent in layout.extents {
            if offset < start + extent.byteCount {
                guard offset >= start else { return nil }
                return (extent.fileOffset + Int64(offset - start), start + extent.byteCount - offset)
            }
            start += extent.byteCount
        }
        return nil
    }

    private init?(source: Source, areaByteCount: Int, root: [UInt8], sourceByteCount: Int) {
        let counts = Self.levelByteCounts(areaByteCount: areaByteCount)
        guard root.count == Self.hashByteCount, areaByteCount >= 0,
              sourceByteCount == areaByteCount + counts.reduce(0, +) else { return nil }
        self.source = source
        byteCount = areaByteCount
        levelByteCounts = counts
        var offsets: [Int] = []
        var offset = areaByteCount
        for count in counts {
            offsets.append(offset)
            offset += count
        }
        levelOffsets = offsets
        self.root = root
        checked = Array(repeating: [:], count: counts.count + 1)
    }

    /// Records that bytes read from the tables did not decode (the reader found them malformed).
    public func markDamaged() { damageDetected = true }

    /// Whether the top hash level matches the root (one block: cheap enough to check on every load).
    func checkTopLevel() -> Bool {
        (try? checkedBlock(level: levelByteCounts.count, number: 0)) != nil
    }

    /// Whether every block of the area and of every hash level matches (reads everything).
    func checkAll() -> Bool {
        let blocks = max(1, (byteCount + Self.blockByteCount - 1) / Self.blockByteCount)
        for number in 0..<blocks where (try? checkedBlock(level: 0, number: number)) == nil { return false }
        return true
    }

    /// The area's bytes in `range`, each block checked; throws `StateSnapshotTablesError` (and sets
    /// `damageDetected`) for a block that does not match its hash or cannot be read.
    public func read(_ range: Range<Int>) throws -> [UInt8] {
        guard let (first, last) = try blocks(spanning: range) else { return [] }
        if first == last {
            let block = try checkedBlock(level: 0, number: first)
            let start = range.lowerBound - first * Self.blockByteCount
            return Array(block[start..<start + range.count])
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        for number in first...last {
            let block = try checkedBlock(level: 0, number: number)
            let blockStart = number * Self.blockByteCount
            let lower = max(range.lowerBound, blockStart) - blockStart
            let upper = min(range.upperBound, blockStart + block.count) - blockStart
            bytes += block[lower..<upper]
        }
        return bytes
    }

    /// The area's bytes in `range`, each block checked, for reading a whole table once (a merge into a
    /// new base): the range is read with one read; blocks already checked are taken from the cache (the
    /// bytes returned are always the bytes checked), the others are checked and not kept, so a large
    /// table is not held twice. Throws as `read` does.
    public func readOnce(_ range: Range<Int>) throws -> [UInt8] {
        guard let (first, last) = try blocks(spanning: range) else { return [] }
        let coveredStart = first * Self.blockByteCount
        let coveredEnd = min((last + 1) * Self.blockByteCount, byteCount)
        var covered = try rawBytes(at: coveredStart, count: coveredEnd - coveredStart)
        for number in first...last {
            let start = number * Self.blockByteCount - coveredStart
            let end = min(start + Self.blockByteCount, covered.count)
            if let block = checked[0][number] {
                covered.replaceSubrange(start..<end, with: block)
                continue
            }
            let hash = covered.withUnsafeBytes { raw in
                Array(SHA256.hash(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[start..<end])))
            }
            guard hash == (try expectedHash(level: 0, number: number)) else {
                damageDetected = true
                throw StateSnapshotTablesError.blockMismatch(level: 0, block: number)
            }
        }
        if range.lowerBound == coveredStart, range.upperBound == coveredEnd { return covered }
        return Array(covered[(range.lowerBound - coveredStart)..<(range.upperBound - coveredStart)])
    }

    /// The first and last area blocks `range` touches, nil when it is empty; throws
    /// `StateSnapshotTablesError.outOfRange` (and sets `damageDetected`) when it reaches outside the area.
    private func blocks(spanning range: Range<Int>) throws -> (first: Int, last: Int)? {
        guard range.lowerBound >= 0, range.upperBound <= byteCount else {
            damageDetected = true
            throw StateSnapshotTablesError.outOfRange(byteOffset: range.lowerBound, byteCount: range.count)
        }
        if range.isEmpty { return nil }
        return (range.lowerBound / Self.blockByteCount, (range.upperBound - 1) / Self.blockByteCount)
    }

    /// The stored hash of block `number` of `level` (0: the area), from the level above (checked) or the root.
    fileprivate func expectedHash(level: Int, number: Int) throws -> [UInt8] {
        // The top level is one block, checked against the root in the header.
        if level == levelByteCounts.count { return root }
        let above = try checkedBlock(level: level + 1, number: number * Self.hashByteCount / Self.blockByteCount)
        let position = (number * Self.hashByteCount) % Self.blockByteCount
        return Array(above[position..<position + Self.hashByteCount])
    }

    /// Block `number` of `level` (0: the area), checked against the level above (or the root).
    private func checkedBlock(level: Int, number: Int) throws -> [UInt8] {
        if let block = checked[level][number] { return block }
        let levelCount = level == 0 ? byteCount : levelByteCounts[level - 1]
        let levelStart = level == 0 ? 0 : levelOffsets[level - 1]
        let start = number * Self.blockByteCount
        let length = min(Self.blockByteCount, levelCount - start)
        guard length >= 0, start <= levelCount, level == 0 || length > 0 else {
            damageDetected = true
            throw StateSnapshotTablesError.outOfRange(byteOffset: start, byteCount: length)
        }
        let block = try rawBytes(at: levelStart + start, count: length)
        let hash = Array(SHA256.hash(data: block))
        guard hash == (try expectedHash(level: level, number: number)) else {
            damageDetected = true
            throw StateSnapshotTablesError.blockMismatch(level: level, block: number)
        }
        checked[level][number] = block
        return block
    }

    private func rawBytes(at offset: Int, count: Int) throws -> [UInt8] {
        switch source {
        case .memory(let bytes):
            return Array(bytes[offset..<offset + count])
        case .file(let box, let layout):
            do {
                // The hash levels follow the area in the offsets used here; in the file they lie at `levelsOffset`.
                if offset >= byteCount {
                    return try box.file.readBytes(atByteOffset: layout.levelsOffset + Int64(offset - byteCount), byteCount: count)
                }
                guard offset + count <= byteCount else { throw StateSnapshotTablesError.outOfRange(byteOffset: offset, byteCount: count) }
                var bytes: [UInt8] = []
                var position = offset
                while position < offset + count {
                    guard let (fileOffset, contiguous) = Self.fileOffset(ofAreaOffset: position, in: layout) else {
                        throw StateSnapshotTablesError.outOfRange(byteOffset: position, byteCount: count)
                    }
                    let step = min(contiguous, offset + count - position)
                    let piece = try box.file.readBytes(atByteOffset: fileOffset, byteCount: step)
                    if position == offset, step == count { return piece }
                    bytes += piece
                    position += step
                }
                return bytes
            } catch {
                damageDetected = true
                throw StateSnapshotTablesError.unreadable(byteOffset: offset)
            }
        }
    }
}

/// Why bytes of a state file's table area were refused.
public enum StateSnapshotTablesError: Error, Equatable, Sendable {
    /// A read reached outside the area (a damaged offset or length).
    case outOfRange(byteOffset: Int, byteCount: Int)
    /// Block `block` of hash level `level` (0: the area) did not match its hash.
    case blockMismatch(level: Int, block: Int)
    /// The file could not be read at `byteOffset` of the area.
    case unreadable(byteOffset: Int)
}

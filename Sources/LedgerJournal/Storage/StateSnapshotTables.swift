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

    private let source: Source
    // Where each hash level starts (relative to the area's start in `source`), level 1 first.
    private let levelOffsets: [Int]
    private let levelByteCounts: [Int]
    private let root: [UInt8]
    // Blocks already checked, per level (0 is the area itself): block number -> bytes.
    private var checked: [[Int: [UInt8]]]

    private enum Source {
        case memory([UInt8])
        case file(FileBox, baseOffset: Int64)
    }

    /// Keeps an open file alive for as long as the tables are used (the state file may be replaced).
    final class FileBox {
        let file: OpenFile
        init(_ file: consuming OpenFile) { self.file = file }
    }

    /// The bytes of the hash levels for `area` (to store after it) and the root hash (for the header).
    public static func hashTree(of area: [UInt8]) -> (levels: [UInt8], root: [UInt8]) {
        var levels: [UInt8] = []
        var current = area
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

    /// Tables over `area` and its `levels` held in memory (tests, and a state just written).
    public convenience init?(area: [UInt8], levels: [UInt8], root: [UInt8]) {
        self.init(source: .memory(area + levels), areaByteCount: area.count, root: root,
                  sourceByteCount: area.count + levels.count)
    }

    /// Tables read from `file`: the area at `baseOffset`, `areaByteCount` long, its hash levels after it.
    convenience init?(file: consuming OpenFile, baseOffset: Int64, areaByteCount: Int, root: [UInt8], fileByteCount: Int64) {
        let box = FileBox(file)
        self.init(source: .file(box, baseOffset: baseOffset), areaByteCount: areaByteCount, root: root,
                  sourceByteCount: Int(fileByteCount - baseOffset))
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
        guard range.lowerBound >= 0, range.upperBound <= byteCount else {
            damageDetected = true
            throw StateSnapshotTablesError.outOfRange(byteOffset: range.lowerBound, byteCount: range.count)
        }
        if range.isEmpty { return [] }
        let first = range.lowerBound / Self.blockByteCount
        let last = (range.upperBound - 1) / Self.blockByteCount
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
        let expected: [UInt8]
        if level == levelByteCounts.count {
            // The top level is one block, checked against the root in the header.
            expected = root
        } else {
            let above = try checkedBlock(level: level + 1, number: number * Self.hashByteCount / Self.blockByteCount)
            let position = (number * Self.hashByteCount) % Self.blockByteCount
            expected = Array(above[position..<position + Self.hashByteCount])
        }
        guard hash == expected else {
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
        case .file(let box, let baseOffset):
            do {
                return try box.file.readBytes(atByteOffset: baseOffset + Int64(offset), byteCount: count)
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

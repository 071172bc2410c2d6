// JournalLineLookup: finds the entry with a given `seq` in a journal file by bisecting the file by
// byte offset, so that nothing per entry has to be kept in memory to consult an earlier entry.
//
// A journal's `seq` is its line number − 1 (docs/FORMAT.md), so along the file the sequence
// numbers increase with the byte offset. A probe seeks to the middle of the remaining range,
// resynchronises on the next line feed, parses that line's `seq` and halves the range; once the
// range is small it is scanned line by line. Cost: O(log n) reads of `probeByteCount` bytes.
//
// Trust: the lookup itself checks nothing but `seq`. Callers use it only for entries that the
// same pass has already checked in order (`EarlierEntries` bounds it): the verifier streams the
// file sequentially, so when the entry at seq N asks for seq M < N, line M has already been read,
// chained and authorised in this pass, and the file is read up to the size taken at the start of
// the pass (appends only add bytes after it, under the journal's lock). An append consults it
// under the journal's exclusive lock after replaying the whole file.
// A line that does not parse, or a file whose `seq` values are not in order (a damaged journal,
// already a verification finding), makes the lookup fall back to a forward scan; it then returns
// the first line with the wanted `seq`, or nil.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random access by sequence number to the entries of a journal file.
public struct JournalLineLookup: JournalEntryLookup, Sendable {
    /// Bytes read per probe and per step of a scan: enough for dozens of typical lines.
    public static let defaultProbeByteCount = 16 << 10
    /// Below this many bytes the remaining range is scanned instead of bisected.
    public static let defaultScanThresholdByteCount = 64 << 10

    /// The journal's path.
    public let path: String
    /// The file system used for every read.
    public let fileSystem: any FileSystem
    /// Only lines that end at or before this offset are read (the size of the checked prefix);
    /// nil means the file's size at the time of each lookup.
    public let byteCount: Int64?
    /// The longest line accepted.
    public let lineByteLimit: Int
    /// Bytes read per probe and per step of a scan.
    public let probeByteCount: Int
    /// Below this many bytes the remaining range is scanned instead of bisected.
    public let scanThresholdByteCount: Int

    /// A lookup over the first `byteCount` bytes of the journal at `path` (all of it when nil).
    public init(path: String, byteCount: Int64? = nil, fileSystem: any FileSystem = PosixFileSystem(),
                lineByteLimit: Int = JournalReader.maximumLineByteCount) {
        self.init(path: path, byteCount: byteCount, fileSystem: fileSystem, lineByteLimit: lineByteLimit,
                  probeByteCount: Self.defaultProbeByteCount, scanThresholdByteCount: Self.defaultScanThresholdByteCount)
    }

    /// A lookup with its read sizes chosen (tests make them small to bisect small files).
    /// Requires both sizes to be positive (a programmer error otherwise).
    package init(path: String, byteCount: Int64?, fileSystem: any FileSystem, lineByteLimit: Int,
                 probeByteCount: Int, scanThresholdByteCount: Int) {
        precondition(probeByteCount > 0 && scanThresholdByteCount > 0, "read sizes must be positive")
        self.path = path
        self.byteCount = byteCount
        self.fileSystem = fileSystem
        self.lineByteLimit = lineByteLimit
        self.probeByteCount = probeByteCount
        self.scanThresholdByteCount = scanThresholdByteCount
    }

    /// The entry whose `seq` is `sequence`, or nil when no complete line within `byteCount` has it.
    /// A line that does not parse is passed over. Throws `StorageError` for I/O failures and a line
    /// over the limit.
    public func entry(atSequence sequence: Int) throws -> JournalEntry? {
        guard sequence >= 0 else { return nil }
        let file = try OpenFile(path: path, fileSystem: fileSystem, access: .readOnly)
        let byteCount = try byteCount ?? file.byteCount()
        guard byteCount > 0 else { return nil }
        // Invariant: the wanted line, if any, starts in [low, high); `low` is a line start.
        var low: Int64 = 0
        var high = byteCount
        var isOrdered = true
        while isOrdered, high - low > Int64(scanThresholdByteCount) {
            let middle = low + (high - low) / 2
            var probe: (entry: JournalEntry, start: Int64, end: Int64)?
            try forEachLine(in: file, byteCount: byteCount, from: middle, before: high, resynchronising: true) { line, start in
                if let parsed = try? Self.parse(line) {
                    probe = (parsed, start, start + Int64(line.count) + 1)
                } else {
                    isOrdered = false
                }
                return false
            }
            guard isOrdered else { break }
            guard let probe else {
                // No line starts in [middle, high): the wanted one starts before the middle.
                high = middle
                continue
            }
            if probe.entry.sequence == sequence { return probe.entry }
            if probe.entry.sequence < sequence { low = probe.end } else { high = probe.start }
        }
        // The rest of the range line by line; in a file found out of order, to its end.
        var found: JournalEntry?
        try forEachLine(in: file, byteCount: byteCount, from: low, before: byteCount, resynchronising: false) { line, _ in
            guard let parsed = try? Self.parse(line) else { return true }
            if parsed.sequence == sequence {
                found = parsed
                return false
            }
            return !isOrdered || parsed.sequence < sequence
        }
        return found
    }

    private static func parse(_ line: UnsafeRawBufferPointer) throws -> JournalEntry {
        try JournalEntry(parsing: CanonicalJSON.parseCanonical(line))
    }

    /// Calls `body` with each complete line (without its line feed) that starts in `[from, before)`
    /// and ends within `byteCount`, with its offset, until `body` returns false. With
    /// `resynchronising`, `from` need not be a line start: the first line is the one starting just
    /// after the first line feed at or after `from - 1`.
    private func forEachLine(
        in file: borrowing OpenFile, byteCount: Int64, from: Int64, before end: Int64, resynchronising: Bool,
        _ body: (UnsafeRawBufferPointer, Int64) throws -> Bool
    ) throws {
        var buffer = [UInt8](repeating: 0, count: probeByteCount)
        var position = from
        if resynchronising, from > 0 {
            guard let newline = try LineScanner.nextNewline(in: file, from: from - 1, before: min(end, byteCount)) else { return }
            position = newline + 1
        }
        while position < end {
            let wanted = Int(min(Int64(buffer.count), byteCount - position))
            guard wanted > 0 else { return }
            let read = try buffer.withUnsafeMutableBytes { raw in
                try file.readFully(into: UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]), atByteOffset: position)
            }
            var lineStart = 0
            var consumedAny = false
            while position + Int64(lineStart) < end {
                guard let newline = buffer[lineStart..<read].firstIndex(of: newlineByte) else { break }
                let keepGoing = try buffer.withUnsafeBytes { raw in
                    try body(UnsafeRawBufferPointer(rebasing: raw[lineStart..<newline]), position + Int64(lineStart))
                }
                if !keepGoing { return }
                lineStart = newline + 1
                consumedAny = true
            }
            if position + Int64(lineStart) >= end { return }
            if !consumedAny {
                // A line longer than the window: read it whole (bounded by the line limit).
                guard read == buffer.count else { return }  // no line feed before `byteCount`
                let line = try LineScanner.line(in: file, startingAt: position, lineByteLimit: lineByteLimit)
                guard line.byteOffset + Int64(line.bytes.count) < byteCount else { return }
                let keepGoing = try line.bytes.withUnsafeBytes { try body($0, position) }
                if !keepGoing { return }
                position += Int64(line.bytes.count) + 1
                continue
            }
            position += Int64(lineStart)
        }
    }
}

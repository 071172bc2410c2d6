// Streaming access to the lines of a journal file.
//
// A journal is a sequence of lines, each terminated by "\n" (0x0A). The reader hands each
// complete line to a closure as a borrowed `UnsafeRawBufferPointer` (the bytes without the
// newline) plus its byte offset and 1-based line number. It reads in large chunks into one
// buffer allocated per scan, so memory stays bounded by `bufferByteCount` whatever the
// journal's length, and it creates no Foundation objects per line.
//
// Bytes after the last newline are a torn tail (a crash mid-append); they are never handed
// to the closure as a line but reported in the scan summary. A line longer than
// `maximumLineByteCount` is an error: no valid entry is that long, and the bound is what keeps
// memory bounded.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The newline byte that terminates every journal line.
package let newlineByte: UInt8 = 0x0A

/// Where a line starts: its byte offset in the file and its 1-based line number.
public struct JournalLineLocation: Sendable, Equatable {
    /// Offset of the line's first byte from the start of the file.
    public var byteOffset: Int64
    /// 1-based line number (line 1 is the genesis entry).
    public var lineNumber: Int

    /// Creates a location.
    public init(byteOffset: Int64, lineNumber: Int) {
        self.byteOffset = byteOffset
        self.lineNumber = lineNumber
    }
}

/// Bytes at the end of a journal that are not terminated by a newline.
public struct TornTail: Sendable, Equatable {
    /// Offset of the first torn byte (just after the last newline, or 0).
    public var byteOffset: Int64
    /// Number of torn bytes, at least 1.
    public var byteCount: Int64

    /// Creates a torn-tail description.
    public init(byteOffset: Int64, byteCount: Int64) {
        self.byteOffset = byteOffset
        self.byteCount = byteCount
    }
}

/// What a scan found besides the lines it handed out.
public struct JournalScanSummary: Sendable, Equatable {
    /// Number of complete lines handed to the closure.
    public var lineCount: Int
    /// Offset just past the last complete line's newline (the range's start if there was none).
    public var completeEndByteOffset: Int64
    /// Bytes after the last newline of the range, if any.
    public var tornTail: TornTail?
}

/// One complete line copied out of the file, with its location.
public struct JournalLine: Sendable, Equatable {
    /// The line's bytes, without the newline.
    public var bytes: [UInt8]
    /// Offset of the line's first byte.
    public var byteOffset: Int64

    /// Creates a line value.
    public init(bytes: [UInt8], byteOffset: Int64) {
        self.bytes = bytes
        self.byteOffset = byteOffset
    }

    /// Offset just past the line's newline.
    public var endByteOffset: Int64 { byteOffset + Int64(bytes.count) + 1 }
}

/// Reads a journal file line by line with bounded memory.
public struct JournalReader: Sendable {
    /// The longest line accepted, in bytes without the newline: 1 MiB. An entry is a few hundred
    /// bytes to a few kilobytes; the bound keeps a corrupt or hostile file from exhausting memory.
    public static let maximumLineByteCount = 1 << 20
    /// Size of the read buffer of a forward scan: 4 MiB, so one `pread` covers thousands of lines.
    public static let defaultBufferByteCount = 4 << 20
    /// The most a forward scan reads with one `pread`: 256 KiB. The bytes a read brings in are
    /// searched for newlines and copied out right after it; read 4 MiB at a time, the kernel's copy
    /// had pushed them out of the core's cache before they were searched (and the buffer's 4 MiB
    /// were all touched). A line longer than this is read in several pieces into the buffer.
    public static let forwardReadByteCount = 256 << 10
    /// Size of each `pread` when searching backwards for a newline: 64 KiB.
    static let backwardChunkByteCount = 64 << 10
    /// First chunk of a newline search: a journal line is usually well under 4 KiB, and zeroing
    /// 64 KiB for it costs an append 16 page faults.
    static let firstSearchChunkByteCount = 4 << 10

    /// The journal's path.
    public let path: String
    /// The file system used for every read.
    public let fileSystem: any FileSystem
    /// The read buffer size of forward scans.
    public let bufferByteCount: Int
    /// The longest line accepted (tests lower it to exercise the limit).
    public let lineByteLimit: Int

    /// Creates a reader for `path`.
    ///
    /// Requires `bufferByteCount > lineByteLimit` (a programmer error otherwise: traps).
    public init(
        path: String, fileSystem: any FileSystem = PosixFileSystem(),
        bufferByteCount: Int = JournalReader.defaultBufferByteCount,
        lineByteLimit: Int = JournalReader.maximumLineByteCount
    ) {
        precondition(lineByteLimit > 0, "lineByteLimit must be positive")
        precondition(bufferByteCount > lineByteLimit, "the buffer must hold a whole line and its newline")
        self.path = path
        self.fileSystem = fileSystem
        self.bufferByteCount = bufferByteCount
        self.lineByteLimit = lineByteLimit
    }

    /// Calls `body` with every complete line in `byteRange` (the whole file when nil), in order.
    ///
    /// `byteRange` must start at a line boundary (0 or just after a newline); lines are numbered
    /// from `firstLineNumber`. The buffer passed to `body` is valid only during the call.
    /// Bytes after the last newline in the range are reported as `tornTail`, not passed to `body`.
    /// Throws `StorageError.lineTooLong` for a line over the limit, `StorageError` for I/O
    /// failures, and rethrows what `body` throws. Cost: O(bytes) time, O(bufferByteCount) memory.
    @discardableResult
    public func forEachLine(
        in byteRange: Range<Int64>? = nil, firstLineNumber: Int = 1,
        _ body: (UnsafeRawBufferPointer, JournalLineLocation) throws -> Void
    ) throws -> JournalScanSummary {
        let file = try OpenFile(path: path, fileSystem: fileSystem, access: .readOnly)
        let range = try byteRange ?? 0..<file.byteCount()
        return try LineScanner(bufferByteCount: bufferByteCount, lineByteLimit: lineByteLimit)
            .scan(file, range: range, firstLineNumber: firstLineNumber, body)
    }

    /// The tail of the journal: its size, last complete line and torn bytes, read backwards.
    ///
    /// Cost: reads only the last line and any torn bytes, never the whole file. Takes no lock;
    /// use `JournalFile.tail()` for a snapshot consistent with concurrent appends.
    public func tail() throws -> JournalTail {
        let file = try OpenFile(path: path, fileSystem: fileSystem, access: .readOnly)
        return try LineScanner.tail(of: file, byteCount: file.byteCount(), lineByteLimit: lineByteLimit)
    }

    /// The complete line starting at `byteOffset` (which must be a line start).
    ///
    /// Throws `unexpectedEndOfFile` when no newline follows before the end of the file, and
    /// `lineTooLong` when none follows within the limit.
    public func line(atByteOffset byteOffset: Int64) throws -> JournalLine {
        let file = try OpenFile(path: path, fileSystem: fileSystem, access: .readOnly)
        return try LineScanner.line(in: file, startingAt: byteOffset, lineByteLimit: lineByteLimit)
    }

    /// Splits `[0, byteCount)` into at most `count` consecutive non-empty ranges that start and end at
    /// line boundaries (the last ends at `byteCount`), for scanning in parallel.
    ///
    /// `byteCount` defaults to the file's current size. Requires `count >= 1`. Cost: one short
    /// forward search per boundary.
    public func lineAlignedRanges(count: Int, byteCount: Int64? = nil) throws -> [Range<Int64>] {
        precondition(count >= 1, "count must be at least 1")
        let file = try OpenFile(path: path, fileSystem: fileSystem, access: .readOnly)
        let total = try byteCount ?? file.byteCount()
        var ranges: [Range<Int64>] = []
        var start: Int64 = 0
        for index in 1..<max(count, 1) {
            let target = total * Int64(index) / Int64(count)
            guard target > start else { continue }
            // The boundary is just past the first newline at or after target - 1.
            guard let newline = try LineScanner.nextNewline(in: file, from: target - 1, before: total) else { break }
            let boundary = newline + 1
            if boundary > start, boundary < total {
                ranges.append(start..<boundary)
                start = boundary
            }
        }
        if start < total || ranges.isEmpty { ranges.append(start..<total) }
        return ranges
    }
}

/// The scanning engine behind `JournalReader`: a forward scan with one reused buffer, and the
/// backward searches used to find the last line and a torn tail.
package struct LineScanner {
    /// Size of the forward read buffer.
    package let bufferByteCount: Int
    /// The longest line accepted.
    package let lineByteLimit: Int

    /// Creates a scanner; requires `bufferByteCount > lineByteLimit`.
    package init(bufferByteCount: Int, lineByteLimit: Int) {
        precondition(bufferByteCount > lineByteLimit, "the buffer must hold a whole line and its newline")
        self.bufferByteCount = bufferByteCount
        self.lineByteLimit = lineByteLimit
    }

    /// Scans the complete lines of `range` in `file`; see `JournalReader.forEachLine`.
    package func scan(
        _ file: borrowing OpenFile, range: Range<Int64>, firstLineNumber: Int,
        _ body: (UnsafeRawBufferPointer, JournalLineLocation) throws -> Void
    ) throws -> JournalScanSummary {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferByteCount, alignment: 64)
        defer { buffer.deallocate() }
        let base = buffer.baseAddress!
        var bufferStartOffset = range.lowerBound  // file offset of buffer[0]
        var readOffset = range.lowerBound  // next file offset to read
        var filled = 0  // valid bytes in buffer
        var lineStart = 0  // buffer index of the current line's first byte
        var searchFrom = 0  // buffer index from which no newline has been seen yet
        var lineNumber = firstLineNumber
        var lineCount = 0
        var isAtEnd = false
        while true {
            while searchFrom < filled,
                let found = memchr(base + searchFrom, Int32(newlineByte), filled - searchFrom)
            {
                let newlineIndex = base.distance(to: found)
                let length = newlineIndex - lineStart
                let location = JournalLineLocation(byteOffset: bufferStartOffset + Int64(lineStart), lineNumber: lineNumber)
                guard length <= lineByteLimit else {
                    throw StorageError.lineTooLong(
                        path: file.path, lineNumber: lineNumber, byteOffset: location.byteOffset, limit: lineByteLimit)
                }
                try body(UnsafeRawBufferPointer(start: base + lineStart, count: length), location)
                lineCount += 1
                lineNumber += 1
                lineStart = newlineIndex + 1
                searchFrom = lineStart
            }
            searchFrom = filled
            let pending = filled - lineStart
            guard pending <= lineByteLimit else {
                // No newline within the limit: the line is too long whether or not one follows.
                throw StorageError.lineTooLong(
                    path: file.path, lineNumber: lineNumber, byteOffset: bufferStartOffset + Int64(lineStart),
                    limit: lineByteLimit)
            }
            if isAtEnd { break }
            if lineStart > 0 {
                // Move the partial line to the front so the next read appends to it.
                if pending > 0 { memmove(base, base + lineStart, pending) }
                bufferStartOffset += Int64(lineStart)
                searchFrom -= lineStart
                filled = pending
                lineStart = 0
            }
            let wanted = min(Int64(min(bufferByteCount - filled, JournalReader.forwardReadByteCount)),
                             range.upperBound - readOffset)
            if wanted <= 0 {
                isAtEnd = true
                continue
            }
            let target = UnsafeMutableRawBufferPointer(start: base + filled, count: Int(wanted))
            let count = try file.readFully(into: target, atByteOffset: readOffset)
            if count < Int(wanted) { isAtEnd = true }  // the file is shorter than the range
            filled += count
            readOffset += Int64(count)
        }
        let pending = filled - lineStart
        let completeEnd = bufferStartOffset + Int64(lineStart)
        return JournalScanSummary(
            lineCount: lineCount, completeEndByteOffset: completeEnd,
            tornTail: pending > 0 ? TornTail(byteOffset: completeEnd, byteCount: Int64(pending)) : nil)
    }

    /// The offset of the last newline in `[lowerBound, upperBound)`, searching backwards in chunks.
    package static func previousNewline(
        in file: borrowing OpenFile, before upperBound: Int64, notBefore lowerBound: Int64
    ) throws -> Int64? {
        var chunk = [UInt8](repeating: 0, count: JournalReader.firstSearchChunkByteCount)
        var end = upperBound
        while end > lowerBound {
            if end != upperBound, chunk.count < JournalReader.backwardChunkByteCount {
                chunk = [UInt8](repeating: 0, count: min(chunk.count * 2, JournalReader.backwardChunkByteCount))
            }
            let start = max(lowerBound, end - Int64(chunk.count))
            let length = Int(end - start)
            let read = try chunk.withUnsafeMutableBytes { buffer in
                try file.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<length]), atByteOffset: start)
            }
            guard read == length else { throw StorageError.unexpectedEndOfFile(path: file.path, byteOffset: start + Int64(read)) }
            if let index = chunk[..<length].lastIndex(of: newlineByte) { return start + Int64(index) }
            end = start
        }
        return nil
    }

    /// The offset of the first newline in `[from, upperBound)`, searching forwards in chunks.
    package static func nextNewline(
        in file: borrowing OpenFile, from: Int64, before upperBound: Int64
    ) throws -> Int64? {
        var chunk = [UInt8](repeating: 0, count: JournalReader.firstSearchChunkByteCount)
        var start = from
        while start < upperBound {
            if start != from, chunk.count < JournalReader.backwardChunkByteCount {
                chunk = [UInt8](repeating: 0, count: min(chunk.count * 2, JournalReader.backwardChunkByteCount))
            }
            let length = Int(min(Int64(chunk.count), upperBound - start))
            let read = try chunk.withUnsafeMutableBytes { buffer in
                try file.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<length]), atByteOffset: start)
            }
            if let index = chunk[..<read].firstIndex(of: newlineByte) { return start + Int64(index) }
            guard read == length else { return nil }
            start += Int64(length)
        }
        return nil
    }

    /// The complete line whose newline is the byte at `endByteOffset - 1`.
    ///
    /// Requires that byte to be a newline (the caller checked). Throws `lineTooLong` when no
    /// earlier newline or start of file lies within the limit.
    package static func line(
        in file: borrowing OpenFile, endingAt endByteOffset: Int64, lineByteLimit: Int
    ) throws -> JournalLine {
        let newlineOffset = endByteOffset - 1
        let lowerBound = max(0, newlineOffset - Int64(lineByteLimit) - 1)
        let start: Int64
        if let previous = try previousNewline(in: file, before: newlineOffset, notBefore: lowerBound) {
            start = previous + 1
        } else if lowerBound == 0 {
            start = 0
        } else {
            throw StorageError.lineTooLong(path: file.path, lineNumber: nil, byteOffset: lowerBound, limit: lineByteLimit)
        }
        let length = Int(newlineOffset - start)
        guard length <= lineByteLimit else {
            throw StorageError.lineTooLong(path: file.path, lineNumber: nil, byteOffset: start, limit: lineByteLimit)
        }
        return JournalLine(bytes: try file.readBytes(atByteOffset: start, byteCount: length), byteOffset: start)
    }

    /// The complete line starting at `byteOffset`.
    package static func line(
        in file: borrowing OpenFile, startingAt byteOffset: Int64, lineByteLimit: Int
    ) throws -> JournalLine {
        let byteCount = try file.byteCount()
        let searchEnd = min(byteCount, byteOffset + Int64(lineByteLimit) + 1)
        guard let newline = try nextNewline(in: file, from: byteOffset, before: searchEnd) else {
            if searchEnd == byteCount { throw StorageError.unexpectedEndOfFile(path: file.path, byteOffset: byteCount) }
            throw StorageError.lineTooLong(path: file.path, lineNumber: nil, byteOffset: byteOffset, limit: lineByteLimit)
        }
        let length = Int(newline - byteOffset)
        return JournalLine(bytes: try file.readBytes(atByteOffset: byteOffset, byteCount: length), byteOffset: byteOffset)
    }

    /// The tail of `file` when it is `byteCount` bytes long: last complete line and torn bytes.
    package static func tail(
        of file: borrowing OpenFile, byteCount: Int64, lineByteLimit: Int
    ) throws -> JournalTail {
        guard byteCount > 0 else { return JournalTail(byteCount: 0, lastLine: nil, tornTail: nil) }
        let lastByte = try file.readBytes(atByteOffset: byteCount - 1, byteCount: 1)[0]
        var completeEnd = byteCount
        var tornTail: TornTail?
        if lastByte != newlineByte {
            // The torn bytes may be longer than any line (a partial batch); search without a bound.
            let newline = try previousNewline(in: file, before: byteCount, notBefore: 0)
            completeEnd = newline.map { $0 + 1 } ?? 0
            tornTail = TornTail(byteOffset: completeEnd, byteCount: byteCount - completeEnd)
        }
        let lastLine = completeEnd > 0 ? try line(in: file, endingAt: completeEnd, lineByteLimit: lineByteLimit) : nil
        return JournalTail(byteCount: byteCount, lastLine: lastLine, tornTail: tornTail)
    }
}

/// The end of a journal as seen at one moment: what an append builds on.
public struct JournalTail: Sendable, Equatable {
    /// The file's size in bytes.
    public var byteCount: Int64
    /// The last complete (newline-terminated) line, nil when there is none.
    public var lastLine: JournalLine?
    /// Bytes after the last newline, nil when the file is empty or ends with a newline.
    public var tornTail: TornTail?

    /// Creates a tail description.
    public init(byteCount: Int64, lastLine: JournalLine?, tornTail: TornTail?) {
        self.byteCount = byteCount
        self.lastLine = lastLine
        self.tornTail = tornTail
    }

    /// Offset just past the last complete line: where the next line goes once any torn tail is gone.
    public var completeByteCount: Int64 { tornTail?.byteOffset ?? byteCount }
}

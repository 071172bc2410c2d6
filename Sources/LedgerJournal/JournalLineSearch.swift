// JournalLineSearch: the line of entry N without reading the journal up to it (`prove --index`).
//
// Entry N is line N + 1 and carries `"seq":N`, so lines are sorted by the seq they carry and the
// line is found by a search over byte offsets: a probe at offset p reads the first line that starts
// at or after p and parses its seq. Probes interpolate between the two closest known lines (entries
// are about the same length, so a probe usually lands within a line of the target), with a
// bisection every third probe so that a skewed journal still costs O(log n) probes. Each probe is
// one or two short preads; a 1,000,000-entry journal takes 3 to 6 probes instead of a 650 MB scan.
//
// Nothing found here is trusted. The caller says which line it expects (`prove`: the one whose
// leaf hash is the tree's leaf N); a line the search finds that the caller does not accept, or a
// file that does not behave like a journal (a probe line that does not parse, seqs out of order),
// makes the search give up and scan from the start, as before. So the answer is the scan's
// whenever the scan's line is the expected one, and a damaged journal costs a scan, not an error.

/// Finds the line of one entry by its sequence number in O(log n) short reads.
package enum JournalLineSearch {
    /// The most probes before falling back to a scan: with a bisection every third probe, 3·64
    /// probes narrow any file below one byte, so only a file that is not a journal reaches it.
    package static let maximumProbeCount = 192
    /// Every `bisectionInterval`-th probe halves the range instead of interpolating.
    static let bisectionInterval = 3
    /// From a known line this close to the target, read forward line by line instead of probing.
    static let forwardLineCount = 2

    /// How the last search went (for tests and measurements).
    package enum Method: Equatable, Sendable {
        /// Found by `probeCount` probes and a short forward read.
        case search(probeCount: Int)
        /// The search gave up; the journal was scanned from its start.
        case scan
    }

    /// Returns the line of entry `sequence` (without its newline), or nil when the journal has no
    /// complete line for it, and how it was found. A line the search finds is returned only when
    /// `isExpected` accepts it; otherwise the journal is scanned up to line `sequence + 1` (whose
    /// line is returned whatever `isExpected` says). Throws `StorageError` for I/O errors.
    package static func line(
        journalPath: String, sequence: Int, fileSystem: any FileSystem = PosixFileSystem(),
        isExpected: ([UInt8]) -> Bool = { _ in true }
    ) throws -> (line: [UInt8]?, method: Method) {
        precondition(sequence >= 0, "a sequence number is non-negative")
        let tail = try JournalFile(path: journalPath, fileSystem: fileSystem).tail()
        guard let last = tail.lastLine, let lastSequence = Self.sequence(of: last.bytes) else {
            return (try scannedLine(journalPath: journalPath, sequence: sequence, fileSystem: fileSystem), .scan)
        }
        guard sequence <= lastSequence else {
            return (try scannedLine(journalPath: journalPath, sequence: sequence, fileSystem: fileSystem), .scan)
        }
        if sequence == lastSequence, isExpected(last.bytes) { return (last.bytes, .search(probeCount: 0)) }
        if sequence < lastSequence {
            let file = try OpenFile(path: journalPath, fileSystem: fileSystem, access: .readOnly)
            if let found = try search(sequence, in: file, lastLine: last, lastSequence: lastSequence), isExpected(found.line) {
                return (found.line, .search(probeCount: found.probeCount))
            }
        }
        return (try scannedLine(journalPath: journalPath, sequence: sequence, fileSystem: fileSystem), .scan)
    }

    /// The seq member of a journal line, or nil when the line is not canonical JSON with one.
    static func sequence(of line: [UInt8]) -> Int? {
        guard let value = try? CanonicalJSON.parseCanonical(line), let sequence = value["seq"]?.integerValue,
              sequence >= 0, sequence <= Int64(Int.max) else { return nil }
        return Int(sequence)
    }

    /// A line start known from a probe and the seq of the line there. `byteOffset` may also be a
    /// position inside a line: then `sequence` is that of the first line starting after it.
    private struct Mark {
        var byteOffset: Int64
        var sequence: Int
    }

    /// The search proper; nil when the file does not behave like a journal.
    private static func search(
        _ target: Int, in file: borrowing OpenFile, lastLine: JournalLine, lastSequence: Int
    ) throws -> (line: [UInt8], probeCount: Int)? {
        // Invariants: the line at `low` has seq low.sequence <= target; the first line starting at
        // or after `high` has seq high.sequence > target (the last line counts as its own mark).
        var low = Mark(byteOffset: 0, sequence: 0)
        var high = Mark(byteOffset: lastLine.byteOffset, sequence: lastSequence)
        var probeCount = 0
        while target - low.sequence > forwardLineCount {
            guard probeCount < maximumProbeCount, high.byteOffset - low.byteOffset > 1 else { return nil }
            probeCount += 1
            let span = high.byteOffset - low.byteOffset
            var position: Int64
            if probeCount % bisectionInterval == 0 {
                position = low.byteOffset + span / 2
            } else {
                // An estimate of a byte offset (not an amount): floating point avoids overflowing
                // span × lines, and any error only costs another probe.
                let lines = Double(high.sequence - low.sequence)
                let averageLineByteCount = Double(span) / lines
                let estimate = Double(low.byteOffset) + averageLineByteCount * (Double(target - low.sequence) - 0.5)
                position = Int64(estimate)
            }
            position = min(max(position, low.byteOffset + 1), high.byteOffset - 1)
            // The first line starting at or after `position` starts after the newline at or after position - 1.
            guard let newline = try LineScanner.nextNewline(in: file, from: position - 1, before: high.byteOffset) else {
                high.byteOffset = position  // no line starts in [position, high): the same first line follows
                continue
            }
            let start = newline + 1
            guard start < high.byteOffset else {
                high.byteOffset = position
                continue
            }
            let line = try LineScanner.line(in: file, startingAt: start, lineByteLimit: JournalReader.maximumLineByteCount)
            guard let sequence = sequence(of: line.bytes), sequence > low.sequence, sequence < high.sequence else { return nil }
            if sequence == target { return (line.bytes, probeCount) }
            if sequence < target {
                low = Mark(byteOffset: start, sequence: sequence)
            } else {
                high = Mark(byteOffset: position, sequence: sequence)
            }
        }
        // A few lines forward from a known line start.
        var offset = low.byteOffset
        var sequence = low.sequence
        while true {
            let line = try LineScanner.line(in: file, startingAt: offset, lineByteLimit: JournalReader.maximumLineByteCount)
            guard Self.sequence(of: line.bytes) == sequence else { return nil }
            if sequence == target { return (line.bytes, probeCount) }
            offset = line.endByteOffset
            sequence += 1
        }
    }

    /// Returns the line at position `sequence` (0-based), reading the journal only up to it; nil
    /// past its end. The fallback when the search gives up.
    static func scannedLine(journalPath: String, sequence: Int, fileSystem: any FileSystem) throws -> [UInt8]? {
        // Thrown out of the scan to stop it at the entry: the rest of the journal is not read.
        struct Found: Error { var line: [UInt8] }
        var position = 0
        do {
            try JournalReader(path: journalPath, fileSystem: fileSystem).forEachLine { line, _ in
                if position == sequence { throw Found(line: Array(line)) }
                position += 1
            }
        } catch let found as Found {
            return found.line
        }
        return nil
    }
}

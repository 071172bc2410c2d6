// The derived validator-state file `JOURNAL.state`: a domain validator's state (opaque bytes from
// `SnapshottableValidator.snapshot()`) as it stood after the first `entryCount` entries, so that an
// append feeds the validator only the entries after those instead of replaying the whole journal.
//
// Format (integers little-endian):
//   tag "fl-state1\n" (10 bytes)
//   format name byte count (UInt16) | format name (UTF-8, the validator's `snapshotFormat`)
//   entry count N (UInt64) | byte offset of line N-1 (UInt64) | byte offset just past line N-1 (UInt64)
//   leaf hash of line N-1 (32 bytes)
//   payload byte count (UInt64) | SHA-256 of the payload (32 bytes) | payload
// The file is derived: written atomically (temporary file, rename) after an append, ignored when the
// tag, format name, checksum or the journal line it names do not match, and then rebuilt by a replay.
// It is never consulted by `verify` and never trusted over the journal.
import LedgerCrypto

/// Where a stored validator state stands in the journal: after `entryCount` entries, the last of which
/// is the line at `[lastLineByteOffset, endByteOffset)` (newline included) with leaf hash `headHash`.
struct StateSnapshotPosition: Equatable {
    var entryCount: Int
    var lastLineByteOffset: Int64
    var endByteOffset: Int64
    var headHash: EntryHash
}

/// Reads and writes `JOURNAL.state`.
enum StateSnapshotFile {
    /// The file's first bytes; any other tag is another format and the file is ignored.
    static let formatTag: [UInt8] = Array("fl-state1\n".utf8)
    /// The longest validator format name stored (the length field is a UInt16).
    static let maximumFormatByteCount = 1_024
    /// Snapshots larger than this are not read back (a corrupt length must not allocate without bound).
    static let maximumFileByteCount: Int64 = 1 << 31
    /// Bytes of the fixed-size fields after the format name: three UInt64, a hash, a UInt64, a hash.
    static let fixedFieldByteCount = 8 * 3 + 32 + 8 + 32

    /// The state file's path: `<journal>.state`.
    static func path(forJournalAt journalPath: String) -> String { journalPath + ".state" }

    /// The stored position and payload when the file exists, is intact and was written for `format`;
    /// nil otherwise. Does not check the position against the journal (the caller does).
    static func load(journalPath: String, format: String, fileSystem: any FileSystem) -> (StateSnapshotPosition, [UInt8])? {
        guard let file = try? OpenFile(path: path(forJournalAt: journalPath), fileSystem: fileSystem, access: .readOnly),
              let byteCount = try? file.byteCount(), byteCount <= maximumFileByteCount,
              let bytes = try? file.readBytes(atByteOffset: 0, byteCount: Int(byteCount)) else { return nil }
        return decode(bytes, format: format)
    }

    /// Parses a whole state file; nil for a wrong tag or format, a short file or a checksum mismatch.
    static func decode(_ bytes: [UInt8], format: String) -> (StateSnapshotPosition, [UInt8])? {
        var reader = ByteReader(bytes)
        guard reader.take(formatTag.count) == formatTag[...],
              let nameCount = reader.uint(byteCount: 2), let name = reader.take(Int(nameCount)),
              Array(name) == Array(format.utf8),
              let entryCount = reader.uint(byteCount: 8), let lastLine = reader.uint(byteCount: 8),
              let end = reader.uint(byteCount: 8), let head = reader.take(32),
              let payloadCount = reader.uint(byteCount: 8), let checksum = reader.take(32),
              entryCount >= 1, entryCount <= UInt64(Int.max), lastLine < end, end <= UInt64(Int64.max),
              payloadCount == UInt64(reader.remaining),
              let headHash = EntryHash(bytes: Array(head)) else { return nil }
        let payload = Array(bytes[reader.position...])
        guard Array(SHA256.hash(data: payload)) == Array(checksum) else { return nil }
        let position = StateSnapshotPosition(entryCount: Int(entryCount), lastLineByteOffset: Int64(lastLine),
                                             endByteOffset: Int64(end), headHash: headHash)
        return (position, payload)
    }

    /// The file's bytes for `payload` taken at `position` by a validator of `format`.
    static func encode(_ payload: [UInt8], at position: StateSnapshotPosition, format: String) -> [UInt8] {
        let name = Array(format.utf8.prefix(maximumFormatByteCount))
        var bytes = formatTag
        bytes.reserveCapacity(formatTag.count + 2 + name.count + fixedFieldByteCount + payload.count)
        append(UInt64(name.count), byteCount: 2, to: &bytes)
        bytes += name
        append(UInt64(position.entryCount), byteCount: 8, to: &bytes)
        append(UInt64(position.lastLineByteOffset), byteCount: 8, to: &bytes)
        append(UInt64(position.endByteOffset), byteCount: 8, to: &bytes)
        bytes += position.headHash.bytes
        append(UInt64(payload.count), byteCount: 8, to: &bytes)
        bytes += Array(SHA256.hash(data: payload))
        bytes += payload
        return bytes
    }

    /// Writes the file atomically (temporary file, rename). Failures are ignored: the file is derived.
    static func store(_ payload: [UInt8], at position: StateSnapshotPosition, format: String, journalPath: String,
                      fileSystem: any FileSystem) {
        let target = path(forJournalAt: journalPath)
        let temporary = target + ".tmp"
        try? fileSystem.removeFile(temporary)
        guard let file = try? OpenFile(path: temporary, fileSystem: fileSystem, access: .writeOnly,
                                       options: [.create, .exclusive], permissions: 0o644) else { return }
        guard (try? file.writeAll(encode(payload, at: position, format: format))) != nil else {
            try? fileSystem.removeFile(temporary)
            return
        }
        try? fileSystem.rename(temporary, to: target)
    }

    private static func append(_ value: UInt64, byteCount: Int, to bytes: inout [UInt8]) {
        for index in 0..<byteCount { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }
}

/// A bounds-checked little-endian reader over a byte array.
private struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remaining else { return nil }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func uint(byteCount: Int) -> UInt64? {
        guard let slice = take(byteCount) else { return nil }
        var value: UInt64 = 0
        for (index, byte) in slice.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        return value
    }
}

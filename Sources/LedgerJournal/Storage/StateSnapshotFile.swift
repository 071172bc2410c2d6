// The derived validator-state files: `JOURNAL.state` (the base) and `JOURNAL.state.delta`, a domain
// validator's state (opaque bytes from `SnapshottableValidator`) as it stood after the first
// `entryCount` entries, so that an append feeds the validator only the entries after those instead of
// replaying the whole journal (docs/FORMAT.md §1).
//
// Base format (integers little-endian):
//   tag "fl-state2\n" (10 bytes)
//   format name byte count (UInt16) | format name (UTF-8, the validator's `snapshotFormat`)
//   entry count N (UInt64) | byte offset of line N-1 (UInt64) | byte offset just past line N-1 (UInt64)
//   leaf hash of line N-1 (32 bytes)
//   payload byte count (UInt64) | SHA-256 of the payload (32 bytes)
//   table area byte count (UInt64) | root hash of the table area (32 bytes, `StateSnapshotTables`)
//   payload | table area | the table area's hash levels (`StateSnapshotTables.hashTree`)
// The payload is read and checked whole when first used (an append restored from a delta may not
// use it at all) and decoded whole; the table area is read by block, each block checked when first read.
//
// Delta format: the state after more entries, as changes to one base:
//   tag "fl-delta1\n" (10 bytes) | format name byte count (UInt16) | format name
//   entry count | line offset | end offset | leaf hash (as in the base)
//   base identity: SHA-256 of the base's bytes before its payload (32 bytes)
//   payload byte count (UInt64) | SHA-256 of the bytes before it and the payload (32 bytes) | payload
// A delta is used only with the base it names. The base is written atomically (temporary file,
// rename), the delta over the old one in place (its checksum refuses a torn write); both are
// ignored when the tag, format name, a checksum or the journal line they name do not match, and then
// rebuilt by a replay. They are never consulted by `verify` and never trusted over the journal.
import LedgerCrypto

/// Where a stored validator state stands in the journal: after `entryCount` entries, the last of which
/// is the line at `[lastLineByteOffset, endByteOffset)` (newline included) with leaf hash `headHash`.
struct StateSnapshotPosition: Equatable {
    var entryCount: Int
    var lastLineByteOffset: Int64
    var endByteOffset: Int64
    var headHash: EntryHash
}

/// A base state read from `JOURNAL.state`: its position, payload, table area and identity.
struct StateSnapshotBase {
    var position: StateSnapshotPosition
    var tables: StateSnapshotTables
    /// SHA-256 of the header (everything before the payload); a delta names its base by it.
    var identity: [UInt8]

    /// The payload, checked against its checksum (read on first use, `StateSnapshotTables.basePayload`);
    /// nil when it cannot be read or does not match.
    var payload: [UInt8]? { tables.basePayload }
    /// The payload's byte count (from the header; the payload is not read for it).
    var payloadByteCount: Int { tables.basePayloadByteCount }
}

/// Reads and writes `JOURNAL.state` and `JOURNAL.state.delta`.
enum StateSnapshotFile {
    /// The base file's first bytes; any other tag is another format and the file is ignored.
    static let formatTag: [UInt8] = Array("fl-state2\n".utf8)
    /// The delta file's first bytes.
    static let deltaFormatTag: [UInt8] = Array("fl-delta1\n".utf8)
    /// The longest validator format name stored (the length field is a UInt16).
    static let maximumFormatByteCount = 1_024
    /// Payloads larger than this are not read back (a corrupt length must not allocate without bound).
    static let maximumPayloadByteCount: UInt64 = 1 << 31
    /// Table areas larger than this are refused.
    static let maximumTableByteCount: UInt64 = 1 << 40
    /// Bytes of the base's fixed-size fields after the format name: three UInt64 and a hash (the
    /// position), a UInt64 and a hash (the payload), a UInt64 and a hash (the table area).
    static let fixedFieldByteCount = 8 * 3 + 32 + 8 + 32 + 8 + 32
    /// Bytes of the delta's fixed-size fields after the format name: position, base identity, payload.
    static let deltaFixedFieldByteCount = 8 * 3 + 32 + 32 + 8 + 32

    /// The base file's path: `<journal>.state`.
    static func path(forJournalAt journalPath: String) -> String { journalPath + ".state" }
    /// The delta file's path: `<journal>.state.delta`.
    static func deltaPath(forJournalAt journalPath: String) -> String { journalPath + ".state.delta" }

    // MARK: - Base

    /// The base state when the file exists, its header is intact and it was written for `format`; nil
    /// otherwise. Reads the header and the top hash level only: the payload is read, and checked
    /// whole, when first used (`StateSnapshotBase.payload`; an append restored from a delta needs it
    /// only for a section the delta names in it), and the table area by block on demand.
    /// Does not check the position against the journal (the caller does).
    static func loadBase(journalPath: String, format: String, fileSystem: any FileSystem) -> StateSnapshotBase? {
        guard let file = try? OpenFile(path: path(forJournalAt: journalPath), fileSystem: fileSystem, access: .readOnly),
              let fileByteCount = try? file.byteCount() else { return nil }
        let headerByteCount = formatTag.count + 2 + format.utf8.count + fixedFieldByteCount
        guard fileByteCount >= Int64(headerByteCount),
              let header = try? file.readBytes(atByteOffset: 0, byteCount: headerByteCount),
              let fields = decodeHeader(header, format: format),
              UInt64(fileByteCount) >= UInt64(headerByteCount) + fields.payloadByteCount + fields.tableByteCount
        else { return nil }
        let tableOffset = Int64(headerByteCount) + Int64(fields.payloadByteCount)
        guard let tables = StateSnapshotTables(file: file, baseOffset: tableOffset, areaByteCount: Int(fields.tableByteCount),
                                               root: fields.tableRoot, fileByteCount: fileByteCount),
              tables.checkTopLevel() else { return nil }
        tables.deferBasePayload(byteCount: Int(fields.payloadByteCount), hash: fields.payloadHash)
        return StateSnapshotBase(position: fields.position, tables: tables, identity: Array(SHA256.hash(data: header)))
    }

    /// Parses a whole base file held in memory, checking every block of the table area; nil for a
    /// wrong tag or format, a wrong length or any checksum mismatch.
    static func decode(_ bytes: [UInt8], format: String) -> StateSnapshotBase? {
        let headerByteCount = formatTag.count + 2 + format.utf8.count + fixedFieldByteCount
        guard bytes.count >= headerByteCount, let fields = decodeHeader(Array(bytes[..<headerByteCount]), format: format),
              UInt64(bytes.count) >= UInt64(headerByteCount) + fields.payloadByteCount + fields.tableByteCount else { return nil }
        let payloadEnd = headerByteCount + Int(fields.payloadByteCount)
        let payload = Array(bytes[headerByteCount..<payloadEnd])
        let areaEnd = payloadEnd + Int(fields.tableByteCount)
        guard Array(SHA256.hash(data: payload)) == fields.payloadHash,
              let tables = StateSnapshotTables(area: Array(bytes[payloadEnd..<areaEnd]), levels: Array(bytes[areaEnd...]),
                                               root: fields.tableRoot),
              tables.checkTopLevel(), tables.checkAll() else { return nil }
        tables.basePayload = payload
        return StateSnapshotBase(position: fields.position, tables: tables,
                                 identity: Array(SHA256.hash(data: bytes[..<headerByteCount])))
    }

    /// The base file's bytes for `payload` and `tableArea` taken at `position` by a validator of
    /// `format`, and the base's identity (for deltas).
    static func encode(_ payload: [UInt8], tableArea: [UInt8] = [], at position: StateSnapshotPosition,
                       format: String) -> (bytes: [UInt8], identity: [UInt8]) {
        // Without copies nothing is read from another area, so nothing can throw.
        (try? encode(payload, tableArea: tableArea, at: position, format: format, copies: [], source: nil)) ?? ([], [])
    }

    /// `encode` for a table area holding `copies` of blocks of `source`'s area
    /// (`StateSnapshotTables.appendCopy`), whose hashes are taken from it; throws
    /// `StateSnapshotTablesError` when those cannot be read.
    static func encode(_ payload: [UInt8], tableArea: [UInt8], at position: StateSnapshotPosition, format: String,
                       copies: [StateSnapshotTables.BlockCopy],
                       source: StateSnapshotTables?) throws -> (bytes: [UInt8], identity: [UInt8]) {
        var area = tableArea
        try source?.fillDeferredCopies(copies, in: &area)
        let parts = try encodeParts(payload, tableArea: area, at: position, format: format, copies: copies, source: source)
        return (Array(parts.parts.joined()), parts.identity)
    }

    /// The index of the table area in `encodeParts`'s parts.
    private static let tableAreaPartIndex = 2

    /// `encode`'s bytes as the parts written one after the other: the header, the payload, the table
    /// area and its hash levels. The area may still lack `source`'s deferred copies (their hashes are
    /// taken from `source`, never computed from the area).
    private static func encodeParts(_ payload: [UInt8], tableArea: [UInt8], at position: StateSnapshotPosition,
                                    format: String, copies: [StateSnapshotTables.BlockCopy],
                                    source: StateSnapshotTables?) throws -> (parts: [[UInt8]], identity: [UInt8]) {
        let name = Array(format.utf8.prefix(maximumFormatByteCount))
        let tree = try StateSnapshotTables.hashTree(of: tableArea, reusing: copies, from: source)
        var header = formatTag
        append(UInt64(name.count), byteCount: 2, to: &header)
        header += name
        appendPosition(position, to: &header)
        append(UInt64(payload.count), byteCount: 8, to: &header)
        header += Array(SHA256.hash(data: payload))
        append(UInt64(tableArea.count), byteCount: 8, to: &header)
        header += tree.root
        return ([header, payload, tableArea, tree.levels], Array(SHA256.hash(data: header)))
    }

    /// Writes the base atomically (temporary file, rename), then removes the delta, which named the
    /// old base. Returns the new base's identity; nil when it could not be written (it is derived),
    /// which includes `source`'s hashes of the `copies` being unreadable.
    @discardableResult
    static func storeBase(_ payload: [UInt8], tableArea: [UInt8] = [], at position: StateSnapshotPosition, format: String,
                          copies: [StateSnapshotTables.BlockCopy] = [], source: StateSnapshotTables? = nil,
                          journalPath: String, fileSystem: any FileSystem) -> [UInt8]? {
        guard let encoded = try? encodeParts(payload, tableArea: tableArea, at: position, format: format, copies: copies,
                                             source: source) else { return nil }
        // A crash after the rename leaves the old delta, whose base identity no longer matches: ignored.
        // The table area's copied blocks go from the old base's file to the new one inside the kernel.
        let written = fileSystem.replaceDerivedFile(at: path(forJournalAt: journalPath)) { file in
            for (index, part) in encoded.parts.enumerated() {
                if index == tableAreaPartIndex, let source {
                    try source.writeArea(part, copies: copies, to: file)
                } else {
                    try file.writeAll(part)
                }
            }
        }
        guard written else { return nil }
        try? fileSystem.removeFile(deltaPath(forJournalAt: journalPath))
        return encoded.identity
    }

    // MARK: - Delta

    /// The delta's position and payload when the file exists, is intact, was written for `format` and
    /// names the base `baseIdentity`; nil otherwise.
    static func loadDelta(journalPath: String, format: String, baseIdentity: [UInt8],
                          fileSystem: any FileSystem) -> (StateSnapshotPosition, [UInt8])? {
        guard let file = try? OpenFile(path: deltaPath(forJournalAt: journalPath), fileSystem: fileSystem, access: .readOnly),
              let byteCount = try? file.byteCount(), byteCount <= Int64(maximumPayloadByteCount),
              let bytes = try? file.readBytes(atByteOffset: 0, byteCount: Int(byteCount)) else { return nil }
        return decodeDelta(bytes, format: format, baseIdentity: baseIdentity)
    }

    /// Parses a whole delta file; nil for a wrong tag, format or base, a wrong length or a checksum mismatch.
    static func decodeDelta(_ bytes: [UInt8], format: String, baseIdentity: [UInt8]) -> (StateSnapshotPosition, [UInt8])? {
        var reader = ByteReader(bytes)
        guard reader.take(deltaFormatTag.count) == deltaFormatTag[...],
              let nameCount = reader.uint(byteCount: 2), let name = reader.take(Int(nameCount)),
              Array(name) == Array(format.utf8),
              let position = readPosition(&reader),
              let base = reader.take(32), Array(base) == baseIdentity,
              let payloadCount = reader.uint(byteCount: 8) else { return nil }
        let checksumStart = reader.position
        guard let checksum = reader.take(32), payloadCount == UInt64(reader.remaining) else { return nil }
        // The checksum covers the bytes before it and the payload, hashed in place (no joined copy).
        let payloadStart = reader.position
        let digest = bytes.withUnsafeBytes { all in
            var hash = SHA256()
            hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: all[..<checksumStart]))
            hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: all[payloadStart...]))
            return hash.finalize()
        }
        guard Array(digest) == Array(checksum) else { return nil }
        return (position, Array(bytes[payloadStart...]))
    }

    /// The delta file's bytes for `payload` taken at `position`, relative to the base `baseIdentity`.
    static func encodeDelta(_ payload: [UInt8], at position: StateSnapshotPosition, format: String,
                            baseIdentity: [UInt8]) -> [UInt8] {
        let name = Array(format.utf8.prefix(maximumFormatByteCount))
        var bytes = deltaFormatTag
        bytes.reserveCapacity(deltaFormatTag.count + 2 + name.count + deltaFixedFieldByteCount + payload.count)
        append(UInt64(name.count), byteCount: 2, to: &bytes)
        bytes += name
        appendPosition(position, to: &bytes)
        bytes += baseIdentity
        append(UInt64(payload.count), byteCount: 8, to: &bytes)
        // The checksum of the bytes so far and the payload, hashed in place (no joined copy).
        var hash = SHA256()
        bytes.withUnsafeBytes { hash.update(bufferPointer: $0) }
        payload.withUnsafeBytes { hash.update(bufferPointer: $0) }
        bytes += Array(hash.finalize())
        bytes += payload
        return bytes
    }

    /// Writes the delta over the old one in place: its checksum covers every byte before the payload
    /// and the payload, and its payload byte count must equal the bytes after the checksum, so a
    /// mixture of old and new bytes that a crash leaves is ignored like any damaged delta (the next
    /// append restores from the base). Failures are ignored: the file is derived (a stale delta
    /// stays, and the next append feeds the validator the entries after it).
    static func storeDelta(_ payload: [UInt8], at position: StateSnapshotPosition, format: String, baseIdentity: [UInt8],
                           journalPath: String, fileSystem: any FileSystem) {
        let bytes = encodeDelta(payload, at: position, format: format, baseIdentity: baseIdentity)
        _ = fileSystem.overwriteDerivedFile(at: deltaPath(forJournalAt: journalPath), with: bytes)
    }

    // MARK: - Private

    private struct HeaderFields {
        var position: StateSnapshotPosition
        var payloadByteCount: UInt64
        var payloadHash: [UInt8]
        var tableByteCount: UInt64
        var tableRoot: [UInt8]
    }

    private static func decodeHeader(_ header: [UInt8], format: String) -> HeaderFields? {
        var reader = ByteReader(header)
        guard reader.take(formatTag.count) == formatTag[...],
              let nameCount = reader.uint(byteCount: 2), let name = reader.take(Int(nameCount)),
              Array(name) == Array(format.utf8),
              let position = readPosition(&reader),
              let payloadCount = reader.uint(byteCount: 8), let payloadHash = reader.take(32),
              let tableCount = reader.uint(byteCount: 8), let root = reader.take(32),
              reader.remaining == 0,
              payloadCount <= maximumPayloadByteCount, tableCount <= maximumTableByteCount else { return nil }
        return HeaderFields(position: position, payloadByteCount: payloadCount, payloadHash: Array(payloadHash),
                            tableByteCount: tableCount, tableRoot: Array(root))
    }

    private static func readPosition(_ reader: inout ByteReader) -> StateSnapshotPosition? {
        guard let entryCount = reader.uint(byteCount: 8), let lastLine = reader.uint(byteCount: 8),
              let end = reader.uint(byteCount: 8), let head = reader.take(32),
              entryCount >= 1, entryCount <= UInt64(Int.max), lastLine < end, end <= UInt64(Int64.max),
              let headHash = EntryHash(bytes: Array(head)) else { return nil }
        return StateSnapshotPosition(entryCount: Int(entryCount), lastLineByteOffset: Int64(lastLine),
                                     endByteOffset: Int64(end), headHash: headHash)
    }

    private static func appendPosition(_ position: StateSnapshotPosition, to bytes: inout [UInt8]) {
        append(UInt64(position.entryCount), byteCount: 8, to: &bytes)
        append(UInt64(position.lastLineByteOffset), byteCount: 8, to: &bytes)
        append(UInt64(position.endByteOffset), byteCount: 8, to: &bytes)
        bytes += position.headHash.bytes
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

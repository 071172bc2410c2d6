// The derived validator-state files: `JOURNAL.state` (the base) and `JOURNAL.state.delta`, a domain
// validator's state (opaque bytes from `SnapshottableValidator`) as it stood after the first
// `entryCount` entries, so that an append feeds the validator only the entries after those instead of
// replaying the whole journal (docs/FORMAT.md §1).
//
// Base format (integers little-endian), read from its end:
//   trailer (the file's last 56 bytes): header offset (UInt64) | header byte count (UInt64) |
//     SHA-256 of the header (32 bytes, the base's identity) | end tag "fl-state" (8 bytes)
//   header: tag "fl-state3\n" (10 bytes)
//     format name byte count (UInt16) | format name (UTF-8, the validator's `snapshotFormat`)
//     entry count N (UInt64) | byte offset of line N-1 (UInt64) | byte offset just past line N-1 (UInt64)
//     leaf hash of line N-1 (32 bytes)
//     payload offset (UInt64) | payload byte count (UInt64) | SHA-256 of the payload (32 bytes)
//     table area byte count (UInt64) | root hash of the table area (32 bytes, `StateSnapshotTables`)
//     hash levels offset (UInt64) | file byte count when last written whole (UInt64)
//     extent count (UInt64) | per extent: file offset (UInt64), byte count (UInt64)
// The table area is the concatenation of the extents; its hash levels (`StateSnapshotTables.hashTree`)
// lie contiguous at their offset. Written whole: header | payload | area | hash levels | trailer.
// A generation appended in place (`storeBase` over tables that `beginExtension` allowed): zeros up to
// a block boundary | the new tables (an extent after the old area's) | hash levels | payload | header |
// trailer; the old bytes are not touched, and a crash that leaves the file without a matching trailer
// makes it ignored (rebuilt by a replay).
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
    static let formatTag: [UInt8] = Array("fl-state3\n".utf8)
    /// The base file's last 8 bytes.
    static let endTag: [UInt8] = Array("fl-state".utf8)
    /// The trailer: header offset and byte count, the header's SHA-256, the end tag.
    static let trailerByteCount = 8 + 8 + 32 + 8
    /// Headers longer than this are not read.
    static let maximumHeaderByteCount = 1 << 16
    /// The delta file's first bytes.
    static let deltaFormatTag: [UInt8] = Array("fl-delta1\n".utf8)
    /// The longest validator format name stored (the length field is a UInt16).
    static let maximumFormatByteCount = 1_024
    /// Payloads larger than this are not read back (a corrupt length must not allocate without bound).
    static let maximumPayloadByteCount: UInt64 = 1 << 31
    /// Table areas larger than this are refused.
    static let maximumTableByteCount: UInt64 = 1 << 40
    /// Bytes of the base header's fixed-size fields after the format name: three UInt64 and a hash
    /// (the position), two UInt64 and a hash (the payload), a UInt64 and a hash (the table area), three
    /// UInt64 (levels offset, whole byte count, extent count); 16 bytes per extent follow.
    static let fixedFieldByteCount = 8 * 3 + 32 + 8 * 2 + 32 + 8 + 32 + 8 * 3
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
              let fileByteCount = try? file.byteCount(), fileByteCount >= Int64(trailerByteCount),
              let trailer = try? file.readBytes(atByteOffset: fileByteCount - Int64(trailerByteCount), byteCount: trailerByteCount),
              let located = locateHeader(trailer, fileByteCount: fileByteCount),
              let header = try? file.readBytes(atByteOffset: located.offset, byteCount: located.byteCount),
              Array(SHA256.hash(data: header)) == located.hash,
              let fields = decodeHeader(header, format: format),
              fields.payloadOffset <= fileByteCount - Int64(fields.payloadByteCount) else { return nil }
        let layout = StateSnapshotTables.FileLayout(extents: fields.extents, levelsOffset: fields.levelsOffset,
                                                    payloadOffset: fields.payloadOffset, fileByteCount: fileByteCount,
                                                    wholeByteCount: fields.wholeByteCount)
        guard let tables = StateSnapshotTables(file: file, layout: layout, areaByteCount: Int(fields.tableByteCount),
                                               root: fields.tableRoot),
              tables.checkTopLevel() else { return nil }
        tables.deferBasePayload(byteCount: Int(fields.payloadByteCount), hash: fields.payloadHash)
        return StateSnapshotBase(position: fields.position, tables: tables, identity: located.hash)
    }

    /// The header's offset, byte count and SHA-256 named by `trailer` (a file's last bytes); nil when
    /// it is not a trailer or names bytes outside the file.
    private static func locateHeader(_ trailer: [UInt8], fileByteCount: Int64) -> (offset: Int64, byteCount: Int, hash: [UInt8])? {
        var reader = ByteReader(trailer)
        guard let offset = reader.uint(byteCount: 8), let count = reader.uint(byteCount: 8), let hash = reader.take(32),
              reader.take(endTag.count) == endTag[...], reader.remaining == 0,
              count <= UInt64(maximumHeaderByteCount), offset <= UInt64(fileByteCount) - UInt64(trailerByteCount),
              count <= UInt64(fileByteCount) - UInt64(trailerByteCount) - offset else { return nil }
        return (Int64(offset), Int(count), Array(hash))
    }

    /// Parses a whole base file held in memory, checking every block of the table area; nil for a
    /// wrong tag or format, a wrong length or any checksum mismatch.
    static func decode(_ bytes: [UInt8], format: String) -> StateSnapshotBase? {
        let fileByteCount = Int64(bytes.count)
        guard bytes.count >= trailerByteCount,
              let located = locateHeader(Array(bytes[(bytes.count - trailerByteCount)...]), fileByteCount: fileByteCount) else { return nil }
        let header = Array(bytes[Int(located.offset)..<Int(located.offset) + located.byteCount])
        guard Array(SHA256.hash(data: header)) == located.hash, let fields = decodeHeader(header, format: format),
              fields.payloadOffset <= fileByteCount - Int64(fields.payloadByteCount) else { return nil }
        let payloadStart = Int(fields.payloadOffset)
        let payload = Array(bytes[payloadStart..<payloadStart + Int(fields.payloadByteCount)])
        var area: [UInt8] = []
        for extent in fields.extents {
            guard extent.fileOffset <= fileByteCount - Int64(extent.byteCount) else { return nil }
            area += bytes[Int(extent.fileOffset)..<Int(extent.fileOffset) + extent.byteCount]
        }
        let levelsByteCount = StateSnapshotTables.levelByteCounts(areaByteCount: area.count).reduce(0, +)
        guard area.count == Int(fields.tableByteCount),
              fields.levelsOffset <= fileByteCount - Int64(levelsByteCount) else { return nil }
        let levels = Array(bytes[Int(fields.levelsOffset)..<Int(fields.levelsOffset) + levelsByteCount])
        guard Array(SHA256.hash(data: payload)) == fields.payloadHash,
              let tables = StateSnapshotTables(area: area, levels: levels, root: fields.tableRoot),
              tables.checkTopLevel(), tables.checkAll() else { return nil }
        tables.basePayload = payload
        return StateSnapshotBase(position: fields.position, tables: tables, identity: located.hash)
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

    /// The header of a base: `name`, `position`, the payload's place and checksum, the table area's
    /// byte count, root, extents and levels' place, the file's byte count when last written whole.
    private static func encodeHeader(name: [UInt8], position: StateSnapshotPosition, payloadOffset: Int64, payload: [UInt8],
                                     areaByteCount: Int, root: [UInt8], levelsOffset: Int64, wholeByteCount: Int64,
                                     extents: [StateSnapshotTables.FileLayout.Extent]) -> [UInt8] {
        var header = formatTag
        header.reserveCapacity(headerByteCount(nameByteCount: name.count, extentCount: extents.count))
        append(UInt64(name.count), byteCount: 2, to: &header)
        header += name
        appendPosition(position, to: &header)
        append(UInt64(payloadOffset), byteCount: 8, to: &header)
        append(UInt64(payload.count), byteCount: 8, to: &header)
        header += Array(SHA256.hash(data: payload))
        append(UInt64(areaByteCount), byteCount: 8, to: &header)
        header += root
        append(UInt64(levelsOffset), byteCount: 8, to: &header)
        append(UInt64(wholeByteCount), byteCount: 8, to: &header)
        append(UInt64(extents.count), byteCount: 8, to: &header)
        for extent in extents {
            append(UInt64(extent.fileOffset), byteCount: 8, to: &header)
            append(UInt64(extent.byteCount), byteCount: 8, to: &header)
        }
        return header
    }

    private static func headerByteCount(nameByteCount: Int, extentCount: Int) -> Int {
        formatTag.count + 2 + nameByteCount + fixedFieldByteCount + 16 * extentCount
    }

    /// The trailer naming `header` at `offset`.
    private static func trailer(forHeader header: [UInt8], at offset: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        append(UInt64(offset), byteCount: 8, to: &bytes)
        append(UInt64(header.count), byteCount: 8, to: &bytes)
        bytes += Array(SHA256.hash(data: header))
        bytes += endTag
        return bytes
    }

    /// `encode`'s bytes as the parts written one after the other: the header, the payload, the table
    /// area and its hash levels. The area may still lack `source`'s deferred copies (their hashes are
    /// taken from `source`, never computed from the area).
    private static func encodeParts(_ payload: [UInt8], tableArea: [UInt8], at position: StateSnapshotPosition,
                                    format: String, copies: [StateSnapshotTables.BlockCopy],
                                    source: StateSnapshotTables?) throws -> (parts: [[UInt8]], identity: [UInt8]) {
        let name = Array(format.utf8.prefix(maximumFormatByteCount))
        let tree = try StateSnapshotTables.hashTree(of: tableArea, reusing: copies, from: source)
        let extentCount = tableArea.isEmpty ? 0 : 1
        let headerCount = Int64(headerByteCount(nameByteCount: name.count, extentCount: extentCount))
        let areaOffset = headerCount + Int64(payload.count)
        let levelsOffset = areaOffset + Int64(tableArea.count)
        let wholeByteCount = levelsOffset + Int64(tree.levels.count) + Int64(trailerByteCount)
        let extents = tableArea.isEmpty ? [] : [StateSnapshotTables.FileLayout.Extent(fileOffset: areaOffset, byteCount: tableArea.count)]
        let header = encodeHeader(name: name, position: position, payloadOffset: headerCount, payload: payload,
                                  areaByteCount: tableArea.count, root: tree.root, levelsOffset: levelsOffset,
                                  wholeByteCount: wholeByteCount, extents: extents)
        let trailer = trailer(forHeader: header, at: 0)
        return ([header, payload, tableArea, tree.levels, trailer], Array(trailer[16..<48]))
    }

    /// Writes the base atomically (temporary file, rename), or appends it to `source`'s file as a
    /// generation when `source` was extended, then removes the delta, which named the old base.
    /// Returns the new base's identity; nil when it could not be written (it is derived), which
    /// includes `source`'s hashes of the `copies` being unreadable; a generation that could not be
    /// appended removes the state file.
    @discardableResult
    static func storeBase(_ payload: [UInt8], tableArea: [UInt8] = [], at position: StateSnapshotPosition, format: String,
                          copies: [StateSnapshotTables.BlockCopy] = [], source: StateSnapshotTables? = nil,
                          journalPath: String, fileSystem: any FileSystem) -> [UInt8]? {
        if let source, source.isExtended {
            // The new tables were written after the old area (`beginExtension`): a generation appended.
            guard copies.isEmpty,
                  let identity = appendGeneration(payload, newArea: tableArea, at: position, format: format, over: source,
                                                  journalPath: journalPath, fileSystem: fileSystem) else {
                // Left in place, the base would be chosen for a generation again by every later append
                // and fail again (a damaged hash block over tables no lookup reads, say), while the
                // tail replayed on top of it grows: removed instead, so the next append replays the
                // journal and writes the state whole.
                try? fileSystem.removeFile(path(forJournalAt: journalPath))
                try? fileSystem.removeFile(deltaPath(forJournalAt: journalPath))
                return nil
            }
            try? fileSystem.removeFile(deltaPath(forJournalAt: journalPath))
            return identity
        }
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

    /// Appends to the base file that `source` was read from a generation whose table area is
    /// `source`'s followed by `newArea` (docs/FORMAT.md §1): zeros to a block boundary, `newArea`, the
    /// hash levels, the payload, the header and the trailer. The old bytes are not touched: a crash
    /// leaves a file whose last bytes are no trailer of this header, which is ignored; a failed write
    /// cuts the file back to its old length. The new identity; nil when nothing usable was written.
    private static func appendGeneration(_ payload: [UInt8], newArea: [UInt8], at position: StateSnapshotPosition,
                                         format: String, over source: StateSnapshotTables, journalPath: String,
                                         fileSystem: any FileSystem) -> [UInt8]? {
        guard let layout = source.fileLayout, newArea.count % StateSnapshotTables.blockByteCount == 0,
              let tree = try? source.extendedHashTree(appending: newArea),
              let file = try? OpenFile(path: path(forJournalAt: journalPath), fileSystem: fileSystem, access: .readWrite,
                                       options: [.append]),
              // The file still is the one the tables were read from (same length and trailer).
              let oldByteCount = try? file.byteCount(), oldByteCount == layout.fileByteCount,
              let oldTrailer = try? file.readBytes(atByteOffset: oldByteCount - Int64(trailerByteCount), byteCount: trailerByteCount),
              let located = locateHeader(oldTrailer, fileByteCount: oldByteCount),
              let header = try? file.readBytes(atByteOffset: located.offset, byteCount: located.byteCount),
              Array(SHA256.hash(data: header)) == located.hash,
              let fields = decodeHeader(header, format: format), fields.extents == layout.extents,
              fields.tableByteCount == UInt64(source.byteCount) else { return nil }
        let blockByteCount = Int64(StateSnapshotTables.blockByteCount)
        let padding = Int((blockByteCount - oldByteCount % blockByteCount) % blockByteCount)
        let areaOffset = oldByteCount + Int64(padding)
        let levelsOffset = areaOffset + Int64(newArea.count)
        let payloadOffset = levelsOffset + Int64(tree.levels.count)
        var extents = layout.extents
        if !newArea.isEmpty { extents.append(.init(fileOffset: areaOffset, byteCount: newArea.count)) }
        let name = Array(format.utf8.prefix(maximumFormatByteCount))
        let newHeader = encodeHeader(name: name, position: position, payloadOffset: payloadOffset, payload: payload,
                                     areaByteCount: source.byteCount + newArea.count, root: tree.root,
                                     levelsOffset: levelsOffset, wholeByteCount: layout.wholeByteCount, extents: extents)
        let headerOffset = payloadOffset + Int64(payload.count)
        let trailer = trailer(forHeader: newHeader, at: headerOffset)
        do {
            try file.writeAll([UInt8](repeating: 0, count: padding))
            try file.writeAll(newArea)
            try file.writeAll(tree.levels)
            try file.writeAll(payload)
            try file.writeAll(newHeader)
            try file.writeAll(trailer)
        } catch {
            // Back to the old generation; if even that fails the file is no base any more (ignored).
            _ = try? file.truncate(toByteCount: oldByteCount)
            return nil
        }
        return Array(trailer[16..<48])
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
        var payloadOffset: Int64
        var payloadByteCount: UInt64
        var payloadHash: [UInt8]
        var tableByteCount: UInt64
        var tableRoot: [UInt8]
        var levelsOffset: Int64
        var wholeByteCount: Int64
        var extents: [StateSnapshotTables.FileLayout.Extent]
    }

    private static func decodeHeader(_ header: [UInt8], format: String) -> HeaderFields? {
        var reader = ByteReader(header)
        let limit = UInt64(Int64.max / 2)
        guard reader.take(formatTag.count) == formatTag[...],
              let nameCount = reader.uint(byteCount: 2), let name = reader.take(Int(nameCount)),
              Array(name) == Array(format.utf8),
              let position = readPosition(&reader),
              let payloadOffset = reader.uint(byteCount: 8), let payloadCount = reader.uint(byteCount: 8),
              let payloadHash = reader.take(32),
              let tableCount = reader.uint(byteCount: 8), let root = reader.take(32),
              let levelsOffset = reader.uint(byteCount: 8), let wholeByteCount = reader.uint(byteCount: 8),
              let extentCount = reader.uint(byteCount: 8), extentCount <= UInt64(reader.remaining / 16),
              payloadOffset <= limit, levelsOffset <= limit, wholeByteCount <= limit,
              payloadCount <= maximumPayloadByteCount, tableCount <= maximumTableByteCount else { return nil }
        var extents: [StateSnapshotTables.FileLayout.Extent] = []
        for _ in 0..<extentCount {
            guard let offset = reader.uint(byteCount: 8), let count = reader.uint(byteCount: 8),
                  offset <= limit, count <= maximumTableByteCount else { return nil }
            extents.append(.init(fileOffset: Int64(offset), byteCount: Int(count)))
        }
        guard reader.remaining == 0 else { return nil }
        return HeaderFields(position: position, payloadOffset: Int64(payloadOffset), payloadByteCount: payloadCount,
                            payloadHash: Array(payloadHash), tableByteCount: tableCount, tableRoot: Array(root),
                            levelsOffset: Int64(levelsOffset), wholeByteCount: Int64(wholeByteCount), extents: extents)
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

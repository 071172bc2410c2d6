// The entry-id index: `<journal>.ids`, a derived file that lets an append answer "is this
// event id already in the journal, and where?" without re-reading the journal.
//
// Format (little-endian): the 8-byte tag "fl-ids2\n"; the sorted record count K (UInt64); the
// sequence and line byte offset (UInt64 each) of the journal's last entry when the file was last
// written whole; then fixed 24-byte records:
//   id hash (UInt64, FNV-1a 64 of the id's UTF-8 bytes) | sequence (UInt64) | byte offset (UInt64)
// The first K records are sorted by (id hash, sequence), so an append finds its ids by binary search
// without reading the file; the records after them (the tail) are appended in journal order under the
// journal's lock, and the whole file is rewritten sorted (temporary file, rename) once the tail
// reaches `rewriteTailRecordCount` records. The file is trusted only when its record count equals the
// journal's entry count and its last entry (the tail's last record, or the header's when the tail is
// empty) points at the journal's last line; otherwise (missing, torn, stale, or from another journal)
// the caller rebuilds it from a full scan and `persist` rewrites it. The hash is not collision-resistant
// and need not be: a hit only names candidate lines, which the caller reads back
// (`JournalReader.line(atByteOffset:)`) and compares id by id.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an entry with a given id lies in the journal.
public struct EntryIDLocation: Sendable, Hashable {
    /// The entry's sequence number.
    public var sequence: Int
    /// The offset of the entry's line.
    public var byteOffset: Int64

    /// Creates a location.
    public init(sequence: Int, byteOffset: Int64) {
        self.sequence = sequence
        self.byteOffset = byteOffset
    }
}

/// An in-memory map from event-id hash to entry locations, persisted in `<journal>.ids`.
public struct EntryIDIndex: Sendable {
    /// Bytes per record: three little-endian UInt64 values.
    public static let recordByteCount = 24
    /// The file's first bytes; a different tag means another format and the file is ignored.
    static let formatTag: [UInt8] = Array("fl-ids2\n".utf8)
    /// Bytes before the first record: the tag, the sorted record count and the last entry's location.
    public static let headerByteCount = 32
    /// Unsorted records appended after the sorted ones before the file is rewritten sorted; a partial
    /// load reads them all, so this bounds an append's reading of the index.
    static let rewriteTailRecordCount = 4_096
    /// From this many ids on, a partial load reads the sorted records whole instead of probing the
    /// file per id: about 17 reads of 8 bytes per id at 100,000 entries against one read of 24 bytes
    /// per entry.
    static let wholeReadIDCount = 256

    /// The journal this index belongs to.
    public let journalPath: String
    /// The file system used for every call.
    public let fileSystem: any FileSystem
    /// Number of entries recorded.
    public private(set) var count = 0
    /// The location with the highest sequence number, nil when empty.
    public private(set) var lastLocation: EntryIDLocation?

    private var locations: [UInt64: EntryIDLocation] = [:]
    // Ids whose hash collides with an earlier id; almost always empty.
    private var collisions: [UInt64: [EntryIDLocation]] = [:]
    private var unpersisted: [(hash: UInt64, location: EntryIDLocation)] = []
    // Whether the file on disk holds exactly the persisted records, so new ones can be appended.
    private var isFileCurrent = false
    // Whether only the records of some ids were kept in memory (`load(…, keepingOnly:)`): such an
    // index can append to a current file, and rewrites it sorted from the file itself.
    private var isPartial = false
    // How many records at the start of the file are sorted (the rest is the appended tail).
    private var sortedCount = 0

    /// An empty index for the journal at `journalPath` (nothing is read).
    public init(journalPath: String, fileSystem: any FileSystem = PosixFileSystem()) {
        self.journalPath = journalPath
        self.fileSystem = fileSystem
    }

    /// The index file's path: `<journal>.ids`.
    public var path: String { journalPath + ".ids" }

    /// FNV-1a 64-bit hash of an id's bytes (FNV: Fowler, Noll, Vo; offset basis and prime as published).
    public static func idHash(_ id: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Loads the index file if it matches the journal: `entryCount` records, and the journal's last
    /// entry (`entryCount - 1`) at `lastLineByteOffset`. Nil when missing, torn, malformed or stale:
    /// the caller then rebuilds it with `insert` and `persist`.
    ///
    /// Cost: reads the whole index file (24 bytes per entry).
    ///
    /// With `keepingOnly`, only the records of those ids are read and kept: a binary search of the
    /// sorted records per id, and the unsorted tail (at most `rewriteTailRecordCount` records when the
    /// file was kept up by appends). Enough for an append to look up its own ids and add its records,
    /// without reading the whole file. Such an index answers `candidates(forID:)` only for those ids.
    public static func load(
        journalPath: String, fileSystem: any FileSystem = PosixFileSystem(), entryCount: Int,
        lastLineByteOffset: Int64?, keepingOnly ids: Set<[UInt8]>? = nil
    ) -> EntryIDIndex? {
        var index = EntryIDIndex(journalPath: journalPath, fileSystem: fileSystem)
        guard let file = try? OpenFile(path: index.path, fileSystem: fileSystem, access: .readOnly),
            let byteCount = try? file.byteCount(),
            byteCount == Int64(headerByteCount) + Int64(entryCount) * Int64(recordByteCount),
            let header = try? file.readBytes(atByteOffset: 0, byteCount: headerByteCount),
            Array(header[..<formatTag.count]) == formatTag
        else { return nil }
        let sortedCount = readUInt64(header, at: 8)
        guard sortedCount <= UInt64(entryCount) else { return nil }
        let headerLast = EntryIDLocation(sequence: Int(truncatingIfNeeded: readUInt64(header, at: 16)),
                                         byteOffset: Int64(truncatingIfNeeded: readUInt64(header, at: 24)))
        index.isFileCurrent = true
        index.sortedCount = Int(sortedCount)
        let expectedLast = entryCount > 0 ? EntryIDLocation(sequence: entryCount - 1, byteOffset: lastLineByteOffset ?? -1) : nil
        guard let ids else {
            guard let bytes = try? file.readBytes(atByteOffset: Int64(headerByteCount), byteCount: entryCount * recordByteCount),
                  index.recordAll(bytes, entryCount: entryCount, keeping: nil) else { return nil }
            if sortedCount == UInt64(entryCount), entryCount > 0 {
                guard headerLast == expectedLast else { return nil }
            }
            guard index.lastLocation == expectedLast else { return nil }
            return index
        }
        index.isPartial = true
        // The unsorted tail: read whole (its last record must be the journal's last entry).
        let tailCount = entryCount - Int(sortedCount)
        let tailOffset = Int64(headerByteCount) + Int64(sortedCount) * Int64(recordByteCount)
        guard let tail = try? file.readBytes(atByteOffset: tailOffset, byteCount: tailCount * recordByteCount) else { return nil }
        let kept = Set(ids.map { idHash($0) })
        guard index.recordAll(tail, entryCount: entryCount, keeping: kept) else { return nil }
        if tailCount == 0 {
            if entryCount > 0 { guard headerLast == expectedLast else { return nil } }
            index.lastLocation = expectedLast
        } else {
            guard index.lastLocation == expectedLast else { return nil }
        }
        // The sorted records: a binary search per id hash, with a few 8-byte reads per probe. A large
        // batch reads the sorted records once instead (one read beats ~17 system calls per id).
        let sortedByteCount = Int(sortedCount) * recordByteCount
        let sortedRecords: [UInt8]?
        if kept.count >= wholeReadIDCount {
            guard let bytes = try? file.readBytes(atByteOffset: Int64(headerByteCount), byteCount: sortedByteCount) else { return nil }
            sortedRecords = bytes
        } else {
            sortedRecords = nil
        }
        // Field `field` (0 hash, 1 sequence, 2 line offset) of sorted record `position`.
        func sortedField(_ position: Int, _ field: Int) -> UInt64? {
            let offset = position * recordByteCount + field * 8
            if let sortedRecords { return readUInt64(sortedRecords, at: offset) }
            guard let bytes = try? file.readBytes(atByteOffset: Int64(headerByteCount + offset), byteCount: 8) else { return nil }
            return readUInt64(bytes, at: 0)
        }
        for hash in kept {
            var low = 0
            var high = Int(sortedCount)
            while low < high {
                let middle = (low + high) / 2
                guard let middleHash = sortedField(middle, 0) else { return nil }
                if middleHash < hash { low = middle + 1 } else { high = middle }
            }
            var position = low
            while position < Int(sortedCount) {
                guard let recordHash = sortedField(position, 0) else { return nil }
                guard recordHash == hash else { break }
                guard let sequence = sortedField(position, 1), let lineOffset = sortedField(position, 2) else { return nil }
                guard sequence < UInt64(entryCount), lineOffset <= UInt64(Int64.max) else { return nil }
                index.record(hash, EntryIDLocation(sequence: Int(sequence), byteOffset: Int64(lineOffset)), counting: false)
                position += 1
            }
        }
        index.count = entryCount
        if let last = index.lastLocation, last != expectedLast { return nil }
        return index
    }

    /// Records the 24-byte records in `bytes` (all, or those whose hash is in `keeping`, counting the
    /// others); false for a record out of range.
    private mutating func recordAll(_ bytes: [UInt8], entryCount: Int, keeping kept: Set<UInt64>?) -> Bool {
        bytes.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset + Self.recordByteCount <= raw.count {
                let hash = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let sequence = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                let lineOffset = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                guard sequence < UInt64(entryCount), lineOffset <= UInt64(Int64.max) else { return false }
                let location = EntryIDLocation(sequence: Int(sequence), byteOffset: Int64(lineOffset))
                if let kept, !kept.contains(hash) {
                    count += 1
                    if lastLocation.map({ location.sequence > $0.sequence }) ?? true { lastLocation = location }
                } else {
                    record(hash, location)
                }
                offset += Self.recordByteCount
            }
            return true
        }
    }

    /// Every recorded location whose id has the same hash as `id`; the caller confirms by reading the line.
    public func candidates(forID id: some Sequence<UInt8>) -> [EntryIDLocation] {
        let hash = Self.idHash(id)
        guard let first = locations[hash] else { return [] }
        return [first] + (collisions[hash] ?? [])
    }

    /// Records that the entry with `id` is at `location`; `persist` writes it out.
    public mutating func insert(id: some Sequence<UInt8>, at location: EntryIDLocation) {
        let hash = Self.idHash(id)
        record(hash, location)
        unpersisted.append((hash, location))
    }

    /// Writes the records inserted since the last load or persist.
    ///
    /// When the file on disk is current, the new records are appended; otherwise the whole
    /// index is written to a temporary file and renamed over `<journal>.ids`. Call it under the
    /// journal's lock (in `JournalFile.append`'s `afterCommit`) so two writers never race.
    /// Not synchronized: a crash leaves a stale or torn file, which `load` rejects.
    public mutating func persist() throws {
        if isFileCurrent {
            guard !unpersisted.isEmpty else { return }
            if count - sortedCount >= Self.rewriteTailRecordCount {
                // The tail is due for a sorted rewrite: the new records go straight into it (one write
                // of the whole file instead of appending them first and reading them back).
                try rewriteSortedFromFile(adding: unpersisted)
                unpersisted.removeAll()
                return
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(unpersisted.count * Self.recordByteCount)
            for (hash, location) in unpersisted { Self.appendRecord(hash, location, to: &bytes) }
            let file = try OpenFile(path: path, fileSystem: fileSystem, access: .writeOnly, options: [.append])
            do {
                try file.writeAll(bytes)
            } catch {
                isFileCurrent = false
                throw StorageError.systemCallFailed(.write, path: path, errno: error.errno)
            }
            unpersisted.removeAll()
            return
        } else if isPartial {
            // The records not kept cannot be written back: remove the file, the next append rebuilds it.
            try remove()
            unpersisted.removeAll()
            return
        } else {
            var all: [(UInt64, EntryIDLocation)] = []
            all.reserveCapacity(count)
            for (hash, location) in locations { all.append((hash, location)) }
            for (hash, list) in collisions { for location in list { all.append((hash, location)) } }
            try write(sorted: all)
        }
        unpersisted.removeAll()
        isFileCurrent = true
    }

    /// Deletes the index file; a missing file is not an error.
    public func remove() throws {
        do {
            try fileSystem.removeFile(path)
        } catch {
            if error.errno != ENOENT { throw StorageError.systemCallFailed(.remove, path: path, errno: error.errno) }
        }
    }

    // MARK: - Private

    private mutating func record(_ hash: UInt64, _ location: EntryIDLocation, counting: Bool = true) {
        if locations[hash] == nil {
            locations[hash] = location
        } else {
            collisions[hash, default: []].append(location)
        }
        guard counting else { return }
        count += 1
        if lastLocation.map({ location.sequence > $0.sequence }) ?? true { lastLocation = location }
    }

    /// Reads every record back from the (current) file and rewrites it sorted, tail and `added` (the
    /// records inserted since the file was written, not in it) included.
    ///
    /// Cost: the sorted records are copied as runs of the file's bytes between the places where a tail
    /// record goes in (at 1,000,000 entries, decoding and re-encoding all 24 MB record by record was
    /// about an eighth of a 10,000-entry append's CPU time); only the tail is decoded and sorted.
    private mutating func rewriteSortedFromFile(adding added: [(hash: UInt64, location: EntryIDLocation)]) throws {
        let file = try OpenFile(path: path, fileSystem: fileSystem, access: .readOnly)
        let fileRecordCount = count - added.count
        let bytes = try file.readBytes(atByteOffset: Int64(Self.headerByteCount), byteCount: fileRecordCount * Self.recordByteCount)
        let recordCount = bytes.count / Self.recordByteCount
        let sortedPart = min(sortedCount, recordCount)
        let merged: [UInt8]? = bytes.withUnsafeBytes { raw in
            func key(_ index: Int) -> (UInt64, UInt64) {
                let offset = index * Self.recordByteCount
                return (UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
            }
            // The appended records and `added`, sorted by (id hash, sequence).
            var tail: [(UInt64, EntryIDLocation)] = []
            tail.reserveCapacity(recordCount - sortedPart + added.count)
            for index in sortedPart..<recordCount {
                let offset = index * Self.recordByteCount
                let lineOffset = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                let (hash, sequence) = key(index)
                tail.append((hash, EntryIDLocation(sequence: Int(truncatingIfNeeded: sequence),
                                                   byteOffset: Int64(truncatingIfNeeded: lineOffset))))
            }
            for (hash, location) in added { tail.append((hash, location)) }
            tail.sort { ($0.0, $0.1.sequence) < ($1.0, $1.1.sequence) }
            let total = sortedPart + tail.count
            var isOrdered = true
            let output = [UInt8](unsafeUninitializedCapacity: Self.headerByteCount + total * Self.recordByteCount) {
                buffer, initialized in
                let out = UnsafeMutableRawBufferPointer(buffer)
                var written = Self.headerByteCount
                func copyRun(_ range: Range<Int>) {
                    guard !range.isEmpty else { return }
                    let byteCount = range.count * Self.recordByteCount
                    UnsafeMutableRawBufferPointer(rebasing: out[written..<(written + byteCount)])
                        .copyMemory(from: UnsafeRawBufferPointer(
                            rebasing: raw[(range.lowerBound * Self.recordByteCount)...].prefix(byteCount)))
                    written += byteCount
                }
                func store(_ record: (UInt64, EntryIDLocation)) {
                    out.storeBytes(of: record.0.littleEndian, toByteOffset: written, as: UInt64.self)
                    out.storeBytes(of: UInt64(record.1.sequence).littleEndian, toByteOffset: written + 8, as: UInt64.self)
                    out.storeBytes(of: UInt64(bitPattern: record.1.byteOffset).littleEndian, toByteOffset: written + 16,
                                   as: UInt64.self)
                    written += Self.recordByteCount
                }
                var runStart = 0
                var next = 0
                var previous: (UInt64, UInt64)?
                for index in 0..<sortedPart {
                    let current = key(index)
                    // The file's sorted records must be in order; if not, the caller sorts them all.
                    if let previous, !(previous < current) { isOrdered = false; break }
                    previous = current
                    guard next < tail.count, (tail[next].0, UInt64(tail[next].1.sequence)) < current else { continue }
                    copyRun(runStart..<index)
                    runStart = index
                    while next < tail.count, (tail[next].0, UInt64(tail[next].1.sequence)) < current {
                        store(tail[next])
                        next += 1
                    }
                }
                if isOrdered {
                    copyRun(runStart..<sortedPart)
                    while next < tail.count { store(tail[next]); next += 1 }
                }
                initialized = isOrdered ? written : 0
            }
            return isOrdered ? output : nil
        }
        guard var merged else {
            // Out of order (not written by this code): decode every record and sort them all.
            var all: [(UInt64, EntryIDLocation)] = []
            all.reserveCapacity(recordCount + added.count)
            bytes.withUnsafeBytes { raw in
                for offset in stride(from: 0, to: recordCount * Self.recordByteCount, by: Self.recordByteCount) {
                    let hash = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    let sequence = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                    let lineOffset = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                    all.append((hash, EntryIDLocation(sequence: Int(truncatingIfNeeded: sequence),
                                                      byteOffset: Int64(truncatingIfNeeded: lineOffset))))
                }
            }
            for (hash, location) in added { all.append((hash, location)) }
            try write(sorted: all)
            return
        }
        let mergedCount = (merged.count - Self.headerByteCount) / Self.recordByteCount
        storeHeader(recordCount: mergedCount, into: &merged)
        try replaceFile(with: merged)
        sortedCount = mergedCount
    }

    /// Writes `records` sorted by (id hash, sequence) as the whole file (temporary file, rename).
    private mutating func write(sorted records: [(UInt64, EntryIDLocation)]) throws {
        var all = records
        // Usually in order already: then not sorted again.
        let isOrdered = zip(all, all.dropFirst()).allSatisfy { ($0.0, $0.1.sequence) < ($1.0, $1.1.sequence) }
        if !isOrdered { all.sort { ($0.0, $0.1.sequence) < ($1.0, $1.1.sequence) } }
        // Header and records stored in place (one allocation; appending field by field cost more than
        // the rest of the rewrite).
        var bytes = [UInt8](unsafeUninitializedCapacity: Self.headerByteCount + all.count * Self.recordByteCount) {
            buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var offset = Self.headerByteCount
            for (hash, location) in all {
                raw.storeBytes(of: hash.littleEndian, toByteOffset: offset, as: UInt64.self)
                raw.storeBytes(of: UInt64(location.sequence).littleEndian, toByteOffset: offset + 8, as: UInt64.self)
                raw.storeBytes(of: UInt64(bitPattern: location.byteOffset).littleEndian, toByteOffset: offset + 16,
                               as: UInt64.self)
                offset += Self.recordByteCount
            }
            initialized = offset
        }
        storeHeader(recordCount: all.count, into: &bytes)
        try replaceFile(with: bytes)
        sortedCount = all.count
    }

    /// Stores the header (tag, sorted record count, last entry) at the start of `bytes`.
    private func storeHeader(recordCount: Int, into bytes: inout [UInt8]) {
        let last = lastLocation ?? EntryIDLocation(sequence: 0, byteOffset: 0)
        bytes.withUnsafeMutableBytes { raw in
            raw.copyBytes(from: Self.formatTag)
            raw.storeBytes(of: UInt64(recordCount).littleEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: UInt64(last.sequence).littleEndian, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: UInt64(bitPattern: last.byteOffset).littleEndian, toByteOffset: 24, as: UInt64.self)
        }
    }

    /// Replaces the index file with `bytes` (temporary file, rename).
    private func replaceFile(with bytes: [UInt8]) throws {
        let temporaryPath = "\(path).tmp-\(getpid())"
        do {
            let file = try OpenFile(
                path: temporaryPath, fileSystem: fileSystem, access: .writeOnly, options: [.create, .truncate],
                permissions: JournalFile.journalPermissions)
            do {
                try file.writeAll(bytes)
            } catch {
                throw StorageError.systemCallFailed(.write, path: temporaryPath, errno: error.errno)
            }
            do {
                try fileSystem.rename(temporaryPath, to: path)
            } catch {
                throw StorageError.systemCallFailed(.rename, path: path, errno: error.errno)
            }
        } catch {
            try? fileSystem.removeFile(temporaryPath)
            throw error
        }
    }

    private static func appendRecord(_ hash: UInt64, _ location: EntryIDLocation, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: hash.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(location.sequence).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(location.byteOffset).littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
        return value
    }
}

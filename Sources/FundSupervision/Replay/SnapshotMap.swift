// SnapshotMap: a dictionary for the validator's large registers (those that grow with beneficiaries,
// payees and vouchers), which a state restored from `JOURNAL.state` reads by key from the file's table
// area instead of decoding whole (docs/FORMAT.md §1).
//
// A map built by replay holds everything in memory (`overlay`), like a dictionary. A map restored from
// a tabled snapshot holds a reference to its on-disk table (`SnapshotMapTable`) plus an overlay of the
// keys changed since (`overlay` for new values, `removed` for deletions); a lookup reads the overlay,
// then the table (the changes the delta it was restored from held, kept as bytes, then the overflow
// table, then the main table). A delta snapshot (`JOURNAL.state.delta`) writes only the changes: the
// restored ones copied as bytes unless changed again, then the overlay.
import LedgerJournal

/// A dictionary-like register whose entries may live in a state file's table area until used.
public struct SnapshotMap<Key: Hashable, Value>: Sequence, ExpressibleByDictionaryLiteral {
    // Values set since the table was written (every value when there is no table).
    private var overlay: [Key: Value]
    // Keys known to be absent although the table may hold them (only with a table).
    private var removed: Set<Key> = []
    private var table: SnapshotMapTable<Key, Value>?

    /// An empty map.
    public init() { overlay = [:] }

    /// A map holding `dictionary`'s entries.
    public init(_ dictionary: [Key: Value]) { overlay = dictionary }

    /// A map with the given entries (for `= [:]`).
    public init(dictionaryLiteral elements: (Key, Value)...) {
        overlay = Dictionary(elements, uniquingKeysWith: { $1 })
    }

    init(table: SnapshotMapTable<Key, Value>?, overlay: [Key: Value], removed: Set<Key>) {
        self.table = table
        self.overlay = overlay
        self.removed = removed
    }

    /// The value for `key`, nil when absent.
    public subscript(key: Key) -> Value? {
        get {
            if let value = overlay[key] { return value }
            guard let table, !removed.contains(key) else { return nil }
            return table.value(for: key)
        }
        set {
            if table == nil { return overlay[key] = newValue }
            if let newValue {
                overlay[key] = newValue
                removed.remove(key)
            } else {
                overlay[key] = nil
                removed.insert(key)
            }
        }
        _modify {
            if table == nil {
                yield &overlay[key]
            } else {
                faultIn(key)
                defer { if overlay[key] == nil { removed.insert(key) } else { removed.remove(key) } }
                yield &overlay[key]
            }
        }
    }

    /// The value for `key`, or `defaultValue` (which a mutation stores) when absent.
    public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        _modify {
            if table != nil {
                faultIn(key)
                removed.remove(key)
            }
            yield &overlay[key, default: defaultValue()]
        }
    }

    /// Makes room for `count` entries in a map without a table (one that replay builds in memory), so
    /// that it does not grow through every size on the way; a map with a table is left as it is.
    mutating func reserveCapacity(_ count: Int) {
        if table == nil { overlay.reserveCapacity(count) }
    }

    /// Stores `value` for `key` unless the map holds a value for it, and returns the value it holds
    /// (nil when `value` was stored). Without a table, one probe of the dictionary where reading and
    /// then storing took two (a key already present, rare where this is used, takes a second one).
    mutating func insertIfAbsent(_ value: Value, forKey key: Key) -> Value? {
        guard table == nil else {
            if let existing = self[key] { return existing }
            self[key] = value
            return nil
        }
        guard let existing = overlay.updateValue(value, forKey: key) else { return nil }
        overlay[key] = existing
        return existing
    }

    /// Every entry, as a dictionary (reads the whole table when there is one).
    public var dictionary: [Key: Value] {
        guard let table else { return overlay }
        var all = (try? table.entries()) ?? [:]
        for key in removed { all[key] = nil }
        all.merge(overlay) { $1 }
        return all
    }

    /// Every key (reads the whole table when there is one).
    public var keys: Dictionary<Key, Value>.Keys { dictionary.keys }

    /// Every value (reads the whole table when there is one).
    public var values: Dictionary<Key, Value>.Values { dictionary.values }

    /// The number of entries (reads the whole table when there is one).
    public var count: Int { table == nil ? overlay.count : dictionary.count }

    /// Iterates over every entry, in no particular order.
    public func makeIterator() -> Dictionary<Key, Value>.Iterator { dictionary.makeIterator() }

    /// Whether the map reads from a table (it was restored from a tabled snapshot).
    var isTabled: Bool { table != nil }

    /// The table area the map reads from, when it was restored from a tabled snapshot.
    var snapshotTables: StateSnapshotTables? { table?.tables }

    /// Copies the table's value for `key` into the overlay (or marks it absent) before a mutation.
    private mutating func faultIn(_ key: Key) {
        guard let table, overlay[key] == nil, !removed.contains(key) else { return }
        if let value = table.value(for: key) {
            overlay[key] = value
        } else {
            removed.insert(key)
        }
    }

    /// Writes the map into `sink` (see `SnapshotByteSink.writeMap`).
    func snapshotEncode(to sink: SnapshotByteSink, coding: SnapshotMapCoding<Key, Value>) throws {
        if sink.writesDelta, let table {
            // The tables as they are, then the changes: those the delta it was restored from held (copied
            // as bytes unless changed again) and those since.
            table.layout.write(to: sink)
            try table.writeChanges(changed: overlay, removed: removed, to: sink)
        } else if sink.tableArea != nil {
            // A new base: the table rebuilt from its old bytes and the changes (unchanged records are
            // copied, not decoded), or built from the entries in memory; or, for a large table and few
            // changes, the old table's blocks copied and the changes in a small overflow table.
            let area = SnapshotMapTable<Key, Value>.AreaContext(prefix: sink.tableAreaPrefix, extending: sink.extendedTables)
            let layout = try table.map { try $0.merged(changed: overlay, removed: removed, into: &sink.tableArea!, context: area) }
                ?? SnapshotMapTable.Layout(main: SnapshotMapTable.build(overlay, coding: coding, into: &sink.tableArea!,
                                                                        prefix: area.prefix))
            layout.write(to: sink)
            sink.writeVarint(0)
            sink.writeVarint(0)
        } else {
            sink.bytes.append(0)
            let all = table == nil ? overlay : try { () throws -> [Key: Value] in
                var merged = try table!.entries()
                for key in removed { merged[key] = nil }
                merged.merge(overlay) { $1 }
                return merged
            }()
            sink.writeVarint(UInt64(all.count))
            for (key, value) in all {
                try coding.writeKey(key, sink)
                try coding.writeValue(value, sink)
            }
        }
    }

    /// Reads what `snapshotEncode` wrote.
    static func snapshotDecode(from source: SnapshotByteSource, coding: SnapshotMapCoding<Key, Value>) throws -> Self {
        let start = source.position
        switch try source.readByte() {
        case 0:
            let count = try source.readCount()
            var all = [Key: Value](minimumCapacity: count)
            for _ in 0..<count {
                let key = try coding.readKey(source)
                guard all.updateValue(try coding.readValue(source), forKey: key) == nil else {
                    throw SnapshotDecodingError.malformed(byteOffset: start)
                }
            }
            return SnapshotMap(all)
        case let marker where marker == 1 || marker == 2:
            guard let tables = source.tables else { throw SnapshotDecodingError.malformed(byteOffset: start) }
            let descriptor = try SnapshotMapTable<Key, Value>.Descriptor(from: source, areaByteCount: tables.byteCount)
            let overflow = marker == 2
                ? try SnapshotMapTable<Key, Value>.Descriptor(from: source, areaByteCount: tables.byteCount) : nil
            // The changes are kept as bytes, read by key when used (`SnapshotDeltaChanges`).
            let changes = try SnapshotDeltaChanges.read(from: source)
            let table = SnapshotMapTable(tables: tables, descriptor: descriptor, overflow: overflow, deltaChanges: changes,
                                         coding: coding)
            return SnapshotMap(table: table, overlay: [:], removed: [])
        default:
            throw SnapshotDecodingError.malformed(byteOffset: start)
        }
    }
}

extension SnapshotMap: Equatable where Value: Equatable {
    /// Equal when they hold the same entries.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.dictionary == rhs.dictionary }
}

extension SnapshotMap: Codable where Key: Codable, Value: Codable {
    /// Encodes the entries as a dictionary does.
    public func encode(to encoder: any Encoder) throws { try dictionary.encode(to: encoder) }

    /// Decodes entries a dictionary wrote.
    public init(from decoder: any Decoder) throws { self.init(try [Key: Value](from: decoder)) }
}

/// Maps of `Codable` keys and values met by the generic coding (a rule's synthesized `Codable`) are
/// written through `SnapshotMapCoding.codable`, so they are tabled and delta-written like the others.
extension SnapshotMap: SnapshotSpecialCoding where Key: Codable, Value: Codable {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try snapshotEncode(to: sink, coding: .codable)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
        try snapshotDecode(from: source, coding: .codable)
    }
}

extension SnapshotMap: @unchecked Sendable where Key: Sendable, Value: Sendable {}

/// How a register's keys and values are written. The writers must depend on nothing but the value
/// (each table record is written with a fresh sink), so that equal keys give equal bytes.
package struct SnapshotMapCoding<Key, Value>: Sendable {
    let writeKey: @Sendable (Key, SnapshotByteSink) throws -> Void
    let readKey: @Sendable (SnapshotByteSource) throws -> Key
    let writeValue: @Sendable (Value, SnapshotByteSink) throws -> Void
    let readValue: @Sendable (SnapshotByteSource) throws -> Value

    init(writeKey: @escaping @Sendable (Key, SnapshotByteSink) throws -> Void,
         readKey: @escaping @Sendable (SnapshotByteSource) throws -> Key,
         writeValue: @escaping @Sendable (Value, SnapshotByteSink) throws -> Void,
         readValue: @escaping @Sendable (SnapshotByteSource) throws -> Value) {
        self.writeKey = writeKey
        self.readKey = readKey
        self.writeValue = writeValue
        self.readValue = readValue
    }
}

extension SnapshotMapCoding where Key: Codable, Value: Codable {
    /// Keys and values through the generic snapshot coding.
    static var codable: Self {
        Self(writeKey: { try $1.encodeValue($0) }, readKey: { try $0.decodeValue(Key.self) },
             writeValue: { try $1.encodeValue($0) }, readValue: { try $0.decodeValue(Value.self) })
    }
}

/// The size from which a register's table keeps an overflow table (`SnapshotMapTable.keepsOverflow`).
enum SnapshotMapOverflowPolicy {
    /// Task-local so that tests can exercise overflow tables on small maps.
    @TaskLocal static var minimumMainByteCount: Int = 1 << 20
}

/// One register's table in a state file's table area: records (key and value bytes) and an
/// open-addressing slot array over them (docs/FORMAT.md §1).
///
/// Record: key byte count (UInt32) | value byte count (UInt32) | key bytes | value bytes.
/// Slot (16 bytes): key hash (UInt64; 0 marks an empty slot) | record offset in the records (UInt64).
/// The capacity is a power of two at least twice the count; a key is looked for from slot
/// `hash & (capacity - 1)` onwards (linear probing) until its record or an empty slot. Records are in
/// (key hash, key bytes) order and slots filled in that order; a table starts at a block boundary and
/// is followed by zeros up to the next one, so its bytes depend only on its entries (`build`, `merged`).
///
/// A large table merged with few changes may keep an overflow table (version 13): the old table's
/// blocks are copied unchanged and the changed entries written to a small table of the same layout,
/// read first, whose records may also mark a key removed (value byte count `removedMarker`, no value
/// bytes). Once the overflow's records exceed an `overflowDivisor`-th of the main table's, a merge
/// folds them into a new main table (`merged`).
final class SnapshotMapTable<Key: Hashable, Value> {
    /// Where a table lies in the area, and how many entries it holds.
    struct Descriptor {
        var recordsOffset: Int
        var recordsByteCount: Int
        var slotsOffset: Int
        var capacity: Int
        var count: Int

        func write(to sink: SnapshotByteSink) {
            for value in [recordsOffset, recordsByteCount, slotsOffset, capacity, count] { sink.writeVarint(UInt64(value)) }
        }

        init(recordsOffset: Int, recordsByteCount: Int, slotsOffset: Int, capacity: Int, count: Int) {
            self.recordsOffset = recordsOffset
            self.recordsByteCount = recordsByteCount
            self.slotsOffset = slotsOffset
            self.capacity = capacity
            self.count = count
        }

        init(from source: SnapshotByteSource, areaByteCount: Int) throws {
            let start = source.position
            var fields: [Int] = []
            for _ in 0..<5 {
                let value = try source.readVarint()
                guard value <= UInt64(areaByteCount) * 2 + 16 else { throw SnapshotDecodingError.malformed(byteOffset: start) }
                fields.append(Int(value))
            }
            (recordsOffset, recordsByteCount, slotsOffset, capacity, count) = (fields[0], fields[1], fields[2], fields[3], fields[4])
            guard capacity > 0, capacity & (capacity - 1) == 0, count < capacity,
                  recordsOffset + recordsByteCount <= areaByteCount,
                  slotsOffset + capacity * SnapshotMapTable.slotByteCount <= areaByteCount else {
                throw SnapshotDecodingError.malformed(byteOffset: start)
            }
        }
    }

    /// A register's tables in the area: the main table and, when it has one, its overflow table.
    struct Layout {
        var main: Descriptor
        var overflow: Descriptor?

        init(main: Descriptor, overflow: Descriptor? = nil) {
            self.main = main
            self.overflow = overflow
        }

        /// The payload's form of a tabled register: the byte 1 and the main table's descriptor, or the
        /// byte 2 and the main and overflow tables' descriptors.
        func write(to sink: SnapshotByteSink) {
            sink.bytes.append(overflow == nil ? 1 : 2)
            main.write(to: sink)
            overflow?.write(to: sink)
        }
    }

    static var slotByteCount: Int { 16 }
    static var recordHeaderByteCount: Int { 8 }
    static var minimumCapacity: Int { 8 }
    /// The value byte count that marks an overflow record as a removed key (no value bytes follow).
    static var removedMarker: UInt64 { 0xffff_ffff }

    /// A merge keeps (or starts) an overflow table while its records stay within this fraction of the
    /// main table's records...
    static var overflowDivisor: Int { 2 }
    /// ...and the main table's records hold at least this many bytes (smaller tables are merged whole;
    /// `SnapshotMapOverflowPolicy`).
    static var overflowMinimumMainByteCount: Int { SnapshotMapOverflowPolicy.minimumMainByteCount }

    /// Whether changes of `changesByteCount` record bytes go to an overflow table over a main table of
    /// `mainByteCount` record bytes, rather than into a new main table.
    static func keepsOverflow(changesByteCount: Int, mainByteCount: Int) -> Bool {
        mainByteCount >= overflowMinimumMainByteCount && changesByteCount <= mainByteCount / overflowDivisor
    }

    let tables: StateSnapshotTables
    let descriptor: Descriptor
    /// The overflow table, read before the main table (`Layout`).
    let overflow: Descriptor?
    /// The changes over the tables that the delta this table was restored from held, read first.
    let deltaChanges: SnapshotDeltaChanges?
    let coding: SnapshotMapCoding<Key, Value>

    init(tables: StateSnapshotTables, descriptor: Descriptor, overflow: Descriptor? = nil,
         deltaChanges: SnapshotDeltaChanges? = nil, coding: SnapshotMapCoding<Key, Value>) {
        self.tables = tables
        self.descriptor = descriptor
        self.overflow = overflow
        self.deltaChanges = deltaChanges
        self.coding = coding
    }

    /// Writes the changes for a delta (docs/FORMAT.md §1): the delta changes this table was restored
    /// with, copied as bytes, except keys in `changed` or `removed` (the changes since), which follow.
    func writeChanges(changed: [Key: Value], removed: Set<Key>, to sink: SnapshotByteSink) throws {
        var ownChanged: [(key: [UInt8], value: [UInt8])] = []
        ownChanged.reserveCapacity(changed.count)
        var replaced = Set<Int>()
        for (key, value) in changed {
            let record = try Self.pendingRecord(key, value, coding: coding)
            if let index = try deltaChanges?.find(record.key, hash: record.hash) { replaced.insert(index) }
            ownChanged.append((record.key, record.value))
        }
        var ownRemoved: [[UInt8]] = []
        ownRemoved.reserveCapacity(removed.count)
        for key in removed {
            let keyBytes = try Self.keyBytes(key, coding: coding)
            if let index = try deltaChanges?.find(keyBytes, hash: Self.hash(keyBytes)) { replaced.insert(index) }
            ownRemoved.append(keyBytes)
        }
        let kept = deltaChanges?.records.indices.filter { !replaced.contains($0) } ?? []
        let keptChanged = kept.filter { deltaChanges!.records[$0].value != nil }
        sink.writeVarint(UInt64(keptChanged.count + ownChanged.count))
        for index in keptChanged {
            let record = deltaChanges!.records[index]
            sink.writeByteString(deltaChanges!.bytes[record.key])
            sink.writeByteString(deltaChanges!.bytes[record.value!])
        }
        for record in ownChanged {
            sink.writeByteString(record.key[...])
            sink.writeByteString(record.value[...])
        }
        let keptRemoved = kept.filter { deltaChanges!.records[$0].value == nil }
        sink.writeVarint(UInt64(keptRemoved.count + ownRemoved.count))
        for index in keptRemoved { sink.writeByteString(deltaChanges!.bytes[deltaChanges!.records[index].key]) }
        for key in ownRemoved { sink.writeByteString(key[...]) }
    }

    /// The tables as they are.
    var layout: Layout { Layout(main: descriptor, overflow: overflow) }

    /// Where a new base's tables go: after `prefix` bytes of an existing area (an area extended in
    /// place, `extending`: a table of that area that did not change keeps its place), or from offset 0.
    struct AreaContext {
        var prefix = 0
        var extending: StateSnapshotTables?
    }

    /// The key's bytes as a fresh sink writes them.
    static func keyBytes(_ key: Key, coding: SnapshotMapCoding<Key, Value>) throws -> [UInt8] {
        let sink = SnapshotByteSink()
        try coding.writeKey(key, sink)
        return sink.bytes
    }

    /// FNV-1a 64 of the key's bytes, mixed (SplitMix64's finalizer) so that the low bits used for the
    /// slot spread; never 0 (an empty slot).
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// `hash` of the bytes in `bytes`.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 { snapshotKeyHash(bytes) }

    /// One record to be written: the key's hash, the key's bytes and the value's bytes (or, in an
    /// overflow table, the key's removal: `removes`, no value bytes).
    struct PendingRecord {
        var hash: UInt64
        var key: [UInt8]
        var value: [UInt8]
        var removes = false

        /// The records' order in a table: by key hash, then by key bytes.
        static func precedes(_ lhs: PendingRecord, _ rhs: PendingRecord) -> Bool {
            lhs.hash != rhs.hash ? lhs.hash < rhs.hash : lhs.key.lexicographicallyPrecedes(rhs.key)
        }
    }

    /// The record for `key` and `value` (each written with a fresh sink).
    static func pendingRecord(_ key: Key, _ value: Value?, coding: SnapshotMapCoding<Key, Value>) throws -> PendingRecord {
        let keyBytes = try keyBytes(key, coding: coding)
        var valueBytes: [UInt8] = []
        if let value {
            let sink = SnapshotByteSink()
            try coding.writeValue(value, sink)
            valueBytes = sink.bytes
        }
        return PendingRecord(hash: hash(keyBytes), key: keyBytes, value: valueBytes)
    }

    /// Appends the table of `entries` to `area` (which must end at a block boundary); its descriptor.
    ///
    /// The layout depends only on the entries (docs/FORMAT.md §1): records sorted by key hash then key
    /// bytes, slots filled in that order, zeros up to the next block boundary. So a table merged from
    /// an older one and its changes (`merged`) has exactly the bytes of one built from scratch.
    static func build(_ entries: [Key: Value], coding: SnapshotMapCoding<Key, Value>, into area: inout [UInt8],
                      prefix: Int = 0) throws -> Descriptor {
        var records: [PendingRecord] = []
        records.reserveCapacity(entries.count)
        for (key, value) in entries { records.append(try pendingRecord(key, value, coding: coding)) }
        records.sort(by: PendingRecord.precedes)
        var writer = TableWriter(area: area, expectedCount: records.count, prefix: prefix)
        area = []
        for record in records { writer.append(record) }
        return writer.finish(into: &area)
    }

    /// Appends a table of `records` (in table order, distinct keys; removals allowed: an overflow table).
    static func build(sorted records: [PendingRecord], into area: inout [UInt8], prefix: Int) -> Descriptor {
        var writer = TableWriter(area: area, expectedCount: records.count, prefix: prefix)
        area = []
        for record in records { writer.append(record) }
        return writer.finish(into: &area)
    }

    /// Appends to `area` (which must end at a block boundary) this table with `changed` entries set and
    /// `removed` keys deleted; its descriptor. The bytes are those `build` writes for the same entries:
    /// the old records, read once and checked, are copied in order and the changed ones merged in,
    /// without decoding any value. A table whose records are not in order (not written by `build`) is
    /// decoded and built again. Throws (and marks the tables damaged) for damaged bytes.
    ///
    /// With an overflow table, or for a main table of at least `overflowMinimumMainByteCount` record
    /// bytes, the changes and the old overflow's records not replaced by them make the new overflow
    /// table while they stay within `keepsOverflow`, and the main table is copied by blocks (`copied`);
    /// otherwise they are merged into a new main table and there is no overflow.
    func merged(changed: [Key: Value], removed: Set<Key>, into area: inout [UInt8],
                context: AreaContext = AreaContext()) throws -> Layout {
        if changed.isEmpty, removed.isEmpty, deltaChanges == nil {
            let main = try copied(descriptor, into: &area, context: context)
            return Layout(main: main, overflow: try overflow.map { try copied($0, into: &area, context: context) })
        }
        // The changed entries (new values) and the removed keys (no value), in table order.
        var changes: [PendingRecord] = []
        changes.reserveCapacity(changed.count + removed.count)
        for (key, value) in changed { changes.append(try Self.pendingRecord(key, value, coding: coding)) }
        for key in removed where changed[key] == nil {
            var record = try Self.pendingRecord(key, nil, coding: coding)
            record.removes = true
            changes.append(record)
        }
        if let deltaChanges {
            // The delta's changes, as bytes, unless changed again since.
            let replaced = Set(changes.map(\.key))
            for record in deltaChanges.records {
                let key = Array(deltaChanges.bytes[record.key])
                if replaced.contains(key) { continue }
                var pending = PendingRecord(hash: Self.hash(key), key: key, value: record.value.map { Array(deltaChanges.bytes[$0]) } ?? [])
                pending.removes = record.value == nil
                changes.append(pending)
            }
        }
        changes.sort(by: PendingRecord.precedes)
        // A key twice (changes that passed their checksum but were not written by `writeChanges`): refused.
        for (previous, next) in zip(changes, changes.dropFirst()) where previous.hash == next.hash && previous.key == next.key {
            tables.markDamaged()
            throw SnapshotDecodingError.malformed(byteOffset: 0)
        }
        if let overflow { changes = try overflowRecords(overflow, updatedWith: changes) }
        let changesByteCount = changes.reduce(0) { $0 + Self.recordHeaderByteCount + $1.key.count + $1.value.count }
        if Self.keepsOverflow(changesByteCount: changesByteCount, mainByteCount: descriptor.recordsByteCount) {
            let main = try copied(descriptor, into: &area, context: context)
            return Layout(main: main, overflow: Self.build(sorted: changes, into: &area, prefix: context.prefix))
        }
        return Layout(main: try mergedMain(incoming: changes.filter { !$0.removes }, dropped: changes.filter(\.removes),
                                           into: &area, prefix: context.prefix))
    }

    /// The overflow table's records (read once, every block checked) with `changes` (in table order)
    /// merged in: a change replaces the record of its key. In table order. Throws (and marks the tables
    /// damaged) for damaged bytes, records out of order or a key twice.
    private func overflowRecords(_ overflow: Descriptor, updatedWith changes: [PendingRecord]) throws -> [PendingRecord] {
        var old: [PendingRecord] = []
        old.reserveCapacity(overflow.count)
        do {
            let records = try tables.readOnce(overflow.recordsOffset..<overflow.recordsOffset + overflow.recordsByteCount)
            try records.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let (key, value, end) = try Self.recordBounds(raw, at: offset, allowsRemoval: true,
                                                                  areaOffset: overflow.recordsOffset)
                    let keyBytes = UnsafeRawBufferPointer(rebasing: raw[key])
                    var record = PendingRecord(hash: Self.hash(keyBytes), key: Array(keyBytes),
                                               value: value.map { Array(UnsafeRawBufferPointer(rebasing: raw[$0])) } ?? [])
                    record.removes = value == nil
                    if let previous = old.last, !PendingRecord.precedes(previous, record) {
                        throw SnapshotDecodingError.malformed(byteOffset: overflow.recordsOffset + offset)
                    }
                    old.append(record)
                    offset = end
                }
            }
            guard old.count == overflow.count else { throw SnapshotDecodingError.malformed(byteOffset: overflow.recordsOffset) }
        } catch {
            tables.markDamaged()
            throw error
        }
        var result: [PendingRecord] = []
        result.reserveCapacity(old.count + changes.count)
        var next = 0
        for record in old {
            while next < changes.count, PendingRecord.precedes(changes[next], record) {
                result.append(changes[next])
                next += 1
            }
            if next < changes.count, changes[next].hash == record.hash, changes[next].key == record.key {
                result.append(changes[next])
                next += 1
            } else {
                result.append(record)
            }
        }
        result += changes[next...]
        return result
    }

    /// The key's and (unless the record marks a removal) the value's byte ranges of the record at
    /// `offset` of `raw`, and the offset after it. Throws for a record that does not fit, or a removal
    /// where none is allowed (a main table).
    private static func recordBounds(_ raw: UnsafeRawBufferPointer, at offset: Int, allowsRemoval: Bool,
                                     areaOffset: Int) throws -> (key: Range<Int>, value: Range<Int>?, end: Int) {
        guard offset + recordHeaderByteCount <= raw.count else {
            throw SnapshotDecodingError.truncated(byteOffset: areaOffset + offset)
        }
        let keyCount = Int(readUInt(raw, at: offset, byteCount: 4))
        let valueField = readUInt(raw, at: offset + 4, byteCount: 4)
        let removes = valueField == removedMarker
        guard !removes || allowsRemoval else { throw SnapshotDecodingError.malformed(byteOffset: areaOffset + offset) }
        let valueCount = removes ? 0 : Int(valueField)
        let keyStart = offset + recordHeaderByteCount
        let end = keyStart + keyCount + valueCount
        guard end <= raw.count else { throw SnapshotDecodingError.truncated(byteOffset: areaOffset + offset) }
        return (keyStart..<keyStart + keyCount, removes ? nil : keyStart + keyCount..<end, end)
    }

    /// Appends to `area` (which must end at a block boundary) the main table with `incoming` records
    /// (in table order) set and the keys of `dropped` (in table order) removed: the old records, read
    /// once and checked, are copied in order and the changed ones merged in, without decoding any
    /// value. A table whose records are not in order (not written by `build`) is decoded and built
    /// again. Throws (and marks the tables damaged) for damaged bytes.
    private func mergedMain(incoming: [PendingRecord], dropped: [PendingRecord], into area: inout [UInt8],
                            prefix: Int) throws -> Descriptor {
        let records: [UInt8]
        do {
            records = try tables.readOnce(descriptor.recordsOffset..<descriptor.recordsOffset + descriptor.recordsByteCount)
        } catch {
            tables.markDamaged()
            throw error
        }
        Self.reserve(&area, adding: records.count + incoming.count * 64 + descriptor.capacity * 2 * Self.slotByteCount,
                     like: tables)
        var writer = TableWriter(area: area, expectedCount: descriptor.count + incoming.count, prefix: prefix)
        area = []
        let walk: MergeWalk?
        do {
            walk = try records.withUnsafeBytes { raw in
                try mergeWalk(raw, incoming: incoming, dropped: dropped, writer: &writer)
            }
        } catch {
            writer.abandon(into: &area)
            throw error
        }
        guard let walk else {
            // Not in table order: rebuilt from the decoded entries.
            writer.abandon(into: &area)
            var all = try mainEntries()
            for record in dropped { all[try decodeKey(record.key)] = nil }
            for record in incoming { all[try decodeKey(record.key)] = try decodeValue(record.value) }
            return try Self.build(all, coding: coding, into: &area, prefix: prefix)
        }
        guard walk.oldCount == descriptor.count else {
            writer.abandon(into: &area)
            tables.markDamaged()
            throw SnapshotDecodingError.malformed(byteOffset: descriptor.recordsOffset)
        }
        return writer.finish(into: &area)
    }

    private struct MergeWalk {
        var oldCount: Int
    }

    /// Walks the old records in order, writing each unless `incoming` replaces it or `dropped` removes
    /// it, and the incoming records at their places. Nil when the old records are out of order.
    private func mergeWalk(_ raw: UnsafeRawBufferPointer, incoming: [PendingRecord], dropped: [PendingRecord],
                           writer: inout TableWriter) throws -> MergeWalk? {
        var nextIncoming = 0
        var nextDropped = 0
        var offset = 0
        var oldCount = 0
        var previous: (hash: UInt64, key: UnsafeRawBufferPointer)?
        // Compares record (hash, key) with a pending record: <0, 0 or >0.
        func compare(_ hash: UInt64, _ key: UnsafeRawBufferPointer, _ record: PendingRecord) -> Int {
            if hash != record.hash { return hash < record.hash ? -1 : 1 }
            if key.elementsEqual(record.key) { return 0 }
            return key.lexicographicallyPrecedes(record.key) ? -1 : 1
        }
        while offset < raw.count {
            guard offset + Self.recordHeaderByteCount <= raw.count else {
                tables.markDamaged()
                throw SnapshotDecodingError.truncated(byteOffset: descriptor.recordsOffset + offset)
            }
            let keyCount = Int(Self.readUInt(raw, at: offset, byteCount: 4))
            let valueCount = Int(Self.readUInt(raw, at: offset + 4, byteCount: 4))
            let keyStart = offset + Self.recordHeaderByteCount
            let end = keyStart + keyCount + valueCount
            guard end <= raw.count else {
                tables.markDamaged()
                throw SnapshotDecodingError.truncated(byteOffset: descriptor.recordsOffset + offset)
            }
            let key = UnsafeRawBufferPointer(rebasing: raw[keyStart..<keyStart + keyCount])
            let hash = Self.hash(key)
            if let previous, previous.hash > hash || (previous.hash == hash && !previous.key.lexicographicallyPrecedes(key)) {
                return nil
            }
            previous = (hash, key)
            oldCount += 1
            while nextIncoming < incoming.count, compare(hash, key, incoming[nextIncoming]) > 0 {
                writer.append(incoming[nextIncoming])
                nextIncoming += 1
            }
            while nextDropped < dropped.count, compare(hash, key, dropped[nextDropped]) > 0 { nextDropped += 1 }
            if nextIncoming < incoming.count, compare(hash, key, incoming[nextIncoming]) == 0 {
                writer.append(incoming[nextIncoming])
                nextIncoming += 1
            } else if nextDropped < dropped.count, compare(hash, key, dropped[nextDropped]) == 0 {
                nextDropped += 1
            } else {
                writer.append(hash: hash, record: UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
            }
            offset = end
        }
        for record in incoming[nextIncoming...] { writer.append(record) }
        return MergeWalk(oldCount: oldCount)
    }

    /// Appends this table unchanged to `area` (which must end at a block boundary), with the bytes
    /// `build` would write for its entries. A table that starts at a block boundary with its slots
    /// right after its records and zeros after them (as `build` writes it) is copied as whole blocks,
    /// unchecked, with their hashes (`StateSnapshotTables.appendCopy`); any other is read, checked,
    /// and written again.
    ///
    /// In an area extended in place (`context.extending` is this table's area) the table stays where it
    /// is: its descriptor is returned and nothing is written. Into an extension of another area it is
    /// read, checked and written (never copied as blocks, whose hashes would come from another area).
    private func copied(_ descriptor: Descriptor, into area: inout [UInt8], context: AreaContext) throws -> Descriptor {
        if let extending = context.extending, extending === tables { return descriptor }
        let blockByteCount = StateSnapshotTables.blockByteCount
        let start = descriptor.recordsOffset
        let slotsEnd = descriptor.slotsOffset + descriptor.capacity * Self.slotByteCount
        let paddedEnd = (slotsEnd + blockByteCount - 1) / blockByteCount * blockByteCount
        let targetStart = area.count
        Self.reserve(&area, adding: paddedEnd - start, like: tables)
        if context.extending == nil, context.prefix == 0,
           start % blockByteCount == 0, descriptor.slotsOffset == start + descriptor.recordsByteCount,
           paddedEnd <= tables.byteCount, (try? tables.appendCopy(of: start..<paddedEnd, to: &area)) != nil {
            let tableEnd = targetStart + (slotsEnd - start)
            if area[tableEnd...].allSatisfy({ $0 == 0 }) {
                return Descriptor(recordsOffset: targetStart, recordsByteCount: descriptor.recordsByteCount,
                                  slotsOffset: targetStart + descriptor.recordsByteCount, capacity: descriptor.capacity,
                                  count: descriptor.count)
            }
            // Something other than padding followed the table: not copied as blocks.
            area.removeSubrange(targetStart...)
            tables.dropLastBlockCopy()
        }
        let records: [UInt8]
        let slots: [UInt8]
        do {
            records = try tables.readOnce(descriptor.recordsOffset..<descriptor.recordsOffset + descriptor.recordsByteCount)
            slots = try tables.readOnce(descriptor.slotsOffset..<slotsEnd)
        } catch {
            tables.markDamaged()
            throw error
        }
        area += records
        area += slots
        Self.padToBlock(&area)
        return Descriptor(recordsOffset: context.prefix + targetStart, recordsByteCount: records.count,
                          slotsOffset: context.prefix + targetStart + records.count,
                          capacity: descriptor.capacity, count: descriptor.count)
    }

    /// Makes room in `area` for `byteCount` more bytes; when it must grow, room for a whole area the
    /// size of `tables` and a quarter more, so that copying the old tables one by one does not
    /// reallocate the new area again and again.
    static func reserve(_ area: inout [UInt8], adding byteCount: Int, like tables: StateSnapshotTables) {
        guard area.capacity < area.count + byteCount else { return }
        area.reserveCapacity(max(area.count + byteCount, tables.byteCount + tables.byteCount / 4))
    }

    /// Appends zeros to `area` up to the next multiple of the block size.
    static func padToBlock(_ area: inout [UInt8]) {
        let remainder = area.count % StateSnapshotTables.blockByteCount
        if remainder != 0 { area.append(contentsOf: repeatElement(0, count: StateSnapshotTables.blockByteCount - remainder)) }
    }

    /// Writes one table's records in order, then its slots (filled in record order) and the padding.
    struct TableWriter {
        private var area: [UInt8]
        private let recordsOffset: Int
        // The logical offset of `area`'s first byte (the bytes of an area extended in place before it).
        private let prefix: Int
        private var hashes: [UInt64] = []
        private var offsets: [UInt64] = []

        /// A writer appending to `area` (taken over until `finish`), whose first byte lies at `prefix`
        /// in the area the descriptors name.
        init(area: [UInt8], expectedCount: Int, prefix: Int = 0) {
            self.area = area
            self.prefix = prefix
            recordsOffset = area.count
            hashes.reserveCapacity(expectedCount)
            offsets.reserveCapacity(expectedCount)
        }

        /// Appends `record` (a removal: its key and `removedMarker`, in an overflow table).
        mutating func append(_ record: PendingRecord) {
            hashes.append(record.hash)
            offsets.append(UInt64(area.count - recordsOffset))
            SnapshotMapTable.appendUInt(UInt64(record.key.count), byteCount: 4, to: &area)
            SnapshotMapTable.appendUInt(record.removes ? SnapshotMapTable.removedMarker : UInt64(record.value.count),
                                        byteCount: 4, to: &area)
            area += record.key
            if !record.removes { area += record.value }
        }

        /// Appends a whole record (header, key and value bytes) as it stands.
        mutating func append(hash: UInt64, record: UnsafeRawBufferPointer) {
            hashes.append(hash)
            offsets.append(UInt64(area.count - recordsOffset))
            area.append(contentsOf: record)
        }

        /// Hands the area back in `result` as it was before this table.
        mutating func abandon(into result: inout [UInt8]) {
            area.removeSubrange(recordsOffset...)
            swap(&area, &result)
        }

        /// Writes the slots and the padding and hands the area back in `result`; the table's descriptor.
        mutating func finish(into result: inout [UInt8]) -> Descriptor {
            let count = hashes.count
            var capacity = SnapshotMapTable.minimumCapacity
            while capacity < count * 2 { capacity *= 2 }
            let mask = capacity - 1
            var slots = [UInt64](repeating: 0, count: capacity * 2)
            for index in 0..<count {
                var slot = Int(hashes[index] & UInt64(mask))
                while slots[slot * 2] != 0 { slot = (slot + 1) & mask }
                slots[slot * 2] = hashes[index].littleEndian
                slots[slot * 2 + 1] = offsets[index].littleEndian
            }
            let recordsByteCount = area.count - recordsOffset
            let slotsOffset = area.count
            area.reserveCapacity(area.count + capacity * SnapshotMapTable.slotByteCount + StateSnapshotTables.blockByteCount)
            slots.withUnsafeBytes { area.append(contentsOf: $0) }
            SnapshotMapTable.padToBlock(&area)
            swap(&area, &result)
            return Descriptor(recordsOffset: prefix + recordsOffset, recordsByteCount: recordsByteCount,
                              slotsOffset: prefix + slotsOffset, capacity: capacity, count: count)
        }
    }

    // Values already read (nil: absent), so that a key read again and again (a fund's purposes, a
    // payee's record during a bulk import) is looked up and decoded once. The table's bytes never
    // change, so neither do these; values are copied out (copy on write).
    private var readValues: [Key: Value?] = [:]

    /// The value stored for `key`; nil when absent, and nil with `tables.damageDetected` set when the
    /// table's bytes are damaged (the append then starts over with a replay).
    func value(for key: Key) -> Value? {
        if let known = readValues[key] { return known }
        let value = lookUp(key)
        if !tables.damageDetected { readValues[key] = value }
        return value
    }

    private func lookUp(_ key: Key) -> Value? {
        do {
            let keyBytes = try Self.keyBytes(key, coding: coding)
            let hash = Self.hash(keyBytes)
            if let deltaChanges, let index = try deltaChanges.find(keyBytes, hash: hash) {
                return try deltaChanges.records[index].value.map { try decodeValue(Array(deltaChanges.bytes[$0])) }
            }
            if let overflow, let found = try find(keyBytes, hash: hash, in: overflow, allowsRemoval: true) {
                return try found.map(decodeValue)
            }
            guard let found = try find(keyBytes, hash: hash, in: descriptor, allowsRemoval: false),
                  let valueBytes = found else { return nil }
            return try decodeValue(valueBytes)
        } catch {
            tables.markDamaged()
            return nil
        }
    }

    /// The record for `keyBytes` in `table`: nil when absent, `.some(nil)` when it marks the key
    /// removed (an overflow table), otherwise its value's bytes.
    private func find(_ keyBytes: [UInt8], hash: UInt64, in table: Descriptor, allowsRemoval: Bool) throws -> [UInt8]?? {
        var slot = Int(hash & UInt64(table.capacity - 1))
        for _ in 0..<table.capacity {
            let start = table.slotsOffset + slot * Self.slotByteCount
            let slotBytes = try tables.read(start..<start + Self.slotByteCount)
            let storedHash = Self.readUInt(slotBytes, at: 0)
            if storedHash == 0 { return nil }
            if storedHash == hash {
                let found = try record(at: Self.readUInt(slotBytes, at: 8), in: table, allowsRemoval: allowsRemoval)
                if found.key == keyBytes { return .some(found.value) }
            }
            slot = (slot + 1) & (table.capacity - 1)
        }
        return nil
    }

    /// Every entry of the tables (reads all of their records): the main table's, then the overflow's
    /// values and removals over them.
    func entries() throws -> [Key: Value] {
        var result = try mainEntries()
        do {
            if let overflow {
                var count = 0
                try forEachRecord(of: overflow, allowsRemoval: true) { key, value in
                    result[try decodeKey(key)] = try value.map(decodeValue)
                    count += 1
                }
                guard count == overflow.count else { throw SnapshotDecodingError.malformed(byteOffset: overflow.recordsOffset) }
            }
            if let deltaChanges {
                for record in deltaChanges.records {
                    result[try decodeKey(Array(deltaChanges.bytes[record.key]))] =
                        try record.value.map { try decodeValue(Array(deltaChanges.bytes[$0])) }
                }
            }
        } catch {
            tables.markDamaged()
            throw error
        }
        return result
    }

    /// Every entry of the main table.
    private func mainEntries() throws -> [Key: Value] {
        do {
            var result = [Key: Value](minimumCapacity: descriptor.count)
            try forEachRecord(of: descriptor, allowsRemoval: false) { key, value in
                result[try decodeKey(key)] = try decodeValue(value ?? [])
            }
            guard result.count == descriptor.count else { throw SnapshotDecodingError.malformed(byteOffset: descriptor.recordsOffset) }
            return result
        } catch {
            tables.markDamaged()
            throw error
        }
    }

    /// Calls `body` with each record's key bytes and value bytes (nil: a removal) of `table`, in order.
    private func forEachRecord(of table: Descriptor, allowsRemoval: Bool,
                               _ body: ([UInt8], [UInt8]?) throws -> Void) throws {
        let records = try tables.read(table.recordsOffset..<table.recordsOffset + table.recordsByteCount)
        try records.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let (key, value, end) = try Self.recordBounds(raw, at: offset, allowsRemoval: allowsRemoval,
                                                              areaOffset: table.recordsOffset)
                try body(Array(UnsafeRawBufferPointer(rebasing: raw[key])),
                         value.map { Array(UnsafeRawBufferPointer(rebasing: raw[$0])) })
                offset = end
            }
        }
    }

    /// The key `bytes` (a record's) hold, which must be read exactly.
    private func decodeKey(_ bytes: [UInt8]) throws -> Key {
        let source = SnapshotByteSource(bytes)
        let key = try coding.readKey(source)
        guard source.position == bytes.count else { throw SnapshotDecodingError.trailingBytes(byteOffset: source.position) }
        return key
    }

    /// The key's and value's bytes (nil: a removal) of the record at `offset` of `table`'s records.
    private func record(at offset: UInt64, in table: Descriptor, allowsRemoval: Bool) throws -> (key: [UInt8], value: [UInt8]?) {
        guard table.recordsByteCount >= Self.recordHeaderByteCount,
              offset <= UInt64(table.recordsByteCount - Self.recordHeaderByteCount) else {
            throw SnapshotDecodingError.malformed(byteOffset: Int(clamping: offset))
        }
        let start = table.recordsOffset + Int(offset)
        let header = try tables.read(start..<start + Self.recordHeaderByteCount)
        let keyCount = Int(Self.readUInt(header, at: 0, byteCount: 4))
        let valueField = Self.readUInt(header, at: 4, byteCount: 4)
        let removes = valueField == Self.removedMarker
        guard !removes || allowsRemoval else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        let valueCount = removes ? 0 : Int(valueField)
        let end = start + Self.recordHeaderByteCount + keyCount + valueCount
        guard end <= table.recordsOffset + table.recordsByteCount else {
            throw SnapshotDecodingError.malformed(byteOffset: start)
        }
        let bytes = try tables.read(start + Self.recordHeaderByteCount..<end)
        return (Array(bytes[..<keyCount]), removes ? nil : Array(bytes[keyCount...]))
    }

    private func decodeValue(_ bytes: [UInt8]) throws -> Value {
        let source = SnapshotByteSource(bytes)
        let value = try coding.readValue(source)
        guard source.position == bytes.count else { throw SnapshotDecodingError.trailingBytes(byteOffset: source.position) }
        return value
    }

    private static func readUInt(_ bytes: [UInt8], at offset: Int, byteCount: Int = 8) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<byteCount { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }

    private static func readUInt(_ bytes: UnsafeRawBufferPointer, at offset: Int, byteCount: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<byteCount { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }

    fileprivate static func appendUInt(_ value: UInt64, byteCount: Int, to bytes: inout [UInt8]) {
        for index in 0..<byteCount { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }
}

/// FNV-1a 64 of a key's bytes, mixed (SplitMix64's finalizer) so that the low bits used for a slot
/// spread; never 0 (an empty slot). The key hash of tables (docs/FORMAT.md §1) and of delta changes.
func snapshotKeyHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
    hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
    hash ^= hash >> 31
    return hash == 0 ? 1 : hash
}

/// A tabled register's changes as a delta holds them (docs/FORMAT.md §1, version 14): a varint count of
/// changed keys, each key's bytes and its value's bytes with a varint byte count each, then a varint
/// count of removed keys, each key's bytes with a varint byte count. The bytes are kept as read (the
/// delta's checksum covered them): a key is found through an index built on first use, its value
/// decoded only then, and the next delta copies the records of keys not changed again.
final class SnapshotDeltaChanges {
    /// One change: where its key's and (unless it removes the key) its value's bytes lie in `bytes`.
    struct Record {
        var key: Range<Int>
        var value: Range<Int>?
    }

    /// The payload the records lie in.
    let bytes: [UInt8]
    /// The changes, the changed keys first, then the removed ones.
    let records: [Record]
    // Open addressing over `records` (record index + 1; 0 is empty) with each record's key hash.
    private var slots: [Int32] = []
    private var hashes: [UInt64] = []

    private init(bytes: [UInt8], records: [Record]) {
        self.bytes = bytes
        self.records = records
    }

    /// Reads the changes at `source`'s position; nil when there are none.
    static func read(from source: SnapshotByteSource) throws -> SnapshotDeltaChanges? {
        let changedCount = try source.readCount()
        var records: [Record] = []
        records.reserveCapacity(changedCount)
        for _ in 0..<changedCount {
            let key = try source.readByteString()
            let value = try source.readByteString()
            records.append(Record(key: key.indices, value: value.indices))
        }
        let removedCount = try source.readCount()
        for _ in 0..<removedCount { records.append(Record(key: try source.readByteString().indices, value: nil)) }
        return records.isEmpty ? nil : SnapshotDeltaChanges(bytes: source.bytes, records: records)
    }

    /// The index of the record for the key `key` (bytes as a fresh sink writes them) with hash `hash`;
    /// nil when the changes do not name it. Throws `SnapshotDecodingError` when a key is named twice.
    func find(_ key: [UInt8], hash: UInt64) throws -> Int? {
        if slots.isEmpty { try buildIndex() }
        let mask = slots.count - 1
        var slot = Int(hash & UInt64(mask))
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if hashes[index] == hash, bytes[records[index].key].elementsEqual(key) { return index }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private func buildIndex() throws {
        var capacity = 8
        while capacity < records.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: 0, count: capacity)
        var hashes: [UInt64] = []
        hashes.reserveCapacity(records.count)
        try bytes.withUnsafeBytes { raw in
            for (index, record) in records.enumerated() {
                let key = UnsafeRawBufferPointer(rebasing: raw[record.key])
                let hash = snapshotKeyHash(key)
                hashes.append(hash)
                var slot = Int(hash & UInt64(capacity - 1))
                while slots[slot] != 0 {
                    let other = Int(slots[slot]) - 1
                    if hashes[other] == hash, UnsafeRawBufferPointer(rebasing: raw[records[other].key]).elementsEqual(key) {
                        throw SnapshotDecodingError.malformed(byteOffset: record.key.lowerBound)
                    }
                    slot = (slot + 1) & (capacity - 1)
                }
                slots[slot] = Int32(index + 1)
            }
        }
        self.hashes = hashes
        self.slots = slots
    }
}

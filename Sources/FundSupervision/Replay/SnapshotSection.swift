// SnapshotSection: one part of the validator's small state (a projection register, the period
// totals, an engine register) that a state restored from `JOURNAL.state` keeps as its stored bytes
// until it is used (docs/FORMAT.md §1, sections).
//
// In the payload a section is its byte count (UInt32, little-endian) followed by its value written
// by hand. Its bytes depend only on its value (no key numbering or table shared with the rest of the
// payload), so they can be cut out, decoded on their own and copied into another payload unchanged.
//
// Restored with tables (an append), a section holds the bytes (`SnapshotSectionBytes`) and decodes
// them the first time it is read; it keeps them until the first mutation, and a delta
// (`SnapshotByteSink.writesDelta`) copies the bytes of a section that was never mutated instead of
// encoding it. A single append thus decodes and encodes only the sections its event touches.
//
// Damage: the payload's checksum (and the delta's) is checked whole when it is read, so a changed
// byte is refused before any section of it is decoded; a delta's reference to a section of the base
// payload reads that payload (and checks it whole) only when the section is decoded (one thread at a
// time decodes: the append's, or after it the state writer's). A section whose bytes pass the
// checksum but do not decode reads as empty and marks the tables damaged (the append then starts over with a replay,
// as for a damaged table block); encoding it throws, so such a state is never written.
import LedgerJournal
import Synchronization

/// A stored part of the validator state that a restored state decodes only when it is used.
///
/// Behaves as a stored property of type `Value`. Cost: a read of an unmutated restored section
/// decodes it once; the first mutation keeps the decoded value and drops the bytes.
@propertyWrapper
public struct SnapshotSection<Value: Sendable>: Sendable {
    private var stored: Value
    // The bytes the value was restored from, while it has not been mutated since (nil otherwise).
    private var pending: SnapshotSectionBytes<Value>?

    /// A section holding `wrappedValue`.
    public init(wrappedValue: Value) {
        stored = wrappedValue
        pending = nil
    }

    private init(pending: SnapshotSectionBytes<Value>, empty: Value) {
        stored = empty
        self.pending = pending
    }

    /// The value; decoded from the stored bytes on the first read of a restored section.
    public var wrappedValue: Value {
        get {
            if let pending { return pending.value }
            return stored
        }
        set {
            pending = nil
            stored = newValue
        }
        _modify {
            if let pending {
                stored = pending.value
                self.pending = nil
            }
            yield &stored
        }
    }

    /// Whether the section still holds the bytes it was restored from (it was not mutated since).
    var holdsStoredBytes: Bool { pending != nil }

    /// Writes the section: a delta copies the bytes of an unmutated restored section; otherwise the
    /// value is written through `write`. Throws what `write` throws, and `SnapshotDecodingError` for
    /// restored bytes that do not decode.
    func snapshotEncode(to sink: SnapshotByteSink, _ write: (Value) throws -> Void) throws {
        if let pending {
            if sink.writesDelta {
                // The base's own bytes are named, not copied; bytes a delta held are copied.
                if let baseOffset = pending.baseOffset { return sink.writeSection(baseOffset: baseOffset, byteCount: pending.byteCount) }
                guard let bytes = pending.bytes else { throw SnapshotDecodingError.malformed(byteOffset: pending.byteOffset) }
                return sink.writeSection(storedBytes: bytes)
            }
            let value = try pending.decoded()
            return try sink.writeSection { try write(value) }
        }
        try sink.writeSection { try write(stored) }
    }

    /// Reads a section `snapshotEncode` wrote. With tables (a restore for an append) the bytes are kept
    /// and decoded by `read` when first used; `empty` stands for the value if they then fail to decode.
    /// Without tables the section is decoded at once. Throws `SnapshotDecodingError` for a truncated
    /// section, and, when decoding at once, what `read` throws or for bytes left over.
    static func snapshotDecode(from source: SnapshotByteSource, empty: Value,
                               _ read: @escaping @Sendable (SnapshotByteSource) throws -> Value) throws -> Self {
        let start = source.position
        let section = try source.readSection()
        if let tables = source.tables {
            return Self(pending: SnapshotSectionBytes(bytes: section.bytes, byteCount: section.byteCount, byteOffset: start,
                                                      baseOffset: section.baseOffset, tables: tables, empty: empty, read: read),
                        empty: empty)
        }
        // Without tables there is no base payload to name: `readSection` refused a reference.
        guard let bytes = section.bytes else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        return Self(wrappedValue: try SnapshotSectionBytes<Value>.decode(bytes, byteOffset: start, read))
    }
}

extension SnapshotSection: Codable where Value: Codable {
    /// Encodes the value as a single value, as the property it wraps would.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }

    /// Decodes a value `encode(to:)` wrote.
    public init(from decoder: any Decoder) throws {
        self.init(wrappedValue: try decoder.singleValueContainer().decode(Value.self))
    }
}

/// The stored bytes of a restored section and, once read, their value (shared by copies of the
/// section; the value never changes, so sharing it keeps value semantics). Unchecked Sendable: the
/// tables are only marked damaged (a flag set once), and the cache is behind a lock.
final class SnapshotSectionBytes<Value: Sendable>: @unchecked Sendable {
    /// Where the bytes lie in the base payload, when they are the base's (a delta then names them).
    let baseOffset: Int?
    /// The section's byte count (without its own count).
    let byteCount: Int
    /// Where the section starts in the payload it was read from (for errors).
    let byteOffset: Int
    // The bytes, unless they are a reference into the base payload not yet read.
    private let storedBytes: ArraySlice<UInt8>?
    private let tables: StateSnapshotTables
    private let empty: Value
    private let read: @Sendable (SnapshotByteSource) throws -> Value
    private let cache = Mutex<Value?>(nil)

    init(bytes: ArraySlice<UInt8>?, byteCount: Int, byteOffset: Int, baseOffset: Int?, tables: StateSnapshotTables,
         empty: Value, read: @escaping @Sendable (SnapshotByteSource) throws -> Value) {
        storedBytes = bytes
        self.byteCount = byteCount
        self.baseOffset = baseOffset
        self.byteOffset = byteOffset
        self.tables = tables
        self.empty = empty
        self.read = read
    }

    /// The section's bytes, without its byte count: those read with it, or for a delta's reference the
    /// base payload's, read (and checked whole) now if it was not yet. Nil when the base payload cannot
    /// be read or does not match its checksum (the tables are then marked damaged).
    var bytes: ArraySlice<UInt8>? {
        if let storedBytes { return storedBytes }
        guard let baseOffset, let payload = tables.basePayload, baseOffset <= payload.count,
              byteCount <= payload.count - baseOffset else {
            tables.markDamaged()
            return nil
        }
        return payload[baseOffset..<baseOffset + byteCount]
    }

    /// The decoded value; throws `SnapshotDecodingError` (and marks the tables damaged) when the bytes
    /// cannot be read or do not decode exactly.
    func decoded() throws -> Value {
        try cache.withLock { cached in
            if let cached { return cached }
            do {
                guard let bytes else { throw SnapshotDecodingError.malformed(byteOffset: byteOffset) }
                let value = try Self.decode(bytes, byteOffset: byteOffset, read)
                cached = value
                return value
            } catch {
                tables.markDamaged()
                throw error
            }
        }
    }

    /// The decoded value, or `empty` when the bytes do not decode (`decoded()` then marked the tables
    /// damaged, so the append starts over with a replay; `empty` is never written, encoding throws).
    var value: Value { (try? decoded()) ?? empty }

    /// Decodes `bytes` whole with `read`; `byteOffset` (the section's offset in its payload) is used
    /// in errors.
    static func decode(_ bytes: ArraySlice<UInt8>, byteOffset: Int,
                       _ read: (SnapshotByteSource) throws -> Value) throws -> Value {
        let source = SnapshotByteSource(Array(bytes))
        let value = try read(source)
        guard source.position == bytes.count else {
            throw SnapshotDecodingError.trailingBytes(byteOffset: byteOffset + SnapshotByteSink.sectionHeaderByteCount + source.position)
        }
        return value
    }
}

// SnapshotBinaryEncoder: a compact binary encoding of `Encodable` values for the validator state
// saved in `JOURNAL.state` (docs/FORMAT.md §1). Readable only by `SnapshotBinaryDecoder` of the same
// build: the snapshot's format name carries the version, and anything else is rebuilt by replay.
//
// Encoding, in the order the values' `encode(to:)` writes them (there are no type tags):
//   integers: LEB128 varints (signed ones zigzag-mapped); Bool: one byte; String: varint byte count + UTF-8
//   keyed member: key token, then the value. A key token is a varint: 0 introduces a new key (its name
//     follows as a string and it gets the next number), n > 0 names the (n-1)th key seen so far.
//   optional member (`encodeIfPresent`): key token, presence byte (0 or 1), then the value when present
//   unkeyed container: element count (4 bytes, little-endian, patched as elements are added), elements
//   Optional value outside a keyed container: presence byte, then the value
//   Array and Set: varint count, then the elements (without the cost of `Codable` containers)
//   Dictionary: varint count, then key, value, key, value… (the standard library would write String-
//     and Int-keyed dictionaries as keyed containers, which a format without tags cannot list back)
//   `SnapshotSpecialCoding` types of the fund layer: their fields in order, written by hand

import LedgerJournal

/// Encodes `Encodable` values into the snapshot's binary form.
package struct SnapshotBinaryEncoder {
    /// Creates an encoder.
    package init() {}

    /// The bytes of `value`. Throws what the value's `encode(to:)` throws.
    package func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = SnapshotByteSink()
        try sink.encodeValue(value)
        return sink.bytes
    }
}

/// A value the snapshot coders write in their own way instead of through `Codable` containers.
package protocol SnapshotSpecialCoding {
    /// Writes the value to `sink`.
    func snapshotEncode(to sink: SnapshotByteSink) throws
    /// Reads a value written by `snapshotEncode`.
    static func snapshotDecode(from source: SnapshotByteSource) throws -> Self
}

extension Optional: SnapshotSpecialCoding where Wrapped: Codable {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        switch self {
        case .none: sink.bytes.append(0)
        case .some(let wrapped):
            sink.bytes.append(1)
            try sink.encodeValue(wrapped)
        }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
        try source.readByte() == 0 ? nil : try source.decodeValue(Wrapped.self)
    }
}

extension Array: SnapshotSpecialCoding where Element: Codable {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        sink.writeVarint(UInt64(count))
        for element in self { try sink.encodeValue(element) }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
        let count = try source.readCount()
        var result = Self()
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try source.decodeValue(Element.self)) }
        return result
    }
}

extension Set: SnapshotSpecialCoding where Element: Codable {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        sink.writeVarint(UInt64(count))
        for element in self { try sink.encodeValue(element) }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
        let count = try source.readCount()
        var result = Self(minimumCapacity: count)
        for _ in 0..<count { result.insert(try source.decodeValue(Element.self)) }
        return result
    }
}

extension Dictionary: SnapshotSpecialCoding where Key: Codable, Value: Codable {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        sink.writeVarint(UInt64(count))
        for (key, value) in self {
            try sink.encodeValue(key)
            try sink.encodeValue(value)
        }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
        let count = try source.readCount()
        var result = Self(minimumCapacity: count)
        for _ in 0..<count {
            let key = try source.decodeValue(Key.self)
            result[key] = try source.decodeValue(Value.self)
        }
        return result
    }
}

/// The growing output of an encoding, with the key names numbered so far.
package final class SnapshotByteSink {
    /// The bytes written so far.
    // Unchecked exclusivity: every write of the state appends here, and the dynamic access checks
    // of a class property cost more than the appends; a sink is used by one encoding at a time.
    @exclusivity(unchecked) package var bytes: [UInt8] = []
    /// When set, `SnapshotMap`s write their entries here as tables and only a descriptor into `bytes`.
    package var tableArea: [UInt8]?
    /// When set, `SnapshotMap`s read from a table write only their changes since (a delta).
    package var writesDelta = false
    /// With `tableArea`: the byte count of the area that `tableArea` extends in place (`extendedTables`);
    /// the tables written name offsets after it.
    package var tableAreaPrefix = 0
    /// With `tableArea`: the area of the base being extended in place, whose unchanged tables keep their
    /// places (`StateSnapshotTables.beginExtension`); nil for a new area.
    package var extendedTables: StateSnapshotTables?
    private var keyNumbers: [String: UInt64] = [:]

    init() {}

    /// A sink whose bytes have room for `byteCount` bytes before they grow (each growth copies them
    /// into a new allocation, whose pages are first touched then).
    init(reservingCapacity byteCount: Int) {
        bytes.reserveCapacity(byteCount)
    }

    /// Writes `value`: integers, Bool and String directly, `SnapshotSpecialCoding` values their own way,
    /// anything else through its `encode(to:)`.
    package func encodeValue<T: Encodable>(_ value: T) throws {
        // Metatype comparisons, not casts: they cost a pointer comparison each.
        if T.self == Int.self { return writeSigned(Int64(unsafeBitCast(value, to: Int.self))) }
        if T.self == String.self { return writeString(unsafeBitCast(value, to: String.self)) }
        if T.self == Int64.self { return writeSigned(unsafeBitCast(value, to: Int64.self)) }
        if T.self == UInt64.self { return writeVarint(unsafeBitCast(value, to: UInt64.self)) }
        if T.self == Int32.self { return writeSigned(Int64(unsafeBitCast(value, to: Int32.self))) }
        if T.self == Bool.self { return bytes.append(unsafeBitCast(value, to: Bool.self) ? 1 : 0) }
        // The fund layer's scalars, as their `Codable` forms write them (SnapshotScalars+Codable.swift).
        if T.self == Fen.self { return writeSigned(unsafeBitCast(value, to: Fen.self).rawValue) }
        if T.self == CivilDate.self { return writeSigned(Int64(unsafeBitCast(value, to: CivilDate.self).dayNumber)) }
        if T.self == DivisionCode.self { return writeSigned(Int64(unsafeBitCast(value, to: DivisionCode.self).rawValue)) }
        if let special = specialType(of: T.self) {
            try encodeSpecial(value, as: special)
        } else {
            try value.encode(to: SnapshotValueEncoder(sink: self))
        }
    }

    private var specialTypes = SnapshotSpecialTypes()

    private func specialType(of type: Any.Type) -> (any SnapshotSpecialCoding.Type)? {
        specialTypes.conformance(of: type)
    }

    private func encodeSpecial<S: SnapshotSpecialCoding, T>(_ value: T, as type: S.Type) throws {
        // T is S here (the cast above succeeded on T's metatype).
        try unsafeBitCast(value, to: S.self).snapshotEncode(to: self)
    }

    /// Bytes of a section's byte count (`SnapshotSection`): a UInt32, little-endian.
    static let sectionHeaderByteCount = 4

    /// Writes a section: its byte count, then what `body` writes (the count is filled in after it).
    func writeSection(_ body: () throws -> Void) rethrows {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: Self.sectionHeaderByteCount))
        try body()
        let count = UInt32(truncatingIfNeeded: bytes.count - start - Self.sectionHeaderByteCount)
        for index in 0..<Self.sectionHeaderByteCount {
            bytes[start + index] = UInt8(truncatingIfNeeded: count >> (8 * UInt32(index)))
        }
    }

    /// The byte count that marks a section held by the base payload (`writeSection(baseOffset:byteCount:)`).
    static let sectionReference: UInt32 = 0xffff_ffff

    /// Writes, in a delta, a section whose bytes are the base payload's `[baseOffset, baseOffset + byteCount)`:
    /// `sectionReference`, then the offset and the byte count as varints.
    func writeSection(baseOffset: Int, byteCount: Int) {
        for index in 0..<Self.sectionHeaderByteCount { bytes.append(UInt8(truncatingIfNeeded: Self.sectionReference >> (8 * UInt32(index)))) }
        writeVarint(UInt64(baseOffset))
        writeVarint(UInt64(byteCount))
    }

    /// Writes a section whose bytes (without their count) were read from a payload, unchanged.
    func writeSection(storedBytes: ArraySlice<UInt8>) {
        let count = UInt32(truncatingIfNeeded: storedBytes.count)
        for index in 0..<Self.sectionHeaderByteCount { bytes.append(UInt8(truncatingIfNeeded: count >> (8 * UInt32(index)))) }
        bytes.append(contentsOf: storedBytes)
    }

    /// Writes a byte string: a varint byte count, then the bytes (`SnapshotByteSource.readByteString`).
    func writeByteString(_ string: ArraySlice<UInt8>) {
        writeVarint(UInt64(string.count))
        bytes.append(contentsOf: string)
    }

    /// Writes an unsigned LEB128 varint.
    package func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    func writeSigned(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Writes a dictionary by hand: its count, then `writeEntry` for each member. Called from a
    /// concrete type's `snapshotEncode`, it is specialised (no generic dictionary walk per member).
    func writeDictionary<Key, Value>(_ dictionary: [Key: Value], _ writeEntry: (Key, Value) throws -> Void) rethrows {
        writeVarint(UInt64(dictionary.count))
        for (key, value) in dictionary { try writeEntry(key, value) }
    }

    /// Writes an array by hand: its count, then `writeElement` for each element.
    func writeArray<Element>(_ array: [Element], _ writeElement: (Element) throws -> Void) rethrows {
        writeVarint(UInt64(array.count))
        for element in array { try writeElement(element) }
    }

    /// Writes an optional Bool as one byte: 0 false, 1 true, 2 absent.
    func writeOptionalBool(_ value: Bool?) {
        bytes.append(value.map { $0 ? 1 : 0 } ?? 2)
    }

    /// Writes an optional exit reason: 0 for none, otherwise 1 + its index in `allCases`.
    func writeExitReason(_ reason: BeneficiaryExitReason?) {
        writeVarint(reason.map { UInt64(BeneficiaryExitReason.allCases.firstIndex(of: $0)! + 1) } ?? 0)
    }

    /// Writes an optional integer: a flag byte, then the value when present.
    func writeOptionalSigned(_ value: Int64?) {
        if let value {
            bytes.append(1)
            writeSigned(value)
        } else {
            bytes.append(0)
        }
    }

    /// Writes a Bool as one byte (0 or 1).
    func writeBool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Writes an amount in fen.
    func writeFen(_ value: Fen) { writeSigned(value.rawValue) }

    /// Writes a date as its day number.
    func writeDate(_ value: CivilDate) { writeSigned(Int64(value.dayNumber)) }

    /// Writes a division code as its integer.
    func writeDivisionCode(_ value: DivisionCode) { writeSigned(Int64(value.rawValue)) }

    /// Writes an `Int` as a signed varint.
    func writeInt(_ value: Int) { writeSigned(Int64(value)) }

    /// Writes the case of a `CaseIterable` enum as its index in `allCases`.
    func writeCase<E: CaseIterable & Equatable>(_ value: E) where E.AllCases == [E] {
        writeVarint(UInt64(E.allCases.firstIndex(of: value)!))
    }

    /// Writes an optional: a presence byte (0 or 1), then the value through `writeValue` when present.
    func writeOptional<Value>(_ value: Value?, _ writeValue: (Value) throws -> Void) rethrows {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        try writeValue(value)
    }

    /// Writes a set: its count, then `writeElement` for each element.
    func writeSet<Element>(_ set: Set<Element>, _ writeElement: (Element) throws -> Void) rethrows {
        writeVarint(UInt64(set.count))
        for element in set { try writeElement(element) }
    }

    func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    func writeKey(_ key: some CodingKey) {
        let name = key.stringValue
        if let number = keyNumbers[name] {
            writeVarint(number + 1)
        } else {
            keyNumbers[name] = UInt64(keyNumbers.count)
            writeVarint(0)
            writeString(name)
        }
    }
}

private struct SnapshotValueEncoder: Encoder {
    let sink: SnapshotByteSink
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedWriter<Key>(sink: sink))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { UnkeyedWriter(sink: sink) }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueWriter(sink: sink) }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: SnapshotByteSink
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        sink.writeKey(key)
        sink.bytes.append(0)
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws { sink.writeKey(key); sink.bytes.append(value ? 1 : 0) }
    mutating func encode(_ value: String, forKey key: Key) throws { sink.writeKey(key); sink.writeString(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { sink.writeKey(key); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { sink.writeKey(key); sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { sink.writeKey(key); sink.writeSigned(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        sink.writeKey(key)
        try sink.encodeValue(value)
    }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, key) }

    private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
        sink.writeKey(key)
        guard let value else { return sink.bytes.append(0) }
        sink.bytes.append(1)
        try sink.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        sink.writeKey(key)
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(sink: sink))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        sink.writeKey(key)
        return UnkeyedWriter(sink: sink)
    }

    mutating func superEncoder() -> any Encoder { SnapshotValueEncoder(sink: sink) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        sink.writeKey(key)
        return SnapshotValueEncoder(sink: sink)
    }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let sink: SnapshotByteSink
    // Where the 4-byte element count lies; it is rewritten after each element.
    let countPosition: Int
    private(set) var count = 0
    var codingPath: [any CodingKey] { [] }

    init(sink: SnapshotByteSink) {
        self.sink = sink
        countPosition = sink.bytes.count
        sink.bytes.append(contentsOf: [0, 0, 0, 0])
    }

    private mutating func added() {
        count += 1
        let value = UInt32(truncatingIfNeeded: count)
        for index in 0..<4 { sink.bytes[countPosition + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
    }

    mutating func encodeNil() throws { sink.bytes.append(0); added() }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try sink.encodeValue(value)
        added()
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        added()
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(sink: sink))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        added()
        return UnkeyedWriter(sink: sink)
    }

    mutating func superEncoder() -> any Encoder {
        added()
        return SnapshotValueEncoder(sink: sink)
    }
}

private struct SingleValueWriter: SingleValueEncodingContainer {
    let sink: SnapshotByteSink
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { sink.bytes.append(0) }
    mutating func encode(_ value: Bool) throws { sink.bytes.append(value ? 1 : 0) }
    mutating func encode(_ value: String) throws { sink.writeString(value) }
    mutating func encode(_ value: Double) throws { sink.writeVarint(value.bitPattern) }
    mutating func encode(_ value: Float) throws { sink.writeVarint(UInt64(value.bitPattern)) }
    mutating func encode(_ value: Int) throws { sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int8) throws { sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int16) throws { sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int32) throws { sink.writeSigned(Int64(value)) }
    mutating func encode(_ value: Int64) throws { sink.writeSigned(value) }
    mutating func encode(_ value: UInt) throws { sink.writeVarint(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { sink.writeVarint(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { sink.writeVarint(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { sink.writeVarint(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { sink.writeVarint(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try sink.encodeValue(value) }
}

// SnapshotBinaryDecoder: reads what `SnapshotBinaryEncoder` wrote (the format is described there).
// Every read is bounds-checked and every keyed member's name is compared with the one expected, so
// damaged or foreign bytes throw `SnapshotDecodingError` rather than produce a wrong state.

import LedgerJournal

/// Why snapshot bytes could not be decoded.
package enum SnapshotDecodingError: Error, Equatable {
    /// The bytes ended at `byteOffset` inside a value.
    case truncated(byteOffset: Int)
    /// A member name other than the one expected was found at `byteOffset`.
    case unexpectedKey(byteOffset: Int, expected: String)
    /// A value at `byteOffset` was out of range or malformed (a bad varint, length, flag or UTF-8).
    case malformed(byteOffset: Int)
    /// Bytes were left over after the value, starting at `byteOffset`.
    case trailingBytes(byteOffset: Int)
}

/// Decodes `Decodable` values from the snapshot's binary form.
package struct SnapshotBinaryDecoder {
    /// Creates a decoder.
    package init() {}

    /// The value of type `type` that `bytes` hold, which must be exactly one value.
    /// Throws `SnapshotDecodingError` for damaged bytes, and what the type's `init(from:)` throws.
    package func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let source = SnapshotByteSource(bytes)
        let value = try source.decodeValue(type)
        guard source.position == bytes.count else { throw SnapshotDecodingError.trailingBytes(byteOffset: source.position) }
        return value
    }
}

/// The input of a decoding, with the key names read so far.
package final class SnapshotByteSource {
    let bytes: [UInt8]
    /// The offset of the next byte to read. Unchecked exclusivity: every read of the state moves it,
    /// and the dynamic access checks of a class property cost more than the reads; a source is used
    /// by one decoding at a time.
    @exclusivity(unchecked) package private(set) var position = 0
    private var keyNames: [String] = []
    /// The table area `SnapshotMap`s written as tables read from (nil: such maps are malformed).
    var tables: StateSnapshotTables?
    /// Whether the bytes are the payload of the base `tables` belong to (`tables.basePayload`).
    var isBasePayload = false

    init(_ bytes: [UInt8], tables: StateSnapshotTables? = nil) {
        self.bytes = bytes
        self.tables = tables
    }

    /// Reads a value of type `type`: integers, Bool and String directly, `SnapshotSpecialCoding` types
    /// their own way, anything else through its `init(from:)`.
    package func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Int.self { return unsafeBitCast(Int(try readSigned()), to: T.self) }
        if T.self == String.self { return unsafeBitCast(try readString(), to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try readSigned(), to: T.self) }
        if T.self == UInt64.self { return unsafeBitCast(try readVarint(), to: T.self) }
        if T.self == Int32.self { return unsafeBitCast(try narrow(try readSigned(), Int32.self), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try readFlag(), to: T.self) }
        // The fund layer's scalars, as their `Codable` forms read them (SnapshotScalars+Codable.swift).
        if T.self == Fen.self { return unsafeBitCast(Fen(try readSigned()), to: T.self) }
        if T.self == CivilDate.self { return unsafeBitCast(CivilDate(dayNumber: try narrow(try readSigned(), Int32.self)), to: T.self) }
        if T.self == DivisionCode.self {
            let value = try narrow(try readSigned(), Int32.self)
            guard value >= 0, value <= 999_999 else { throw SnapshotDecodingError.malformed(byteOffset: position) }
            return unsafeBitCast(DivisionCode(uncheckedRawValue: value), to: T.self)
        }
        if let special = specialType(of: type) { return try decodeSpecial(special, as: type) }
        return try T(from: SnapshotValueDecoder(source: self))
    }

    private var specialTypes = SnapshotSpecialTypes()

    private func specialType(of type: Any.Type) -> (any SnapshotSpecialCoding.Type)? {
        specialTypes.conformance(of: type)
    }

    private func decodeSpecial<S: SnapshotSpecialCoding, T>(_ special: S.Type, as type: T.Type) throws -> T {
        // T is S here (the cast above succeeded on T's metatype).
        unsafeBitCast(try S.snapshotDecode(from: self), to: T.self)
    }

    func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw SnapshotDecodingError.truncated(byteOffset: position) }
        defer { position += 1 }
        return bytes[position]
    }

    func readFlag() throws -> Bool {
        let start = position
        switch try readByte() {
        case 0: return false
        case 1: return true
        default: throw SnapshotDecodingError.malformed(byteOffset: start)
        }
    }

    func readVarint() throws -> UInt64 {
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64, shift < 63 || byte <= 1 else { throw SnapshotDecodingError.malformed(byteOffset: start) }
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    func readSigned() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    func narrow<I: FixedWidthInteger>(_ value: Int64, _ type: I.Type) throws -> I {
        guard let narrowed = I(exactly: value) else { throw SnapshotDecodingError.malformed(byteOffset: position) }
        return narrowed
    }

    func narrowUnsigned<I: FixedWidthInteger>(_ value: UInt64, _ type: I.Type) throws -> I {
        guard let narrowed = I(exactly: value) else { throw SnapshotDecodingError.malformed(byteOffset: position) }
        return narrowed
    }

    /// A count or length: a varint no larger than the bytes left (each element takes at least one byte).
    func readCount() throws -> Int {
        let start = position
        let count = try readVarint()
        guard count <= UInt64(bytes.count - position) else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        return Int(count)
    }

    func readString() throws -> String {
        let start = position
        let count = try readCount()
        defer { position += count }
        let string = bytes.withUnsafeBufferPointer { buffer in
            String(validating: UnsafeBufferPointer(rebasing: buffer[position..<position + count]), as: UTF8.self)
        }
        guard let string else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        return string
    }

    /// Reads what `SnapshotByteSink.writeDictionary` wrote, reserving the dictionary at its final
    /// size; a key read twice is malformed.
    func readDictionary<Key: Hashable, Value>(_ readEntry: () throws -> (Key, Value)) throws -> [Key: Value] {
        let count = try readCount()
        var result = [Key: Value](minimumCapacity: count)
        for _ in 0..<count {
            let start = position
            let (key, value) = try readEntry()
            guard result.updateValue(value, forKey: key) == nil else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        }
        return result
    }

    /// Reads what `SnapshotByteSink.writeArray` wrote.
    func readArray<Element>(_ readElement: () throws -> Element) throws -> [Element] {
        let count = try readCount()
        var result: [Element] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try readElement()) }
        return result
    }

    /// A byte string: a varint byte count, then the bytes.
    func readByteString() throws -> ArraySlice<UInt8> {
        let count = try readCount()
        defer { position += count }
        return bytes[position..<position + count]
    }

    /// Reads what `SnapshotByteSink.writeOptional` wrote.
    func readOptional<Value>(_ readValue: () throws -> Value) throws -> Value? {
        try readFlag() ? try readValue() : nil
    }

    /// Reads what `SnapshotByteSink.writeSet` wrote; an element read twice is malformed.
    func readSet<Element: Hashable>(_ readElement: () throws -> Element) throws -> Set<Element> {
        let count = try readCount()
        var result = Set<Element>(minimumCapacity: count)
        for _ in 0..<count {
            let start = position
            guard result.insert(try readElement()).inserted else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        }
        return result
    }

    /// Reads what `SnapshotByteSink.writeBool` wrote.
    func readBool() throws -> Bool { try readFlag() }

    /// Reads what `SnapshotByteSink.writeOptionalSigned` wrote.
    func readOptionalSigned() throws -> Int64? {
        try readFlag() ? try readSigned() : nil
    }

    /// A signed varint that must fit `Int`.
    func readInt() throws -> Int { try narrow(try readSigned(), Int.self) }

    /// An optional Bool written by `writeOptionalBool`.
    func readOptionalBool() throws -> Bool? {
        let start = position
        switch try readByte() {
        case 0: return false
        case 1: return true
        case 2: return nil
        default: throw SnapshotDecodingError.malformed(byteOffset: start)
        }
    }

    /// An optional exit reason written by `writeExitReason`.
    func readExitReason() throws -> BeneficiaryExitReason? {
        let start = position
        let index = try readVarint()
        guard index <= UInt64(BeneficiaryExitReason.allCases.count) else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        return index == 0 ? nil : BeneficiaryExitReason.allCases[Int(index) - 1]
    }

    /// A day number (`CivilDate`).
    func readDate() throws -> CivilDate { CivilDate(dayNumber: try narrow(try readSigned(), Int32.self)) }

    /// An amount in fen.
    func readFen() throws -> Fen { Fen(try readSigned()) }

    /// A division code (0…999999).
    func readDivisionCode() throws -> DivisionCode {
        let start = position
        let value = try narrow(try readSigned(), Int32.self)
        guard value >= 0, value <= 999_999 else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        return DivisionCode(uncheckedRawValue: value)
    }

    /// The case of a `CaseIterable` enum written as its index in `allCases`.
    func readCase<E: CaseIterable>(_ type: E.Type) throws -> E where E.AllCases == [E] {
        let start = position
        let index = try readVarint()
        guard index < UInt64(E.allCases.count) else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        return E.allCases[Int(index)]
    }

    /// A section (`SnapshotSection`), returned without being decoded: its byte count (UInt32,
    /// little-endian) and that many bytes, or (in a delta) `SnapshotByteSink.sectionReference` and the
    /// offset and byte count (varints) of the same section's bytes in the base payload. `baseOffset` is
    /// where the bytes lie in the base payload, nil when they are not the base's; `bytes` is nil for a
    /// reference (the base payload is read only when the section is decoded: `SnapshotSectionBytes`).
    func readSection() throws -> (bytes: ArraySlice<UInt8>?, baseOffset: Int?, byteCount: Int) {
        let start = position
        let headerByteCount = SnapshotByteSink.sectionHeaderByteCount
        guard bytes.count - position >= headerByteCount else { throw SnapshotDecodingError.truncated(byteOffset: position) }
        var count = 0
        for index in 0..<headerByteCount { count |= Int(bytes[position + index]) << (8 * index) }
        if count == Int(SnapshotByteSink.sectionReference) {
            position += headerByteCount
            let offset = try readVarint()
            let referencedCount = try readVarint()
            // The base payload's length is known from its header without reading it.
            guard let payloadByteCount = tables?.basePayloadByteCount, offset <= UInt64(payloadByteCount),
                  referencedCount <= UInt64(payloadByteCount) - offset else {
                throw SnapshotDecodingError.malformed(byteOffset: start)
            }
            return (nil, Int(offset), Int(referencedCount))
        }
        guard count <= bytes.count - position - headerByteCount else { throw SnapshotDecodingError.truncated(byteOffset: start) }
        position += headerByteCount + count
        return (bytes[start + headerByteCount..<position], isBasePayload ? start + headerByteCount : nil, count)
    }

    func readElementCount() throws -> Int {
        let start = position
        guard bytes.count - position >= 4 else { throw SnapshotDecodingError.truncated(byteOffset: position) }
        var value = 0
        for index in 0..<4 { value |= Int(bytes[position + index]) << (8 * index) }
        position += 4
        guard value <= bytes.count - position else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        return value
    }

    /// Reads a key token and checks that it names `key`.
    func readKey(_ key: some CodingKey) throws {
        let name = try readKeyName(expected: key.stringValue)
        _ = name
    }

    private func readKeyName(expected: String?) throws -> String {
        let start = position
        let token = try readVarint()
        let name: String
        if token == 0 {
            name = try readString()
            keyNames.append(name)
        } else {
            guard token <= UInt64(keyNames.count) else { throw SnapshotDecodingError.malformed(byteOffset: start) }
            name = keyNames[Int(token - 1)]
        }
        if let expected, name != expected { throw SnapshotDecodingError.unexpectedKey(byteOffset: start, expected: expected) }
        return name
    }

    /// The name of the next key token, without consuming it (an enum's case).
    func peekKeyName() throws -> String {
        let start = position
        let known = keyNames.count
        defer {
            position = start
            if keyNames.count > known { keyNames.removeLast(keyNames.count - known) }
        }
        return try readKeyName(expected: nil)
    }
}

private struct SnapshotValueDecoder: Decoder {
    let source: SnapshotByteSource
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedReader<Key>(source: source))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try UnkeyedReader(source: source) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueReader(source: source) }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let source: SnapshotByteSource
    var codingPath: [any CodingKey] { [] }

    // Only an enum asks which member follows: its one case.
    var allKeys: [Key] {
        guard let name = try? source.peekKeyName(), let key = Key(stringValue: name) else { return [] }
        return [key]
    }

    func contains(_ key: Key) -> Bool { (try? source.peekKeyName()) == key.stringValue }

    func decodeNil(forKey key: Key) throws -> Bool {
        try source.readKey(key)
        return try !source.readFlag()
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try source.readKey(key); return try source.readFlag() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try source.readKey(key); return try source.readString() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try source.readKey(key); return try source.narrow(try source.readSigned(), Int.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try source.readKey(key); return try source.narrow(try source.readSigned(), Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try source.readKey(key); return try source.readSigned() }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try source.readKey(key)
        return try source.decodeValue(type)
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        try source.readKey(key)
        return try source.readFlag() ? try source.decodeValue(type) : nil
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try source.readKey(key)
        return KeyedDecodingContainer(KeyedReader<NestedKey>(source: source))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try source.readKey(key)
        return try UnkeyedReader(source: source)
    }

    func superDecoder() throws -> any Decoder { SnapshotValueDecoder(source: source) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        try source.readKey(key)
        return SnapshotValueDecoder(source: source)
    }
}

private struct UnkeyedReader: UnkeyedDecodingContainer {
    let source: SnapshotByteSource
    let count: Int?
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var isAtEnd: Bool { currentIndex >= count ?? 0 }

    init(source: SnapshotByteSource) throws {
        self.source = source
        count = try source.readElementCount()
    }

    private mutating func next() throws {
        guard !isAtEnd else { throw SnapshotDecodingError.malformed(byteOffset: source.position) }
        currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool {
        // An element written by `encodeNil` is one zero byte; peeking cannot tell it from a value, and
        // no snapshot type writes optional elements through an unkeyed container (Optional is special).
        false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next()
        return try source.decodeValue(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next()
        return KeyedDecodingContainer(KeyedReader<NestedKey>(source: source))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next()
        return try UnkeyedReader(source: source)
    }

    mutating func superDecoder() throws -> any Decoder {
        try next()
        return SnapshotValueDecoder(source: source)
    }
}

private struct SingleValueReader: SingleValueDecodingContainer {
    let source: SnapshotByteSource
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { try source.readFlag() }
    func decode(_ type: String.Type) throws -> String { try source.readString() }
    func decode(_ type: Double.Type) throws -> Double { Double(bitPattern: try source.readVarint()) }
    func decode(_ type: Float.Type) throws -> Float { Float(bitPattern: try source.narrowUnsigned(try source.readVarint(), UInt32.self)) }
    func decode(_ type: Int.Type) throws -> Int { try source.narrow(try source.readSigned(), Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try source.narrow(try source.readSigned(), Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try source.narrow(try source.readSigned(), Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try source.narrow(try source.readSigned(), Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try source.readSigned() }
    func decode(_ type: UInt.Type) throws -> UInt { try source.narrowUnsigned(try source.readVarint(), UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try source.narrowUnsigned(try source.readVarint(), UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try source.narrowUnsigned(try source.readVarint(), UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try source.narrowUnsigned(try source.readVarint(), UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try source.readVarint() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try source.decodeValue(type) }
}

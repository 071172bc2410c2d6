// Hand-written snapshot coding of the scalar keys and values of the registers, and the map coding
// built from the types' own `SnapshotSpecialCoding` (docs/FORMAT.md §1). Every member of the
// validator state is written by hand: a generic `Codable` pass costs, in a fresh process, a scan of
// every conformance record of the binary for each type it meets (issue #8, single append).

extension String: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) { sink.writeString(self) }
    package static func snapshotDecode(from source: SnapshotByteSource) throws -> String { try source.readString() }
}

extension Int: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) { sink.writeInt(self) }
    package static func snapshotDecode(from source: SnapshotByteSource) throws -> Int { try source.readInt() }
}

extension Fen: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) { sink.writeFen(self) }
    package static func snapshotDecode(from source: SnapshotByteSource) throws -> Fen { try source.readFen() }
}

extension CivilDate: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) { sink.writeDate(self) }
    package static func snapshotDecode(from source: SnapshotByteSource) throws -> CivilDate { try source.readDate() }
}

extension DivisionCode: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) { sink.writeDivisionCode(self) }
    package static func snapshotDecode(from source: SnapshotByteSource) throws -> DivisionCode { try source.readDivisionCode() }
}

extension SnapshotMapCoding where Key: SnapshotSpecialCoding, Value: SnapshotSpecialCoding {
    /// Keys and values through their own hand-written coding.
    static var special: Self {
        Self(writeKey: { try $0.snapshotEncode(to: $1) }, readKey: { try Key.snapshotDecode(from: $0) },
             writeValue: { try $0.snapshotEncode(to: $1) }, readValue: { try Value.snapshotDecode(from: $0) })
    }
}

extension SnapshotMapCoding where Key: SnapshotSpecialCoding {
    /// Keys through their own coding, values through `writeValue` and `readValue`.
    static func special(writeValue: @escaping @Sendable (Value, SnapshotByteSink) throws -> Void,
                        readValue: @escaping @Sendable (SnapshotByteSource) throws -> Value) -> Self {
        Self(writeKey: { try $0.snapshotEncode(to: $1) }, readKey: { try Key.snapshotDecode(from: $0) },
             writeValue: writeValue, readValue: readValue)
    }

    /// Keys through their own coding, values arrays of elements through their own coding.
    static func specialArrays<Element: SnapshotSpecialCoding>() -> Self where Value == [Element] {
        special(writeValue: { list, sink in try sink.writeArray(list) { try $0.snapshotEncode(to: sink) } },
                readValue: { source in try source.readArray { try Element.snapshotDecode(from: source) } })
    }
}

extension PrehashedString: SnapshotSpecialCoding {
    // The text alone, as a `String` key is written: its hash value belongs to this process.
    package func snapshotEncode(to sink: SnapshotByteSink) { sink.writeString(text) }
    package static func snapshotDecode(from source: SnapshotByteSource) throws -> PrehashedString {
        PrehashedString(try source.readString())
    }
}

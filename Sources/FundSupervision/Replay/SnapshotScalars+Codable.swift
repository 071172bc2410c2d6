// Codable forms of FundSupervision's scalar types for snapshots (`JOURNAL.state`): each is its raw
// integer in a single-value container, so that a snapshot holds numbers, not keyed objects.

extension Fen: Codable {
    /// Reads the amount in fen.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Int64.self))
    }

    /// Writes the amount in fen.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension CivilDate: Codable {
    /// Reads the day number (days since 1970-01-01).
    public init(from decoder: any Decoder) throws {
        self.init(dayNumber: try decoder.singleValueContainer().decode(Int32.self))
    }

    /// Writes the day number (days since 1970-01-01).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dayNumber)
    }
}

extension DivisionCode: Codable {
    /// Reads the code as an integer; throws `DecodingError.dataCorrupted` outside 0…999999.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Int32.self)
        guard value >= 0, value <= 999_999 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "division code out of range")
        }
        self.init(uncheckedRawValue: value)
    }

    /// Writes the code as an integer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

// A payee in snapshots: its kind as the index in `PayeeKind.allCases` and its id, by hand (payees are
// the keys of the per-payee registers, read by the hundred thousand at each append).
extension Payee: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        sink.writeVarint(UInt64(PayeeKind.allCases.firstIndex(of: kind) ?? 0))
        sink.writeString(id)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> Payee {
        Payee(kind: try source.readCase(PayeeKind.self), id: try source.readString())
    }
}

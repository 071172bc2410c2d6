// JSONValue+Codable: a JSON value inside a `Codable` structure (a domain layer's snapshot, say) is
// written as its canonical JSON text (RFC 8785, docs/FORMAT.md §2) and read back by the strict parser.

extension JSONValue: Codable {
    /// Reads canonical JSON text; throws `DecodingError.dataCorrupted` for text the strict parser refuses.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try CanonicalJSON.parseCanonical(Array(text.utf8))
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not canonical JSON")
        }
    }

    /// Writes the value's canonical JSON text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(decoding: CanonicalJSON.encode(self), as: UTF8.self))
    }
}

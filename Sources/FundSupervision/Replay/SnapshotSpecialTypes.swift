/// Which types code themselves (`SnapshotSpecialCoding`), remembered per type for the encoder and
/// the decoder: a conformance check costs far more than a dictionary lookup, so each type is checked once.
struct SnapshotSpecialTypes {
    private var known: [ObjectIdentifier: (any SnapshotSpecialCoding.Type)?] = [:]

    /// `type` as a `SnapshotSpecialCoding` type, or nil when it does not conform.
    mutating func conformance(of type: Any.Type) -> (any SnapshotSpecialCoding.Type)? {
        if let remembered = known[ObjectIdentifier(type)] { return remembered }
        // A metatype cast: a value cast would look inside an Optional.
        let special = type as? any SnapshotSpecialCoding.Type
        known[ObjectIdentifier(type)] = .some(special)
        return special
    }
}

// Dictionary hashing of the small integer keys that the in-order half of replay looks up for every
// entry: division codes (a county's totals, a fund's accounts, pools) and dates (R-BACKDATED's daily
// outflows).
//
// A `Dictionary` hashes a key through `_rawHashValue(seed:)`, by default a `Hasher` (SipHash-1-3):
// seeding, combining and finalising cost about 150 instructions for a 4-byte value, and replay did
// that about ten times per payment. The values here are mixed with the dictionary's seed by
// `PrehashedString.mix` (SplitMix64's finaliser, a bijection of the 64-bit value) instead. Equal
// values give equal results, as `Hashable` requires; `hash(into:)` (used when such a value is one
// part of a larger key) is unchanged. Dictionaries stay seeded per process, so nothing relies on
// their order (every report and snapshot sorts or writes by key).

extension DivisionCode {
    /// The code mixed with a dictionary's seed, without a `Hasher`.
    public func _rawHashValue(seed: Int) -> Int { PrehashedString.mix(Int(rawValue), seed: seed) }
}

extension CivilDate {
    /// The day number mixed with a dictionary's seed, without a `Hasher`.
    public func _rawHashValue(seed: Int) -> Int { PrehashedString.mix(Int(dayNumber), seed: seed) }
}

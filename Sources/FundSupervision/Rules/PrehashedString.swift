// PrehashedString: a text key that carries its hash value, for registers looked up at every payment.
//
// A household's pseudonym is 64 characters: hashing it costs more than the rest of a dictionary
// lookup, and the in-order thread of a replay would hash it once per register per payment. Replay
// computes `text.hashValue` on the preparing cores (`PaymentKeys`); a key built with that value
// hashes one integer. The value uses this process's seed, so it is never stored: a key decoded from a
// state file hashes its text again, and the snapshot codings write the text alone.

/// A text with its `hashValue` in this process; equal, ordered and coded as the text.
package struct PrehashedString: Hashable, Sendable, Comparable, Codable, CodingKeyRepresentable {
    /// The text.
    package let text: String
    /// `text.hashValue` in this process.
    package let textHash: Int

    /// The key of `text`; `textHash`, when given, must be `text.hashValue` in this process.
    package init(_ text: String, textHash: Int? = nil) {
        self.text = text
        self.textHash = textHash ?? text.hashValue
    }

    /// Equal when the texts are (equal texts have equal hash values, so those are compared first).
    package static func == (lhs: PrehashedString, rhs: PrehashedString) -> Bool {
        lhs.textHash == rhs.textHash && lhs.text == rhs.text
    }

    /// Ordered as the texts.
    package static func < (lhs: PrehashedString, rhs: PrehashedString) -> Bool { lhs.text < rhs.text }

    /// Hashes the text's hash value.
    package func hash(into hasher: inout Hasher) { hasher.combine(textHash) }

    /// The text's hash value mixed with a dictionary's seed, without a `Hasher` (see `mix`).
    package func _rawHashValue(seed: Int) -> Int { Self.mix(textHash, seed: seed) }

    /// `value` mixed with `seed` (SplitMix64's finaliser), for `_rawHashValue(seed:)` of the keys
    /// looked up at every payment whose parts are already hash values or small integers: their
    /// dictionaries then skip the `Hasher` (seeding, combining and finalising cost more than the rest
    /// of a lookup). Equal keys give equal parts, hence equal results, as `Hashable` requires.
    @inline(__always)
    package static func mix(_ value: Int, seed: Int) -> Int {
        var bits = UInt64(truncatingIfNeeded: value) &+ UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15
        bits = (bits ^ (bits >> 30)) &* 0xBF58_476D_1CE4_E5B9
        bits = (bits ^ (bits >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: bits ^ (bits >> 31))
    }

    /// Two parts in one value for `mix` (the second spread by an odd constant first).
    @inline(__always)
    package static func combine(_ first: Int, _ second: Int) -> Int {
        first ^ (second &* 0x2545_F491_4F6C_DD1D)
    }

    /// Decodes a text.
    package init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the text.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// The text as a dictionary key (a dictionary of these codes as one keyed by its texts).
    package var codingKey: any CodingKey { Self.TextKey(stringValue: text) }

    /// The key of a dictionary coded by its texts.
    package init?<T: CodingKey>(codingKey: T) { self.init(codingKey.stringValue) }

    private struct TextKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

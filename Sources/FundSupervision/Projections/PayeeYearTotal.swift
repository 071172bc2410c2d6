// PayeeYearTotal: what one payee received in one fiscal year.

/// The key of a payee-year figure.
public struct PayeeYear: Hashable, Sendable, Comparable, Codable {
    /// The payee.
    public var payee: Payee { didSet { payeeIDHash = payee.id.hashValue } }
    /// The fiscal (calendar) year of the payments' effective dates.
    public var year: Int
    /// `payee.id.hashValue` in this process, hashed in place of the id (a 64-character pseudonym for a
    /// household; replay computes it on the preparing core). Derived: not compared, not coded.
    private var payeeIDHash: Int

    /// Creates a key.
    public init(payee: Payee, year: Int) {
        self.init(payee: payee, year: year, payeeIDHash: nil)
    }

    /// Creates a key; `payeeIDHash`, when given, must be `payee.id.hashValue` in this process.
    package init(payee: Payee, year: Int, payeeIDHash: Int?) {
        self.payee = payee
        self.year = year
        self.payeeIDHash = payeeIDHash ?? payee.id.hashValue
    }

    public static func < (lhs: PayeeYear, rhs: PayeeYear) -> Bool {
        lhs.payee != rhs.payee ? lhs.payee < rhs.payee : lhs.year < rhs.year
    }

    /// Equal when payee and year are. The ids' hash values are compared first: unequal ones rule the
    /// keys out without reading the ids' texts (a dictionary probe compares every key it passes).
    public static func == (lhs: PayeeYear, rhs: PayeeYear) -> Bool {
        lhs.year == rhs.year && lhs.payeeIDHash == rhs.payeeIDHash && lhs.payee == rhs.payee
    }

    /// Hashes the payee's kind, the id's hash value and the year (equal ids have equal hash values).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(payee.kind)
        hasher.combine(payeeIDHash)
        hasher.combine(year)
    }

    /// The id's hash value and the year mixed with a dictionary's seed, without a `Hasher` (the
    /// payee-year register is looked up at every payment). Equal keys give equal results.
    public func _rawHashValue(seed: Int) -> Int {
        PrehashedString.mix(PrehashedString.combine(payeeIDHash, year), seed: seed)
    }

    private enum CodingKeys: String, CodingKey { case payee, year }

    /// Decodes the payee and year.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(payee: try container.decode(Payee.self, forKey: .payee), year: try container.decode(Int.self, forKey: .year))
    }

    /// Encodes the payee and year.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(payee, forKey: .payee)
        try container.encode(year, forKey: .year)
    }
}

/// The payments one payee received in one year.
public struct PayeeYearTotal: Sendable, Equatable, Codable {
    /// Total paid.
    public var paid = Fen.zero
    /// Number of (non-reversed) payments.
    public var paymentCount = 0

    /// Creates an empty total.
    public init() {}
}

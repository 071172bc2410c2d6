// PayeeYearTotal: what one payee received in one fiscal year.

/// The key of a payee-year figure.
public struct PayeeYear: Hashable, Sendable, Comparable, Codable {
    /// The payee.
    public var payee: Payee {
        get { payeeKey.payee }
        set { payeeKey = PayeeKey(newValue) }
    }
    /// The fiscal (calendar) year of the payments' effective dates.
    public var year: Int
    /// The payee as a key: a household's 64-character pseudonym as 32 bytes, with its hash value
    /// (replay makes it on the preparing core). The register is probed at every payment.
    package private(set) var payeeKey: PayeeKey

    /// Creates a key.
    public init(payee: Payee, year: Int) {
        self.init(payeeKey: PayeeKey(payee), year: year)
    }

    /// Creates a key of the payee `payeeKey` stands for.
    package init(payeeKey: PayeeKey, year: Int) {
        self.payeeKey = payeeKey
        self.year = year
    }

    public static func < (lhs: PayeeYear, rhs: PayeeYear) -> Bool {
        lhs.payeeKey != rhs.payeeKey ? lhs.payeeKey < rhs.payeeKey : lhs.year < rhs.year
    }

    /// Equal when payee and year are.
    public static func == (lhs: PayeeYear, rhs: PayeeYear) -> Bool {
        lhs.year == rhs.year && lhs.payeeKey == rhs.payeeKey
    }

    /// Hashes the payee key's hash value and the year.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(payeeKey.hashInProcess)
        hasher.combine(year)
    }

    /// The payee key's hash value and the year mixed with a dictionary's seed, without a `Hasher`
    /// (the payee-year register is looked up at every payment). Equal keys give equal results.
    public func _rawHashValue(seed: Int) -> Int {
        PrehashedString.mix(PrehashedString.combine(payeeKey.hashInProcess, year), seed: seed)
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

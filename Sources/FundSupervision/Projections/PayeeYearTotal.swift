// PayeeYearTotal: what one payee received in one fiscal year.

/// The key of a payee-year figure.
public struct PayeeYear: Hashable, Sendable, Comparable, Codable {
    /// The payee.
    public var payee: Payee
    /// The fiscal (calendar) year of the payments' effective dates.
    public var year: Int

    /// Creates a key.
    public init(payee: Payee, year: Int) {
        self.payee = payee
        self.year = year
    }

    public static func < (lhs: PayeeYear, rhs: PayeeYear) -> Bool {
        lhs.payee != rhs.payee ? lhs.payee < rhs.payee : lhs.year < rhs.year
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

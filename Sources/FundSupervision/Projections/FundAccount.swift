// FundAccount: one fund's money at one unit, and FundState: one fund across all units.

/// The figures of one fund at one unit (a province, prefecture or county).
///
/// `available = received + returnedIn − forwarded − disbursed − returnedOut`. Money the unit
/// *issues* (an allocation from a unit at the fund's source level) is created there and is not
/// subtracted; see `FundProjection`. The integrated pool is part of `available`:
/// `poolAvailable = integrated − poolDisbursed`.
public struct FundAccount: Sendable, Equatable, Codable {
    /// Allocations received (including own-budget appropriations).
    public var received = Fen.zero
    /// Allocations issued from this unit as the fund's source (not subtracted from `available`).
    public var issued = Fen.zero
    /// Allocations forwarded to other units.
    public var forwarded = Fen.zero
    /// Amount moved into the unit's integrated pool.
    public var integrated = Fen.zero
    /// All disbursements (direct and from the pool).
    public var disbursed = Fen.zero
    /// Disbursements out of the integrated pool.
    public var poolDisbursed = Fen.zero
    /// Money returned by this unit to another.
    public var returnedOut = Fen.zero
    /// Money returned to this unit by another.
    public var returnedIn = Fen.zero
    /// Amounts received that a higher level designated for a final recipient, by recipient.
    public var designatedByRecipient: [DivisionCode: Fen] = [:]
    /// Amounts forwarded, by receiving unit.
    public var forwardedByRecipient: [DivisionCode: Fen] = [:]
    /// Non-reversed allocations received; the fund counts as allocated to the unit while > 0.
    public var allocationCount = 0
    /// Permitted purposes of the allocations received, with how many allocations named each.
    public var purposeCounts: [String: Int] = [:]

    /// Creates an empty account.
    public init() {}

    /// Money the unit holds of this fund.
    public var available: Fen { received + returnedIn - forwarded - disbursed - returnedOut }

    /// Money left in the integrated pool.
    public var poolAvailable: Fen { integrated - poolDisbursed }

    /// Whether the fund is (still) allocated to the unit.
    public var isAllocated: Bool { allocationCount > 0 }

    /// Whether every amount is zero (an account left only by reversed entries); reports omit it.
    public var isEmpty: Bool {
        [received, issued, forwarded, integrated, disbursed, poolDisbursed, returnedOut, returnedIn].allSatisfy { $0 == .zero }
    }

    /// The permitted purposes, sorted.
    public var purposes: [String] { purposeCounts.keys.sorted() }
}

/// One fund: its descriptor and its account at every unit that touched it.
public struct FundState: Sendable, Equatable, Codable {
    /// The fund as first allocated.
    public var descriptor: FundDescriptor
    /// Accounts by unit.
    public var accounts: [DivisionCode: FundAccount] = [:]

    /// Creates the state of a newly seen fund.
    public init(descriptor: FundDescriptor) {
        self.descriptor = descriptor
    }

    /// Total issued at the source level: the fund's allocated amount.
    public var allocated: Fen { accounts.values.reduce(Fen.zero) { $0 + $1.issued } }
    /// Total moved into integrated pools.
    public var integrated: Fen { accounts.values.reduce(Fen.zero) { $0 + $1.integrated } }
    /// Total disbursed.
    public var disbursed: Fen { accounts.values.reduce(Fen.zero) { $0 + $1.disbursed } }
    /// Total returned (by any unit to another).
    public var returned: Fen { accounts.values.reduce(Fen.zero) { $0 + $1.returnedOut } }
    /// Total still held anywhere: `allocated − disbursed` (forwarding and returns move money within).
    public var available: Fen { accounts.values.reduce(Fen.zero) { $0 + $1.available } }
}

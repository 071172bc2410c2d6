// CountyTotals: per-unit integration totals (统筹整合) by channel, source level, category and year.

/// Money received, pooled and spent by one unit (usually a county), broken down the ways finance
/// departments and evaluators compare them.
public struct CountyTotals: Sendable, Equatable, Codable {
    /// Allocations received, by fund channel.
    public var receivedByChannel: [String: Fen] = [:]
    /// Allocations received, by the fund's source level.
    public var receivedBySourceLevel: [AdministrativeLevel: Fen] = [:]
    /// Allocations received, by fiscal year.
    public var receivedByYear: [Int: Fen] = [:]
    /// Amount integrated into the pool, by fund channel.
    public var integratedByChannel: [String: Fen] = [:]
    /// Amount integrated, by the fund's source level.
    public var integratedBySourceLevel: [AdministrativeLevel: Fen] = [:]
    /// Amount integrated, by fiscal year of the integration plan.
    public var integratedByYear: [Int: Fen] = [:]
    /// Disbursed (direct and pool), by project category.
    public var disbursedByCategory: [String: Fen] = [:]
    /// Disbursed out of the integrated pool, by project category.
    public var poolSpentByCategory: [String: Fen] = [:]
    /// Disbursed out of the integrated pool, by fund channel.
    public var poolSpentByChannel: [String: Fen] = [:]
    /// Disbursed by year of the payment's effective date.
    public var disbursedByYear: [Int: Fen] = [:]
    /// Total allocations received.
    public var received = Fen.zero
    /// Total forwarded to other units.
    public var forwarded = Fen.zero
    /// Total integrated.
    public var integrated = Fen.zero
    /// Total disbursed.
    public var disbursed = Fen.zero
    /// Total disbursed out of the pool.
    public var poolSpent = Fen.zero
    /// Total returned to other units.
    public var returnedOut = Fen.zero
    /// Total returned to this unit.
    public var returnedIn = Fen.zero
    /// Entries recorded late for this unit.
    public var lateEntryCount = 0

    /// Creates empty totals.
    public init() {}

    /// Whether every total is zero and no entry was late (a unit touched only by reversed entries).
    public var isEmpty: Bool {
        [received, forwarded, integrated, disbursed, poolSpent, returnedOut, returnedIn].allSatisfy { $0 == .zero } && lateEntryCount == 0
    }

    /// Money held: received + returned in − forwarded − disbursed − returned out.
    public var available: Fen { received + returnedIn - forwarded - disbursed - returnedOut }

    /// Money left in the integrated pool.
    public var poolAvailable: Fen { integrated - poolSpent }
}

// AnomalyRule: the contract every zero-tolerance rule implements.
//
// A rule is a small value type that watches the event stream in sequence order and keeps only the
// state it needs (sums per fund, project or payee, open deadlines). The engine calls it in three
// ways: `observe` for each fund event, `retract` when a later `entry.reverse` undoes an event it saw,
// and `advance` when the business clock (the latest effective date seen, or the report's as-of
// date) moves past deadlines. A rule never reads the clock of the machine, so replays agree.

/// A zero-tolerance anomaly rule over the fund event stream.
public protocol AnomalyRule: Sendable {
    /// The rule's id, names, sources, parameters and severity.
    static var descriptor: RuleDescriptor { get }

    /// Creates the rule with empty state.
    init()

    /// Takes in one fund event (already applied to `context.facts`) and returns the flags it raises.
    mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag]

    /// `observe(_:in:)` for a payment (nine entries in ten), with the payment already taken out of
    /// `event`: the engine takes it out once and lends it to every rule, instead of each rule copying
    /// it (and retaining each of its texts) from the event. Must return what `observe(event, in:)` does.
    mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext) -> [AnomalyFlag]

    /// Takes back an event that an `entry.reverse` entry undid, so later checks no longer count it.
    mutating func retract(_ event: RuleEvent, in context: RuleContext)

    /// Moves the business clock to `date`; returns flags for deadlines that passed before `date`,
    /// raised at entry `triggerSequence`.
    mutating func advance(to date: CivilDate, triggerSequence: Int, in context: RuleContext) -> [AnomalyFlag]
}

extension AnomalyRule {
    /// The rule's descriptor, reachable from an existential.
    public var descriptor: RuleDescriptor { Self.descriptor }

    /// By default a payment is observed through `observe(_:in:)`.
    public mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        observe(event, in: context)
    }

    /// By default a rule keeps no state that a reversal must undo.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {}

    /// By default a rule has no deadlines.
    public mutating func advance(to date: CivilDate, triggerSequence: Int, in context: RuleContext) -> [AnomalyFlag] {
        []
    }
}

extension RuleDescriptor {
    /// Makes a flag of this rule anchored at `anchorSequence` (the entry the violation is about).
    package func makeFlag(
        anchor anchorSequence: Int, facet: String? = nil, county: DivisionCode?, projectID: String? = nil,
        fundID: String? = nil, payee: String? = nil, amountAtStake: Fen, evidence: [Int],
        effectiveDate: CivilDate, raisedAt raisedAtSequence: Int, zh: String, en: String
    ) -> AnomalyFlag {
        AnomalyFlag(
            id: AnomalyFlag.makeID(ruleID: id, anchorSequence: anchorSequence, facet: facet),
            ruleID: id, anchorSequence: anchorSequence, severity: severity, county: county, projectID: projectID, fundID: fundID,
            payee: payee, amountAtStake: max(.zero, amountAtStake), evidenceSequences: evidence + [anchorSequence],
            effectiveDate: effectiveDate, raisedAtSequence: raisedAtSequence,
            explanation: BilingualText(zh: zh, en: en))
    }
}

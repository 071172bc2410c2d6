// AnomalyFlag: one violation a rule found, with the entries that prove it.
//
// A flag is a pure function of the journal prefix it was computed from (and of the report's
// as-of date for deadline rules): replaying the same entries gives the same flags, ids included.
// The id is what inspectors cite in `flag.dispose` entries, so its form must never change:
// `<rule id>#<anchor sequence>` or `<rule id>#<anchor sequence>/<facet>`.

/// A violation found by an anomaly rule, with its evidence and a two-language explanation.
public struct AnomalyFlag: Sendable, Hashable, Identifiable, Codable {
    /// The deterministic id, `<rule id>#<anchor seq>[/<facet>]`, cited by `flag.dispose` entries.
    public var id: String
    /// The id of the rule that raised the flag.
    public var ruleID: String
    /// The entry the violation is about (a payment, an allocation); reversing it reverses the flag.
    public var anchorSequence: Int
    /// How serious the violation is (the rule's severity).
    public var severity: RuleSeverity
    /// The county (or other unit) concerned, when there is one.
    public var county: DivisionCode?
    /// The project concerned, when there is one.
    public var projectID: String?
    /// The fund concerned, when there is one.
    public var fundID: String?
    /// The payee concerned (unit id or beneficiary pseudonym), when there is one.
    public var payee: String?
    /// The money at stake: the excess, shortfall or payment in question. Never negative.
    public var amountAtStake: Fen
    /// The sequences of the entries that raised the flag, ascending.
    public var evidenceSequences: [Int]
    /// The effective (business) date on which the violation stands.
    public var effectiveDate: CivilDate
    /// The sequence of the entry whose processing raised the flag.
    public var raisedAtSequence: Int
    /// One sentence with the actual figures, in Chinese and English.
    public var explanation: BilingualText

    /// Creates a flag. Requires a non-negative amount and non-empty evidence (programmer errors; they trap).
    public init(
        id: String, ruleID: String, anchorSequence: Int, severity: RuleSeverity, county: DivisionCode?, projectID: String?,
        fundID: String?, payee: String?, amountAtStake: Fen, evidenceSequences: [Int],
        effectiveDate: CivilDate, raisedAtSequence: Int, explanation: BilingualText
    ) {
        precondition(amountAtStake >= .zero, "amount at stake must not be negative")
        precondition(!evidenceSequences.isEmpty, "a flag needs at least one evidence entry")
        self.id = id
        self.ruleID = ruleID
        self.anchorSequence = anchorSequence
        self.severity = severity
        self.county = county
        self.projectID = projectID
        self.fundID = fundID
        self.payee = payee
        self.amountAtStake = amountAtStake
        self.evidenceSequences = Array(Set(evidenceSequences)).sorted()
        self.effectiveDate = effectiveDate
        self.raisedAtSequence = raisedAtSequence
        self.explanation = explanation
    }

    /// The flag id for `ruleID` anchored at `anchorSequence`, with an optional facet.
    public static func makeID(ruleID: String, anchorSequence: Int, facet: String? = nil) -> String {
        if let facet { return "\(ruleID)#\(anchorSequence)/\(facet)" }
        return "\(ruleID)#\(anchorSequence)"
    }
}

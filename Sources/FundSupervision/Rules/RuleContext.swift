// RuleContext: what a rule may read while it evaluates an event: the shared registers and the
// parameter values in force.

/// The read-only view a rule gets: registers and parameters in force.
public struct RuleContext: Sendable, Codable {
    /// Funds, projects, milestones and beneficiaries as the non-reversed entries so far define them.
    public var facts: RuleFacts
    /// Parameter values from `policy.set` entries over the documented defaults.
    public var parameters: RuleParameterValues

    /// Creates a context.
    public init(facts: RuleFacts = RuleFacts(), parameters: RuleParameterValues = RuleParameterValues()) {
        self.facts = facts
        self.parameters = parameters
    }

    /// The value of `parameter` of `rule` in force on `date` for `unit`; `nil` when the check is off.
    public func value(_ parameter: String, of rule: RuleDescriptor, on date: CivilDate, for unit: DivisionCode?) -> Int64? {
        parameters.integer(parameter, of: rule, on: date, for: unit)
    }

    /// The text list `parameter` of `rule` in force on `date` for `unit`.
    public func texts(_ parameter: String, of rule: RuleDescriptor, on date: CivilDate, for unit: DivisionCode?) -> [String] {
        parameters.texts(parameter, of: rule, on: date, for: unit)
    }
}

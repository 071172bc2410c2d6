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

    /// Whether the text list `parameter` of `rule` in force on `date` for `unit` contains `text`.
    /// `textHash`, when given, must be `text.hashValue` in this process (replay computes it while
    /// preparing the entry): while no `policy.set` has set anything, a text whose hash is not among
    /// the default list's hashes is then rejected without comparing texts.
    public func texts(_ parameter: String, of rule: RuleDescriptor, on date: CivilDate, for unit: DivisionCode?,
                      contain text: String, textHash: Int?) -> Bool {
        guard parameters.isEmpty, let textHash else {
            return texts(parameter, of: rule, on: date, for: unit).contains(text)
        }
        guard let index = rule.parameterIndex(named: parameter) else {
            preconditionFailure("rule \(rule.id) declares no parameter \(parameter)")
        }
        // Equal texts have equal hashes, so a hash outside the set rules the text out.
        return rule.parameters[index].defaultTextHashes.contains(textHash) && rule.parameters[index].defaultTexts.contains(text)
    }

    /// The text list `parameter` of `rule` in force on `date` for `unit`.
    public func texts(_ parameter: String, of rule: RuleDescriptor, on date: CivilDate, for unit: DivisionCode?) -> [String] {
        parameters.texts(parameter, of: rule, on: date, for: unit)
    }

    /// `value(_:of:on:for:)` for a parameter resolved in advance: its default without a search while
    /// no `policy.set` has set anything.
    /// Inlined: the keys are static class instances, and a call retained and released the key around
    /// it (every payment, several rules; the key's reference count is a cache line written per call).
    /// Inlined, the default is read without either.
    @inline(__always)
    package func value(_ key: RuleParameterKey, on date: CivilDate, for unit: DivisionCode?) -> Int64? {
        parameters.isEmpty ? key.defaultValue : parameters.integer(key.name, of: key.rule, on: date, for: unit)
    }

    /// `texts(_:of:on:for:)` for a parameter resolved in advance (inlined, as `value(_:on:for:)`).
    @inline(__always)
    package func texts(_ key: RuleParameterKey, on date: CivilDate, for unit: DivisionCode?) -> [String] {
        parameters.isEmpty ? key.defaultTexts : parameters.texts(key.name, of: key.rule, on: date, for: unit)
    }

    /// `texts(_:of:on:for:contain:textHash:)` for a parameter resolved in advance (inlined, as
    /// `value(_:on:for:)`).
    @inline(__always)
    package func texts(_ key: RuleParameterKey, on date: CivilDate, for unit: DivisionCode?,
                       contain text: String, textHash: Int?) -> Bool {
        guard parameters.isEmpty else { return parameters.texts(key.name, of: key.rule, on: date, for: unit).contains(text) }
        guard let textHash else { return key.defaultTexts.contains(text) }
        // Equal texts have equal hashes: only a default whose hash is the text's can equal it (no
        // comparison of Chinese texts that differ, which normalises both).
        return key.defaultTextsContain(text, textHash: textHash)
    }
}

// RuleParameterKey: one parameter of one rule, resolved once (when the rule's type is first used)
// instead of by name at every event.
//
// Rules ask for their parameters at every payment. While no `policy.set` entry has set anything
// (`RuleParameterValues.isEmpty`), the answer is the documented default, which the key holds: no
// search of the descriptor's parameters by name, no copy of the descriptor. Once a `policy.set` was
// seen, the key's name and descriptor go to `RuleParameterValues` as before.

/// A rule's parameter with its documented default, looked up in the descriptor once.
package final class RuleParameterKey: Sendable {
    /// The descriptor of the rule that declares the parameter.
    let rule: RuleDescriptor
    /// The parameter's name.
    let name: String
    /// The default integer value (nil: the check is off until a `policy.set` sets one).
    let defaultValue: Int64?
    /// The default text list (empty for an integer parameter).
    let defaultTexts: [String]
    /// The hash values of `defaultTexts` in this process, in their order (a handful: a scan of them
    /// costs less than hashing the hash value for a set).
    let defaultTextHashes: [Int]

    /// The parameter `name` of `rule`. Requires that the rule declares it (a programmer error otherwise; it traps).
    package init(_ name: String, of rule: RuleDescriptor) {
        let parameter = rule.parameter(named: name)
        self.rule = rule
        self.name = name
        defaultValue = parameter.defaultValue
        defaultTexts = parameter.defaultTexts
        defaultTextHashes = parameter.defaultTexts.map(\.hashValue)
    }
}

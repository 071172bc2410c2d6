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
    /// costs less than hashing the hash value for a set), in memory of the key's own, written once in
    /// `init`, so safe to read from any thread. An array property retained and released its storage
    /// at every scan (3.7% of replay's in-order samples in R-HOUSEHOLD-CAP alone); a buffer pointer
    /// is read without either.
    nonisolated(unsafe) private let defaultTextHashes: UnsafeBufferPointer<Int>

    /// The parameter `name` of `rule`. Requires that the rule declares it (a programmer error otherwise; it traps).
    package init(_ name: String, of rule: RuleDescriptor) {
        let parameter = rule.parameter(named: name)
        self.rule = rule
        self.name = name
        defaultValue = parameter.defaultValue
        defaultTexts = parameter.defaultTexts
        let hashes = UnsafeMutableBufferPointer<Int>.allocate(capacity: parameter.defaultTexts.count)
        _ = hashes.initialize(from: parameter.defaultTexts.map(\.hashValue))
        defaultTextHashes = UnsafeBufferPointer(hashes)
    }

    deinit { defaultTextHashes.deallocate() }

    /// Whether the default texts contain `text`, whose `hashValue` in this process is `textHash`
    /// (only a default with that hash value is compared as text).
    func defaultTextsContain(_ text: String, textHash: Int) -> Bool {
        for position in defaultTextHashes.indices where defaultTextHashes[position] == textHash {
            if defaultTexts[position] == text { return true }
        }
        return false
    }
}

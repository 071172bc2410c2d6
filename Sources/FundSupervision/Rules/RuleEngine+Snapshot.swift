// RuleEngine+Snapshot: the rules' states in a snapshot (`JOURNAL.state`).
//
// The rules are existentials (`[any AnomalyRule]`); each is written as its id followed by its own
// state, in the engine's standard order, and read back through the concrete type's `init(from:)`.
// A snapshot whose rule ids differ from `RuleEngine.standardRuleTypes` (a rule added, removed or
// reordered) is refused, and the journal rebuilds the state by replay.

/// Why a stored rule state cannot be restored.
struct RuleSetMismatch: Error, Equatable {
    /// The rule ids the snapshot holds, in order.
    var stored: [String]
    /// The rule ids this build runs, in order.
    var expected: [String]
}

/// The states of an engine's rules, `Codable` in the standard order.
struct RuleStates: Codable {
    var rules: [any AnomalyRule]

    init(rules: [any AnomalyRule]) {
        self.rules = rules
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RuleKey.self)
        let expected = RuleEngine.standardRuleTypes.map { $0.descriptor.id }
        let stored = try container.decode([String].self, forKey: .ids)
        guard stored == expected else { throw RuleSetMismatch(stored: stored, expected: expected) }
        var rules: [any AnomalyRule] = []
        rules.reserveCapacity(expected.count)
        for type in RuleEngine.standardRuleTypes {
            let value = try Self.decodeRule(type, from: container)
            guard let rule = value else { throw RuleSetMismatch(stored: stored, expected: []) }
            rules.append(rule)
        }
        self.rules = rules
    }

    /// The state of the rule `type`, or nil when the type is not `Decodable`.
    private static func decodeRule(_ type: any AnomalyRule.Type, from container: KeyedDecodingContainer<RuleKey>) throws
        -> (any AnomalyRule)?
    {
        let metatype: Any.Type = type
        guard let decodableType = metatype as? any Decodable.Type else { return nil }
        let decoded: any Decodable = try decodeOpened(decodableType, from: container, forKey: RuleKey(type.descriptor.id))
        return decoded as? any AnomalyRule
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RuleKey.self)
        let ids = rules.map(\.descriptor.id)
        let expected = RuleEngine.standardRuleTypes.map { $0.descriptor.id }
        guard ids == expected else { throw RuleSetMismatch(stored: ids, expected: expected) }
        try container.encode(ids, forKey: .ids)
        for rule in rules {
            guard let encodable = rule as? any Encodable else { throw RuleSetMismatch(stored: ids, expected: []) }
            try Self.encodeRule(encodable, to: &container, forKey: RuleKey(rule.descriptor.id))
        }
    }

    private static func decodeOpened<Rule: Decodable>(
        _ type: Rule.Type, from container: KeyedDecodingContainer<RuleKey>, forKey key: RuleKey
    ) throws -> Rule {
        try container.decode(type, forKey: key)
    }

    private static func encodeRule<Rule: Encodable>(
        _ rule: Rule, to container: inout KeyedEncodingContainer<RuleKey>, forKey key: RuleKey
    ) throws {
        try container.encode(rule, forKey: key)
    }

    /// Member names: `ids`, then each rule's id.
    struct RuleKey: CodingKey {
        static let ids = RuleKey("ids")
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

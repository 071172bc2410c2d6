// RuleStateCoding: the rules' states in the snapshot (`JOURNAL.state`, docs/FORMAT.md §1), by hand.
//
// The engine holds its rules as existentials (`[any AnomalyRule]`). Each rule type's coding is
// registered here explicitly, keyed by the type's identity, instead of being found by a dynamic
// cast to a protocol (a cast that, in a fresh process, scans every conformance record of the binary
// once per type). A standard rule missing here makes encoding throw (no state is stored, appends
// replay) and fails `SnapshotCodingTests`; a stateless rule registered as such while it has stored
// properties fails them too.
//
// Form: the rule ids in the engine's order (count, then each id), then each rule's state.

enum RuleStateCoding {
    /// How one rule type's state is written and read.
    struct Coding: Sendable {
        let type: any AnomalyRule.Type
        /// Whether the rule keeps no state (nothing is written; it is read back as `init()`).
        let isStateless: Bool
        let encode: @Sendable (any AnomalyRule, SnapshotByteSink) throws -> Void
        let decode: @Sendable (SnapshotByteSource) throws -> any AnomalyRule

        /// A rule whose state is written by its own `SnapshotSpecialCoding`.
        static func stateful<Rule: AnomalyRule & SnapshotSpecialCoding>(_ type: Rule.Type) -> Coding {
            Coding(type: type, isStateless: false,
                   encode: { rule, sink in
                       guard let rule = rule as? Rule else { throw RuleSetMismatch(stored: [rule.descriptor.id], expected: []) }
                       try rule.snapshotEncode(to: sink)
                   },
                   decode: { try Rule.snapshotDecode(from: $0) })
        }

        /// A rule without stored properties.
        static func stateless<Rule: AnomalyRule>(_ type: Rule.Type) -> Coding {
            Coding(type: type, isStateless: true, encode: { _, _ in }, decode: { _ in Rule() })
        }
    }

    /// Every rule type whose state the snapshot can hold.
    static let codings: [Coding] = [
        .stateful(FundsWithheldByIntermediateLevel.self),
        .stateful(FundOverdrawn.self),
        .stateful(PaidAheadOfProgress.self),
        .stateful(FundsIdleTooLong.self),
        .stateless(FundsDiverted.self),
        .stateful(PaidTwice.self),
        .stateless(AmountOffStandard.self),
        .stateful(HouseholdCapExceeded.self),
        .stateless(PayeeNotEligible.self),
        .stateful(LabourShareTooLow.self),
        .stateful(AssetIncomeShortfall.self),
        .stateful(PaymentSplitBelowThreshold.self),
        .stateful(EntryBackdated.self),
        .stateless(PaidDespiteFailedAcceptance.self),
        .stateful(SameKeyAcceptsAndPays.self),
        .stateless(LoanToIneligibleHousehold.self),
        .stateful(PhotovoltaicIncomeShortfall.self),
    ]

    private static let codingByType: [ObjectIdentifier: Coding] =
        Dictionary(codings.map { (ObjectIdentifier($0.type), $0) }, uniquingKeysWith: { first, _ in first })

    /// The coding registered for `type`, nil when there is none.
    static func coding(of type: any AnomalyRule.Type) -> Coding? { codingByType[ObjectIdentifier(type)] }

    /// Writes the rules' ids, then their states. Throws `RuleSetMismatch` when the rules are not the
    /// standard ones in order, or one of them has no registered coding.
    static func encode(_ rules: [any AnomalyRule], to sink: SnapshotByteSink) throws {
        let ids = rules.map(\.descriptor.id)
        let expected = RuleEngine.standardRuleTypes.map { $0.descriptor.id }
        guard ids == expected else { throw RuleSetMismatch(stored: ids, expected: expected) }
        sink.writeArray(ids, sink.writeString)
        for rule in rules {
            guard let coding = coding(of: type(of: rule)) else { throw RuleSetMismatch(stored: ids, expected: []) }
            try coding.encode(rule, sink)
        }
    }

    /// Reads what `encode` wrote. Throws `RuleSetMismatch` when the stored ids are not this build's
    /// standard rules in order.
    static func decode(from source: SnapshotByteSource) throws -> [any AnomalyRule] {
        let expected = RuleEngine.standardRuleTypes.map { $0.descriptor.id }
        let stored = try source.readArray(source.readString)
        guard stored == expected else { throw RuleSetMismatch(stored: stored, expected: expected) }
        return try RuleEngine.standardRuleTypes.map { type in
            guard let coding = coding(of: type) else { throw RuleSetMismatch(stored: stored, expected: []) }
            return try coding.decode(source)
        }
    }
}

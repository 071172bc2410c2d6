// R-WITHHOLDING (截留): an intermediate level forwards less than a higher level designated for a
// lower one, by the forwarding deadline.
//
// 004 四(三) 「严禁截留、挪用专项资金」; 003 「虚报冒领、截留私分、贪污挪用」; seed-domain V01.

/// 截留 Withholding: an intermediate unit forwards less than the amount designated for a lower unit by the deadline.
public struct FundsWithheldByIntermediateLevel: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-WITHHOLDING",
        name: BilingualText(zh: "截留", en: "Withholding"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 五(三)",
                clause: "严禁截留、挪用专项资金", domainIDs: ["V01"]),
            RuleSource(
                document: "湘西州《关于打赢精准脱贫攻坚战的意见》州发〔2016〕1号",
                clause: "虚报冒领、截留私分、贪污挪用、挥霍浪费", domainIDs: ["V01", "V02"]),
        ],
        parameters: [
            RuleParameter(
                name: "forward_days", unit: .days, defaultValue: 30,
                origin: "[not in seeds] T_forward (seed-domain §6); used only when the allocation has no forward_by",
                summary: BilingualText(
                    zh: "下达未注明转拨期限时，自生效日起的转拨天数",
                    en: "days after the allocation's effective date to forward when it states no forward_by")),
        ],
        severity: .critical,
        summary: BilingualText(
            zh: "上级指定给下级的资金，中间层级在期限内转拨不足",
            en: "an intermediate unit forwards less than a higher level designated for a lower unit by the deadline"))

    private struct Key: Hashable, Codable {
        var fundID: String
        var holder: DivisionCode
        var recipient: DivisionCode
    }

    private struct Designation: Codable {
        var sequence: Int
        var amount: Fen
        var deadline: CivilDate
        var isFlagged = false
        /// Whether the clock has passed the deadline (flagged or not).
        var isJudged = false
    }

    private struct Account: Codable {
        var designations: [Designation] = []
        var forwarded = Fen.zero
        var forwardSequences: [Int] = []
    }

    @SnapshotSection private var accounts: [Key: Account] = [:]
    /// The earliest deadline not yet judged, so that most clock moves cost nothing.
    private var earliestPending: CivilDate?

    /// Creates the rule with empty state.
    public init() {}

    /// Records designations and the forwards that count toward them.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        guard case .allocate(let allocation) = event.event else { return [] }
        if let recipient = allocation.designatedRecipient, recipient != allocation.toUnit {
            let key = Key(fundID: allocation.fund.id, holder: allocation.toUnit, recipient: recipient)
            let days = context.value("forward_days", of: Self.descriptor, on: allocation.effectiveDate, for: recipient) ?? 0
            let deadline = allocation.forwardBy ?? allocation.effectiveDate.adding(days: Int(days))
            accounts[key, default: Account()].designations.append(
                Designation(sequence: event.sequence, amount: allocation.amount, deadline: deadline))
            earliestPending = min(earliestPending ?? deadline, deadline)
        }
        for key in forwardKeys(allocation) {
            accounts[key, default: Account()].forwarded += allocation.amount
            accounts[key, default: Account()].forwardSequences.append(event.sequence)
        }
        return []
    }

    /// A payment withholds nothing (only allocations are observed).
    public mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] { [] }

    /// `observe(payment:of:in:)` appending what it raises to `raised`: `StandardRules` calls this, since
    /// a returned array, even an empty one, is released by the caller (every rule, every payment).
    mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext,
                          into raised: inout [AnomalyFlag]) {}

    /// A forward from the holder counts toward a designation when it goes to the designated unit, or
    /// to an intermediate unit carrying the same designation onward.
    private func forwardKeys(_ allocation: FundAllocation) -> [Key] {
        guard allocation.fromUnit != allocation.toUnit else { return [] }
        var keys = [Key(fundID: allocation.fund.id, holder: allocation.fromUnit, recipient: allocation.toUnit)]
        if let recipient = allocation.designatedRecipient, recipient != allocation.toUnit {
            keys.append(Key(fundID: allocation.fund.id, holder: allocation.fromUnit, recipient: recipient))
        }
        return keys
    }

    /// Takes back a reversed designation or forward.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        guard case .allocate(let allocation) = event.event else { return }
        if let recipient = allocation.designatedRecipient, recipient != allocation.toUnit {
            let key = Key(fundID: allocation.fund.id, holder: allocation.toUnit, recipient: recipient)
            accounts[key]?.designations.removeAll { $0.sequence == event.sequence }
        }
        for key in forwardKeys(allocation) {
            accounts[key]?.forwarded -= allocation.amount
            accounts[key]?.forwardSequences.removeAll { $0 == event.sequence }
        }
        // A forward taken back may leave a passed deadline short: judge those again.
        for key in Array(accounts.keys) {
            guard var account = accounts[key] else { continue }
            for index in account.designations.indices { account.designations[index].isJudged = account.designations[index].isFlagged }
            accounts[key] = account
        }
        earliestPending = accounts.values.flatMap(\.designations).filter { !$0.isJudged }.map(\.deadline).min()
    }

    /// Flags every designation whose deadline passed before `date` without the full amount forwarded.
    public mutating func advance(to date: CivilDate, triggerSequence: Int, in context: RuleContext) -> [AnomalyFlag] {
        guard let earliest = earliestPending, earliest < date else { return [] }
        var flags: [AnomalyFlag] = []
        for key in accounts.keys.sorted(by: { ($0.fundID, $0.holder, $0.recipient) < ($1.fundID, $1.holder, $1.recipient) }) {
            guard var account = accounts[key], account.designations.contains(where: { !$0.isJudged && $0.deadline < date })
            else { continue }
            // Forwards cover designations in deadline order (earliest deadline first).
            let order = account.designations.indices.sorted {
                (account.designations[$0].deadline, account.designations[$0].sequence)
                    < (account.designations[$1].deadline, account.designations[$1].sequence)
            }
            var designatedSoFar = Fen.zero
            for index in order {
                let designation = account.designations[index]
                designatedSoFar += designation.amount
                guard designation.deadline < date, !designation.isJudged else { continue }
                account.designations[index].isJudged = true
                let uncovered = designatedSoFar - account.forwarded
                guard uncovered > .zero else { continue }
                let withheld = min(uncovered, designation.amount)
                let forwarded = designation.amount - withheld
                account.designations[index].isFlagged = true
                let holder = RuleText.unit(key.holder)
                let recipient = RuleText.unit(key.recipient)
                flags.append(Self.descriptor.makeFlag(
                    anchor: designation.sequence, county: key.recipient, fundID: key.fundID,
                    amountAtStake: withheld, evidence: account.forwardSequences,
                    effectiveDate: designation.deadline.adding(days: 1), raisedAt: triggerSequence,
                    zh: "\(holder) 应于 \(designation.deadline) 前向 \(recipient) 转拨资金 \(key.fundID) 共 \(RuleText.zh(designation.amount))，期满仅转拨 \(RuleText.zh(forwarded))，截留 \(RuleText.zh(withheld))",
                    en: "\(holder) had to forward \(RuleText.en(designation.amount)) of fund \(key.fundID) to \(recipient) by \(designation.deadline) but forwarded only \(RuleText.en(forwarded)); \(RuleText.en(withheld)) withheld"))
            }
            accounts[key] = account
        }
        earliestPending = accounts.values.flatMap(\.designations).filter { !$0.isJudged }.map(\.deadline).min()
        return flags
    }
}

// The snapshot form (`JOURNAL.state`), by hand: per (fund, holder, recipient) its designations and
// forwards (a section, `SnapshotSection`), then the earliest pending deadline. Bump `FlaggingValidator.snapshotFormatVersion` with
// any change here.
extension FundsWithheldByIntermediateLevel: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try _accounts.snapshotEncode(to: sink) { accounts in
            sink.writeDictionary(accounts) { key, account in
                sink.writeString(key.fundID)
                sink.writeDivisionCode(key.holder)
                sink.writeDivisionCode(key.recipient)
                sink.writeArray(account.designations) { designation in
                    sink.writeInt(designation.sequence)
                    sink.writeFen(designation.amount)
                    sink.writeDate(designation.deadline)
                    sink.writeBool(designation.isFlagged)
                    sink.writeBool(designation.isJudged)
                }
                sink.writeFen(account.forwarded)
                sink.writeArray(account.forwardSequences, sink.writeInt)
            }
        }
        sink.writeOptional(earliestPending, sink.writeDate)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> FundsWithheldByIntermediateLevel {
        var rule = FundsWithheldByIntermediateLevel()
        rule._accounts = try .snapshotDecode(from: source, empty: [:]) { source in
            try source.readDictionary {
                let key = Key(fundID: try source.readString(), holder: try source.readDivisionCode(),
                              recipient: try source.readDivisionCode())
                let designations = try source.readArray {
                    Designation(sequence: try source.readInt(), amount: try source.readFen(), deadline: try source.readDate(),
                                isFlagged: try source.readBool(), isJudged: try source.readBool())
                }
                return (key, Account(designations: designations, forwarded: try source.readFen(),
                                     forwardSequences: try source.readArray(source.readInt)))
            }
        }
        rule.earliestPending = try source.readOptional(source.readDate)
        return rule
    }
}

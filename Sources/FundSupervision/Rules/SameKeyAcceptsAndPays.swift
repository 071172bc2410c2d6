// R-SEPARATION-OF-DUTIES (职责不分离): the same signing key decides a project's acceptance and pays
// the project.
//
// 002 「推行脱贫攻坚“双签”责任制度」 (dual signatures); 004 五(二) approval by separate bodies
// (经营主体申请、村委审核、乡镇同意、领导组审核、县政府批准, R72); seed-domain V07 (proxy signal).

/// 职责不分离 No separation of duties: one key both accepts a project's milestone and pays for the project.
public struct SameKeyAcceptsAndPays: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-SEPARATION-OF-DUTIES",
        name: BilingualText(zh: "职责不分离", en: "No separation of duties"),
        sources: [
            RuleSource(
                document: "《山西省“十三五”脱贫攻坚规划》",
                clause: "推行脱贫攻坚“双签”责任制度", domainIDs: ["V07"]),
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 五(二)",
                clause: "由县产业扶贫领导组审核后，报县政府批准", domainIDs: ["R72"]),
        ],
        parameters: [],
        severity: .major,
        summary: BilingualText(
            zh: "同一签名密钥既验收项目节点又向该项目拨付",
            en: "the same signing key both decides a project's acceptance and pays the project"))

    private struct Key: Hashable, Codable {
        var projectID: String
        var signer: String
    }

    private var acceptances: SnapshotMap<Key, [Int]> = [:]
    private var payments: SnapshotMap<Key, [Int]> = [:]

    /// Creates the rule with empty state.
    public init() {}

    /// Flags the later of an acceptance and a payment of one project signed by the same key.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        switch event.event {
        case .milestone(let milestone) where milestone.status != .reached:
            let key = Key(projectID: milestone.projectID, signer: event.signerKeyID)
            acceptances[key, default: []].append(event.sequence)
            guard let paid = payments[key], !paid.isEmpty,
                let project = context.facts.projects[milestone.projectID]?.registration
            else { return [] }
            return [flag(event, key: key, project: project, counterparts: paid, amount: .zero, fundID: nil, payee: nil)]
        case .disburse(let payment):
            return observe(payment: payment, of: event, in: context)
        default:
            return []
        }
    }

    /// `observe(_:in:)` for a payment the engine lends (no copy of it out of the event).
    public mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        var flags: [AnomalyFlag] = []
        observe(payment: payment, of: event, in: context, into: &flags)
        return flags
    }

    /// `observe(payment:of:in:)` appending what it raises to `raised`: `StandardRules` calls this, since
    /// a returned array, even an empty one, is released by the caller (every rule, every payment).
    mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext,
                          into raised: inout [AnomalyFlag]) {
        guard let projectID = payment.projectID, let project = context.facts.projects[projectID]?.registration
        else { return }
        let key = Key(projectID: projectID, signer: event.signerKeyID)
        payments[key, default: []].append(event.sequence)
        guard let accepted = acceptances[key], !accepted.isEmpty else { return }
        raised.append(flag(event, key: key, project: project, counterparts: accepted, amount: payment.amount,
                           fundID: payment.fundID, payee: payment.payee.id))
    }

    private func flag(
        _ event: RuleEvent, key: Key, project: ProjectRegistration, counterparts: [Int], amount: Fen,
        fundID: String?, payee: String?
    ) -> AnomalyFlag {
        let acceptance = acceptances[key, default: []].first ?? event.sequence
        let payment = payments[key, default: []].first ?? event.sequence
        let signer = String(key.signer.prefix(RuleText.pseudonymPrefixLength))
        return Self.descriptor.makeFlag(
            anchor: event.sequence, county: project.county, projectID: key.projectID, fundID: fundID, payee: payee,
            amountAtStake: amount, evidence: counterparts, effectiveDate: event.effectiveDate, raisedAt: event.sequence,
            zh: "项目 \(RuleText.spacedZH(RuleText.projectZH(key.projectID, project.name)))的验收（序号 \(acceptance)）与拨付（序号 \(payment)）由同一密钥 \(signer) 签署",
            en: "project \(RuleText.projectEN(key.projectID, project.name)) was accepted (entry \(acceptance)) and paid (entry \(payment)) under the same key \(signer)")
    }

    /// Forgets a reversed acceptance or payment.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        switch event.event {
        case .milestone(let milestone):
            acceptances[Key(projectID: milestone.projectID, signer: event.signerKeyID)]?.removeAll { $0 == event.sequence }
        case .disburse(let payment):
            guard let projectID = payment.projectID else { return }
            payments[Key(projectID: projectID, signer: event.signerKeyID)]?.removeAll { $0 == event.sequence }
        default:
            break
        }
    }
}

// The snapshot form (`JOURNAL.state`), by hand: acceptances and payments per (project, signer), tables.
// Bump `FlaggingValidator.snapshotFormatVersion` with any change here.
extension SameKeyAcceptsAndPays: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try acceptances.snapshotEncode(to: sink, coding: Self.sequenceCoding)
        try payments.snapshotEncode(to: sink, coding: Self.sequenceCoding)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> SameKeyAcceptsAndPays {
        var rule = SameKeyAcceptsAndPays()
        rule.acceptances = try .snapshotDecode(from: source, coding: sequenceCoding)
        rule.payments = try .snapshotDecode(from: source, coding: sequenceCoding)
        return rule
    }

    private static let sequenceCoding = SnapshotMapCoding<Key, [Int]>(
        writeKey: { key, sink in
            sink.writeString(key.projectID)
            sink.writeString(key.signer)
        },
        readKey: { source in Key(projectID: try source.readString(), signer: try source.readString()) },
        writeValue: { sequences, sink in sink.writeArray(sequences, sink.writeInt) },
        readValue: { source in try source.readArray(source.readInt) })
}

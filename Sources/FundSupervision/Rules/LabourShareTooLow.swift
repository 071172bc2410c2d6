// R-LABOUR-SHARE (劳务比例不足): labour remuneration below the share the texts require.
//
// 002 以工代赈: 「按照不低于10%的规定比例足额安排并公示执行」 (R48).
// 004 四(三)8 造林合作社: 「劳务支出不得低于45%」 (R46), 「支付贫困户劳务报酬不得低于劳务支出的60%」 (R47).
// "不低于" is inclusive. Shares are integer basis points compared by exact 128-bit products.
//
// When: a project's shares are judged when its last tranche milestone is accepted (完工验收) and
// again at every later payment; a payment of category 种苗造林 outside any project is judged alone.

/// 劳务比例不足 Labour share: 以工代赈 labour below 10%; 造林合作社 labour below 45% or poor labour below 60% of it.
public struct LabourShareTooLow: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-LABOUR-SHARE",
        name: BilingualText(zh: "劳务比例不足", en: "Labour share too low"),
        sources: [
            RuleSource(
                document: "《山西省“十三五”脱贫攻坚规划》(以工代赈)",
                clause: "按照不低于10%的规定比例足额安排并公示执行", domainIDs: ["R48", "V11"]),
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 四(三)8",
                clause: "劳务支出不得低于45%", domainIDs: ["R46", "V15"]),
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 四(三)8",
                clause: "支付贫困户劳务报酬不得低于劳务支出的60%", domainIDs: ["R47", "V15"]),
        ],
        parameters: [
            RuleParameter(
                name: "work_relief_labour_bp", unit: .basisPoints, defaultValue: 1_000,
                origin: "002 「按照不低于10%的规定比例足额安排并公示执行」 (R48)",
                summary: BilingualText(zh: "以工代赈项目劳务报酬最低比例", en: "minimum labour share of a 以工代赈 project")),
            RuleParameter(
                name: "afforestation_labour_bp", unit: .basisPoints, defaultValue: 4_500,
                origin: "004 「劳务支出不得低于45%」 (R46)",
                summary: BilingualText(zh: "造林补助中劳务支出最低比例", en: "minimum labour share of afforestation subsidies")),
            RuleParameter(
                name: "afforestation_poor_labour_bp", unit: .basisPoints, defaultValue: 6_000,
                origin: "004 「支付贫困户劳务报酬不得低于劳务支出的60%」 (R47)",
                summary: BilingualText(zh: "劳务支出中支付贫困户的最低比例", en: "minimum share of labour paid to poor households")),
            RuleParameter(
                name: "work_relief_categories", defaultTexts: ["以工代赈"],
                origin: "002 以工代赈 (R48); the project categories the 10% applies to",
                summary: BilingualText(zh: "适用10%劳务比例的项目类别", en: "project categories the work-relief share applies to")),
            RuleParameter(
                name: "afforestation_categories", defaultTexts: ["种苗造林"],
                origin: "004 四(三)8 扶贫造林专业合作社 (R46, R47); the project categories the 45%/60% shares apply to",
                summary: BilingualText(zh: "适用45%/60%劳务比例的项目类别", en: "project categories the afforestation shares apply to")),
        ],
        severity: .major,
        summary: BilingualText(
            zh: "以工代赈项目劳务报酬低于10%，或造林补助劳务支出低于45%、支付贫困户劳务低于劳务支出的60%",
            en: "labour below 10% of a 以工代赈 project, or below 45% of afforestation subsidies with less than 60% of it paid to poor households"))

    private struct Totals: Codable {
        var paid = Fen.zero
        var labour = Fen.zero
        var poorLabour = Fen.zero
        var payments: [Int] = []
    }

    private var projects: SnapshotMap<String, Totals> = [:]
    @SnapshotSection private var completed: Set<String> = []

    // The parameters read per event, resolved once (RuleParameterKey).
    private static let afforestationCategories = RuleParameterKey("afforestation_categories", of: descriptor)
    private static let workReliefCategories = RuleParameterKey("work_relief_categories", of: descriptor)
    private static let workReliefLabour = RuleParameterKey("work_relief_labour_bp", of: descriptor)
    private static let afforestationLabour = RuleParameterKey("afforestation_labour_bp", of: descriptor)
    private static let afforestationPoorLabour = RuleParameterKey("afforestation_poor_labour_bp", of: descriptor)

    /// Creates the rule with empty state.
    public init() {}

    /// Adds project payments; judges a project at completion and at each later payment.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        switch event.event {
        case .disburse(let payment):
            return observe(payment: payment, of: event, in: context)
        case .milestone(let milestone):
            guard milestone.status == .accepted, let project = context.facts.projects[milestone.projectID]?.registration,
                project.tranches.last?.milestone == milestone.milestone
            else { return [] }
            completed.insert(milestone.projectID)
            return judge(projects[milestone.projectID, default: Totals()], category: project.category, county: project.county,
                         projectID: milestone.projectID, name: project.name, voucher: nil, fundID: nil, event: event,
                         date: milestone.effectiveDate, context: context, onlyAfforestation: false)
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
        guard let projectID = payment.projectID else {
            guard let category = payment.category,
                // Only an afforestation payment is judged on its own (`judge` checks nothing else
                // then): asked first, so other payments build no totals.
                context.texts(Self.afforestationCategories, on: payment.effectiveDate,
                              for: payment.county, contain: category, textHash: event.paymentKeys?.categoryHash)
            else { return }
            var single = Totals()
            Self.add(payment, sequence: event.sequence, to: &single)
            raised += judge(single, category: category, county: payment.county, projectID: nil, name: nil,
                            voucher: payment.voucher, fundID: payment.fundID, event: event, date: payment.effectiveDate,
                            context: context, onlyAfforestation: true)
            return
        }
        // A static function: a method would read the whole rule while its register is modified, and
        // the register would then be copied (every project's totals) at every project payment.
        Self.add(payment, sequence: event.sequence, to: &projects[projectID, default: Totals()])
        guard completed.contains(projectID), let project = context.facts.projects[projectID]?.registration else { return }
        raised += judge(projects[projectID, default: Totals()], category: project.category, county: project.county,
                        projectID: projectID, name: project.name, voucher: nil, fundID: payment.fundID, event: event,
                        date: payment.effectiveDate, context: context, onlyAfforestation: false)
    }

    private static func add(_ payment: FundDisbursement, sequence: Int, to totals: inout Totals) {
        totals.paid += payment.amount
        totals.labour += payment.labour ?? .zero
        totals.poorLabour += payment.poorLabour ?? .zero
        totals.payments.append(sequence)
    }

    private func judge(
        _ totals: Totals, category: String, county: DivisionCode, projectID: String?, name: String?, voucher: String?,
        fundID: String?,
        event: RuleEvent, date: CivilDate, context: RuleContext, onlyAfforestation: Bool
    ) -> [AnomalyFlag] {
        // Built only when a flag is raised.
        var subjectZH: String { projectID.map { "项目 \(RuleText.projectZH($0, name))" } ?? "凭证 \(voucher ?? event.entryID)" }
        var subjectEN: String { projectID.map { "project \(RuleText.projectEN($0, name))" } ?? "payment \(voucher ?? event.entryID)" }
        var flags: [AnomalyFlag] = []
        func flag(_ facet: String, required: Fen, actual: Fen, zh: String, en: String) {
            flags.append(Self.descriptor.makeFlag(
                anchor: event.sequence, facet: facet, county: county, projectID: projectID, fundID: fundID,
                amountAtStake: required - actual, evidence: totals.payments, effectiveDate: date,
                raisedAt: event.sequence, zh: zh, en: en))
        }
        if !onlyAfforestation, context.texts(Self.workReliefCategories, on: date, for: county).contains(category),
            let bp = context.value(Self.workReliefLabour, on: date, for: county),
            !RuleText.isAtLeast(totals.labour, basisPoints: bp, of: totals.paid)
        {
            let actualBP = RuleText.basisPoints(part: totals.labour, of: totals.paid)
            flag("labour", required: RuleText.share(of: totals.paid, basisPoints: bp), actual: totals.labour,
                 zh: "以工代赈\(RuleText.spacedZH(subjectZH))累计拨付 \(RuleText.zh(totals.paid))，其中劳务报酬 \(RuleText.zh(totals.labour))，占 \(RuleText.percent(basisPoints: actualBP))，低于 \(RuleText.percent(basisPoints: bp))",
                 en: "work-relief \(subjectEN) was paid \(RuleText.en(totals.paid)), of which labour \(RuleText.en(totals.labour)) is \(RuleText.percent(basisPoints: actualBP)), below \(RuleText.percent(basisPoints: bp))")
        }
        let afforestation = context.texts(Self.afforestationCategories, on: date, for: county)
        if afforestation.contains(category) {
            if let bp = context.value(Self.afforestationLabour, on: date, for: county),
                !RuleText.isAtLeast(totals.labour, basisPoints: bp, of: totals.paid)
            {
                let actualBP = RuleText.basisPoints(part: totals.labour, of: totals.paid)
                flag("labour", required: RuleText.share(of: totals.paid, basisPoints: bp), actual: totals.labour,
                     zh: "造林\(RuleText.spacedZH(subjectZH))补助 \(RuleText.zh(totals.paid))，劳务支出 \(RuleText.zh(totals.labour))，占 \(RuleText.percent(basisPoints: actualBP))，低于 \(RuleText.percent(basisPoints: bp))",
                     en: "afforestation \(subjectEN) received \(RuleText.en(totals.paid)) with labour of \(RuleText.en(totals.labour)), \(RuleText.percent(basisPoints: actualBP)), below \(RuleText.percent(basisPoints: bp))")
            }
            if let bp = context.value(Self.afforestationPoorLabour, on: date, for: county),
                !RuleText.isAtLeast(totals.poorLabour, basisPoints: bp, of: totals.labour)
            {
                let actualBP = RuleText.basisPoints(part: totals.poorLabour, of: totals.labour)
                flag("poor-labour", required: RuleText.share(of: totals.labour, basisPoints: bp), actual: totals.poorLabour,
                     zh: "造林\(RuleText.spacedZH(subjectZH))劳务支出 \(RuleText.zh(totals.labour))，支付贫困户 \(RuleText.zh(totals.poorLabour))，占 \(RuleText.percent(basisPoints: actualBP))，低于 \(RuleText.percent(basisPoints: bp))",
                     en: "afforestation \(subjectEN) spent \(RuleText.en(totals.labour)) on labour, of which \(RuleText.en(totals.poorLabour)) went to poor households, \(RuleText.percent(basisPoints: actualBP)), below \(RuleText.percent(basisPoints: bp))")
            }
        }
        return flags
    }

    /// Takes back a reversed payment, or a reversed completion.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        switch event.event {
        case .disburse(let payment):
            guard let projectID = payment.projectID, var totals = projects[projectID] else { return }
            totals.paid -= payment.amount
            totals.labour -= payment.labour ?? .zero
            totals.poorLabour -= payment.poorLabour ?? .zero
            totals.payments.removeAll { $0 == event.sequence }
            projects[projectID] = totals
        case .milestone(let milestone):
            if context.facts.decision(onMilestone: milestone.milestone, ofProject: milestone.projectID)?.milestone.status != .accepted {
                completed.remove(milestone.projectID)
            }
        default:
            break
        }
    }
}

// The snapshot form (`JOURNAL.state`), by hand: per project its totals (a table), then the completed
// projects (a section, `SnapshotSection`). Bump `FlaggingValidator.snapshotFormatVersion` with any change here.
extension LabourShareTooLow: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try projects.snapshotEncode(to: sink, coding: Self.totalsCoding)
        try _completed.snapshotEncode(to: sink) { completed in sink.writeSet(completed, sink.writeString) }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> LabourShareTooLow {
        var rule = LabourShareTooLow()
        rule.projects = try .snapshotDecode(from: source, coding: totalsCoding)
        rule._completed = try .snapshotDecode(from: source, empty: []) { source in try source.readSet(source.readString) }
        return rule
    }

    private static let totalsCoding = SnapshotMapCoding<String, Totals>.special(
        writeValue: { totals, sink in
            sink.writeFen(totals.paid)
            sink.writeFen(totals.labour)
            sink.writeFen(totals.poorLabour)
            sink.writeArray(totals.payments, sink.writeInt)
        },
        readValue: { source in
            Totals(paid: try source.readFen(), labour: try source.readFen(), poorLabour: try source.readFen(),
                   payments: try source.readArray(source.readInt))
        })
}

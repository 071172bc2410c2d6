// R-ASSET-INCOME (资产收益不足): the operator of village-collective assets distributes less than 6%
// of the injected funds for a year, or not at the start of the year.
//
// 004 四(二)4 「年收益分配不得低于注入资金的6%」 (R54) and 「在每年年初将村集体保底收益先行分配给贫困户」
// (R28); seed-domain V15.
//
// Recording convention (the event model has no separate income event): an asset-income project
// (category 资产收益扶贫) is paid into by `fund.disburse` entries to its operator (enterprise,
// cooperative or unit) — the injection — and its yearly return is recorded as `fund.disburse`
// entries of the same project to the village collective or to registered households, out of the
// county's own-budget fund that received the operator's payment. For every full year after the
// first injection, the returns dated from 1 January to the end of the `distribution_month` must
// reach the share of everything injected before that year.

/// 资产收益不足 Asset income: a collective's yearly guaranteed return below 6% of the injected funds, or late.
public struct AssetIncomeShortfall: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-ASSET-INCOME",
        name: BilingualText(zh: "资产收益不足", en: "Asset income shortfall"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 四(二)4",
                clause: "年收益分配不得低于注入资金的6%", domainIDs: ["R54", "V15"]),
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 四(二)4",
                clause: "在每年年初将村集体保底收益先行分配给贫困户", domainIDs: ["R28", "V10"]),
        ],
        parameters: [
            RuleParameter(
                name: "minimum_return_bp", unit: .basisPoints, defaultValue: 600,
                origin: "004 「年收益分配不得低于注入资金的6%」 (R54)",
                summary: BilingualText(zh: "年收益分配占注入资金的最低比例", en: "minimum yearly return as a share of the injected funds")),
            RuleParameter(
                name: "distribution_month", unit: .month, defaultValue: 3,
                origin: "[not in seeds] the 「年初」 window (seed-domain §6, R28): the first quarter, ending with this month",
                summary: BilingualText(zh: "保底收益须在当年此月底前分配", en: "the guaranteed return must be distributed by the end of this month")),
            RuleParameter(
                name: "asset_categories", defaultTexts: ["资产收益扶贫"],
                origin: "004 四(二) 资产收益扶贫; the project categories whose payments are injections and returns",
                summary: BilingualText(zh: "资产收益项目类别", en: "asset-income project categories")),
        ],
        severity: .minor,
        summary: BilingualText(
            zh: "资产收益项目每年年初分配的保底收益低于注入资金的6%",
            en: "an asset-income project's guaranteed return, distributed at the start of a year, is below 6% of the injected funds"))

    /// Whether `payment` is a return of an asset-income project (paid to the collective or a household),
    /// judged against the default categories (other rules use this to leave returns out of project totals).
    public static func isReturn(_ payment: FundDisbursement, project: ProjectRegistration) -> Bool {
        let categories = descriptor.parameter(named: "asset_categories").defaultTexts
        guard categories.contains(project.category) else { return false }
        return payment.payee.kind == .villageCollective || payment.payee.kind == .beneficiary
    }

    private struct Flow: Codable {
        var sequence: Int
        var date: CivilDate
        var amount: Fen
    }

    private struct Ledger: Codable {
        var county: DivisionCode
        var injections: [Flow] = []
        var returns: [Flow] = []
        var nextYearToJudge: Int?
    }

    private var ledgers: [String: Ledger] = [:]

    /// Creates the rule with empty state.
    public init() {}

    /// Records injections into and returns from asset-income projects.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        guard case .disburse(let payment) = event.event else { return [] }
        return observe(payment: payment, of: event, in: context)
    }

    /// `observe(_:in:)` for a payment the engine lends (no copy of it out of the event).
    public mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        var raised: [AnomalyFlag] = []
        observe(payment: payment, of: event, in: context, into: &raised)
        return raised
    }

    /// `observe(payment:of:in:)` appending what it raises to `raised` (no array returned per payment).
    mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext,
                          into raised: inout [AnomalyFlag]) {
        guard let projectID = payment.projectID,
            let project = context.facts.projects[projectID]?.registration,
            context.texts("asset_categories", of: Self.descriptor, on: payment.effectiveDate, for: project.county).contains(project.category)
        else { return }
        var ledger = ledgers[projectID] ?? Ledger(county: project.county)
        let flow = Flow(sequence: event.sequence, date: payment.effectiveDate, amount: payment.amount)
        if Self.isReturn(payment, project: project) {
            ledger.returns.append(flow)
        } else {
            ledger.injections.append(flow)
            let firstYear = payment.effectiveDate.year + 1
            ledger.nextYearToJudge = min(ledger.nextYearToJudge ?? firstYear, firstYear)
        }
        ledgers[projectID] = ledger
    }

    /// Takes back a reversed injection or return.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        guard case .disburse(let payment) = event.event, let projectID = payment.projectID else { return }
        ledgers[projectID]?.injections.removeAll { $0.sequence == event.sequence }
        ledgers[projectID]?.returns.removeAll { $0.sequence == event.sequence }
    }

    /// Judges every year whose distribution window closed before `date`.
    public mutating func advance(to date: CivilDate, triggerSequence: Int, in context: RuleContext) -> [AnomalyFlag] {
        var flags: [AnomalyFlag] = []
        for projectID in ledgers.keys.sorted() {
            guard var ledger = ledgers[projectID] else { continue }
            while let year = ledger.nextYearToJudge {
                guard let yearStart = CivilDate(year: year, month: 1, day: 1) else { break }
                let month = Int(context.value("distribution_month", of: Self.descriptor, on: yearStart, for: ledger.county) ?? 12)
                guard let windowEnd = Self.lastDay(year: year, month: max(1, min(12, month))), windowEnd < date else { break }
                ledger.nextYearToJudge = year + 1
                let injected = ledger.injections.filter { $0.date < yearStart }.reduce(Fen.zero) { $0 + $1.amount }
                guard injected > .zero,
                    let bp = context.value("minimum_return_bp", of: Self.descriptor, on: yearStart, for: ledger.county)
                else { continue }
                let inWindow = ledger.returns.filter { $0.date >= yearStart && $0.date <= windowEnd }
                let returned = inWindow.reduce(Fen.zero) { $0 + $1.amount }
                let required = RuleText.share(of: injected, basisPoints: bp)
                guard returned < required else { continue }
                let project = context.facts.projects[projectID]
                let name = project?.registration.name
                flags.append(Self.descriptor.makeFlag(
                    anchor: project?.sequence ?? ledger.injections.first?.sequence ?? triggerSequence, facet: String(year),
                    county: ledger.county, projectID: projectID, amountAtStake: required - returned,
                    evidence: ledger.injections.filter { $0.date < yearStart }.map(\.sequence) + inWindow.map(\.sequence),
                    effectiveDate: windowEnd.adding(days: 1), raisedAt: triggerSequence,
                    zh: "资产收益项目 \(RuleText.spacedZH(RuleText.projectZH(projectID, name)))注入资金 \(RuleText.zh(injected))，\(year) 年 \(month) 月底前应分配保底收益不少于 \(RuleText.zh(required))（\(RuleText.percent(basisPoints: bp))），实际分配 \(RuleText.zh(returned))",
                    en: "asset-income project \(RuleText.projectEN(projectID, name)) holds \(RuleText.en(injected)) of injected funds; by the end of month \(month) of \(year) it had to distribute at least \(RuleText.en(required)) (\(RuleText.percent(basisPoints: bp))) but distributed \(RuleText.en(returned))"))
            }
            ledgers[projectID] = ledger
        }
        return flags
    }

    private static func lastDay(year: Int, month: Int) -> CivilDate? {
        let next = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
        return next?.adding(days: -1)
    }
}

// The snapshot form (`JOURNAL.state`), by hand: per project its ledger of injections and returns.
// Bump `FlaggingValidator.snapshotFormatVersion` with any change here.
extension AssetIncomeShortfall: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        func write(_ flow: Flow) {
            sink.writeInt(flow.sequence)
            sink.writeDate(flow.date)
            sink.writeFen(flow.amount)
        }
        sink.writeDictionary(ledgers) { id, ledger in
            sink.writeString(id)
            sink.writeDivisionCode(ledger.county)
            sink.writeArray(ledger.injections, write)
            sink.writeArray(ledger.returns, write)
            sink.writeOptional(ledger.nextYearToJudge, sink.writeInt)
        }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> AssetIncomeShortfall {
        func readFlow() throws -> Flow { Flow(sequence: try source.readInt(), date: try source.readDate(), amount: try source.readFen()) }
        var rule = AssetIncomeShortfall()
        rule.ledgers = try source.readDictionary {
            (try source.readString(), Ledger(county: try source.readDivisionCode(), injections: try source.readArray(readFlow),
                                             returns: try source.readArray(readFlow),
                                             nextYearToJudge: try source.readOptional(source.readInt)))
        }
        return rule
    }
}

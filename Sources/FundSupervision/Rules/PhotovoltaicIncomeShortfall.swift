// R-PV-INCOME (光伏收益不足): a registered household unable to work that receives photovoltaic
// poverty-alleviation income in a year receives less than 3000 元 in that year.
//
// 002 「保障建档立卡无劳动能力贫困户每年每户增收3000元」 (R23); seed-domain §5 planted violation 14.
// Judged when the clock passes 31 December of the year.

/// 光伏收益不足 Photovoltaic income: a household unable to work paid less than 3000 元 of PV income in a year.
public struct PhotovoltaicIncomeShortfall: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-PV-INCOME",
        name: BilingualText(zh: "光伏收益不足", en: "Photovoltaic income shortfall"),
        sources: [
            RuleSource(
                document: "《山西省“十三五”脱贫攻坚规划》(光伏扶贫)",
                clause: "保障建档立卡无劳动能力贫困户每年每户增收3000元", domainIDs: ["R23", "V11"]),
        ],
        parameters: [
            RuleParameter(
                name: "minimum_income_fen", unit: .fen, defaultValue: 300_000,
                origin: "002 「保障建档立卡无劳动能力贫困户每年每户增收3000元」 (R23)",
                summary: BilingualText(zh: "无劳动能力户每年光伏收益下限", en: "least yearly PV income of a household unable to work")),
            RuleParameter(
                name: "pv_categories", defaultTexts: ["光伏扶贫"],
                origin: "002 光伏扶贫 (R23); the categories whose payments to households are PV income",
                summary: BilingualText(zh: "计为光伏收益的类别", en: "categories counted as PV income")),
        ],
        severity: .minor,
        summary: BilingualText(
            zh: "无劳动能力的建档立卡户全年光伏收益低于3000元",
            en: "a registered household unable to work receives less than 3000 yuan of photovoltaic income in a year"))

    private struct Key: Hashable, Comparable, Codable {
        var year: Int
        var pseudonym: String

        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.year, lhs.pseudonym) < (rhs.year, rhs.pseudonym) }
    }

    private struct Income: Codable {
        var county: DivisionCode
        var total = Fen.zero
        var payments: [Int] = []
    }

    private var incomes: [Key: Income] = [:]
    /// The years with income not yet judged, so that most clock moves cost nothing.
    private var pendingYears: Set<Int> = []

    // The parameters read per event, resolved once (RuleParameterKey).
    private static let pvCategories = RuleParameterKey("pv_categories", of: descriptor)

    /// Creates the rule with empty state.
    public init() {}

    private func key(of payment: FundDisbursement, in event: RuleEvent, context: RuleContext) -> Key? {
        guard payment.payee.kind == .beneficiary else { return nil }
        // The project's category when it is registered, else the payment's own (hashed when replay
        // prepared the entry; a project's was not). No registration is copied for a payment without one.
        // The payment's own category is read in place, not copied: a copy retained a text the
        // preparing thread shares between payments (a reference count both cores write, measured).
        if let projectID = payment.projectID, let projectCategory = context.facts.projects[projectID]?.registration.category {
            guard context.texts(Self.pvCategories, on: payment.effectiveDate, for: payment.county,
                                contain: projectCategory, textHash: nil)
            else { return nil }
        } else {
            guard case .some = payment.category,
                context.texts(Self.pvCategories, on: payment.effectiveDate, for: payment.county,
                              contain: payment.category!, textHash: event.paymentKeys?.categoryHash)
            else { return nil }
        }
        return Self.key(year: payment.effectiveDate.year, payeeOf: payment)
    }

    /// The key of a PV payment to a household. Not inlined on purpose: built in `key(of:in:context:)`,
    /// the payee was copied on entry for every payment, retaining its pseudonym, a text the preparing
    /// thread shares between payments (a reference count both cores write: 4% of the in-order thread's
    /// samples at 1,000,000 entries, measured), although one payment in many is a PV payment.
    @inline(never)
    private static func key(year: Int, payeeOf payment: FundDisbursement) -> Key {
        Key(year: year, pseudonym: payment.payee.id)
    }

    /// Adds a PV payment to a household's yearly income.
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
        guard let key = key(of: payment, in: event, context: context) else { return }
        pendingYears.insert(key.year)
        incomes[key, default: Income(county: payment.county)].total += payment.amount
        incomes[key, default: Income(county: payment.county)].payments.append(event.sequence)
    }

    /// Takes back a reversed PV payment.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        guard case .disburse(let payment) = event.event, let key = key(of: payment, in: event, context: context) else { return }
        incomes[key]?.total -= payment.amount
        incomes[key]?.payments.removeAll { $0 == event.sequence }
    }

    /// Judges every year that ended before `date`, for households registered as unable to work.
    public mutating func advance(to date: CivilDate, triggerSequence: Int, in context: RuleContext) -> [AnomalyFlag] {
        guard pendingYears.contains(where: { $0 < date.year }) else { return [] }
        pendingYears = pendingYears.filter { $0 >= date.year }
        var flags: [AnomalyFlag] = []
        for key in incomes.keys.sorted() where key.year < date.year {
            guard let income = incomes.removeValue(forKey: key), let first = income.payments.first,
                let yearEnd = CivilDate(year: key.year, month: 12, day: 31)
            else { continue }
            let enrolment = context.facts.enrolment(of: key.pseudonym, on: yearEnd, preferring: income.county)
            guard enrolment?.isAbleToWork == false,
                let minimumFen = context.value("minimum_income_fen", of: Self.descriptor, on: yearEnd, for: income.county)
            else { continue }
            let minimum = Fen(minimumFen)
            guard income.total < minimum else { continue }
            let payee = Payee(kind: .beneficiary, id: key.pseudonym)
            flags.append(Self.descriptor.makeFlag(
                anchor: first, facet: String(key.year), county: income.county, payee: key.pseudonym,
                amountAtStake: minimum - income.total, evidence: income.payments + [enrolment?.sequence].compactMap { $0 },
                effectiveDate: yearEnd.adding(days: 1), raisedAt: triggerSequence,
                zh: "无劳动能力的\(RuleText.payeeZH(payee)) \(key.year) 年光伏收益 \(RuleText.zh(income.total))，低于每户每年 \(RuleText.zh(minimum))，差 \(RuleText.zh(minimum - income.total))",
                en: "\(RuleText.payeeEN(payee)), unable to work, received \(RuleText.en(income.total)) of photovoltaic income in \(key.year), below \(RuleText.en(minimum)) per household a year; \(RuleText.en(minimum - income.total)) short"))
        }
        return flags
    }
}

// The snapshot form (`JOURNAL.state`), by hand: per (year, household) its income, then the years
// pending judgement. Bump `FlaggingValidator.snapshotFormatVersion` with any change here.
extension PhotovoltaicIncomeShortfall: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeDictionary(incomes) { key, income in
            sink.writeInt(key.year)
            sink.writeString(key.pseudonym)
            sink.writeDivisionCode(income.county)
            sink.writeFen(income.total)
            sink.writeArray(income.payments, sink.writeInt)
        }
        sink.writeSet(pendingYears, sink.writeInt)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> PhotovoltaicIncomeShortfall {
        var rule = PhotovoltaicIncomeShortfall()
        rule.incomes = try source.readDictionary {
            (Key(year: try source.readInt(), pseudonym: try source.readString()),
             Income(county: try source.readDivisionCode(), total: try source.readFen(), payments: try source.readArray(source.readInt)))
        }
        rule.pendingYears = try source.readSet(source.readInt)
        return rule
    }
}

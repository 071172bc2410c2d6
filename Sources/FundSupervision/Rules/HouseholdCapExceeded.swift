// R-HOUSEHOLD-CAP (超限额): a household's subsidies in the cap's scope add up to more than the cap
// in one fiscal year, or its poverty loans add up to more than the loan ceiling.
//
// 004 四(三)6 「贫困户每户奖补金额不超过3000元」 (R40; scope per seed-domain §0.1 note 7: livestock);
// 004 四(三)9 「每户贷款金额不超过2万元」 (R41); seed-domain V05(b), V19. "不超过" is inclusive.

/// 超限额 Over the cap: a household's capped subsidies in a year, or its poverty loans, above the ceiling.
public struct HouseholdCapExceeded: AnomalyRule, Codable, SnapshotSpecialCoding {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-HOUSEHOLD-CAP",
        name: BilingualText(zh: "超限额", en: "Over the cap"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 四(三)6",
                clause: "贫困户每户奖补金额不超过3000元", domainIDs: ["R40", "V05", "V19"]),
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 四(三)9",
                clause: "每户贷款金额不超过2万元", domainIDs: ["R41", "V19"]),
        ],
        parameters: [
            RuleParameter(
                name: "household_cap_fen", unit: .fen, defaultValue: 300_000,
                origin: "004 「贫困户每户奖补金额不超过3000元」 (R40); per fiscal year [not in seeds: the text states no period]",
                summary: BilingualText(zh: "每户每年奖补上限", en: "cap on a household's subsidies per fiscal year")),
            RuleParameter(
                name: "cap_items", defaultTexts: ["养殖奖补", "养猪奖补", "养牛奖补", "养驴奖补", "养羊奖补", "养鸡奖补"],
                origin: "seed-domain §0.1 note 7: the cap follows the livestock list, so its default scope is livestock (养殖) subsidies",
                summary: BilingualText(zh: "计入上限的补助项目", en: "subsidy items counted toward the cap")),
            RuleParameter(
                name: "loan_cap_fen", unit: .fen, defaultValue: 2_000_000,
                origin: "004 「每户贷款金额不超过2万元」 (R41)",
                summary: BilingualText(zh: "每户扶贫贷款上限", en: "ceiling on a household's poverty loans")),
            RuleParameter(
                name: "loan_items", defaultTexts: ["扶贫贷款"],
                origin: "[not in seeds] the item text under which a county records poverty-loan principal",
                summary: BilingualText(zh: "计为扶贫贷款的项目", en: "items counted as poverty loans")),
        ],
        severity: .major,
        summary: BilingualText(
            zh: "同一户一年内计入上限的奖补累计超过上限，或扶贫贷款累计超过上限",
            en: "a household's capped subsidies in a fiscal year, or its poverty loans, add up to more than the ceiling"))

    private struct Key: Hashable, Codable {
        /// The household (a pseudonym packed into 32 bytes: no text to compare or retain per probe).
        var payee: PayeeKey
        var year: Int?
        var isLoan: Bool

        // The payee key carries its hash value (replay makes it on the preparing core).
        func hash(into hasher: inout Hasher) {
            hasher.combine(payee.hashInProcess)
            hasher.combine(year)
            hasher.combine(isLoan)
        }

        // The same parts, mixed without a `Hasher` (`PrehashedString.mix`; no year is -1).
        func _rawHashValue(seed: Int) -> Int {
            let yearAndLoan = (year ?? -1) &* 2 &+ (isLoan ? 1 : 0)
            return PrehashedString.mix(PrehashedString.combine(payee.hashInProcess, yearAndLoan), seed: seed)
        }

        init(payee: PayeeKey, year: Int?, isLoan: Bool) {
            self.payee = payee
            self.year = year
            self.isLoan = isLoan
        }

        // Coded with the pseudonym's text, as when the key held it.
        private enum CodingKeys: String, CodingKey { case pseudonym, year, isLoan }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(payee: PayeeKey(kind: .beneficiary, id: try container.decode(String.self, forKey: .pseudonym)),
                      year: try container.decodeIfPresent(Int.self, forKey: .year),
                      isLoan: try container.decode(Bool.self, forKey: .isLoan))
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(payee.id, forKey: .pseudonym)
            try container.encodeIfPresent(year, forKey: .year)
            try container.encode(isLoan, forKey: .isLoan)
        }
    }

    private var totals: SnapshotMap<Key, Fen> = [:]
    private var payments: SnapshotMap<Key, [Int]> = [:]

    // The parameters read per event, resolved once (RuleParameterKey).
    private static let loanItems = RuleParameterKey("loan_items", of: descriptor)
    private static let capItems = RuleParameterKey("cap_items", of: descriptor)
    private static let loanCap = RuleParameterKey("loan_cap_fen", of: descriptor)
    private static let householdCap = RuleParameterKey("household_cap_fen", of: descriptor)

    /// Creates the rule with empty state.
    public init() {}

    private func key(of payment: FundDisbursement, in event: RuleEvent, context: RuleContext) -> Key? {
        // The item is read in place, not bound: a local copy retained its text, which the preparing
        // thread shares between payments (a reference count both cores write; 3% of samples, measured).
        guard payment.payee.kind == .beneficiary, case .some = payment.item else { return nil }
        let date = payment.effectiveDate
        let itemHash = event.paymentKeys?.itemHash
        if context.texts(Self.loanItems, on: date, for: payment.county, contain: payment.item!, textHash: itemHash) {
            return Key(payee: event.payeeKey(of: payment), year: nil, isLoan: true)
        }
        if context.texts(Self.capItems, on: date, for: payment.county, contain: payment.item!, textHash: itemHash) {
            return Key(payee: event.payeeKey(of: payment), year: date.year, isLoan: false)
        }
        return nil
    }

    /// Adds a household payment in scope and flags it when the total passes the cap.
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
        // One lookup per table: the total is updated in place and read back from the same access.
        let total = Self.add(payment.amount, to: &totals[key, default: .zero])
        payments[key, default: []].append(event.sequence)
        let parameter = key.isLoan ? Self.loanCap : Self.householdCap
        guard let capFen = context.value(parameter, on: payment.effectiveDate, for: payment.county)
        else { return }
        let cap = Fen(capFen)
        guard total > cap else { return }
        let excess = min(total - cap, payment.amount)
        let household = RuleText.payeeZH(payment.payee)
        let householdEN = RuleText.payeeEN(payment.payee)
        let zh: String
        let en: String
        if key.isLoan {
            zh = "\(household) 扶贫贷款累计 \(RuleText.zh(total))，超过每户 \(RuleText.zh(cap))的上限 \(RuleText.zh(excess))"
            en = "\(householdEN) has poverty loans of \(RuleText.en(total)), \(RuleText.en(excess)) above the ceiling of \(RuleText.en(cap)) per household"
        } else {
            zh = "\(household) \(payment.effectiveDate.year) 年奖补累计 \(RuleText.zh(total))，超过每户 \(RuleText.zh(cap))的上限 \(RuleText.zh(excess))"
            en = "\(householdEN) received \(RuleText.en(total)) of capped subsidies in \(payment.effectiveDate.year), \(RuleText.en(excess)) above the cap of \(RuleText.en(cap)) per household"
        }
        return raised.append(Self.descriptor.makeFlag(
            anchor: event.sequence, county: payment.county, projectID: payment.projectID, fundID: payment.fundID,
            payee: payment.payee.id, amountAtStake: excess, evidence: payments[key, default: []],
            effectiveDate: payment.effectiveDate, raisedAt: event.sequence, zh: zh, en: en))
    }

    private static func add(_ amount: Fen, to total: inout Fen) -> Fen {
        total += amount
        return total
    }

    /// Takes back a reversed household payment.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        guard case .disburse(let payment) = event.event, let key = key(of: payment, in: event, context: context) else { return }
        totals[key, default: .zero] -= payment.amount
        payments[key]?.removeAll { $0 == event.sequence }
    }

    // The snapshot form, by hand: both registers hold one member per household and year (or loan), so
    // they grow with the beneficiaries paid. Bump `FlaggingValidator.snapshotFormatVersion` with it.
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try totals.snapshotEncode(to: sink, coding: Self.totalCoding)
        try payments.snapshotEncode(to: sink, coding: Self.paymentCoding)
    }

    private static let totalCoding = SnapshotMapCoding<Key, Fen>(
        writeKey: { key, sink in write(key, to: sink) }, readKey: { try readKey(from: $0) },
        writeValue: { total, sink in sink.writeSigned(total.rawValue) }, readValue: { try $0.readFen() })

    private static let paymentCoding = SnapshotMapCoding<Key, [Int]>(
        writeKey: { key, sink in write(key, to: sink) }, readKey: { try readKey(from: $0) },
        writeValue: { sequences, sink in sink.writeArray(sequences) { sink.writeSigned(Int64($0)) } },
        readValue: { source in try source.readArray { try source.readInt() } })

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> HouseholdCapExceeded {
        var rule = HouseholdCapExceeded()
        rule.totals = try .snapshotDecode(from: source, coding: totalCoding)
        rule.payments = try .snapshotDecode(from: source, coding: paymentCoding)
        return rule
    }

    private static func write(_ key: Key, to sink: SnapshotByteSink) {
        key.payee.writeID(to: sink)
        sink.writeOptionalSigned(key.year.map(Int64.init))
        sink.bytes.append(key.isLoan ? 1 : 0)
    }

    private static func readKey(from source: SnapshotByteSource) throws -> Key {
        Key(payee: PayeeKey(kind: .beneficiary, id: try source.readString()),
            year: try source.readOptionalSigned().map { try source.narrow($0, Int.self) },
            isLoan: try source.readFlag())
    }
}

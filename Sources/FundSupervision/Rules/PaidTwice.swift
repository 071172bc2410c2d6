// R-DUPLICATE (重复发放): the same payee paid twice for the same subsidy item over overlapping
// periods, or the same voucher number used twice in one paying unit's books (by default, a fiscal year).
//
// 004 五(三) 「严肃查处套取、骗取奖补资金等行为」; seed-domain V05(a).
import LedgerCrypto

/// 重复发放 Duplicate payment: same payee, item and period paid twice, or a voucher number reused.
public struct PaidTwice: AnomalyRule, Codable, SnapshotSpecialCoding {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-DUPLICATE",
        name: BilingualText(zh: "重复发放", en: "Duplicate payment"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 五(三)",
                clause: "严肃查处套取、骗取奖补资金等行为", domainIDs: ["V05"]),
        ],
        parameters: [
            RuleParameter(
                name: "voucher_scope", defaultTexts: ["year"],
                origin: "[not in seeds] vouchers (凭证号) are numbered within a unit's books for a fiscal year; \"month\" for books numbered monthly, \"journal\" for numbers unique forever",
                summary: BilingualText(zh: "凭证号唯一的范围：year、month 或 journal", en: "where a voucher number must be unique: year, month or journal")),
        ],
        severity: .major,
        summary: BilingualText(
            zh: "同一收款方同一补助项目的发放期间重叠，或同一单位重复使用凭证号",
            en: "one payee is paid twice for the same subsidy item over overlapping periods, or a paying unit uses a voucher number twice"))

    // Every payment's voucher is remembered, so this is the one rule state that grows with the number of
    // payments. A voucher is kept as 16 bytes, the first 128 bits of SHA-256(county ‖ 0x00 ‖ voucher),
    // instead of its text in an array of its own: at 1,000,000 payments that is ≈ 40 MiB instead of
    // ≈ 190 MiB. Two different vouchers would have to collide in 128 bits (≈ n²/2^129 by chance) to be
    // mistaken for one another.
    private struct VoucherFingerprint: Hashable, Codable, SnapshotSpecialCoding {
        var high: UInt64
        var low: UInt64

        init(county: DivisionCode, voucher: String) {
            (high, low) = PaidTwice.voucherFingerprint(county: county, voucher: voucher)
        }

        /// The fingerprint replay computed while preparing the entry, else computed now.
        init(of payment: FundDisbursement, in event: RuleEvent) {
            (high, low) = event.paymentKeys?.voucherFingerprint
                ?? PaidTwice.voucherFingerprint(county: payment.county, voucher: payment.voucher)
        }

        init(high: UInt64, low: UInt64) {
            self.high = high
            self.low = low
        }

        // The bits are a SHA-256 prefix, already uniform: the high half mixed with a dictionary's seed
        // (`PrehashedString.mix`) spreads the keys without a `Hasher`. Equal keys give equal results.
        func _rawHashValue(seed: Int) -> Int {
            PrehashedString.mix(Int(truncatingIfNeeded: high), seed: seed)
        }

        func snapshotEncode(to sink: SnapshotByteSink) throws {
            try sink.encodeValue(high)
            try sink.encodeValue(low)
        }

        static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
            Self(high: try source.decodeValue(UInt64.self), low: try source.decodeValue(UInt64.self))
        }
    }

    /// The first 128 bits of SHA-256(county code ‖ 0x00 ‖ voucher), as two big-endian halves.
    package static func voucherFingerprint(county: DivisionCode, voucher: String) -> (high: UInt64, low: UInt64) {
        // Fed straight from the strings' bytes (no message array, no digest array; this runs for
        // every payment).
        var function = SHA256()
        var code = county.description
        code.withUTF8 { function.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0)) { function.update(bufferPointer: $0) }
        var text = voucher
        text.withUTF8 { function.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        // The first 16 digest bytes, big-endian.
        return function.finalize().withUnsafeBytes { bytes in
            (UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }

    /// A payment that used a voucher: its sequence and effective date, packed into 8 bytes (sequence in
    /// the high 40 bits, day number + 2^23 in the low 24), because one is kept per payment.
    private struct VoucherUse: Codable, SnapshotSpecialCoding {
        private var packed: UInt64
        private static let dayBits: UInt64 = 24
        private static let dayOffset: Int64 = 1 << 23

        init(sequence: Int, date: CivilDate) {
            // Sequences up to 2^40 (10^12 entries); dates 1949-2199 are within ±2^23 days of 1970.
            precondition(sequence >= 0 && sequence < 1 << 40, "sequence \(sequence) out of the packed range")
            precondition(Int64(date.dayNumber) + Self.dayOffset >= 0 && Int64(date.dayNumber) < Self.dayOffset,
                         "date \(date.dayNumber) out of the packed range")
            packed = UInt64(sequence) << Self.dayBits | UInt64(Int64(date.dayNumber) + Self.dayOffset)
        }

        var sequence: Int { Int(packed >> Self.dayBits) }
        var date: CivilDate { CivilDate(dayNumber: Int32(Int64(packed & (1 << Self.dayBits - 1)) - Self.dayOffset)) }

        func snapshotEncode(to sink: SnapshotByteSink) throws {
            try sink.encodeValue(sequence)
            try sink.encodeValue(date)
        }

        static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
            let start = source.position
            let sequence = try source.decodeValue(Int.self)
            guard sequence >= 0, sequence < 1 << 40 else { throw SnapshotDecodingError.malformed(byteOffset: start) }
            let dateStart = source.position
            let date = try source.decodeValue(CivilDate.self)
            guard Int64(date.dayNumber) + dayOffset >= 0, Int64(date.dayNumber) < dayOffset else {
                throw SnapshotDecodingError.malformed(byteOffset: dateStart)
            }
            return Self(sequence: sequence, date: date)
        }
    }

    /// Whether two payment dates fall in the same book under `scope` (year, month or journal).
    private static func isSameBook(_ first: CivilDate, _ second: CivilDate, scope: String?) -> Bool {
        let (firstYear, firstMonth, _) = first.components
        let (secondYear, secondMonth, _) = second.components
        switch scope {
        case "journal": return true
        case "month": return firstYear == secondYear && firstMonth == secondMonth
        default: return firstYear == secondYear
        }
    }

    private struct SubsidyKey: Hashable, Codable {
        /// The payee (a household's pseudonym packed into 32 bytes: `PayeeKey`).
        var payee: PayeeKey
        var item: String
        /// The payee key's and `item.hashValue` in this process, combined (replay computes both on the
        /// preparing core). Derived: not compared, not coded.
        var textsHash: Int

        init(payee: PayeeKey, item: String, itemHash: Int? = nil) {
            self.payee = payee
            self.item = item
            textsHash = PrehashedString.combine(payee.hashInProcess, itemHash ?? item.hashValue)
        }

        // Equal keys have equal texts, hence equal hashes: those are compared first.
        static func == (lhs: SubsidyKey, rhs: SubsidyKey) -> Bool {
            lhs.textsHash == rhs.textsHash && lhs.payee == rhs.payee && lhs.item == rhs.item
        }

        func hash(into hasher: inout Hasher) { hasher.combine(textsHash) }

        // The same part, mixed without a `Hasher` (`PrehashedString.mix`).
        func _rawHashValue(seed: Int) -> Int { PrehashedString.mix(textsHash, seed: seed) }

        private enum CodingKeys: String, CodingKey { case payee, item }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(payee: PayeeKey(try container.decode(Payee.self, forKey: .payee)), item: try container.decode(String.self, forKey: .item))
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(payee.payee, forKey: .payee)
            try container.encode(item, forKey: .item)
        }
    }

    private struct Period: Codable, SnapshotSpecialCoding {
        var sequence: Int
        var start: CivilDate
        var end: CivilDate

        func snapshotEncode(to sink: SnapshotByteSink) throws {
            try sink.encodeValue(sequence)
            try sink.encodeValue(start)
            try sink.encodeValue(end)
        }

        static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
            Self(sequence: try source.decodeValue(Int.self), start: try source.decodeValue(CivilDate.self),
                 end: try source.decodeValue(CivilDate.self))
        }
    }

    /// The first use of each voucher; later uses (rare: reuses, or the same number in a later book) in
    /// `laterVoucherUses`, so that the common case costs no array.
    private var firstVoucherUse: SnapshotMap<VoucherFingerprint, VoucherUse> = [:]
    private var laterVoucherUses: [VoucherFingerprint: [VoucherUse]] = [:]
    private var periods: SnapshotMap<SubsidyKey, [Period]> = [:]

    /// Creates the rule with empty state.
    public init() {}

    /// Checks a payment's voucher and subsidy period against earlier, non-reversed payments.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        guard case .disburse(let payment) = event.event else { return [] }
        return observe(payment: payment, of: event, in: context)
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
        let voucherKey = VoucherFingerprint(of: payment, in: event)
        let use = VoucherUse(sequence: event.sequence, date: payment.effectiveDate)
        // A voucher never used before (nearly every payment) becomes the first use, stored by one
        // probe of the table (`insertIfAbsent`: a read, then a store, took two; the nested accessors
        // of an in-place update allocate their frames on the heap).
        guard let firstUse = firstVoucherUse.insertIfAbsent(use, forKey: voucherKey) else {
            appendSubsidyPeriodFlags(event, payment, to: &raised)
            return
        }
        // A reused number (rare): the first use stays first, this one is a later use.
        let uses = [firstUse] + (laterVoucherUses[voucherKey] ?? [])
        // The book's scope matters only when the voucher number was used before.
        let scope = context.texts("voucher_scope", of: Self.descriptor, on: payment.effectiveDate, for: payment.county).first
        let earlier = uses
            .filter { Self.isSameBook($0.date, payment.effectiveDate, scope: scope) }.map(\.sequence)
        if let first = earlier.first {
            raised.append(Self.descriptor.makeFlag(
                anchor: event.sequence, facet: "voucher", county: payment.county, projectID: payment.projectID,
                fundID: payment.fundID, payee: payment.payee.id, amountAtStake: payment.amount, evidence: earlier,
                effectiveDate: payment.effectiveDate, raisedAt: event.sequence,
                zh: "\(RuleText.unit(payment.county)) 凭证号 \(payment.voucher) 已用于序号 \(first) 的拨付，序号 \(event.sequence) 再次使用（\(RuleText.zh(payment.amount))）",
                en: "\(RuleText.unit(payment.county)) voucher \(payment.voucher) was already used by entry \(first); entry \(event.sequence) uses it again (\(RuleText.en(payment.amount)))"))
        }
        laterVoucherUses[voucherKey, default: []].append(use)
        appendSubsidyPeriodFlags(event, payment, to: &raised)
    }

    /// Makes room in the voucher register for `count` payments (replay, which knows the journal's
    /// size, so that the register does not grow through every size on the way).
    mutating func reserveCapacity(forPayments count: Int) {
        firstVoucherUse.reserveCapacity(count)
    }

    /// Checks the payment's subsidy period against the payee's earlier periods for the item, and records
    /// it; appends the flag of an overlap to `raised`.
    private mutating func appendSubsidyPeriodFlags(_ event: RuleEvent, _ payment: FundDisbursement,
                                                   to raised: inout [AnomalyFlag]) {
        if let item = payment.item, let start = payment.periodStart, let end = payment.periodEnd {
            let key = SubsidyKey(payee: event.payeeKey(of: payment), item: item,
                                 itemHash: event.paymentKeys?.itemHash)
            let overlapping = periods[key, default: []].filter { $0.start <= end && start <= $0.end }
            if let first = overlapping.first {
                raised.append(Self.descriptor.makeFlag(
                    anchor: event.sequence, facet: "period", county: payment.county, projectID: payment.projectID,
                    fundID: payment.fundID, payee: payment.payee.id, amountAtStake: payment.amount,
                    evidence: overlapping.map(\.sequence), effectiveDate: payment.effectiveDate, raisedAt: event.sequence,
                    zh: "\(RuleText.payeeZH(payment.payee)) 的 \(item) \(first.start) 至 \(first.end) 已由序号 \(first.sequence) 发放，序号 \(event.sequence) 就 \(start) 至 \(end) 重复发放 \(RuleText.zh(payment.amount))",
                    en: "\(RuleText.payeeEN(payment.payee)) was paid \(item) for \(first.start) to \(first.end) by entry \(first.sequence); entry \(event.sequence) pays \(RuleText.en(payment.amount)) again for \(start) to \(end)"))
            }
            periods[key, default: []].append(Period(sequence: event.sequence, start: start, end: end))
        }
    }

    /// Forgets a reversed payment's voucher and period.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        guard case .disburse(let payment) = event.event else { return }
        let voucherKey = VoucherFingerprint(county: payment.county, voucher: payment.voucher)
        if firstVoucherUse[voucherKey]?.sequence == event.sequence {
            if var later = laterVoucherUses[voucherKey], !later.isEmpty {
                firstVoucherUse[voucherKey] = later.removeFirst()
                laterVoucherUses[voucherKey] = later.isEmpty ? nil : later
            } else {
                firstVoucherUse[voucherKey] = nil
            }
        } else {
            laterVoucherUses[voucherKey]?.removeAll { $0.sequence == event.sequence }
            if laterVoucherUses[voucherKey]?.isEmpty == true { laterVoucherUses[voucherKey] = nil }
        }
        if let item = payment.item {
            periods[SubsidyKey(payee: event.payeeKey(of: payment), item: item)]?.removeAll { $0.sequence == event.sequence }
        }
    }

    // The snapshot form, written by hand because the voucher register grows with every payment (at
    // 100,000 entries it was a quarter of an append's CPU through the generic dictionary coding): the
    // register's count, then per voucher its two fingerprint halves, sequence and day number as
    // varints, read into a dictionary of the concrete type reserved at its final size; then the later
    // uses and the subsidy periods, also by hand. Bump `FlaggingValidator.snapshotFormatVersion` with it.
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try firstVoucherUse.snapshotEncode(to: sink, coding: Self.voucherCoding)
        try sink.writeDictionary(laterVoucherUses) { key, uses in
            try key.snapshotEncode(to: sink)
            try sink.writeArray(uses) { try $0.snapshotEncode(to: sink) }
        }
        try periods.snapshotEncode(to: sink, coding: Self.periodCoding)
    }

    /// The voucher register's keys (two fingerprint halves) and values (sequence and day), by hand.
    private static let voucherCoding = SnapshotMapCoding<VoucherFingerprint, VoucherUse>(
        writeKey: { key, sink in
            sink.writeVarint(key.high)
            sink.writeVarint(key.low)
        },
        readKey: { source in VoucherFingerprint(high: try source.readVarint(), low: try source.readVarint()) },
        writeValue: { use, sink in try use.snapshotEncode(to: sink) },
        // Checks the packed ranges: damaged bytes throw instead of trapping in `VoucherUse.init`.
        readValue: { source in try VoucherUse.snapshotDecode(from: source) })

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> PaidTwice {
        var rule = PaidTwice()
        rule.firstVoucherUse = try .snapshotDecode(from: source, coding: voucherCoding)
        rule.laterVoucherUses = try source.readDictionary {
            (try VoucherFingerprint.snapshotDecode(from: source), try source.readArray { try VoucherUse.snapshotDecode(from: source) })
        }
        rule.periods = try .snapshotDecode(from: source, coding: periodCoding)
        return rule
    }

    /// The subsidy periods per (payee, item), by hand.
    private static let periodCoding = SnapshotMapCoding<SubsidyKey, [Period]>(
        writeKey: { key, sink in
            try key.payee.snapshotEncode(to: sink)
            sink.writeString(key.item)
        },
        readKey: { source in SubsidyKey(payee: try PayeeKey.snapshotDecode(from: source), item: try source.readString()) },
        writeValue: { periods, sink in try sink.writeArray(periods) { try $0.snapshotEncode(to: sink) } },
        readValue: { source in try source.readArray { try Period.snapshotDecode(from: source) } })
}

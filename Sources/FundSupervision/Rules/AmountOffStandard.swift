// R-OFF-STANDARD (超标准): a subsidy whose amount is not exactly quantity × the standard in force.
//
// Standards from the seed texts (seed-domain R01-R20, R26); tolerance zero. Area standards are per
// 亩 while quantities are in 0.01 亩, so the expected amount is rate × centimu / 100, rounded half
// up to the fen ([not in seeds]: the texts give no rounding rule).

/// 超标准 Off-standard: an amount that does not equal quantity × the standard in force.
public struct AmountOffStandard: AnomalyRule, Codable {
    /// One payment standard: the subsidy item it applies to, its parameter and its unit.
    public struct Standard: Sendable, Hashable, Codable {
        /// The `item` text of `fund.disburse` the standard applies to.
        public var item: String
        /// The parameter holding the rate in force (fen per unit; per 亩 for area).
        public var parameter: String
        /// The quantity unit the rate is per.
        public var unit: QuantityUnit
        /// The default rate in fen per unit (per 亩 for `centimu`), or `nil` when the texts give none.
        public var defaultRate: Int64?
        /// Where the rate comes from.
        public var origin: String
    }

    /// The standards, by item.
    public static let standards: [Standard] = [
        Standard(item: "退耕还林补助第1年", parameter: "tuigeng_year1_fen_per_mu", unit: .centimu, defaultRate: 50_000,
                 origin: "004 四(三)8 「第一年补助500元」 (R02, R26)"),
        Standard(item: "退耕还林补助第2年", parameter: "tuigeng_year2_fen_per_mu", unit: .centimu, defaultRate: 15_000,
                 origin: "004 四(三)8 「第二年补助150元」 (R26)"),
        Standard(item: "退耕还林补助第3年", parameter: "tuigeng_year3_fen_per_mu", unit: .centimu, defaultRate: 30_000,
                 origin: "004 四(三)8 「第三年补助300元」 (R26)"),
        Standard(item: "退耕还林补助第4年", parameter: "tuigeng_year4_fen_per_mu", unit: .centimu, defaultRate: 15_000,
                 origin: "004 四(三)8 「第四年补助150元」 (R26)"),
        Standard(item: "退耕还林补助第5年", parameter: "tuigeng_year5_fen_per_mu", unit: .centimu, defaultRate: 40_000,
                 origin: "004 四(三)8 「第五年补助400元」 (R26)"),
        Standard(item: "造林补助", parameter: "afforestation_fen_per_mu", unit: .centimu, defaultRate: 80_000,
                 origin: "004 四(三)8 「按每亩800元的标准补助扶贫造林合作社」 (R06); 002 (R04)"),
        Standard(item: "上一轮退耕还林补助", parameter: "previous_tuigeng_fen_per_mu", unit: .centimu, defaultRate: 9_000,
                 origin: "002 「按照每年每亩90元的补助标准再补助5年」 (R07)"),
        Standard(item: "干果经济林提质增效补助", parameter: "dried_fruit_fen_per_mu", unit: .centimu, defaultRate: 20_000,
                 origin: "002 「同一区域连续扶持3年,每亩每年补助200元」 (R08)"),
        Standard(item: "森林管护补助", parameter: "forest_protection_fen_per_mu", unit: .centimu, defaultRate: 800,
                 origin: "002 「现有管护标准为每亩3元的由省级筹资提高到8元」 (R09)"),
        Standard(item: "未成林管护补助", parameter: "young_plantation_fen_per_mu", unit: .centimu, defaultRate: 1_000,
                 origin: "002 「每亩每年安排管护补助10元」 (R10)"),
        Standard(item: "森林生态效益补偿", parameter: "forest_compensation_fen_per_mu", unit: .centimu, defaultRate: 1_500,
                 origin: "000 「4928万亩国家公益林每亩15元的补偿标准」 (R11)"),
        Standard(item: "日光温室奖补", parameter: "solar_greenhouse_fen_per_mu", unit: .centimu, defaultRate: 2_000_000,
                 origin: "004 四(三)6 「新建日光温室大棚每亩奖补2万元」 (R13)"),
        Standard(item: "移动大棚奖补", parameter: "movable_greenhouse_fen_per_mu", unit: .centimu, defaultRate: 400_000,
                 origin: "004 四(三)6 「新建移动大棚每亩奖补4000元」 (R14)"),
        Standard(item: "商品薯补贴", parameter: "potato_fen_per_mu", unit: .centimu, defaultRate: 5_000,
                 origin: "004 四(三)6 「种植商品薯每亩再补贴50元」 (R15)"),
        Standard(item: "中药材奖补", parameter: "herb_fen_per_mu", unit: .centimu, defaultRate: 40_000,
                 origin: "004 四(三)6 「种植道地中药材每亩奖补400元」 (R16)"),
        Standard(item: "小杂粮奖补", parameter: "minor_grain_fen_per_mu", unit: .centimu, defaultRate: 20_000,
                 origin: "004 四(三)6 「豆子、荞麦等小杂粮每亩奖补200元」 (R17)"),
        Standard(item: "土地流转奖补", parameter: "land_transfer_fen_per_mu", unit: .centimu, defaultRate: 5_000,
                 origin: "004 四(三)6 「贫困户流转土地每年每亩奖补50元」 (R18)"),
        Standard(item: "养猪奖补", parameter: "pig_fen_per_head", unit: .head, defaultRate: 30_000,
                 origin: "004 四(三)6 「对贫困户养殖猪每头奖补300元」 (R19)"),
        Standard(item: "养牛奖补", parameter: "cattle_fen_per_head", unit: .head, defaultRate: 300_000,
                 origin: "004 四(三)6 「牛每头奖补3000元」 (R19)"),
        Standard(item: "养驴奖补", parameter: "donkey_fen_per_head", unit: .head, defaultRate: 300_000,
                 origin: "004 四(三)6 「驴每头奖补3000元」 (R20)"),
        Standard(item: "养羊奖补", parameter: "sheep_fen_per_head", unit: .head, defaultRate: 30_000,
                 origin: "004 四(三)6 「羊每只奖补300元」 (R20)"),
        Standard(item: "养鸡奖补", parameter: "chicken_fen_per_head", unit: .head, defaultRate: 300,
                 origin: "004 四(三)6 「鸡每只奖补3元」 (R20)"),
        Standard(item: "生态护林员补助", parameter: "ranger_fen_per_person_month", unit: .personMonth, defaultRate: nil,
                 origin: "[not in seeds] 000 names the 护林员 programme and its cost sharing (R67) but no per-person standard; set it with policy.set"),
    ]

    private static let standardIndexByItem: [String: Int] =
        Dictionary(uniqueKeysWithValues: standards.indices.map { (standards[$0].item, $0) })

    /// The index in `standards` of the standard for `item`; nil when the item has none.
    package static func standardIndex(ofItem item: String) -> Int? { standardIndexByItem[item] }

    /// The standards' items' hash values in this process, in the order of `standards`.
    private static let itemHashes = standards.map(\.item.hashValue)

    /// `standardIndex(ofItem:)` for an item whose `hashValue` is `itemHash`: a scan of the standards'
    /// hash values instead of hashing the (Chinese) text again, which costs a normalisation check.
    package static func standardIndex(ofItem item: String, itemHash: Int) -> Int? {
        for index in itemHashes.indices where itemHashes[index] == itemHash && standards[index].item == item {
            return index
        }
        return nil
    }

    /// The quantity unit of each standard, in `standards` order (read for every subsidy payment).
    private static let standardUnits = standards.map(\.unit)

    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-OFF-STANDARD",
        name: BilingualText(zh: "超标准", en: "Off-standard amount"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 四(三)6、8",
                clause: "对农户实施退耕还林每亩补助1500元，分5年兑现", domainIDs: ["R02", "R06", "R13", "R14", "R15", "R16", "R17", "R18", "R19", "R20", "R26", "V19"]),
            RuleSource(
                document: "《山西省“十三五”脱贫攻坚规划》",
                clause: "现有管护标准为每亩3元的由省级筹资提高到8元", domainIDs: ["R01", "R04", "R07", "R08", "R09", "R10", "V19"]),
            RuleSource(
                document: "贵州省生态扶贫实施方案(2017—2020年) 黔府办发〔2018〕1号",
                clause: "4928万亩国家公益林每亩15元的补偿标准", domainIDs: ["R11", "V19"]),
        ],
        parameters: standards.map { standard in
            RuleParameter(
                name: standard.parameter, unit: .fenPerUnit, defaultValue: standard.defaultRate, origin: standard.origin,
                summary: BilingualText(
                    zh: "\(standard.item) 标准（分/\(unitZH(standard.unit))）",
                    en: "standard for \(standard.item) (fen per \(unitEN(standard.unit)))"))
        },
        severity: .major,
        summary: BilingualText(
            zh: "有标准的补助项目金额不等于数量乘以现行标准（零容差），或未记录相应数量",
            en: "a subsidy with a standard is not exactly quantity × the standard in force (zero tolerance), or records no quantity in its unit"))

    // The standards' rates, resolved once (RuleParameterKey), in the order of `standards`.
    private static let rateKeys = standards.map { RuleParameterKey($0.parameter, of: descriptor) }

    /// Creates the rule (it keeps no state).
    public init() {}

    /// Checks one subsidy payment against its standard.
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
        // The standard's index was looked up when replay prepared the entry (hashing the item's
        // Chinese text costs a normalisation check); else it is looked up now.
        guard let item = payment.item,
            let index = event.paymentKeys.map({ $0.standardIndex }) ?? Self.standardIndex(ofItem: item),
            // The unit alone: a copy of the standard would retain and release its three texts.
            case let unit = Self.standardUnits[index],
            let rate = context.value(Self.rateKeys[index], on: payment.effectiveDate, for: payment.county)
        else { return }
        // Built only when a flag is raised (nearly every payment matches its standard).
        var rateText: String { Fen(rate).yuanText }
        guard let quantity = payment.quantity, quantity.unit == unit else {
            raised.append(Self.descriptor.makeFlag(
                anchor: event.sequence, facet: "quantity", county: payment.county, projectID: payment.projectID,
                fundID: payment.fundID, payee: payment.payee.id, amountAtStake: payment.amount, evidence: [],
                effectiveDate: payment.effectiveDate, raisedAt: event.sequence,
                zh: "\(item) 标准为 \(rateText) 元/\(Self.unitZH(unit))，拨付 \(RuleText.zh(payment.amount))但未按\(Self.unitZH(unit))记录数量",
                en: "\(item) has a standard of \(rateText) yuan per \(Self.unitEN(unit)), but the payment of \(RuleText.en(payment.amount)) records no quantity in \(Self.unitEN(unit))"))
            return
        }
        let expected = Self.expectedAmount(rate: rate, quantity: quantity)
        guard expected != payment.amount else { return }
        let difference = payment.amount > expected ? payment.amount - expected : expected - payment.amount
        let quantityText = Self.quantityText(quantity)
        raised.append(Self.descriptor.makeFlag(
            anchor: event.sequence, county: payment.county, projectID: payment.projectID,
            fundID: payment.fundID, payee: payment.payee.id, amountAtStake: difference, evidence: [],
            effectiveDate: payment.effectiveDate, raisedAt: event.sequence,
            zh: "\(item) 按标准 \(rateText) 元/\(Self.unitZH(unit)) × \(quantityText) \(Self.unitZH(unit)) 应为 \(RuleText.zh(expected))，实际拨付 \(RuleText.zh(payment.amount))，相差 \(RuleText.zh(difference))",
            en: "\(item) at the standard \(rateText) yuan per \(Self.unitEN(unit)) × \(quantityText) \(Self.unitEN(unit)) should be \(RuleText.en(expected)); \(RuleText.en(payment.amount)) was paid, a difference of \(RuleText.en(difference))"))
    }

    /// Quantity × rate, with area in 0.01 亩 against a per-亩 rate rounded half up to the fen.
    static func expectedAmount(rate: Int64, quantity: Quantity) -> Fen {
        let product = rate.multipliedReportingOverflow(by: quantity.value)
        // A product beyond Int64 cannot equal any recordable amount; saturate so the flag still shows.
        let total = product.overflow ? Int64.max : product.partialValue
        guard quantity.unit == .centimu else { return Fen(total) }
        return Fen(total / 100 + (total % 100 >= 50 ? 1 : 0))
    }

    private static func quantityText(_ quantity: Quantity) -> String {
        quantity.unit == .centimu ? RuleText.hundredths(quantity.value) : String(quantity.value)
    }

    static func unitZH(_ unit: QuantityUnit) -> String {
        switch unit {
        case .centimu: "亩"
        case .head: "头(只)"
        case .kilowatt: "千瓦"
        case .personMonth: "人月"
        case .person: "人"
        case .household: "户"
        }
    }

    static func unitEN(_ unit: QuantityUnit) -> String {
        switch unit {
        case .centimu: "mu"
        case .head: "head"
        case .kilowatt: "kW"
        case .personMonth: "person-month"
        case .person: "person"
        case .household: "household"
        }
    }
}

// The small value types that event bodies share: funds, payees, quantities, tranches and the
// closed vocabularies (enumerations) whose raw values are the JSON strings.
import LedgerJournal

/// A fund as named in `fund.allocate`: the same id always carries the same name, level and channel.
public struct FundDescriptor: Hashable, Sendable, Codable {
    /// Client-chosen fund id, unique across the journal (e.g. `F-2018-SX-TGHL-C`).
    public var id: String
    /// The fund's name as the allocating document gives it.
    public var name: String
    /// The administrative level whose budget the money comes from.
    public var sourceLevel: AdministrativeLevel
    /// The channel (资金渠道), e.g. 财政专项扶贫资金, 涉农整合资金, 以工代赈; free text, see `FundChannel`.
    public var channel: String

    /// Creates a fund descriptor.
    public init(id: String, name: String, sourceLevel: AdministrativeLevel, channel: String) {
        self.id = id
        self.name = name
        self.sourceLevel = sourceLevel
        self.channel = channel
    }

    init(reading reader: inout BodyReader) throws {
        id = try reader.text("id")
        name = try reader.text("name")
        sourceLevel = try reader.enumeration("source_level", as: AdministrativeLevel.self)
        channel = try reader.text("channel")
        try reader.finish()
    }

    var json: JSONValue {
        ["id": .string(id), "name": .string(name), "source_level": .string(sourceLevel.rawValue), "channel": .string(channel)]
    }
}

/// Fund channels (资金渠道) named in the policy texts; the schema accepts any channel text,
/// and reports group by the text as recorded.
public enum FundChannel {
    /// 财政专项扶贫资金: special fiscal poverty-alleviation funds.
    public static let specialPovertyFund = "财政专项扶贫资金"
    /// 涉农整合资金: agriculture-related funds integrated at county level.
    public static let integratedAgricultureFund = "涉农整合资金"
    /// 以工代赈: work-for-relief.
    public static let workForRelief = "以工代赈"
    /// 生态补偿: ecological compensation.
    public static let ecologicalCompensation = "生态补偿"
    /// 易地扶贫搬迁: poverty relocation.
    public static let relocation = "易地扶贫搬迁"
    /// 社会帮扶: social assistance (donations, paired assistance).
    public static let socialAssistance = "社会帮扶"
    /// The channels above, in this order.
    public static let known = [specialPovertyFund, integratedAgricultureFund, workForRelief,
                               ecologicalCompensation, relocation, socialAssistance]
}

/// Project categories (项目类别) named in the policy texts; the schema accepts any category text.
public enum ProjectCategory {
    /// 退耕还林: cropland returned to forest.
    public static let croplandToForest = "退耕还林"
    /// 种苗造林: seedlings and afforestation.
    public static let afforestation = "种苗造林"
    /// 光伏扶贫: photovoltaic poverty alleviation.
    public static let photovoltaic = "光伏扶贫"
    /// 以工代赈: work-for-relief infrastructure.
    public static let workForRelief = "以工代赈"
    /// 生态护林员: ecological rangers.
    public static let ecologicalRanger = "生态护林员"
    /// 产业扶贫: industrial poverty alleviation.
    public static let industry = "产业扶贫"
    /// 易地扶贫搬迁: poverty relocation.
    public static let relocation = "易地扶贫搬迁"
    /// 资产收益扶贫: asset-income poverty alleviation.
    public static let assetIncome = "资产收益扶贫"
    /// 森林管护: forest protection.
    public static let forestProtection = "森林管护"
    /// The categories above, in this order.
    public static let known = [croplandToForest, afforestation, photovoltaic, workForRelief,
                               ecologicalRanger, industry, relocation, assetIncome, forestProtection]
}

/// The kind of party a disbursement pays (收款人类型).
public enum PayeeKind: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    /// A government unit or public institution.
    case unit
    /// A farmers' cooperative (合作社).
    case cooperative
    /// An enterprise (企业).
    case enterprise
    /// A village collective (村集体).
    case villageCollective = "village_collective"
    /// A registered household or person, by pseudonym only.
    case beneficiary

    public static func < (lhs: PayeeKind, rhs: PayeeKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Who receives a disbursement: a kind and an id (a pseudonym when the kind is `beneficiary`).
public struct Payee: Hashable, Sendable, Comparable, Codable {
    /// The payee's kind.
    public var kind: PayeeKind
    /// The payee's id: the 64-hex pseudonym for beneficiaries, otherwise the name or code as recorded.
    public var id: String

    /// Creates a payee.
    public init(kind: PayeeKind, id: String) {
        self.kind = kind
        self.id = id
    }

    init(reading reader: inout BodyReader) throws {
        kind = try reader.enumeration("kind", as: PayeeKind.self)
        if kind == .beneficiary {
            let pseudonym = try reader.rawString("id")
            guard BodyReader.isLowercaseHex64(pseudonym) else { throw reader.invalid("id", .invalidPseudonym(actual: pseudonym)) }
            id = pseudonym
        } else {
            id = try reader.text("id")
        }
        try reader.finish()
    }

    var json: JSONValue { ["kind": .string(kind.rawValue), "id": .string(id)] }

    public static func < (lhs: Payee, rhs: Payee) -> Bool {
        lhs.kind != rhs.kind ? lhs.kind < rhs.kind : lhs.id < rhs.id
    }
}

/// Units of the quantities that payment standards apply to (seed-domain §0.2).
public enum QuantityUnit: String, Sendable, Hashable, CaseIterable, Codable {
    /// 0.01 亩 (mu): area is stored as an integer count of hundredths of a mu.
    case centimu
    /// 头/只: head of livestock or poultry.
    case head
    /// 千瓦: kilowatt of installed capacity.
    case kilowatt
    /// 人月: person-months of work (rangers, labour).
    case personMonth = "person_month"
    /// 人: persons.
    case person
    /// 户: households.
    case household
}

/// A quantity a payment or milestone is measured in: a positive integer and its unit.
public struct Quantity: Hashable, Sendable, Codable {
    /// The count in `unit`s (for area, hundredths of a mu).
    public var value: Int64
    /// The unit.
    public var unit: QuantityUnit

    /// The largest quantity accepted (10^12 of any unit), far above any real figure.
    public static let maximumValue: Int64 = 1_000_000_000_000

    /// Creates a quantity.
    public init(value: Int64, unit: QuantityUnit) {
        self.value = value
        self.unit = unit
    }

    init(reading reader: inout BodyReader) throws {
        value = try reader.integer("value", in: 1...Self.maximumValue)
        unit = try reader.enumeration("unit", as: QuantityUnit.self)
        try reader.finish()
    }

    var json: JSONValue { ["value": .integer(value), "unit": .string(unit.rawValue)] }
}

/// One step of a project's tranche plan: once `milestone` is accepted, cumulative payments up to
/// `cumulative` are allowed (依项目实施进度分期分批拨付).
public struct Tranche: Hashable, Sendable, Codable {
    /// The milestone name; `approved` is unlocked by the registration itself.
    public var milestone: String
    /// The cumulative amount allowed once the milestone is accepted.
    public var cumulative: Fen

    /// The milestone name that `project.register` itself unlocks (立项批复).
    public static let approvalMilestone = "approved"

    /// Creates a tranche.
    public init(milestone: String, cumulative: Fen) {
        self.milestone = milestone
        self.cumulative = cumulative
    }

    var json: JSONValue { ["milestone": .string(milestone), "cumulative_fen": .integer(cumulative.rawValue)] }
}

/// One funding source of a project: which fund contributes how much.
public struct FundingSource: Hashable, Sendable, Codable {
    /// The fund's id.
    public var fundID: String
    /// The amount planned from it.
    public var amount: Fen

    /// Creates a funding source.
    public init(fundID: String, amount: Fen) {
        self.fundID = fundID
        self.amount = amount
    }

    var json: JSONValue { ["fund_id": .string(fundID), "amount_fen": .integer(amount.rawValue)] }
}

/// The outcome a `project.milestone` records.
public enum MilestoneStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// 进度: the implementing unit reports the milestone reached (does not unlock a tranche).
    case reached
    /// 验收通过: acceptance passed; unlocks the milestone's tranche.
    case accepted
    /// 验收未通过: acceptance failed; locks the milestone's tranche until a later acceptance.
    case failed
}

/// Why a beneficiary leaves the register.
public enum BeneficiaryExitReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// 脱贫退出: exited poverty (support continues during the consolidation period).
    case exited
    /// 自然减员: natural attrition (death, emigration).
    case naturalAttrition = "natural_attrition"
    /// 调整出列: removed by a register adjustment.
    case adjustedOut = "adjusted_out"
}

/// What an inspector did about a flag.
public enum FlagDisposition: String, Sendable, Hashable, CaseIterable, Codable {
    /// 确认: the violation is confirmed.
    case confirmed
    /// 已整改: rectified by a correcting entry.
    case rectified
    /// 排除: dismissed, with a reason; the flag stays visible as dismissed.
    case dismissed
}

/// The length of a closed fiscal period.
public enum PeriodKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// 月结: a calendar month, `YYYY-MM`.
    case month
    /// 年结: a fiscal (calendar) year, `YYYY`.
    case year
}

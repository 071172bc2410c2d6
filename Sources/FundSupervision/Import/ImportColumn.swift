// ImportColumn: the columns a spreadsheet may have, with the Chinese and English headers that
// name them. docs/IMPORT.md is the table a clerk reads; keep it in step with `headers` here.
//
// Headers are compared after normalisation (`normalizedHeader`): full-width ASCII forms become
// half-width (（ → (, ／ → /), ASCII letters lowercase, and spaces, underscores and hyphens are
// removed, so `金额（元）`, ` 金额 (元) ` and `金额(元)` are one header, as are `amount_yuan` and
// `Amount Yuan`.

/// A column of an import spreadsheet.
public enum ImportColumn: String, Sendable, Hashable, CaseIterable {
    /// 日期: the effective date of the fact.
    case date
    /// 县/区划代码: the county (paying unit, or the project's county for a milestone).
    case countyCode = "county_code"
    /// 下达单位代码: the allocating unit.
    case fromUnit = "from_unit"
    /// 接收单位代码: the receiving unit.
    case toUnit = "to_unit"
    /// 资金编号: the fund's id.
    case fundID = "fund_id"
    /// 资金名称: the fund's name.
    case fundName = "fund_name"
    /// 资金级次: the fund's source level.
    case sourceLevel = "source_level"
    /// 资金渠道: the fund's channel.
    case channel
    /// 年度: the fiscal year.
    case fiscalYear = "fiscal_year"
    /// 文号: the allocating document's number.
    case documentNumber = "document_number"
    /// 金额(元): the amount in yuan.
    case amountYuan = "amount_yuan"
    /// 指定接收单位代码: the earmarked final recipient.
    case designatedRecipient = "designated_recipient"
    /// 用途: the purposes (project categories).
    case purposes
    /// 转拨期限: the forwarding deadline.
    case forwardBy = "forward_by"
    /// 使用期限: the deadline for use.
    case useBy = "use_by"
    /// 项目编号: the project's id.
    case projectID = "project_id"
    /// 类别: the category of a payment outside any project.
    case category
    /// 补助项目: the subsidy item.
    case item
    /// 收款人: the payee's name or pseudonym.
    case payee
    /// 收款人类型: the payee's kind.
    case payeeKind = "payee_kind"
    /// 凭证号: the payment voucher number.
    case voucher
    /// 数量: the quantity.
    case quantity
    /// 单位: the quantity's unit (亩, 头, 千瓦, 人月, 人, 户).
    case unit
    /// 期间: the period a payment covers.
    case period
    /// 劳务报酬(元): labour remuneration within the amount.
    case labourYuan = "labour_yuan"
    /// 贫困劳动力报酬(元): labour paid to registered poor households.
    case poorLabourYuan = "poor_labour_yuan"
    /// 统筹整合: whether paid out of the county's integrated pool.
    case fromPool = "from_pool"
    /// 节点: the milestone's name.
    case milestone
    /// 状态: reached, accepted or failed.
    case status
    /// 进度(%): progress of the whole project in percent.
    case progressPercent = "progress_percent"
    /// 验收单位: the accepting unit.
    case acceptingUnit = "accepting_unit"
    /// 备注: a note.
    case note

    /// The Chinese header a template uses (the first of `chineseHeaders`).
    public var chineseHeader: String { chineseHeaders[0] }

    /// The English header a template uses: the raw value.
    public var englishHeader: String { rawValue }

    /// Every Chinese header accepted for this column, the template's first.
    public var chineseHeaders: [String] {
        switch self {
        case .date: return ["日期", "发生日期", "业务日期"]
        case .countyCode: return ["县/区划代码", "区划代码", "县区划代码", "县代码"]
        case .fromUnit: return ["下达单位代码", "下达单位"]
        case .toUnit: return ["接收单位代码", "接收单位"]
        case .fundID: return ["资金编号", "资金"]
        case .fundName: return ["资金名称"]
        case .sourceLevel: return ["资金级次", "来源层级"]
        case .channel: return ["资金渠道", "渠道"]
        case .fiscalYear: return ["年度", "资金年度", "财政年度"]
        case .documentNumber: return ["文号", "下达文号"]
        case .amountYuan: return ["金额(元)", "金额元"]
        case .designatedRecipient: return ["指定接收单位代码", "指定接收单位"]
        case .purposes: return ["用途", "资金用途"]
        case .forwardBy: return ["转拨期限"]
        case .useBy: return ["使用期限"]
        case .projectID: return ["项目编号", "项目"]
        case .category: return ["类别", "项目类别"]
        case .item: return ["补助项目"]
        case .payee: return ["收款人", "收款单位"]
        case .payeeKind: return ["收款人类型"]
        case .voucher: return ["凭证号", "凭证编号"]
        case .quantity: return ["数量"]
        case .unit: return ["单位", "计量单位"]
        case .period: return ["期间", "所属期间"]
        case .labourYuan: return ["劳务报酬(元)"]
        case .poorLabourYuan: return ["贫困劳动力报酬(元)"]
        case .fromPool: return ["统筹整合", "整合资金"]
        case .milestone: return ["节点", "里程碑"]
        case .status: return ["状态"]
        case .progressPercent: return ["进度(%)", "进度"]
        case .acceptingUnit: return ["验收单位"]
        case .note: return ["备注"]
        }
    }

    /// Every English header accepted for this column, the raw value first.
    public var englishHeaders: [String] {
        switch self {
        case .countyCode: return [rawValue, "county"]
        case .amountYuan: return [rawValue, "amount(yuan)"]
        case .progressPercent: return [rawValue, "progress(%)"]
        case .labourYuan: return [rawValue, "labour(yuan)"]
        case .poorLabourYuan: return [rawValue, "poor_labour(yuan)"]
        default: return [rawValue]
        }
    }

    /// The column a header names among `candidates`, or `nil` when it names none of them.
    static func matching(header: String, among candidates: [ImportColumn]) -> ImportColumn? {
        let key = normalizedHeader(header)
        return candidates.first { column in
            column.chineseHeaders.contains { normalizedHeader($0) == key }
                || column.englishHeaders.contains { normalizedHeader($0) == key }
        }
    }

    /// A header reduced to what distinguishes it: full-width ASCII forms (U+FF01-U+FF5E) and the
    /// ideographic space folded to ASCII, ASCII letters lowercased, spaces, underscores and hyphens
    /// removed.
    static func normalizedHeader(_ header: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in header.unicodeScalars {
            var value = scalar.value
            // Unicode Halfwidth and Fullwidth Forms block: U+FF01-U+FF5E = U+0021-U+007E + 0xFEE0.
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
            if value == 0x3000 || value == 0x00A0 { value = 0x20 }
            if (0x41...0x5A).contains(value) { value += 0x20 }
            if value == 0x20 || value == 0x09 || value == 0x5F || value == 0x2D { continue }
            if let folded = Unicode.Scalar(value) { result.append(folded) }
        }
        return String(result)
    }
}

// Valid sample bodies of every event kind, from the seed-domain demo scenario (沁源县 140431,
// 长治市 140400, 山西省 140000). The refusal tests mutate one field at a time.
import LedgerJournal
@testable import FundSupervision

enum SampleBodies {
    static let pseudonymH01 = String(repeating: "a1", count: 32)

    static let allocate: JSONValue = [
        "from_unit": "140400", "to_unit": "140431",
        "fund": ["id": "F5", "name": "中央以工代赈资金", "source_level": "central", "channel": "以工代赈"],
        "fiscal_year": 2018, "document_number": "示例〔2018〕1号", "amount_fen": 80_000_000,
        "designated_recipient": "140431", "purposes": ["以工代赈"],
        "forward_by": "2018-04-30", "use_by": "2018-12-31", "effective_date": "2018-03-15",
    ]
    static let integrate: JSONValue = [
        "county": "140431", "fund_id": "F5", "amount_fen": 50_000_000, "fiscal_year": 2018,
        "plan_document": "示例〔2018〕2号", "effective_date": "2018-04-01",
    ]
    static let registerProject: JSONValue = [
        "project_id": "P3", "name": "村A1道路", "county": "140431", "township": "乡镇A", "village": "村A1",
        "category": "以工代赈", "implementing_unit": "乡镇A人民政府", "budget_fen": 65_000_000,
        "funding_sources": [["fund_id": "F5", "amount_fen": 65_000_000]],
        "tranches": [["milestone": "approved", "cumulative_fen": 19_500_000],
                     ["milestone": "progress_70", "cumulative_fen": 45_500_000],
                     ["milestone": "completed", "cumulative_fen": 65_000_000]],
        "approval_document": "示例〔2018〕3号", "effective_date": "2018-04-10",
    ]
    static let milestone: JSONValue = [
        "project_id": "P3", "milestone": "progress_70", "status": "accepted", "progress_bp": 7_000,
        "accepting_unit": "沁源县交通局", "quantity": ["value": 700, "unit": "person_month"],
        "note": "路基完成", "effective_date": "2018-08-01",
    ]
    static let registerBeneficiary: JSONValue = [
        "pseudonym": .string(pseudonymH01), "county": "140431", "township": "乡镇A", "village": "村A1",
        "household_size": 4, "able_to_work": true, "effective_date": "2015-12-31",
    ]
    static let exitBeneficiary: JSONValue = [
        "pseudonym": .string(pseudonymH01), "county": "140431", "reason": "exited", "effective_date": "2017-12-31",
    ]
    static let disburse: JSONValue = [
        "county": "140431", "fund_id": "F5", "from_pool": true, "project_id": "P3", "item": "道路工程款",
        "payee": ["kind": "enterprise", "id": "某路桥公司"], "amount_fen": 19_500_000, "voucher": "记-2018-0412",
        "quantity": ["value": 300, "unit": "person_month"], "period_start": "2018-04-01", "period_end": "2018-06-30",
        "labour_fen": 1_950_000, "poor_labour_fen": 1_200_000, "effective_date": "2018-04-20",
    ]
    static let returnFunds: JSONValue = [
        "from_unit": "140431", "to_unit": "140400", "fund_id": "F5", "amount_fen": 1_000_000,
        "reason": "结余缴回", "document_number": "示例〔2018〕9号", "effective_date": "2018-12-20",
    ]
    static let reverse: JSONValue = [
        "reversed_seq": 7, "reversed_id": "qy-2018-0007", "reason": "金额录入错误", "effective_date": "2018-05-02",
    ]
    static let setPolicy: JSONValue = [
        "rule_id": "household-subsidy-cap", "parameters": ["cap_fen": 300_000, "scope": "livestock", "items": ["养殖"], "inclusive": true],
        "document": "关于推进产业扶贫确保稳定脱贫的实施意见", "clause": "养殖业", "unit": "140431", "effective_date": "2017-11-13",
    ]
    static let disposeFlag: JSONValue = [
        "flag_id": "withholding/140400/F5", "disposition": "dismissed", "reason": "已另文下达",
        "inspector": "沁源县纪委监委", "unit": "140431", "effective_date": "2019-01-10",
    ]
    static let closePeriod: JSONValue = [
        "period_kind": "month", "period": "2018-06", "unit": "140431", "until_seq": 120,
        "report_digest": .string(String(repeating: "0f", count: 32)),
        "totals": ["allocated_fen": 620_000_000, "disbursed_fen": 395_490_000, "overdrawn_fen": -5],
        "effective_date": "2018-06-30",
    ]

    static let all: [(FundEventKind, JSONValue)] = [
        (.fundAllocate, allocate), (.fundIntegrate, integrate), (.projectRegister, registerProject),
        (.projectMilestone, milestone), (.beneficiaryRegister, registerBeneficiary), (.beneficiaryExit, exitBeneficiary),
        (.fundDisburse, disburse), (.fundReturn, returnFunds), (.entryReverse, reverse), (.policySet, setPolicy),
        (.flagDispose, disposeFlag), (.periodClose, closePeriod),
    ]

    /// `body` with the member at `path` (dot-separated, `[i]` for array elements) set to `value`,
    /// or removed when `value` is nil.
    static func replacing(_ body: JSONValue, at path: String, with value: JSONValue?) -> JSONValue {
        var components = path.split(separator: ".").map(String.init)
        let head = components.removeFirst()
        var key = head
        var index: Int?
        if let open = head.firstIndex(of: "[") {
            key = String(head[..<open])
            index = Int(head[head.index(after: open)..<head.index(before: head.endIndex)])
        }
        guard case .object(var members) = body else { return body }
        if let index {
            guard case .array(var elements)? = members[key] else { return body }
            elements[index] = components.isEmpty ? (value ?? .null) : replacing(elements[index], at: components.joined(separator: "."), with: value)
            members[key] = .array(elements)
        } else if components.isEmpty {
            members[key] = value
        } else if let inner = members[key] {
            members[key] = replacing(inner, at: components.joined(separator: "."), with: value)
        }
        return .object(members)
    }
}

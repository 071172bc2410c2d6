// Input lines for the bad-input tests: the valid bodies of docs/EVENTS.md, and helpers that change
// one member so that each case differs from an accepted event in exactly one way.

/// Builds `append` input lines (JSON objects) from bodies whose member values are raw JSON text.
enum BadInputEvents {
    /// A body: member name → raw JSON text of its value.
    typealias Body = [String: String]

    /// One input line. `scope: nil` leaves the member out; members of `body` set to `nil` are removed.
    static func line(id: String, kind: String, scope: String?, body: Body) -> String {
        let members = body.keys.sorted().map { "\"\($0)\":\(body[$0]!)" }.joined(separator: ",")
        let scopeMember = scope.map { ",\"scope\":\"\($0)\"" } ?? ""
        return "{\"id\":\"\(id)\",\"kind\":\"\(kind)\"\(scopeMember),\"body\":{\(members)}}\n"
    }

    /// A body with some members replaced (`nil` removes the member).
    static func changing(_ body: Body, _ changes: [String: String?]) -> Body {
        var result = body
        for (name, value) in changes { result[name] = value }
        return result
    }

    /// `fund.allocate` of F5 from 长治市 140400 to 沁源县 140431 (docs/EVENTS.md), signed by city.key.
    static let allocationBody: Body = [
        "amount_fen": "80000000", "designated_recipient": "\"140431\"", "document_number": "\"示例〔2018〕1号\"",
        "effective_date": "\"2018-03-15\"", "fiscal_year": "2018", "forward_by": "\"2018-04-30\"", "from_unit": "\"140400\"",
        "fund": "{\"channel\":\"以工代赈\",\"id\":\"F5\",\"name\":\"中央以工代赈资金\",\"source_level\":\"central\"}",
        "purposes": "[\"以工代赈\"]", "to_unit": "\"140431\"", "use_by": "\"2018-12-31\"",
    ]

    /// The allocation's input line (id `alloc-F5-2018`).
    static func allocation(_ changes: [String: String?] = [:], id: String = "alloc-F5-2018") -> String {
        line(id: id, kind: "fund.allocate", scope: "140400", body: changing(allocationBody, changes))
    }

    /// `project.register` of P3 in 140431 (docs/EVENTS.md), signed by clerk.key.
    static let projectBody: Body = [
        "approval_document": "\"示例〔2018〕3号\"", "budget_fen": "65000000", "category": "\"以工代赈\"", "county": "\"140431\"",
        "effective_date": "\"2018-04-10\"", "funding_sources": "[{\"amount_fen\":65000000,\"fund_id\":\"F5\"}]",
        "implementing_unit": "\"乡镇A人民政府\"", "name": "\"村A1道路\"", "project_id": "\"P3\"", "township": "\"乡镇A\"",
        "tranches": "[{\"cumulative_fen\":19500000,\"milestone\":\"approved\"},{\"cumulative_fen\":45500000,\"milestone\":\"progress_70\"},{\"cumulative_fen\":65000000,\"milestone\":\"completed\"}]",
        "village": "\"村A1\"",
    ]

    /// The project registration's input line (id `project-P3`).
    static func projectRegistration(_ changes: [String: String?] = [:], id: String = "project-P3") -> String {
        line(id: id, kind: "project.register", scope: "140431", body: changing(projectBody, changes))
    }

    /// `fund.disburse` of F5 for P3 in 140431 (docs/EVENTS.md, without the optional members).
    static let disbursementBody: Body = [
        "amount_fen": "19500000", "county": "\"140431\"", "effective_date": "\"2018-04-20\"", "fund_id": "\"F5\"",
        "payee": "{\"id\":\"某路桥公司\",\"kind\":\"enterprise\"}", "project_id": "\"P3\"", "voucher": "\"记-2018-0412\"",
        "labour_fen": "1950000",
    ]

    /// A disbursement input line with some members changed.
    static func disbursement(_ changes: [String: String?] = [:], id: String = "pay-1", scope: String? = "140431") -> String {
        line(id: id, kind: "fund.disburse", scope: scope, body: changing(disbursementBody, changes))
    }

    /// `project.milestone` of P3 (docs/EVENTS.md).
    static let milestoneBody: Body = [
        "accepting_unit": "\"沁源县交通局\"", "effective_date": "\"2018-08-01\"", "milestone": "\"progress_70\"",
        "progress_bp": "7000", "project_id": "\"P3\"", "status": "\"accepted\"",
    ]

    /// A milestone input line with some members changed.
    static func milestone(_ changes: [String: String?] = [:], id: String = "milestone-1") -> String {
        line(id: id, kind: "project.milestone", scope: "140431", body: changing(milestoneBody, changes))
    }
}

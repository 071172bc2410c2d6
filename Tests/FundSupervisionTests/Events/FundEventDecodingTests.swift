// Decoding of every event kind: each valid sample decodes to the expected typed body and
// round-trips through `FundEvent.body`; each defect is refused with the structured error that
// names the field (missing, extra, wrong type, zero/negative amount, bad date, bad code, …).
import Testing
import LedgerJournal
@testable import FundSupervision

@Suite("Fund event decoding")
struct FundEventDecodingTests {
    @Test("every sample body decodes and re-encodes to the same JSON", arguments: SampleBodies.all.map(\.0))
    func roundTrip(kind: FundEventKind) throws {
        let body = SampleBodies.all.first { $0.0 == kind }!.1
        let event = try FundEvent(kind: kind.rawValue, body: body, entryID: "e1")
        #expect(event.kind == kind)
        #expect(event.body == body)
        #expect(try FundEvent(kind: kind, body: event.body, entryID: "e1") == event)
    }

    @Test("fund.allocate decodes every field")
    func allocateFields() throws {
        guard case .allocate(let allocation) = try FundEvent(kind: "fund.allocate", body: SampleBodies.allocate, entryID: "e1") else {
            Issue.record("wrong case"); return
        }
        #expect(allocation.fromUnit.description == "140400")
        #expect(allocation.toUnit == DivisionCode("140431"))
        #expect(allocation.fund == FundDescriptor(id: "F5", name: "中央以工代赈资金", sourceLevel: .central, channel: "以工代赈"))
        #expect(allocation.amount == Fen(80_000_000))
        #expect(allocation.fiscalYear == 2018)
        #expect(allocation.designatedRecipient == DivisionCode("140431"))
        #expect(allocation.forwardBy == CivilDate(year: 2018, month: 4, day: 30))
        #expect(allocation.effectiveDate.description == "2018-03-15")
        #expect(allocation.purposes == ["以工代赈"])
    }

    @Test("fund.disburse decodes payee, quantity, period and labour shares")
    func disburseFields() throws {
        guard case .disburse(let payment) = try FundEvent(kind: "fund.disburse", body: SampleBodies.disburse, entryID: "e1") else {
            Issue.record("wrong case"); return
        }
        #expect(payment.payee == Payee(kind: .enterprise, id: "某路桥公司"))
        #expect(payment.isFromPool)
        #expect(payment.quantity == Quantity(value: 300, unit: .personMonth))
        #expect(payment.labour == Fen(1_950_000))
        #expect(payment.poorLabour == Fen(1_200_000))
        #expect(payment.periodEnd?.description == "2018-06-30")
    }

    @Test("unknown kinds are refused with the kind named")
    func unknownKind() {
        #expect(throws: SupervisionError.unknownKind(entryID: "e9", kind: "fund.steal")) {
            try FundEvent(kind: "fund.steal", body: SampleBodies.allocate, entryID: "e9")
        }
    }

    @Test("a body that is not an object is refused")
    func bodyNotObject() {
        #expect(throws: SupervisionError.wrongType(entryID: "e1", path: "body", expected: .object, actual: .array)) {
            try FundEvent(kind: "fund.return", body: [1, 2], entryID: "e1")
        }
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        let kind: FundEventKind
        let path: String
        let value: JSONValue?
        let error: SupervisionError
        var testDescription: String { "\(kind.rawValue) \(path) = \(value.map { "\($0)" } ?? "absent")" }
    }

    static func missing(_ kind: FundEventKind, _ path: String) -> Refusal {
        Refusal(kind: kind, path: path, value: nil, error: .missingField(entryID: "e1", path: "body." + path))
    }
    static func wrongType(_ kind: FundEventKind, _ path: String, _ value: JSONValue, _ expected: JSONType, _ actual: JSONType) -> Refusal {
        Refusal(kind: kind, path: path, value: value, error: .wrongType(entryID: "e1", path: "body." + path, expected: expected, actual: actual))
    }
    static func invalid(_ kind: FundEventKind, _ path: String, _ value: JSONValue, _ problem: ValueProblem) -> Refusal {
        Refusal(kind: kind, path: path, value: value, error: .invalidValue(entryID: "e1", path: "body." + path, problem: problem))
    }

    static let refusals: [Refusal] = [
        // fund.allocate
        missing(.fundAllocate, "amount_fen"),
        missing(.fundAllocate, "fund.channel"),
        missing(.fundAllocate, "effective_date"),
        Refusal(kind: .fundAllocate, path: "amount_yuan", value: 1, error: .unexpectedField(entryID: "e1", path: "body.amount_yuan")),
        Refusal(kind: .fundAllocate, path: "fund.owner", value: "x", error: .unexpectedField(entryID: "e1", path: "body.fund.owner")),
        wrongType(.fundAllocate, "amount_fen", "800000.00", .integer, .string),
        wrongType(.fundAllocate, "amount_fen", nil, .integer, .null),
        wrongType(.fundAllocate, "fund", "F5", .object, .string),
        invalid(.fundAllocate, "amount_fen", 0, .notPositive(actual: 0)),
        invalid(.fundAllocate, "amount_fen", -100, .notPositive(actual: -100)),
        invalid(.fundAllocate, "amount_fen", 10_000_000_000_001, .outOfRange(actual: 10_000_000_000_001, minimum: 1, maximum: 10_000_000_000_000)),
        invalid(.fundAllocate, "effective_date", "2018-02-30", .invalidDate(actual: "2018-02-30")),
        invalid(.fundAllocate, "effective_date", "2018-3-15", .invalidDate(actual: "2018-3-15")),
        invalid(.fundAllocate, "effective_date", "2018-03-15T00:00:00Z", .invalidDate(actual: "2018-03-15T00:00:00Z")),
        invalid(.fundAllocate, "to_unit", "14043", .invalidDivisionCode(actual: "14043")),
        invalid(.fundAllocate, "to_unit", "14043a", .invalidDivisionCode(actual: "14043a")),
        invalid(.fundAllocate, "to_unit", "000000", .invalidDivisionCode(actual: "000000")),
        invalid(.fundAllocate, "designated_recipient", "140821", .outsideUnit(actual: "140821", unitPath: "body.to_unit")),
        invalid(.fundAllocate, "fund.source_level", "township", .notAllowed(actual: "township", allowed: ["central", "province", "prefecture", "county"])),
        invalid(.fundAllocate, "purposes", [], .empty),
        Refusal(kind: .fundAllocate, path: "purposes", value: ["以工代赈", "以工代赈"], error: .invalidValue(entryID: "e1", path: "body.purposes[1]", problem: .duplicate(actual: "以工代赈"))),
        invalid(.fundAllocate, "document_number", "", .empty),
        invalid(.fundAllocate, "document_number", "示例\n1号", .controlCharacter),
        invalid(.fundAllocate, "fiscal_year", 18, .outOfRange(actual: 18, minimum: 1949, maximum: 2199)),
        invalid(.fundAllocate, "forward_by", "2018-03-14", .earlierThan(actual: "2018-03-14", limit: "2018-03-15", limitPath: "body.effective_date")),
        // fund.integrate
        missing(.fundIntegrate, "fund_id"),
        invalid(.fundIntegrate, "amount_fen", 0, .notPositive(actual: 0)),
        invalid(.fundIntegrate, "county", "1404310", .invalidDivisionCode(actual: "1404310")),
        // project.register
        missing(.projectRegister, "tranches"),
        missing(.projectRegister, "tranches[1].cumulative_fen"),
        invalid(.projectRegister, "budget_fen", -1, .notPositive(actual: -1)),
        invalid(.projectRegister, "tranches[1].cumulative_fen", 10_000_000, .decreasing(actual: 10_000_000, previous: 19_500_000)),
        invalid(.projectRegister, "tranches[2].cumulative_fen", 65_000_001, .exceeds(actual: 65_000_001, limit: 65_000_000, limitPath: "body.budget_fen")),
        invalid(.projectRegister, "tranches[2].milestone", "approved", .duplicate(actual: "approved")),
        Refusal(kind: .projectRegister, path: "tranches[0].note", value: "x", error: .unexpectedField(entryID: "e1", path: "body.tranches[0].note")),
        wrongType(.projectRegister, "funding_sources", ["fund_id": "F5"], .array, .object),
        // project.milestone
        missing(.projectMilestone, "accepting_unit"),
        invalid(.projectMilestone, "status", "done", .notAllowed(actual: "done", allowed: ["reached", "accepted", "failed"])),
        invalid(.projectMilestone, "progress_bp", 10_001, .outOfRange(actual: 10_001, minimum: 0, maximum: 10_000)),
        invalid(.projectMilestone, "quantity.value", 0, .outOfRange(actual: 0, minimum: 1, maximum: 1_000_000_000_000)),
        invalid(.projectMilestone, "quantity.unit", "mu", .notAllowed(actual: "mu", allowed: QuantityUnit.allCases.map(\.rawValue))),
        // beneficiary.register / exit
        invalid(.beneficiaryRegister, "pseudonym", "张三", .invalidPseudonym(actual: "张三")),
        invalid(.beneficiaryRegister, "pseudonym", .string(String(repeating: "A1", count: 32)), .invalidPseudonym(actual: String(repeating: "A1", count: 32))),
        invalid(.beneficiaryRegister, "household_size", 0, .outOfRange(actual: 0, minimum: 1, maximum: 50)),
        wrongType(.beneficiaryRegister, "able_to_work", "yes", .bool, .string),
        invalid(.beneficiaryExit, "reason", "died", .notAllowed(actual: "died", allowed: ["exited", "natural_attrition", "adjusted_out"])),
        // fund.disburse
        missing(.fundDisburse, "voucher"),
        missing(.fundDisburse, "payee.kind"),
        invalid(.fundDisburse, "amount_fen", 0, .notPositive(actual: 0)),
        invalid(.fundDisburse, "payee.kind", "person", .notAllowed(actual: "person", allowed: PayeeKind.allCases.map(\.rawValue))),
        invalid(.fundDisburse, "category", "以工代赈", .conflictsWith(otherPath: "body.project_id")),
        invalid(.fundDisburse, "labour_fen", 19_500_001, .exceeds(actual: 19_500_001, limit: 19_500_000, limitPath: "body.amount_fen")),
        invalid(.fundDisburse, "poor_labour_fen", 1_950_001, .exceeds(actual: 1_950_001, limit: 1_950_000, limitPath: "body.labour_fen")),
        invalid(.fundDisburse, "period_end", "2018-03-31", .earlierThan(actual: "2018-03-31", limit: "2018-04-01", limitPath: "body.period_start")),
        missing(.fundDisburse, "period_start"),
        missing(.fundDisburse, "period_end"),
        missing(.fundDisburse, "labour_fen"),
        // fund.return
        invalid(.fundReturn, "from_unit", "000000", .invalidDivisionCode(actual: "000000")),
        invalid(.fundReturn, "amount_fen", -1_000_000, .notPositive(actual: -1_000_000)),
        // entry.reverse
        missing(.entryReverse, "reversed_id"),
        invalid(.entryReverse, "reversed_seq", -1, .outOfRange(actual: -1, minimum: 0, maximum: Int64(Int32.max))),
        // policy.set
        invalid(.policySet, "parameters", [:], .empty),
        wrongType(.policySet, "parameters.cap_fen", nil, .integer, .null),
        Refusal(kind: .policySet, path: "parameters.items", value: [1], error: .wrongType(entryID: "e1", path: "body.parameters.items[0]", expected: .string, actual: .integer)),
        // flag.dispose
        invalid(.flagDispose, "disposition", "ignored", .notAllowed(actual: "ignored", allowed: ["confirmed", "rectified", "dismissed"])),
        missing(.flagDispose, "reason"),
        // period.close
        invalid(.periodClose, "period", "2018-6", .invalidDate(actual: "2018-6")),
        invalid(.periodClose, "report_digest", "abc", .invalidDigest(actual: "abc")),
        wrongType(.periodClose, "totals.allocated_fen", "1", .integer, .string),
    ]

    @Test("each defect is refused with the field's path", arguments: refusals)
    func refusal(_ refusal: Refusal) {
        let valid = SampleBodies.all.first { $0.0 == refusal.kind }!.1
        var body = SampleBodies.replacing(valid, at: refusal.path, with: refusal.value)
        // Two refusals need a second edit to reach the check they test.
        if refusal.kind == .fundDisburse, refusal.path == "category" { body = SampleBodies.replacing(body, at: "item", with: nil) }
        #expect(body != valid)
        #expect(throws: refusal.error) { try FundEvent(kind: refusal.kind.rawValue, body: body, entryID: "e1") }
    }

    @Test("a disbursement needs a project or a category, not neither")
    func disbursementNeedsProjectOrCategory() throws {
        let withoutProject = SampleBodies.replacing(SampleBodies.disburse, at: "project_id", with: nil)
        #expect(throws: SupervisionError.missingField(entryID: "e1", path: "body.category")) {
            try FundEvent(kind: "fund.disburse", body: withoutProject, entryID: "e1")
        }
        let subsidy = SampleBodies.replacing(withoutProject, at: "category", with: "产业扶贫")
        guard case .disburse(let payment) = try FundEvent(kind: "fund.disburse", body: subsidy, entryID: "e1") else {
            Issue.record("wrong case"); return
        }
        #expect(payment.category == "产业扶贫")
        #expect(payment.projectID == nil)
    }

    @Test("a beneficiary payee must be a pseudonym")
    func beneficiaryPayeeIsPseudonym() {
        let body = SampleBodies.replacing(SampleBodies.disburse, at: "payee", with: ["kind": "beneficiary", "id": "110101199001011234"])
        #expect(throws: SupervisionError.invalidValue(entryID: "e1", path: "body.payee.id", problem: .invalidPseudonym(actual: "110101199001011234"))) {
            try FundEvent(kind: "fund.disburse", body: body, entryID: "e1")
        }
    }

    @Test("acceptance needs an accepting unit, progress reports do not")
    func acceptingUnit() throws {
        let reached = SampleBodies.replacing(SampleBodies.replacing(SampleBodies.milestone, at: "status", with: "reached"), at: "accepting_unit", with: nil)
        #expect(throws: Never.self) { try FundEvent(kind: "project.milestone", body: reached, entryID: "e1") }
    }

    @Test("scope from body: allocation by its sender, central allocation unscoped, milestone from its project")
    func scopeFromBody() throws {
        let allocation = try FundEvent(kind: "fund.allocate", body: SampleBodies.allocate, entryID: "e1")
        #expect(allocation.scopeFromBody == .some(DivisionCode("140400")))
        let central = try FundEvent(kind: "fund.allocate", body: SampleBodies.replacing(SampleBodies.allocate, at: "from_unit", with: "000000"), entryID: "e1")
        #expect(central.scopeFromBody == .some(nil))
        let milestone = try FundEvent(kind: "project.milestone", body: SampleBodies.milestone, entryID: "e1")
        #expect(milestone.scopeFromBody == nil)
    }
}

// FundEvent: the fund fact inside a journal entry, decoded from its kind and body.
//
// Decoding is one switch on the kind followed by strict field-by-field reading (BodyReader):
// no reflection, no Codable, no Foundation, because replay decodes every entry.
import LedgerJournal

/// The event kinds FundSupervision defines (the `kind` member of an entry).
public enum FundEventKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// 资金下达.
    case fundAllocate = "fund.allocate"
    /// 统筹整合.
    case fundIntegrate = "fund.integrate"
    /// 立项/批复.
    case projectRegister = "project.register"
    /// 进度/验收.
    case projectMilestone = "project.milestone"
    /// 建档立卡.
    case beneficiaryRegister = "beneficiary.register"
    /// 脱贫/退出.
    case beneficiaryExit = "beneficiary.exit"
    /// 拨付.
    case fundDisburse = "fund.disburse"
    /// 收回/缴回.
    case fundReturn = "fund.return"
    /// 冲正.
    case entryReverse = "entry.reverse"
    /// 政策参数.
    case policySet = "policy.set"
    /// 问题处置.
    case flagDispose = "flag.dispose"
    /// 月结/年结.
    case periodClose = "period.close"

    /// Kinds that `entry.reverse` may undo: the facts that move money or change state.
    public var isReversible: Bool {
        switch self {
        case .fundAllocate, .fundIntegrate, .projectMilestone, .beneficiaryRegister, .beneficiaryExit,
             .fundDisburse, .fundReturn:
            return true
        case .projectRegister, .entryReverse, .policySet, .flagDispose, .periodClose:
            return false
        }
    }

    /// Whether `kind` belongs to the journal layer (`journal.genesis`, `key.grant`, `key.revoke`,
    /// `authority.rotate`); FundSupervision leaves those to LedgerJournal.
    public static func isJournalLayerKind(_ kind: String) -> Bool {
        kind.hasPrefix("journal.") || kind.hasPrefix("key.") || kind.hasPrefix("authority.")
    }
}

/// A decoded fund event: one case per kind, each with its typed body.
public enum FundEvent: Hashable, Sendable, Codable {
    /// `fund.allocate`.
    case allocate(FundAllocation)
    /// `fund.integrate`.
    case integrate(FundIntegration)
    /// `project.register`.
    case registerProject(ProjectRegistration)
    /// `project.milestone`.
    case milestone(ProjectMilestone)
    /// `beneficiary.register`.
    case registerBeneficiary(BeneficiaryRegistration)
    /// `beneficiary.exit`.
    case exitBeneficiary(BeneficiaryExit)
    /// `fund.disburse`.
    case disburse(FundDisbursement)
    /// `fund.return`.
    case returnFunds(FundReturn)
    /// `entry.reverse`.
    case reverse(EntryReversal)
    /// `policy.set`.
    case setPolicy(PolicySetting)
    /// `flag.dispose`.
    case disposeFlag(FlagDisposal)
    /// `period.close`.
    case closePeriod(PeriodClosing)

    /// Decodes `body` as an event of `kind`.
    ///
    /// Throws `SupervisionError.unknownKind` for a kind FundSupervision does not define (journal-layer
    /// kinds included: check `FundEventKind.isJournalLayerKind` first), and a field error
    /// (`missingField`, `unexpectedField`, `wrongType`, `invalidValue`) for a malformed body.
    public init(kind: String, body: JSONValue, entryID: String) throws {
        guard let eventKind = FundEventKind(rawValue: kind) else {
            throw SupervisionError.unknownKind(entryID: entryID, kind: kind)
        }
        try self.init(kind: eventKind, body: body, entryID: entryID)
    }

    /// Decodes `body` as an event of `kind`; throws a field error for a malformed body.
    public init(kind: FundEventKind, body: JSONValue, entryID: String) throws {
        do {
            var reader = try BodyReader(body, path: "body", entryID: entryID)
            try self.init(kind: kind, reading: &reader)
        } catch is BodyReader.NeedsKeyTracking {
            // Slow path for a body with a member too many: decode again to name it.
            var reader = try BodyReader(body, path: "body", entryID: entryID, tracksKeys: true)
            try self.init(kind: kind, reading: &reader)
        }
    }

    /// Decodes a body read in place from its journal line; accepts, refuses and throws exactly like
    /// `init(kind:body:entryID:)` on the parsed body.
    ///
    /// Requires `bodyView` to view a body validated by `CanonicalEntryScanner` without building it
    /// (so its member names are ASCII); valid only while the line's bytes are.
    package init(kind: FundEventKind, bodyView: CanonicalObjectView, entryID: String) throws {
        do {
            var reader = BodyReader(view: bodyView, path: "body", entryID: entryID)
            try self.init(kind: kind, reading: &reader)
        } catch is BodyReader.NeedsKeyTracking {
            var reader = BodyReader(view: bodyView, path: "body", entryID: entryID, tracksKeys: true)
            try self.init(kind: kind, reading: &reader)
        }
    }

    private init(kind: FundEventKind, reading reader: inout BodyReader) throws {
        switch kind {
        case .fundAllocate: self = .allocate(try FundAllocation(reading: &reader))
        case .fundIntegrate: self = .integrate(try FundIntegration(reading: &reader))
        case .projectRegister: self = .registerProject(try ProjectRegistration(reading: &reader))
        case .projectMilestone: self = .milestone(try ProjectMilestone(reading: &reader))
        case .beneficiaryRegister: self = .registerBeneficiary(try BeneficiaryRegistration(reading: &reader))
        case .beneficiaryExit: self = .exitBeneficiary(try BeneficiaryExit(reading: &reader))
        case .fundDisburse: self = .disburse(try FundDisbursement(reading: &reader))
        case .fundReturn: self = .returnFunds(try FundReturn(reading: &reader))
        case .entryReverse: self = .reverse(try EntryReversal(reading: &reader))
        case .policySet: self = .setPolicy(try PolicySetting(reading: &reader))
        case .flagDispose: self = .disposeFlag(try FlagDisposal(reading: &reader))
        case .periodClose: self = .closePeriod(try PeriodClosing(reading: &reader))
        }
    }

    /// The event's kind.
    public var kind: FundEventKind {
        switch self {
        case .allocate: return .fundAllocate
        case .integrate: return .fundIntegrate
        case .registerProject: return .projectRegister
        case .milestone: return .projectMilestone
        case .registerBeneficiary: return .beneficiaryRegister
        case .exitBeneficiary: return .beneficiaryExit
        case .disburse: return .fundDisburse
        case .returnFunds: return .fundReturn
        case .reverse: return .entryReverse
        case .setPolicy: return .policySet
        case .disposeFlag: return .flagDispose
        case .closePeriod: return .periodClose
        }
    }

    /// The body as JSON (the schema's member names); decoding it gives back `self`.
    public var body: JSONValue {
        switch self {
        case .allocate(let event): return event.json
        case .integrate(let event): return event.json
        case .registerProject(let event): return event.json
        case .milestone(let event): return event.json
        case .registerBeneficiary(let event): return event.json
        case .exitBeneficiary(let event): return event.json
        case .disburse(let event): return event.json
        case .returnFunds(let event): return event.json
        case .reverse(let event): return event.json
        case .setPolicy(let event): return event.json
        case .disposeFlag(let event): return event.json
        case .closePeriod(let event): return event.json
        }
    }

    /// The effective date of the business fact.
    public var effectiveDate: CivilDate {
        switch self {
        case .allocate(let event): return event.effectiveDate
        case .integrate(let event): return event.effectiveDate
        case .registerProject(let event): return event.effectiveDate
        case .milestone(let event): return event.effectiveDate
        case .registerBeneficiary(let event): return event.effectiveDate
        case .exitBeneficiary(let event): return event.effectiveDate
        case .disburse(let event): return event.effectiveDate
        case .returnFunds(let event): return event.effectiveDate
        case .reverse(let event): return event.effectiveDate
        case .setPolicy(let event): return event.effectiveDate
        case .disposeFlag(let event): return event.effectiveDate
        case .closePeriod(let event): return event.effectiveDate
        }
    }

    /// The scope the body itself determines, as `.some(code)` or `.some(nil)` for unscoped;
    /// `nil` when the scope depends on an earlier entry (a milestone takes its project's county,
    /// a reversal the reversed entry's scope).
    public var scopeFromBody: DivisionCode?? {
        switch self {
        case .allocate(let event): return .some(event.fromUnit == .central ? nil : event.fromUnit)
        case .integrate(let event): return .some(event.county)
        case .registerProject(let event): return .some(event.county)
        case .milestone: return nil
        case .registerBeneficiary(let event): return .some(event.county)
        case .exitBeneficiary(let event): return .some(event.county)
        case .disburse(let event): return .some(event.county)
        case .returnFunds(let event): return .some(event.fromUnit)
        case .reverse: return nil
        case .setPolicy(let event): return .some(event.unit)
        case .disposeFlag(let event): return .some(event.unit)
        case .closePeriod(let event): return .some(event.unit)
        }
    }
}

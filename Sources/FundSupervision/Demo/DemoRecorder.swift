// DemoRecorder: appends fund events one by one through `JournalAppender`, with recording times
// fixed from the business dates, so the demo journal is the same on every run.
import LedgerCrypto
import LedgerJournal

/// Appends signed fund events to a new journal with deterministic recording times.
struct DemoRecorder {
    /// The journal file.
    let path: String
    private var entryCount = 1
    private var lastTime: Timestamp
    private var scopes: [Int: String?] = [:]
    private var projectCounties: [String: DivisionCode] = [:]
    private var idCounts: [String: Int] = [:]
    /// The event id of every fund entry recorded, by sequence.
    private(set) var ids: [Int: String] = [:]

    /// Recording times are 10:00 China Standard Time (02:00 UTC) of the recording day, one minute apart.
    static let recordingSecondOfDay: Int64 = 2 * 3_600
    static let secondsBetweenEntries: Int64 = 60

    /// The recording time of the first entry on `day`.
    static func openingTime(of day: CivilDate) -> Timestamp {
        Timestamp(secondsSinceEpoch: Int64(day.dayNumber) * 86_400 + recordingSecondOfDay)
    }

    /// Creates the journal with its genesis on `genesisDay`.
    init(path: String, authority: Curve25519.Signing.PrivateKey, origin: String, genesisDay: CivilDate) throws {
        self.path = path
        lastTime = Self.openingTime(of: genesisDay)
        _ = try JournalAppender.create(path: path, origin: origin, authority: authority, time: lastTime)
    }

    private mutating func nextTime(recordedOn day: CivilDate) -> Timestamp {
        let opening = Self.openingTime(of: day)
        lastTime = max(opening, Timestamp(secondsSinceEpoch: lastTime.secondsSinceEpoch + Self.secondsBetweenEntries))
        return lastTime
    }

    /// Appends the grants of `keys`, signed by the authority (the first key's grant is recorded on the genesis day).
    mutating func grant(_ keys: some Sequence<DemoKey>) throws {
        let genesisDay = CivilDate(chinaStandardTimeOf: lastTime.secondsSinceEpoch)
        for key in keys {
            let time = nextTime(recordedOn: genesisDay)
            _ = try JournalAppender.append(path: path, drafts: [key.grantDraft(id: "grant-\(key.stem)")],
                                           signer: DemoJournal.authority.privateKey, now: time)
            entryCount += 1
        }
    }

    /// The next event id for `kind`: the kind's last word and a per-kind counter, e.g. `disburse-0007`.
    private mutating func makeID(for kind: FundEventKind) -> String {
        let word = kind.rawValue.split(separator: ".").last.map(String.init) ?? kind.rawValue
        let count = idCounts[word, default: 0] + 1
        idCounts[word] = count
        let digits = String(count)
        return word + "-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Appends `event` signed by `key`, recorded on `recordedOn` (default: its effective date), and
    /// returns its sequence number. The scope is the one docs/EVENTS.md assigns to the event.
    @discardableResult
    mutating func record(_ event: FundEvent, by key: DemoKey, recordedOn: CivilDate? = nil) throws -> Int {
        let scope: String?
        switch event {
        case .milestone(let milestone): scope = projectCounties[milestone.projectID]?.description
        case .reverse(let reversal): scope = scopes[reversal.reversedSequence] ?? nil
        default: scope = (event.scopeFromBody ?? nil)?.description
        }
        if case .registerProject(let project) = event { projectCounties[project.projectID] = project.county }
        let draft = EventDraft(id: makeID(for: event.kind), kind: event.kind.rawValue, scope: scope, body: event.body)
        let time = nextTime(recordedOn: recordedOn ?? event.effectiveDate)
        _ = try JournalAppender.append(path: path, drafts: [draft], signer: key.privateKey,
                                       validator: SupervisionValidator(), now: time)
        let sequence = entryCount
        scopes[sequence] = scope
        ids[sequence] = draft.id
        entryCount += 1
        return sequence
    }

    /// Appends the `period.close` of `period` (nationwide, or for `unit`) that `PeriodClose` computes
    /// from the journal so far, signed by `key`, recorded on `recordedOn`; returns its sequence number.
    @discardableResult
    mutating func close(_ period: FiscalPeriod, unit: DivisionCode? = nil, by key: DemoKey, recordedOn: CivilDate) throws -> Int {
        let (draft, _) = try PeriodClose.draft(journalPath: path, period: period, unit: unit)
        let time = nextTime(recordedOn: recordedOn)
        _ = try JournalAppender.append(path: path, drafts: [draft], signer: key.privateKey,
                                       validator: SupervisionValidator(), now: time)
        let sequence = entryCount
        scopes[sequence] = draft.scope
        ids[sequence] = draft.id
        entryCount += 1
        return sequence
    }

    /// The id of the one flag of `ruleID` whose fund is `fundID` (and county `county`), from a replay of the
    /// journal so far; `nil` when there is none or more than one.
    func flagID(ruleID: String, fundID: String? = nil, county: DivisionCode? = nil) throws -> String? {
        let flags = try SupervisionReplay.replay(journalPath: path).flagRecords().map(\.flag).filter {
            $0.ruleID == ruleID && (fundID == nil || $0.fundID == fundID) && (county == nil || $0.county == county)
        }
        return flags.count == 1 ? flags[0].id : nil
    }
}

// RuleFacts: the registers every rule may consult (funds, projects, milestones, beneficiaries),
// kept once by the engine instead of once per rule.
//
// The engine applies each event here before any rule observes it, and takes it back here when an
// `entry.reverse` undoes it, so a rule always sees the registers as the non-reversed entries so far
// define them. Memory grows with the number of funds, projects, milestones and beneficiaries.

/// The registers that rules consult, as the non-reversed entries so far define them.
public struct RuleFacts: Sendable, Codable {
    /// A registered project and the sequence of its `project.register` entry.
    public struct Project: Sendable, Hashable, Codable {
        /// The registration body.
        public var registration: ProjectRegistration
        /// The sequence of the registering entry.
        public var sequence: Int
    }

    /// One `project.milestone` entry that is still in force.
    public struct MilestoneRecord: Sendable, Hashable, Codable {
        /// The milestone body.
        public var milestone: ProjectMilestone
        /// The entry's sequence.
        public var sequence: Int
        /// The key that signed the entry (the accepting unit's key).
        public var signerKeyID: String
    }

    /// One registration of a beneficiary in a county, with its exit when there is one.
    public struct Enrolment: Sendable, Hashable, Codable {
        /// The registering county.
        public var county: DivisionCode
        /// The registration date.
        public var registeredOn: CivilDate
        /// The sequence of the `beneficiary.register` entry.
        public var sequence: Int
        /// Whether the household has members able to work (有劳动能力), when recorded.
        public var isAbleToWork: Bool? = nil
        /// The exit, when a non-reversed `beneficiary.exit` ended this registration.
        public var exit: Exit?
    }

    /// A beneficiary's exit from the register.
    public struct Exit: Sendable, Hashable, Codable {
        /// Why it left.
        public var reason: BeneficiaryExitReason
        /// The exit date.
        public var date: CivilDate
        /// The sequence of the `beneficiary.exit` entry.
        public var sequence: Int
    }

    /// Registered projects by id.
    public private(set) var projects: SnapshotMap<String, Project> = [:]
    /// Non-reversed milestone entries per project id, in sequence order.
    public private(set) var milestones: SnapshotMap<String, [MilestoneRecord]> = [:]
    /// Registrations per pseudonym, in sequence order, keyed by the pseudonym packed into 32 bytes as
    /// a beneficiary's `PayeeKey` (every payment to a household looks its pseudonym up here).
    package private(set) var enrolments: SnapshotMap<PayeeKey, EnrolmentList> = [:]
    /// The permitted purposes of each fund, per allocating entry (sequence → purposes); keyed with the
    /// fund id's hash value (every payment looks its fund up here: `PaymentKeys.fundIDHash`).
    private var purposesByFund: SnapshotMap<PrehashedString, PurposeLists> = [:]
    /// Fund descriptors by id (the first allocation's).
    public private(set) var funds: SnapshotMap<String, FundDescriptor> = [:]

    /// Creates empty registers.
    public init() {}

    /// Applies `event` (a non-reversed fact) to the registers.
    mutating func apply(_ event: RuleEvent) {
        switch event.event {
        case .allocate(let allocation):
            if funds[allocation.fund.id] == nil { funds[allocation.fund.id] = allocation.fund }
            // A copy made here: every payment to the fund reads (and retains) it, and the decoded array
            // lies among the preparing thread's allocations, a cache line that thread writes.
            purposesByFund[PrehashedString(allocation.fund.id), default: PurposeLists()].set(allocation.purposes.map { $0 },
                                                                                            forSequence: event.sequence)
        case .registerProject(let registration):
            projects[registration.projectID] = Project(registration: registration, sequence: event.sequence)
        case .milestone(let milestone):
            milestones[milestone.projectID, default: []].append(
                MilestoneRecord(milestone: milestone, sequence: event.sequence, signerKeyID: event.signerKeyID))
        case .registerBeneficiary(let registration):
            enrolments[PayeeKey(kind: .beneficiary, id: registration.pseudonym), default: []].append(
                Enrolment(county: registration.county, registeredOn: registration.effectiveDate, sequence: event.sequence,
                          isAbleToWork: registration.isAbleToWork))
        case .exitBeneficiary(let exit):
            let key = PayeeKey(kind: .beneficiary, id: exit.pseudonym)
            guard var list = enrolments[key],
                let index = list.lastIndex(where: { $0.county == exit.county && $0.exit == nil })
            else { return }
            list[index].exit = Exit(reason: exit.reason, date: exit.effectiveDate, sequence: event.sequence)
            enrolments[key] = list
        default:
            break
        }
    }

    /// Takes back `event`, which an `entry.reverse` undid.
    mutating func retract(_ event: RuleEvent) {
        switch event.event {
        case .allocate(let allocation):
            purposesByFund[PrehashedString(allocation.fund.id)]?.set(nil, forSequence: event.sequence)
        case .milestone(let milestone):
            milestones[milestone.projectID]?.removeAll { $0.sequence == event.sequence }
        case .registerBeneficiary(let registration):
            enrolments[PayeeKey(kind: .beneficiary, id: registration.pseudonym)]?.removeAll { $0.sequence == event.sequence }
        case .exitBeneficiary(let exit):
            let key = PayeeKey(kind: .beneficiary, id: exit.pseudonym)
            guard var list = enrolments[key],
                let index = list.firstIndex(where: { $0.exit?.sequence == event.sequence })
            else { return }
            list[index].exit = nil
            enrolments[key] = list
        default:
            break
        }
    }

    /// Whether `purpose` is among `permittedPurposes(ofFund:)`; nil when that list is empty (no
    /// allocation restricts the fund). Cost: O(allocations of the fund), no allocation of memory:
    /// every payment asks, so it does not build the sorted union.
    public func permits(purpose: String, ofFund fundID: String) -> Bool? {
        permits(purpose: purpose, ofFund: fundID, fundIDHash: nil)
    }

    /// `permits(purpose:ofFund:)`; `fundIDHash`, when given, must be `fundID.hashValue` in this process
    /// (replay computes it while preparing a payment: `PaymentKeys.fundIDHash`).
    package func permits(purpose: String, ofFund fundID: String, fundIDHash: Int?) -> Bool? {
        guard let lists = purposesByFund[PrehashedString(fundID, textHash: fundIDHash)] else { return nil }
        // The union of the lists holds the texts of every non-empty list: a purpose is in some list
        // exactly when it is in the union, and some list is not empty exactly when the union is not.
        // A permitted purpose written with the same bytes (the common case) settles it without `==`.
        let union = lists.union
        if union.contains(where: { TextBytes.areEqual($0, purpose) }) { return true }
        if union.isEmpty { return nil }
        return union.contains(purpose)
    }

    /// The union of the purposes of every non-reversed allocation of `fundID`, sorted; empty when none.
    public func permittedPurposes(ofFund fundID: String) -> [String] {
        guard let lists = purposesByFund[PrehashedString(fundID)] else { return [] }
        return Array(Set(lists.bySequence.values.joined())).sorted()
    }

    /// The current state of `milestone` of `projectID`: the latest (by effective date, then sequence)
    /// non-reversed `accepted` or `failed` entry, or `nil` when there is none.
    // docs/EVENTS.md `project.milestone`: "A milestone's current state is the status of its latest
    // (by effective_date, then seq) non-reversed accepted/failed entry".
    public func decision(onMilestone milestone: String, ofProject projectID: String) -> MilestoneRecord? {
        milestones[projectID, default: []]
            .filter { $0.milestone.milestone == milestone && $0.milestone.status != .reached }
            .max { ($0.milestone.effectiveDate, $0.sequence) < ($1.milestone.effectiveDate, $1.sequence) }
    }

    /// The latest decision on every decided milestone of `projectID`, by milestone name.
    public func decisions(ofProject projectID: String) -> [String: MilestoneRecord] {
        var latest: [String: MilestoneRecord] = [:]
        for record in milestones[projectID, default: []] where record.milestone.status != .reached {
            let name = record.milestone.milestone
            if let current = latest[name],
                (current.milestone.effectiveDate, current.sequence) > (record.milestone.effectiveDate, record.sequence)
            {
                continue
            }
            latest[name] = record
        }
        return latest
    }

    /// The cumulative payment the tranche plan of `projectID` allows now: the largest `cumulative`
    /// among tranches whose milestone is accepted (the `approved` tranche is unlocked by registration).
    public func trancheAllowance(ofProject projectID: String) -> Fen {
        guard let project = projects[projectID] else { return .zero }
        let decided = decisions(ofProject: projectID)
        var allowed = Fen.zero
        for tranche in project.registration.tranches {
            let isUnlocked =
                tranche.milestone == Tranche.approvalMilestone
                || decided[tranche.milestone]?.milestone.status == .accepted
            if isUnlocked, tranche.cumulative > allowed { allowed = tranche.cumulative }
        }
        return allowed
    }

    /// The registration of `pseudonym` in force on `date` (registered on or before it), preferring
    /// one in `county`; `nil` when the pseudonym was never registered by then.
    public func enrolment(of pseudonym: String, on date: CivilDate, preferring county: DivisionCode) -> Enrolment? {
        enrolment(of: PayeeKey(kind: .beneficiary, id: pseudonym), on: date, preferring: county)
    }

    /// `enrolment(of:on:preferring:)` of the household `payee` stands for (its kind is not read: replay
    /// makes the key while preparing a payment, `PaymentKeys.payeeKey`).
    package func enrolment(of payee: PayeeKey, on date: CivilDate, preferring county: DivisionCode) -> Enrolment? {
        // The last registration on or before `date` in `county`, else the last one on or before `date`
        // (one backward scan, no copy: this runs for every payment to a household).
        guard let list = enrolments[payee.kind == .beneficiary ? payee : PayeeKey(kind: .beneficiary, id: payee.id)]
        else { return nil }
        var latest: Enrolment?
        for enrolment in list.reversed() where enrolment.registeredOn <= date {
            if enrolment.county == county { return enrolment }
            if latest == nil { latest = enrolment }
        }
        return latest
    }
}

// The facts' snapshot form (`JOURNAL.state`), by hand (the register values' codings are in
// Replay/Coding/RuleFacts+SnapshotCoding.swift). Bump
// `FlaggingValidator.snapshotFormatVersion` with any change here.
extension RuleFacts: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try projects.snapshotEncode(to: sink, coding: .special)
        try milestones.snapshotEncode(to: sink, coding: .specialArrays())
        try enrolments.snapshotEncode(to: sink, coding: Self.enrolmentCoding)
        try purposesByFund.snapshotEncode(to: sink, coding: Self.purposeCoding)
        try funds.snapshotEncode(to: sink, coding: .special)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> RuleFacts {
        var facts = RuleFacts()
        facts.projects = try .snapshotDecode(from: source, coding: .special)
        facts.milestones = try .snapshotDecode(from: source, coding: .specialArrays())
        facts.enrolments = try .snapshotDecode(from: source, coding: enrolmentCoding)
        facts.purposesByFund = try .snapshotDecode(from: source, coding: purposeCoding)
        facts.funds = try .snapshotDecode(from: source, coding: .special)
        return facts
    }

    /// The purposes per fund: per allocation sequence its purposes (the union is not written: it is
    /// rebuilt from them).
    static let purposeCoding = SnapshotMapCoding<PrehashedString, PurposeLists>.special(
        writeValue: { lists, sink in
            sink.writeDictionary(lists.bySequence) { sequence, names in
                sink.writeInt(sequence)
                sink.writeArray(names, sink.writeString)
            }
        },
        readValue: { source in
            PurposeLists(bySequence: try source.readDictionary { (try source.readInt(), try source.readArray(source.readString)) })
        })

    /// The enrolment register's keys (pseudonyms) and values, by hand.
    static let enrolmentCoding = SnapshotMapCoding<PayeeKey, EnrolmentList>(
        // The pseudonym's text only (the key's packed form and hash value belong to this process).
        writeKey: { pseudonym, sink in pseudonym.writeID(to: sink) },
        readKey: { PayeeKey(kind: .beneficiary, id: try $0.readString()) },
        writeValue: { list, sink in
            sink.writeVarint(UInt64(list.count))
            for enrolment in list {
                sink.writeSigned(Int64(enrolment.county.rawValue))
                sink.writeSigned(Int64(enrolment.registeredOn.dayNumber))
                sink.writeSigned(Int64(enrolment.sequence))
                sink.writeOptionalBool(enrolment.isAbleToWork)
                if let exit = enrolment.exit {
                    sink.writeExitReason(exit.reason)
                    sink.writeSigned(Int64(exit.date.dayNumber))
                    sink.writeSigned(Int64(exit.sequence))
                } else {
                    sink.writeVarint(0)
                }
            }
        },
        readValue: { source in EnrolmentList(try source.readArray { try readEnrolment(from: source) }) })

    private static func readEnrolment(from source: SnapshotByteSource) throws -> Enrolment {
        let county = try source.readDivisionCode()
        let registeredOn = try source.readDate()
        let sequence = try source.readInt()
        let isAbleToWork = try source.readOptionalBool()
        let reason = try source.readExitReason()
        var exit: Exit?
        if let reason {
            exit = Exit(reason: reason, date: try source.readDate(),
                        sequence: try source.readInt())
        }
        return Enrolment(county: county, registeredOn: registeredOn, sequence: sequence, isAbleToWork: isAbleToWork, exit: exit)
    }
}

/// The permitted purposes of one fund: the list of each allocating entry (by sequence), and their union,
/// which `RuleFacts.permits` reads for every payment from the fund (one short array instead of a walk
/// of the dictionary and of each list: about 280 instructions less per payment, measured). Coded as the
/// lists alone (`RuleFacts.purposeCoding`, and `Codable` as the dictionary `[Int: [String]]`).
struct PurposeLists: Sendable, Equatable, Codable {
    /// Each allocation's purposes, by the allocating entry's sequence.
    private(set) var bySequence: [Int: [String]]
    /// The texts of every list, in sequence order, each text once (texts with the same bytes kept once).
    private(set) var union: [String] = []

    init(bySequence: [Int: [String]] = [:]) {
        self.bySequence = bySequence
        rebuildUnion()
    }

    /// Sets (or, with nil, removes) the purposes of the allocation at `sequence`.
    mutating func set(_ purposes: [String]?, forSequence sequence: Int) {
        bySequence[sequence] = purposes
        rebuildUnion()
    }

    private mutating func rebuildUnion() {
        var texts: [String] = []
        for sequence in bySequence.keys.sorted() {
            for text in bySequence[sequence]! where !texts.contains(where: { TextBytes.areEqual($0, text) }) {
                texts.append(text)
            }
        }
        union = texts
    }

    static func == (lhs: PurposeLists, rhs: PurposeLists) -> Bool { lhs.bySequence == rhs.bySequence }

    /// Coded as the dictionary of lists.
    init(from decoder: any Decoder) throws {
        self.init(bySequence: try decoder.singleValueContainer().decode([Int: [String]].self))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bySequence)
    }
}

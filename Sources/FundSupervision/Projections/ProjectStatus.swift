// ProjectStatus: a registered project's budget, payments, progress and tranche allowance.

/// One acceptance or progress record of a project milestone.
public struct MilestoneRecord: Sendable, Equatable, Codable {
    /// The recording entry's sequence number.
    public var sequence: Int
    /// The effective date.
    public var effectiveDate: CivilDate
    /// Reached, accepted or failed.
    public var status: MilestoneStatus
    /// Progress reported with it, in basis points.
    public var progressBasisPoints: Int64?
    /// Whether a later `entry.reverse` undid it.
    public var isReversed = false
}

/// A project as the journal has it now.
public struct ProjectStatus: Sendable, Equatable, Codable {
    /// The registration.
    public var registration: ProjectRegistration
    /// The registration entry's sequence number.
    public var registeredSequence: Int
    /// Total disbursed for the project.
    public var paid = Fen.zero
    /// Number of (non-reversed) disbursements for the project.
    public var paymentCount = 0
    /// Milestone records by milestone name, in sequence order.
    public var milestones: [String: [MilestoneRecord]] = [:]

    /// Creates the status of a newly registered project.
    public init(registration: ProjectRegistration, registeredSequence: Int) {
        self.registration = registration
        self.registeredSequence = registeredSequence
    }

    /// The latest record that decides a milestone: latest effective date, then latest sequence.
    private static func latest(_ records: [MilestoneRecord], where include: (MilestoneRecord) -> Bool) -> MilestoneRecord? {
        var best: MilestoneRecord?
        for record in records where !record.isReversed && include(record) {
            if let current = best, (current.effectiveDate, current.sequence) > (record.effectiveDate, record.sequence) { continue }
            best = record
        }
        return best
    }

    /// Whether the milestone's latest (non-reversed) acceptance decision is `accepted`.
    public func isAccepted(_ milestone: String) -> Bool {
        if milestone == Tranche.approvalMilestone { return true }
        guard let records = milestones[milestone] else { return false }
        return Self.latest(records, where: { $0.status != .reached })?.status == .accepted
    }

    /// Milestones currently accepted, sorted by name (`approved` excluded).
    public var acceptedMilestones: [String] {
        milestones.keys.filter { isAccepted($0) }.sorted()
    }

    /// The latest non-reversed failed acceptance, if its milestone is not accepted again since.
    public var hasFailedAcceptance: Bool {
        milestones.values.contains { records in
            Self.latest(records, where: { $0.status != .reached })?.status == .failed
        }
    }

    /// The progress last reported (latest effective date, then sequence), in basis points; 0 if none.
    public var progressBasisPoints: Int64 {
        var best: MilestoneRecord?
        for records in milestones.values {
            guard let candidate = Self.latest(records, where: { $0.progressBasisPoints != nil }) else { continue }
            if let current = best, (current.effectiveDate, current.sequence) > (candidate.effectiveDate, candidate.sequence) { continue }
            best = candidate
        }
        return best?.progressBasisPoints ?? 0
    }

    /// The cumulative payment the tranche plan allows now: the largest `cumulative` among the
    /// tranches whose milestone is accepted (the `approved` tranche always counts).
    public var allowedNow: Fen {
        var allowed = Fen.zero
        for tranche in registration.tranches where isAccepted(tranche.milestone) {
            allowed = max(allowed, tranche.cumulative)
        }
        return allowed
    }
}

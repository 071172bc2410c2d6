// BeneficiaryRecord: a household's registrations and exits in one county.

/// A household in one county's register, keyed by pseudonym.
public struct BeneficiaryKey: Hashable, Sendable, Comparable, Codable {
    /// The registering county.
    public var county: DivisionCode
    /// The pseudonym.
    public var pseudonym: String { didSet { pseudonymHash = pseudonym.hashValue } }
    /// `pseudonym.hashValue` in this process, hashed in place of the pseudonym: a key is looked up
    /// several times per entry (validation, then the register, its table and its overlay on append), and
    /// the 64 characters are hashed once. Derived: not compared first, not coded.
    private var pseudonymHash: Int

    /// Creates a key.
    public init(county: DivisionCode, pseudonym: String) {
        self.county = county
        self.pseudonym = pseudonym
        pseudonymHash = pseudonym.hashValue
    }

    /// Equal when the counties and the pseudonyms are (equal pseudonyms have equal hash values).
    public static func == (lhs: BeneficiaryKey, rhs: BeneficiaryKey) -> Bool {
        lhs.county == rhs.county && lhs.pseudonymHash == rhs.pseudonymHash && lhs.pseudonym == rhs.pseudonym
    }

    /// Hashes the pseudonym's hash value and the county.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(pseudonymHash)
        hasher.combine(county)
    }

    /// The same parts, mixed without a `Hasher` (`PrehashedString.mix`).
    public func _rawHashValue(seed: Int) -> Int {
        PrehashedString.mix(PrehashedString.combine(pseudonymHash, Int(county.rawValue)), seed: seed)
    }

    private enum CodingKeys: String, CodingKey { case county, pseudonym }

    /// Decodes the county and the pseudonym.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(county: try container.decode(DivisionCode.self, forKey: .county),
                  pseudonym: try container.decode(String.self, forKey: .pseudonym))
    }

    /// Encodes the county and the pseudonym.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(county, forKey: .county)
        try container.encode(pseudonym, forKey: .pseudonym)
    }

    public static func < (lhs: BeneficiaryKey, rhs: BeneficiaryKey) -> Bool {
        lhs.county != rhs.county ? lhs.county < rhs.county : lhs.pseudonym < rhs.pseudonym
    }
}

/// The register history of one household in one county.
public struct BeneficiaryRecord: Sendable, Equatable, Codable {
    /// One registration (`exitReason == nil`) or exit.
    public struct Event: Sendable, Equatable, Codable {
        /// The entry's sequence number.
        public var sequence: Int
        /// The effective date.
        public var effectiveDate: CivilDate
        /// Why the household left, for an exit; `nil` for a registration.
        public var exitReason: BeneficiaryExitReason?
        /// Household size, for a registration.
        public var householdSize: Int?
        /// Whether members can work, for a registration, when recorded.
        public var isAbleToWork: Bool?
        /// Whether an `entry.reverse` undid it.
        public var isReversed = false
    }

    /// Registrations and exits in sequence order.
    public private(set) var events: [Event] = []

    /// Creates an empty history.
    public init() {}

    mutating func record(_ event: Event, reversing: Bool) {
        if reversing {
            if let index = events.firstIndex(where: { $0.sequence == event.sequence }) { events[index].isReversed = true }
        } else {
            events.append(event)
        }
    }

    /// The latest non-reversed registration or exit.
    public var latest: Event? { events.last { !$0.isReversed } }

    /// Whether the household is registered and has not exited since.
    public var isRegistered: Bool { latest.map { $0.exitReason == nil } ?? false }

    /// The latest non-reversed registration.
    public var registration: Event? { events.last { !$0.isReversed && $0.exitReason == nil } }

    /// The latest non-reversed exit after the latest registration, if the household left.
    public var exit: Event? { isRegistered ? nil : latest }
}

/// One fund at one unit (a county, city or province): the key of the rules' per-fund, per-unit
/// registers (R-BACKDATED, R-OVERDRAWN, R-IDLE).
///
/// It carries `fundID.hashValue` so that a payment's key, whose hash the replay computes on a
/// preparing core (`PaymentKeys.fundIDHash`), is not hashed again on the in-order thread.
struct FundUnitKey: Hashable, Codable {
    var fundID: String
    var unit: DivisionCode
    /// `fundID.hashValue` in this process, hashed in place of the id. Derived: not compared, not coded.
    var fundIDHash: Int

    init(fundID: String, unit: DivisionCode, fundIDHash: Int? = nil) {
        self.fundID = fundID
        self.unit = unit
        self.fundIDHash = fundIDHash ?? fundID.hashValue
    }

    static func == (lhs: FundUnitKey, rhs: FundUnitKey) -> Bool { lhs.unit == rhs.unit && lhs.fundID == rhs.fundID }

    // Equal keys have equal fund ids, hence equal `fundIDHash`.
    func hash(into hasher: inout Hasher) {
        hasher.combine(fundIDHash)
        hasher.combine(unit)
    }

    // The same parts, mixed without a `Hasher` (`PrehashedString.mix`).
    func _rawHashValue(seed: Int) -> Int {
        PrehashedString.mix(PrehashedString.combine(fundIDHash, Int(unit.rawValue)), seed: seed)
    }

    private enum CodingKeys: String, CodingKey { case fundID, unit }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(fundID: try container.decode(String.self, forKey: .fundID),
                  unit: try container.decode(DivisionCode.self, forKey: .unit))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fundID, forKey: .fundID)
        try container.encode(unit, forKey: .unit)
    }
}

// DivisionCode: a 6-digit administrative division code (GB/T 2260 行政区划代码).
//
// Digits 1-2 name the province, 3-4 the prefecture within it, 5-6 the county within that;
// a code ending in 0000 is a province, one ending in 00 a prefecture. FundLedger adds one
// code of its own, 000000, for the central level (中央), which GB/T 2260 does not define.

/// A 6-digit administrative division code, or the central level `000000`.
public struct DivisionCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code as an integer (leading zeros dropped), `0` for the central level.
    public let rawValue: Int32

    /// FundLedger's code for the central level (中央): not a GB/T 2260 code.
    public static let central = DivisionCode(uncheckedRawValue: 0)

    /// Creates a code from its integer value. Requires `0 ≤ rawValue ≤ 999_999`.
    public init(uncheckedRawValue rawValue: Int32) {
        precondition(rawValue >= 0 && rawValue <= 999_999, "division code out of range")
        self.rawValue = rawValue
    }

    /// Parses exactly six ASCII digits; returns `nil` otherwise.
    public init?(_ text: String) {
        var value: Int32 = 0
        var count = 0
        for byte in text.utf8 {
            let digit = Int32(byte) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
            count += 1
            guard count <= 6 else { return nil }
        }
        guard count == 6 else { return nil }
        self.rawValue = value
    }

    /// The administrative level the code's shape denotes.
    public var level: AdministrativeLevel {
        if rawValue == 0 { return .central }
        if rawValue % 10_000 == 0 { return .province }
        if rawValue % 100 == 0 { return .prefecture }
        return .county
    }

    /// The province code (XX0000) containing this code; `self` for central and provinces.
    public var provinceCode: DivisionCode {
        rawValue == 0 ? self : DivisionCode(uncheckedRawValue: rawValue / 10_000 * 10_000)
    }

    /// The prefecture code (XXXX00) containing this code; `self` for central, provinces and prefectures.
    public var prefectureCode: DivisionCode {
        level == .county ? DivisionCode(uncheckedRawValue: rawValue / 100 * 100) : self
    }

    /// Whether `other` lies within this unit (or is this unit): a province contains its
    /// prefectures and counties, a prefecture its counties, central everything.
    public func contains(_ other: DivisionCode) -> Bool {
        switch level {
        case .central: return true
        case .province: return other.rawValue / 10_000 == rawValue / 10_000
        case .prefecture: return other.rawValue / 100 == rawValue / 100
        case .county: return other == self
        }
    }

    /// The six digits.
    public var description: String {
        let digits = String(rawValue)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    public static func < (lhs: DivisionCode, rhs: DivisionCode) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// The administrative level of a unit (行政层级); also the source level of a fund (资金来源层级).
public enum AdministrativeLevel: String, Sendable, Equatable, Hashable, CaseIterable, Comparable, Codable {
    /// 中央: the central government.
    case central
    /// 省: a province, autonomous region or municipality.
    case province
    /// 市/州: a prefecture-level unit.
    case prefecture
    /// 县/市/区: a county-level unit.
    case county

    private var rank: Int {
        switch self {
        case .central: return 0
        case .province: return 1
        case .prefecture: return 2
        case .county: return 3
        }
    }

    /// Higher levels sort first (central < province < prefecture < county).
    public static func < (lhs: AdministrativeLevel, rhs: AdministrativeLevel) -> Bool {
        lhs.rank < rhs.rank
    }
}

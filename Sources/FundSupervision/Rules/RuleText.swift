// RuleText: how explanations name units, payees and projects, identically in every rule.

/// Shared wording for flag explanations. Names are printed as recorded (never transliterated).
package enum RuleText {
    /// A unit as `沁源县(140431)`; the code alone when FundLedger does not know the unit.
    package static func unit(_ code: DivisionCode) -> String {
        guard let division = AdministrativeDivision.named(code) else { return code.description }
        return "\(division.name)(\(code.description))"
    }

    /// How many hex digits of a pseudonym explanations show; enough to find it, short enough to read.
    package static let pseudonymPrefixLength = 8

    /// A payee in Chinese: `户 1a2b3c4d` for a beneficiary pseudonym, otherwise its id.
    package static func payeeZH(_ payee: Payee) -> String {
        payee.kind == .beneficiary ? "户 \(payee.id.prefix(pseudonymPrefixLength))" : payee.id
    }

    /// A payee in English: `household 1a2b3c4d` for a beneficiary pseudonym, otherwise its id.
    package static func payeeEN(_ payee: Payee) -> String {
        payee.kind == .beneficiary ? "household \(payee.id.prefix(pseudonymPrefixLength))" : payee.id
    }

    /// A project as `P3（村A1道路）` in Chinese, or its id when it has no name.
    package static func projectZH(_ id: String, _ name: String?) -> String {
        name.map { "\(id)（\($0)）" } ?? id
    }

    /// `text` followed by a space, unless it ends in a full-width bracket (Chinese needs none there).
    package static func spacedZH(_ text: String) -> String {
        text.hasSuffix("）") ? text : text + " "
    }

    /// A project as `P3 (村A1道路)` in English, or its id when it has no name.
    package static func projectEN(_ id: String, _ name: String?) -> String {
        name.map { "\(id) (\($0))" } ?? id
    }

    /// The amount with its Chinese unit: `1,200,000.00 元`.
    package static func zh(_ amount: Fen) -> String { "\(amount.yuanText) 元" }

    /// The amount with its English unit: `1,200,000.00 yuan`.
    package static func en(_ amount: Fen) -> String { "\(amount.yuanText) yuan" }

    /// Basis points as a percentage with two decimals: 4500 → `45.00%`.
    package static func percent(basisPoints: Int64) -> String {
        let sign = basisPoints < 0 ? "-" : ""
        let magnitude = basisPoints.magnitude
        let hundredths = magnitude % 100
        return "\(sign)\(magnitude / 100).\(hundredths < 10 ? "0" : "")\(hundredths)%"
    }

    /// The share `part / whole` in basis points, rounded down; 0 when `whole` is not positive.
    /// Computed in 128 bits, so no sum of fen can overflow.
    package static func basisPoints(part: Fen, of whole: Fen) -> Int64 {
        guard whole.rawValue > 0 else { return 0 }
        let product = part.rawValue.multipliedFullWidth(by: 10_000)
        return whole.rawValue.dividingFullWidth(product).quotient
    }

    /// Whether `part × 10 000 ≥ whole × basisPoints`, exactly (128-bit products, no floating point).
    package static func isAtLeast(_ part: Fen, basisPoints: Int64, of whole: Fen) -> Bool {
        let left = part.rawValue.multipliedFullWidth(by: 10_000)
        let right = whole.rawValue.multipliedFullWidth(by: basisPoints)
        return (left.high, left.low) >= (right.high, right.low)
    }

    /// `whole × basisPoints / 10 000`, rounded up to the fen (the least amount that meets the share).
    package static func share(of whole: Fen, basisPoints: Int64) -> Fen {
        let product = whole.rawValue.multipliedFullWidth(by: basisPoints)
        let (quotient, remainder) = Int64(10_000).dividingFullWidth(product)
        return Fen(remainder > 0 ? quotient + 1 : quotient)
    }

    /// A quantity kept in hundredths (0.01 亩) as a decimal: 250 → `2.5`, 200 → `2`.
    package static func hundredths(_ value: Int64) -> String {
        let whole = value / 100
        let fraction = (value % 100).magnitude
        if fraction == 0 { return String(whole) }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

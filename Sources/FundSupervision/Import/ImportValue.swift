// ImportValue: reading the non-money cells of a spreadsheet (dates, codes, numbers, choices).
//
// Clerks type with a Chinese input method, so numeric cells may hold full-width digits and
// punctuation (１２，３４５．５０); those are folded to ASCII before parsing. Text cells (names,
// notes) are kept exactly as written apart from surrounding spaces.

/// Parsers for spreadsheet cells other than amounts (see `YuanAmount`).
public enum ImportValue {
    /// `text` without surrounding spaces, tabs, ideographic spaces (U+3000) and no-break spaces.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\u{3000}" || scalar == "\u{00A0}"
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// `text` with full-width ASCII forms (U+FF01-U+FF5E) folded to ASCII and the full-width yen
    /// sign (U+FFE5) to ¥ (U+00A5); everything else unchanged.
    public static func foldingFullWidth(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: result.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0xFFE5: result.append("\u{00A5}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// Parses a calendar date written `YYYY-MM-DD`, `YYYY-M-D`, `YYYY/M/D` (Excel's Chinese short
    /// date), `YYYY.M.D` or `YYYY年M月D日`; `nil` when it is none of these or not a real day.
    public static func date(_ cell: String) -> CivilDate? {
        let text = foldingFullWidth(trimmed(cell))
        var parts: [Int] = []
        var current = ""
        var separators: [Character] = []
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                current.append(Character(String(digit)))
                continue
            }
            guard !current.isEmpty, let value = Int(current) else { return nil }
            parts.append(value)
            separators.append(character)
            current = ""
        }
        if !current.isEmpty {
            guard let value = Int(current) else { return nil }
            parts.append(value)
        }
        guard parts.count == 3 else { return nil }
        let isDashed = separators == ["-", "-"]
        let isSlashed = separators == ["/", "/"]
        let isDotted = separators == [".", "."]
        let isChinese = separators == ["年", "月", "日"]
        guard isDashed || isSlashed || isDotted || isChinese else { return nil }
        // A four-digit year first, so that 04/05/2018 (month or day first?) is never guessed.
        guard text.unicodeScalars.prefix(4).allSatisfy({ ("0"..."9").contains($0) }),
              !(text.unicodeScalars.dropFirst(4).first.map({ ("0"..."9").contains($0) }) ?? false) else { return nil }
        return CivilDate(year: parts[0], month: parts[1], day: parts[2])
    }

    /// Parses a 6-digit division code (full-width digits folded); `nil` otherwise.
    public static func divisionCode(_ cell: String) -> DivisionCode? {
        DivisionCode(foldingFullWidth(trimmed(cell)))
    }

    /// Parses a non-negative decimal with at most `scaleDigits` decimals into an integer scaled by
    /// 10^scaleDigits (e.g. `12.5` with scale 2 → 1250); `nil` for anything else or on overflow.
    public static func scaledDecimal(_ cell: String, scaleDigits: Int) -> Int64? {
        let text = foldingFullWidth(trimmed(cell))
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let integerPart = pieces.first, !integerPart.isEmpty else { return nil }
        let fractionPart = pieces.count == 2 ? pieces[1] : ""
        if pieces.count == 2, fractionPart.isEmpty { return nil }
        guard fractionPart.count <= scaleDigits else { return nil }
        var value: Int64 = 0
        let digits = Array(integerPart.utf8) + Array(fractionPart.utf8) + Array(repeating: UInt8(ascii: "0"), count: scaleDigits - fractionPart.count)
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// Parses 是/否, yes/no, true/false, y/n, 1/0 (any case); an empty cell is `false`; `nil` otherwise.
    public static func yesNo(_ cell: String) -> Bool? {
        switch foldingFullWidth(trimmed(cell)).lowercased() {
        case "", "否", "no", "n", "false", "0": return false
        case "是", "yes", "y", "true", "1": return true
        default: return nil
        }
    }

    /// Whether `text` contains a control character (U+0000-U+001F, U+007F-U+009F), which event
    /// texts refuse (docs/EVENTS.md).
    public static func containsControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    /// The spellings accepted for each closed list, Chinese first, mapped to the schema's value.
    static let sourceLevels: [(spellings: [String], value: AdministrativeLevel)] = [
        (["中央", "中央级", "central"], .central),
        (["省", "省级", "province"], .province),
        (["市", "市级", "州", "地区", "prefecture"], .prefecture),
        (["县", "县级", "county"], .county),
    ]

    static let payeeKinds: [(spellings: [String], value: PayeeKind)] = [
        (["单位", "unit"], .unit),
        (["合作社", "cooperative"], .cooperative),
        (["企业", "enterprise"], .enterprise),
        (["村集体", "village_collective"], .villageCollective),
        (["农户", "受益户", "个人", "beneficiary"], .beneficiary),
    ]

    static let milestoneStatuses: [(spellings: [String], value: MilestoneStatus)] = [
        (["进度", "已完成", "达到", "reached"], .reached),
        (["验收通过", "通过", "accepted"], .accepted),
        (["验收未通过", "未通过", "failed"], .failed),
    ]

    /// Quantity units: the schema unit and how many of it one written unit is (亩 → 100 centimu).
    static let quantityUnits: [(spellings: [String], unit: QuantityUnit, scaleDigits: Int)] = [
        (["亩", "mu"], .centimu, 2),
        (["头", "只", "head"], .head, 0),
        (["千瓦", "kw", "kilowatt"], .kilowatt, 0),
        (["人月", "person_month"], .personMonth, 0),
        (["人", "person"], .person, 0),
        (["户", "household"], .household, 0),
    ]

    /// The value of `cell` in a closed list, matching spellings case-insensitively after folding.
    static func choice<Value>(_ cell: String, in list: [(spellings: [String], value: Value)]) -> Value? {
        let key = foldingFullWidth(trimmed(cell)).lowercased()
        return list.first { $0.spellings.contains(key) }?.value
    }

    /// Every spelling of a closed list, for the error message.
    static func spellings<Value>(of list: [(spellings: [String], value: Value)]) -> [String] {
        list.flatMap(\.spellings)
    }
}

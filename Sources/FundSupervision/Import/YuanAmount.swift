// YuanAmount: yuan text from a spreadsheet cell to fen, exactly.
//
// Money is integer fen (docs/EVENTS.md). A cell such as `1,234.50`, `1234.5`, `￥1,234.50` or `1234`
// is read digit by digit (the conversion itself is `Fen(yuan:)`); this type only classifies what a
// clerk may have typed wrongly, so that the refusal names the reason. Nothing is ever rounded and
// no floating point is involved.

/// Converts the yuan amounts of spreadsheet cells to fen.
public enum YuanAmount {
    /// Parses a positive yuan amount with at most two decimals into fen.
    ///
    /// Accepts an optional currency sign (`￥`, `¥`) before and `元` after the number, thousands
    /// separators in groups of three, and full-width digits and punctuation (folded to ASCII).
    /// Refuses (with the reason) more than two decimals, negative amounts, zero, exponent forms,
    /// misplaced separators and amounts above `Fen.maximumEventAmount`.
    public static func fen(fromYuan cell: String) -> Result<Fen, RowProblemReason> {
        var text = ImportValue.foldingFullWidth(ImportValue.trimmed(cell))
        if text.hasPrefix("¥") { text.removeFirst() }
        if text.hasSuffix("元") { text.removeLast() }
        text = ImportValue.trimmed(text)
        guard !text.isEmpty else { return .failure(.notANumber) }
        if text.hasPrefix("-") || text.hasPrefix("\u{2212}") || (text.hasPrefix("(") && text.hasSuffix(")")) {
            // Accounting notation writes negatives as -1.00, −1.00 or (1.00).
            return .failure(.negativeAmount)
        }
        if text.hasPrefix("+") { return .failure(.notANumber) }
        let bytes = Array(text.utf8)
        if bytes.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
           bytes.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            return .failure(.exponentNotation)
        }
        guard bytes.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".") }) else {
            return .failure(.notANumber)
        }
        let dots = bytes.indices.filter { bytes[$0] == UInt8(ascii: ".") }
        guard dots.count <= 1 else { return .failure(.notANumber) }
        let integerPart = dots.first.map { Array(bytes[..<$0]) } ?? bytes
        let fractionPart = dots.first.map { Array(bytes[($0 + 1)...]) } ?? []
        if fractionPart.contains(UInt8(ascii: ",")) { return .failure(.malformedThousandsSeparators) }
        guard integerPart.contains(where: isDigit) else { return .failure(.notANumber) }
        if dots.first != nil, fractionPart.isEmpty { return .failure(.notANumber) }
        if fractionPart.count > 2 { return .failure(.tooManyDecimals(decimalCount: fractionPart.count)) }
        if integerPart.contains(UInt8(ascii: ",")) {
            // Thousands separators must group every three digits after a first group of 1-3.
            let groups = integerPart.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard let head = groups.first, (1...3).contains(head.count),
                  groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                return .failure(.malformedThousandsSeparators)
            }
        }
        guard let amount = Fen(yuan: text) else {
            // The shape is right, so only an Int64 overflow remains.
            return .failure(.amountTooLarge(maximumFen: Fen.maximumEventAmount.rawValue))
        }
        if amount == .zero { return .failure(.zeroAmount) }
        if amount > Fen.maximumEventAmount {
            return .failure(.amountTooLarge(maximumFen: Fen.maximumEventAmount.rawValue))
        }
        return .success(amount)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

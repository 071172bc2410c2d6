// Fen: an amount of money in fen (分, 1/100 yuan), the only money type in FundLedger.
//
// Never floating point. Yuan text is parsed digit by digit: at most two decimals, thousands
// separators only in groups of three, no rounding ever.

/// An amount of money in fen (分): 1 元 = 100 fen.
public struct Fen: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    /// The amount in fen.
    public var rawValue: Int64

    /// The largest amount a single event may carry: 10^13 fen = 1000亿元, above any single
    /// allocation in the seed texts (the largest is Xiangxi's ≥30亿元 a year), and small enough
    /// that 900,000 such amounts still sum within Int64.
    public static let maximumEventAmount = Fen(10_000_000_000_000)

    /// Zero fen.
    public static let zero = Fen(0)

    /// Creates an amount of `rawValue` fen.
    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// Parses yuan text such as `1,234.50`, `1234.5`, `-12` or `0.01` into fen exactly;
    /// returns `nil` for more than two decimals, misplaced separators, or anything else.
    /// Thousands separators are optional but, when used, must group every three digits.
    public init?(yuan text: String) {
        var bytes = Array(text.utf8)
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") {
            negative = true
            bytes.removeFirst()
        }
        let dot = bytes.firstIndex(of: UInt8(ascii: "."))
        let integerPart = dot.map { Array(bytes[..<$0]) } ?? bytes
        let fractionPart = dot.map { Array(bytes[($0 + 1)...]) } ?? []
        guard !integerPart.isEmpty else { return nil }
        if dot != nil {
            guard fractionPart.count >= 1, fractionPart.count <= 2 else { return nil }
        }
        // Thousands separators: either none, or groups of exactly three after the first group.
        let groups = integerPart.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard let head = groups.first, head.count >= 1, head.count <= 3 else { return nil }
            for group in groups.dropFirst() where group.count != 3 { return nil }
        }
        var value: Int64 = 0
        for group in groups {
            for byte in group {
                let digit = Int64(byte) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { return nil }
                value = sum
            }
        }
        var fraction: Int64 = 0
        for index in 0..<2 {
            fraction *= 10
            if index < fractionPart.count {
                let digit = Int64(fractionPart[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                fraction += digit
            }
        }
        let (yuanFen, overflow1) = value.multipliedReportingOverflow(by: 100)
        let (total, overflow2) = yuanFen.addingReportingOverflow(fraction)
        guard !overflow1, !overflow2 else { return nil }
        self.rawValue = negative ? -total : total
    }

    /// The amount as yuan with two decimals and thousands separators: `1,200,000.00`, `-0.05`.
    public var yuanText: String {
        formattedYuan(separator: ",")
    }

    /// The amount as yuan with two decimals and no separators: `1200000.00`.
    public var plainYuanText: String {
        formattedYuan(separator: nil)
    }

    /// Same as `yuanText`.
    public var description: String { yuanText }

    private func formattedYuan(separator: Character?) -> String {
        // Built in one fixed buffer (digits from the right, a separator every three): explanations
        // and reports format many amounts. The separator is ASCII (`,`) or none.
        let separatorByte = separator?.asciiValue
        let magnitude = rawValue.magnitude
        var yuan = magnitude / 100
        let cents = magnitude % 100
        // 20 digits of UInt64, 6 separators, ".", 2 cents and a sign fit in 32 bytes.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.formattedCapacity) { buffer in
            var index = Self.formattedCapacity
            func put(_ byte: UInt8) {
                index -= 1
                buffer[index] = byte
            }
            put(UInt8(ascii: "0") + UInt8(cents % 10))
            put(UInt8(ascii: "0") + UInt8(cents / 10))
            put(UInt8(ascii: "."))
            var digitCount = 0
            repeat {
                if digitCount > 0, digitCount % 3 == 0, let separatorByte { put(separatorByte) }
                put(UInt8(ascii: "0") + UInt8(yuan % 10))
                yuan /= 10
                digitCount += 1
            } while yuan > 0
            if rawValue < 0 { put(UInt8(ascii: "-")) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[index...]), as: UTF8.self)
        }
    }

    /// Bytes enough for any formatted `Int64` amount (20 digits, 6 separators, point, 2 cents, sign).
    private static let formattedCapacity = 32

    public static func < (lhs: Fen, rhs: Fen) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Wrapping sum: projections add at most `maximumEventAmount` per entry, so a sum only
    /// wraps after ~900,000 maximal entries into one figure; it never traps on journal input.
    public static func + (lhs: Fen, rhs: Fen) -> Fen { Fen(lhs.rawValue &+ rhs.rawValue) }

    /// Wrapping difference (see `+`).
    public static func - (lhs: Fen, rhs: Fen) -> Fen { Fen(lhs.rawValue &- rhs.rawValue) }

    /// Adds in place, wrapping (see `+`).
    public static func += (lhs: inout Fen, rhs: Fen) { lhs.rawValue = lhs.rawValue &+ rhs.rawValue }

    /// Subtracts in place, wrapping (see `+`).
    public static func -= (lhs: inout Fen, rhs: Fen) { lhs.rawValue = lhs.rawValue &- rhs.rawValue }
}

// The shortcuts the in-order half of a replay and the report take with texts give what the plain
// `String` operations give: byte equality before `==` (`TextBytes`, with its same-representation
// test), county sums found by comparing bytes (`Dictionary.add(_:toTextKey:)`) or small integer keys
// (`add(_:toSmallKey:)`), the payee-year sort on 8-byte prefixes
// (`Report.sortedPayeeYears`) and display widths of ASCII cells.
//
// Method: seeded random texts drawn from small alphabets (ASCII letters, CJK, and "e" with a
// precomposed and a combining accent, so canonically equal texts with different bytes occur).
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Text key shortcuts")
struct TextKeyShortcutTests {
    /// Pieces that random texts are made of: two spellings of "é" (one byte sequence each) among them.
    static let pieces = ["a", "b", "0", "f", "产业", "扶贫", "é", "e\u{301}", "\u{0}", "Z"]

    static func text(using random: inout SeededRandomNumberGenerator, maximumPieces: Int = 5) -> String {
        (0..<Int.random(in: 0...maximumPieces, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    @Test("texts with the same bytes are equal; canonical equivalents with other bytes are not taken for equal bytes")
    func byteEquality() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7465_7874_6279_7465)
        for _ in 0..<5_000 {
            let lhs = Self.text(using: &random), rhs = Self.text(using: &random)
            if TextBytes.areEqual(lhs, rhs) { #expect(lhs == rhs, "\(random)") }
            #expect(TextBytes.areEqual(lhs, rhs) == (Array(lhs.utf8) == Array(rhs.utf8)), "\(random)")
        }
        #expect(!TextBytes.areEqual("é", "e\u{301}") && "é" == "e\u{301}")
    }

    @Test("the same representation means the same bytes: shared storage, equal small strings; large copies are compared by bytes")
    func sameRepresentation() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7265_7072)
        for _ in 0..<5_000 {
            let text = Self.text(using: &random, maximumPieces: 12)
            let shared = text
            // Two copies built alike, each in storage of its own (small strings when they fit in 15 bytes).
            let copy = String(decoding: Array(text.utf8), as: UTF8.self)
            let secondCopy = String(decoding: Array(text.utf8), as: UTF8.self)
            #expect(TextBytes.isSameRepresentation(text, shared), "\(random)")
            #expect(TextBytes.isSameRepresentation(copy, secondCopy) == (text.utf8.count <= 15), "\(random)")
            #expect(TextBytes.areEqual(text, copy), "\(random)")
            let other = Self.text(using: &random, maximumPieces: 12)
            if TextBytes.isSameRepresentation(text, other) { #expect(Array(text.utf8) == Array(other.utf8), "\(random)") }
        }
    }

    @Test("sums added by comparing key bytes equal sums added through the dictionary's own lookup")
    func textKeySums() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7375_6D73)
        for _ in 0..<500 {
            var shortcut: [String: Fen] = [:], plain: [String: Fen] = [:]
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                let key = Self.text(using: &random, maximumPieces: 2)
                let amount = Fen(Int64.random(in: -1_000...1_000, using: &random))
                shortcut.add(amount, toTextKey: key)
                plain[key, default: .zero] += amount
            }
            #expect(shortcut == plain, "\(random)")
        }
    }

    @Test("sums added by comparing small integer keys equal sums added through the dictionary's own lookup")
    func smallKeySums() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7965_6172_73)
        for _ in 0..<500 {
            var shortcut: [Int: Fen] = [:], plain: [Int: Fen] = [:]
            // Up to 20 distinct years: past the scan limit, so both ways of finding a key are taken.
            let yearCount = Int.random(in: 1...20, using: &random)
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                let year = 2_010 + Int.random(in: 0..<yearCount, using: &random)
                let amount = Fen(Int64.random(in: -1_000...1_000, using: &random))
                shortcut.add(amount, toSmallKey: year)
                plain[year, default: .zero] += amount
            }
            #expect(shortcut == plain, "\(random)")
        }
    }

    @Test("the payee-year sort gives PayeeYear's order for random ids, kinds and years")
    func payeeYearOrder() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7061_7965_6573)
        for _ in 0..<200 {
            var register: SnapshotMap<PayeeYear, PayeeYearTotal> = [:]
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                // Long shared prefixes, ids shorter and longer than 8 bytes, some not ASCII.
                let id = (Bool.random(using: &random) ? "0123abcd" : "") + Self.text(using: &random, maximumPieces: 6)
                let payee = Payee(kind: PayeeKind.allCases.randomElement(using: &random)!, id: id)
                var total = PayeeYearTotal()
                total.paymentCount = Int.random(in: 1...9, using: &random)
                register[PayeeYear(payee: payee, year: Int.random(in: 2017...2020, using: &random))] = total
            }
            let expected = register.sorted { $0.key < $1.key }.map(\.key)
            #expect(Report.sortedPayeeYears(register).map(\.key) == expected, "\(random)")
        }
    }

    @Test("an ASCII text's display width is its length; others are summed per scalar")
    func displayWidths() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7769_6474_68)
        for _ in 0..<2_000 {
            let text = Self.text(using: &random, maximumPieces: 8)
            #expect(DisplayWidth.of(text) == text.unicodeScalars.reduce(0) { $0 + DisplayWidth.of($1) }, "\(random)")
        }
        #expect(DisplayWidth.of("C-2018-ZX 1,600.00") == 18)
        #expect(DisplayWidth.of("产业扶贫 é") == 10)
    }

    @Test("a text is ASCII exactly when no byte, at any position of any length, is 0x80 or above")
    func asciiByteCounts() {
        // Lengths around the 8-byte words the test reads (a pseudonym has 64 digits), with one
        // non-ASCII scalar (2, 3 or 4 UTF-8 bytes) placed at every position.
        for length in 0...70 {
            let ascii = String(repeating: "0123456789abcdef", count: 5).prefix(length)
            #expect(DisplayWidth.asciiByteCount(String(ascii)) == length)
            #expect(DisplayWidth.of(String(ascii)) == length)
            for position in 0...length {
                for scalar in ["é", "产", "𠀀", "\u{7F}"] {
                    let text = String(ascii.prefix(position)) + scalar + String(ascii.dropFirst(position))
                    let expected: Int? = scalar == "\u{7F}" ? length + 1 : nil
                    #expect(DisplayWidth.asciiByteCount(text) == expected, "length \(length), position \(position), \(scalar)")
                    #expect(DisplayWidth.of(text) == text.unicodeScalars.reduce(0) { $0 + DisplayWidth.of($1) })
                }
            }
        }
    }
}

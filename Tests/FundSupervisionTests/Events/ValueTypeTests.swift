// Value types under the events: dates, division codes and money.
import Testing
@testable import FundSupervision
import LedgerTestSupport

@Suite("Civil dates")
struct CivilDateTests {
    @Test("known day numbers: the epoch, a leap day, the end of the supported range")
    func knownDayNumbers() {
        #expect(CivilDate(parsing: "1970-01-01")?.dayNumber == 0)
        #expect(CivilDate(parsing: "2000-03-01")?.dayNumber == 11_017)
        #expect(CivilDate(parsing: "2016-02-29")?.dayNumber == 16_860)
        #expect(CivilDate(parsing: "1949-10-01")?.dayNumber == -7_397)
        #expect(CivilDate(parsing: "2199-12-31") != nil)
    }

    @Test("invalid dates are refused", arguments: ["2017-02-29", "2018-13-01", "2018-00-10", "2018-04-31", "1900-02-29",
                                                   "1948-12-31", "2200-01-01", "2018/01/01", "18-01-01", " 2018-01-01", "2018-01-0１"])
    func invalid(_ text: String) {
        #expect(CivilDate(parsing: text) == nil)
    }

    @Test("every day from 1949 to 2199 round-trips through its text")
    func roundTrip() {
        let first = CivilDate(parsing: "1949-01-01")!.dayNumber
        let last = CivilDate(parsing: "2199-12-31")!.dayNumber
        var previous: (Int, Int, Int)?
        for day in first...last {
            let date = CivilDate(dayNumber: day)
            #expect(CivilDate(parsing: date.description) == date, "day \(day)")
            let components = date.components
            if let previous {
                let advanced = components.day == previous.2 + 1 || (components.day == 1 && (components.month == previous.1 + 1 || components.month == 1))
                #expect(advanced, "day \(day)")
            }
            previous = components
        }
    }

    @Test("China Standard Time dates of UTC instants")
    func chinaStandardTime() {
        // 2018-03-14T16:00:00Z = 2018-03-15T00:00:00+08:00.
        #expect(CivilDate(chinaStandardTimeOf: 1_521_043_200).description == "2018-03-15")
        #expect(CivilDate(chinaStandardTimeOf: 1_521_043_199).description == "2018-03-14")
        #expect(CivilDate(chinaStandardTimeOf: -28_801).description == "1969-12-31")
    }
}

@Suite("Division codes")
struct DivisionCodeTests {
    @Test("levels and containment follow the digit structure of GB/T 2260")
    func levels() {
        let qinyuan = DivisionCode("140431")!
        #expect(qinyuan.level == .county)
        #expect(qinyuan.prefectureCode == DivisionCode("140400"))
        #expect(qinyuan.provinceCode == DivisionCode("140000"))
        #expect(DivisionCode("140400")!.level == .prefecture)
        #expect(DivisionCode("140000")!.level == .province)
        #expect(DivisionCode("000000") == .central)
        #expect(DivisionCode("140400")!.contains(qinyuan))
        #expect(!DivisionCode("140800")!.contains(qinyuan))
        #expect(DivisionCode.central.contains(qinyuan))
        #expect(qinyuan.description == "140431")
        #expect(DivisionCode("090000")?.description == "090000")
    }

    @Test("malformed codes are refused", arguments: ["", "14043", "1404311", "14o431", "+40431", "１４０４３１"])
    func malformed(_ text: String) {
        #expect(DivisionCode(text) == nil)
    }
}

@Suite("Fen")
struct FenTests {
    @Test("yuan text parses exactly", arguments: [
        ("1,234.50", 123_450), ("1234.5", 123_450), ("0.01", 1), ("12", 1_200), ("-12.30", -1_230),
        ("1,200,000.00", 120_000_000), ("999", 99_900), ("0", 0),
    ] as [(String, Int64)])
    func parses(_ text: String, _ fen: Int64) {
        #expect(Fen(yuan: text) == Fen(fen))
    }

    @Test("yuan text that would need rounding or is malformed is refused",
          arguments: ["1.234", "0.001", "1,23.00", "12,34", ",123", "1,,234", "", ".5", "1.", "1e3", "1 234", "一百", "--1",
                      "99999999999999999999"])
    func refuses(_ text: String) {
        #expect(Fen(yuan: text) == nil)
    }

    @Test("formatting prints two decimals and thousands separators")
    func formats() {
        #expect(Fen(120_000_000).yuanText == "1,200,000.00")
        #expect(Fen(5).yuanText == "0.05")
        #expect(Fen(-123_450).yuanText == "-1,234.50")
        #expect(Fen(99_900).yuanText == "999.00")
        #expect(Fen(100_000).yuanText == "1,000.00")
        #expect(Fen(0).yuanText == "0.00")
        #expect(Fen(120_000_000).plainYuanText == "1200000.00")
        #expect(Fen(Int64.min).yuanText == "-92,233,720,368,547,758.08")
        #expect(Fen(Int64.max).yuanText == "92,233,720,368,547,758.07")
        #expect(Fen(Int64.min).plainYuanText == "-92233720368547758.08")
    }

    @Test("formatting agrees with grouping the decimal digits of the yuan, for random amounts of every length")
    func formatsLikeGroupedDigits() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x5EED_FE17)
        for _ in 0..<20_000 {
            // A random number of digits, so short and long amounts are both common.
            let digits = Int.random(in: 1...18, using: &random)
            var limit: Int64 = 1
            for _ in 0..<digits { limit *= 10 }
            let magnitude = Int64.random(in: 0..<limit, using: &random)
            let amount = Bool.random(using: &random) ? -magnitude : magnitude
            let yuan = String(amount.magnitude / 100)
            var grouped = ""
            for (offset, digit) in yuan.enumerated() {
                if offset > 0, (yuan.count - offset) % 3 == 0 { grouped.append(",") }
                grouped.append(digit)
            }
            let cents = amount.magnitude % 100
            let sign = amount < 0 ? "-" : ""
            let centsText = (cents < 10 ? "0" : "") + String(cents)
            #expect(Fen(amount).yuanText == sign + grouped + "." + centsText, "seed \(random.seed), amount \(amount)")
            #expect(Fen(amount).plainYuanText == sign + yuan + "." + centsText, "seed \(random.seed), amount \(amount)")
        }
    }

    @Test("format then parse gives the same amount for seeded random amounts")
    func roundTrip() {
        var state: UInt64 = 0x5EED_F00D
        for _ in 0..<10_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let fen = Int64(bitPattern: state) / 1_000
            #expect(Fen(yuan: Fen(fen).yuanText) == Fen(fen), "seed 0x5EEDF00D, fen \(fen)")
            #expect(Fen(yuan: Fen(fen).plainYuanText) == Fen(fen), "seed 0x5EEDF00D, fen \(fen)")
        }
    }
}

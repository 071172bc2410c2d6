// The keys that carry a precomputed hash value (PrehashedString, FundUnitKey, PayeeYear) also give
// dictionaries their hash directly (`_rawHashValue(seed:)`, mixed by `PrehashedString.mix`).
// Goal: equal keys get equal hash values for every seed whether or not their hash was precomputed,
// dictionaries keyed by them find every key, and the values spread over a table's buckets. Method:
// seeded random texts (seed printed on failure), 20,000 keys of each kind.
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Precomputed hash values")
struct PrecomputedHashTests {
    static let keyCount = 20_000

    static func randomText(_ random: inout SeededRandomNumberGenerator) -> String {
        let length = 1 + Int(random.next() % 24)
        return String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(0x61 + random.next() % 26))) })
            + (random.next() % 4 == 0 ? "产业扶贫" : "")
    }

    /// Whether `keys` (distinct) spread over at least half of `bucketCount` buckets for `seed`.
    static func spreads<Key: Hashable>(_ keys: [Key], seed: Int, bucketCount: Int = 1_024) -> Bool {
        Set(keys.map { $0._rawHashValue(seed: seed) & (bucketCount - 1) }).count >= bucketCount / 2
    }

    @Test("equal keys hash alike with and without a precomputed hash, dictionaries find every key, and hash values spread")
    func equalKeysHashAlike() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7072_6568_6173_68)
        let texts = Array(Set((0..<Self.keyCount).map { _ in Self.randomText(&random) }))
        let seeds = [0, 1, Int(bitPattern: UInt(random.next())), Int(bitPattern: UInt(random.next()))]
        var strings: [PrehashedString: Int] = [:]
        var units: [FundUnitKey: Int] = [:]
        var payeeYears: [PayeeYear: Int] = [:]
        for (index, text) in texts.enumerated() {
            let unit = DivisionCode(uncheckedRawValue: Int32(140_000 + index % 1_000))
            let payee = Payee(kind: index % 3 == 0 ? .enterprise : .beneficiary, id: text)
            // Built once with the hash computed here, once with it given (as replay gives it).
            let pairs: [(AnyHashable, AnyHashable)] = [
                (PrehashedString(text), PrehashedString(String(decoding: Array(text.utf8), as: UTF8.self), textHash: text.hashValue)),
                (FundUnitKey(fundID: text, unit: unit), FundUnitKey(fundID: String(decoding: Array(text.utf8), as: UTF8.self), unit: unit, fundIDHash: text.hashValue)),
                (PayeeYear(payee: payee, year: 2018), PayeeYear(payee: payee, year: 2018, payeeIDHash: text.hashValue)),
            ]
            for (first, second) in pairs {
                #expect(first == second)
                for seed in seeds where first._rawHashValue(seed: seed) != second._rawHashValue(seed: seed) {
                    Issue.record("\(random): \(text) hashes apart with seed \(seed)")
                    return
                }
            }
            strings[PrehashedString(text)] = index
            units[FundUnitKey(fundID: text, unit: unit)] = index
            payeeYears[PayeeYear(payee: payee, year: 2018 + index % 3)] = index
        }
        for (index, text) in texts.enumerated() {
            let unit = DivisionCode(uncheckedRawValue: Int32(140_000 + index % 1_000))
            let payee = Payee(kind: index % 3 == 0 ? .enterprise : .beneficiary, id: text)
            #expect(strings[PrehashedString(text, textHash: text.hashValue)] == index)
            #expect(units[FundUnitKey(fundID: text, unit: unit, fundIDHash: text.hashValue)] == index)
            #expect(payeeYears[PayeeYear(payee: payee, year: 2018 + index % 3, payeeIDHash: text.hashValue)] == index)
        }
        for seed in seeds {
            #expect(Self.spreads(Array(strings.keys), seed: seed), "\(random)")
            #expect(Self.spreads(Array(units.keys), seed: seed), "\(random)")
            #expect(Self.spreads(Array(payeeYears.keys), seed: seed), "\(random)")
            // Keys that differ only in their unit or year spread too.
            let sameFund = (0..<4_096).map { FundUnitKey(fundID: "F5", unit: DivisionCode(uncheckedRawValue: Int32(100_000 + $0))) }
            #expect(Self.spreads(sameFund, seed: seed))
        }
    }
}

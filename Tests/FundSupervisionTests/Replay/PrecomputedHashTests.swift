// The keys that carry a precomputed hash value (PrehashedString, FundUnitKey, PayeeYear,
// BeneficiaryKey) and the small integer keys (DivisionCode, CivilDate) give dictionaries their hash
// directly (`_rawHashValue(seed:)`, mixed by `PrehashedString.mix`).
// Goal: equal keys get equal hash values for every seed whether or not their hash was precomputed,
// dictionaries keyed by them find every key, and the values spread over a table's buckets. Method:
// seeded random texts (seed printed on failure), 20,000 keys of each kind.
import Foundation
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
                (PayeeYear(payee: payee, year: 2018), PayeeYear(payeeKey: PayeeKey(kind: payee.kind, id: String(decoding: Array(text.utf8), as: UTF8.self), idHash: text.hashValue), year: 2018)),
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
            #expect(payeeYears[PayeeYear(payeeKey: PayeeKey(kind: payee.kind, id: text, idHash: text.hashValue), year: 2018 + index % 3)] == index)
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

    /// `_rawHashValue(seed:)` as a generic dictionary calls it (through the `Hashable` witness).
    static func rawHash<Key: Hashable>(_ key: Key, seed: Int) -> Int { key._rawHashValue(seed: seed) }

    @Test("division codes and dates hash by mixing their integer with the seed, and spread")
    func integerKeysHashByMixing() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6469_7669_7369_6F6E)
        let seeds = [0, 1, Int(bitPattern: UInt(random.next())), Int(bitPattern: UInt(random.next()))]
        // Every county code of one province, and ten years of days.
        let codes = (0..<10_000).map { DivisionCode(uncheckedRawValue: Int32(140_000 + $0)) }
        let dates = (0..<3_650).map { CivilDate(dayNumber: Int32(17_000 + $0)) }
        for seed in seeds {
            // The generic call reaches the mixing witness, not the `Hasher` default.
            #expect(codes.allSatisfy { Self.rawHash($0, seed: seed) == PrehashedString.mix(Int($0.rawValue), seed: seed) }, "\(random)")
            #expect(dates.allSatisfy { Self.rawHash($0, seed: seed) == PrehashedString.mix(Int($0.dayNumber), seed: seed) }, "\(random)")
            #expect(Self.spreads(codes, seed: seed), "\(random)")
            #expect(Self.spreads(dates, seed: seed), "\(random)")
        }
        var totals: [DivisionCode: Int] = [:]
        for (index, code) in codes.enumerated() { totals[code, default: 0] += index }
        #expect(codes.enumerated().allSatisfy { totals[$1] == $0 })
    }

    @Test("beneficiary keys hash their pseudonym once: equal keys hash alike, a changed pseudonym rehashes, coding is unchanged")
    func beneficiaryKeys() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6265_6E65_6669_6369)
        let texts = Array(Set((0..<Self.keyCount).map { _ in Self.randomText(&random) }))
        let seeds = [0, 1, Int(bitPattern: UInt(random.next()))]
        var register: [BeneficiaryKey: Int] = [:]
        for (index, text) in texts.enumerated() {
            let county = DivisionCode(uncheckedRawValue: Int32(140_400 + index % 40))
            let key = BeneficiaryKey(county: county, pseudonym: text)
            // The same texts in other storage; then a key whose pseudonym was changed to the text.
            let copy = BeneficiaryKey(county: county, pseudonym: String(decoding: Array(text.utf8), as: UTF8.self))
            var changed = BeneficiaryKey(county: county, pseudonym: "x")
            changed.pseudonym = text
            for other in [copy, changed] {
                #expect(key == other)
                for seed in seeds where Self.rawHash(key, seed: seed) != Self.rawHash(other, seed: seed) {
                    Issue.record("\(random): \(text) hashes apart with seed \(seed)")
                    return
                }
            }
            #expect(key != BeneficiaryKey(county: DivisionCode(uncheckedRawValue: 140_300), pseudonym: text))
            register[key] = index
        }
        for (index, text) in texts.enumerated() {
            #expect(register[BeneficiaryKey(county: DivisionCode(uncheckedRawValue: Int32(140_400 + index % 40)), pseudonym: text)] == index)
        }
        for seed in seeds { #expect(Self.spreads(Array(register.keys), seed: seed), "\(random)") }
        // `Codable` writes the county and the pseudonym only, as before the hash was kept.
        let key = BeneficiaryKey(county: DivisionCode(uncheckedRawValue: 140_431), pseudonym: "产业扶贫ab")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(key)
        let members = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        #expect(members.map { Set($0.keys) } == ["county", "pseudonym"])
        let decoded = try JSONDecoder().decode(BeneficiaryKey.self, from: json)
        #expect(decoded == key && decoded.pseudonym == key.pseudonym && decoded.county == key.county)
    }
}

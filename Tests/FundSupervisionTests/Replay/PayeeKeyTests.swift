// PayeeKey: a payee as a register key, with a 64-hex id packed into four words.
// Goal: a key behaves exactly as its payee (equality, order, id, snapshot bytes), whether its id is
// packed or kept as text, and the registers keyed by it find every payee. Method: seeded random
// payees (pseudonyms, near-pseudonyms that must stay text, short ids), compared against `Payee`.
import Foundation
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Payee keys")
struct PayeeKeyTests {
    static let hexDigits = Array("0123456789abcdef")

    /// A random id: mostly pseudonyms, some with one digit upper-cased or dropped, some short texts,
    /// and pseudonyms sharing long prefixes (so word order decides).
    static func randomID(_ random: inout SeededRandomNumberGenerator, prefix: String) -> String {
        switch random.next() % 8 {
        case 0: return "合作社\(random.next() % 50)"
        case 1: return String((0..<63).map { _ in hexDigits[Int(random.next() % 16)] })
        case 2:
            var digits = (0..<64).map { _ in hexDigits[Int(random.next() % 16)] }
            digits[Int(random.next() % 64)] = "A"
            return String(digits)
        case 3: return prefix + String((0..<(64 - prefix.count)).map { _ in hexDigits[Int(random.next() % 16)] })
        default: return String((0..<64).map { _ in hexDigits[Int(random.next() % 16)] })
        }
    }

    static func randomPayees(count: Int, seed: UInt64) -> (payees: [Payee], random: SeededRandomNumberGenerator) {
        var random = SeededRandomNumberGenerator(defaultSeed: seed)
        let prefix = String((0..<40).map { _ in hexDigits[Int(random.next() % 16)] })
        let kinds: [PayeeKind] = [.beneficiary, .beneficiary, .beneficiary, .enterprise, .cooperative]
        let payees = (0..<count).map { _ in
            Payee(kind: kinds[Int(random.next() % UInt64(kinds.count))], id: randomID(&random, prefix: prefix))
        }
        return (payees, random)
    }

    @Test("a key keeps its payee's id and kind, and codes to the payee's snapshot bytes")
    func keepsThePayee() throws {
        let (payees, random) = Self.randomPayees(count: 3_000, seed: 0x7061_7965_656B_6579)
        for payee in payees {
            let key = PayeeKey(payee)
            #expect(key.payee == payee, "\(random)")
            #expect(key.id == payee.id)
            let payeeBytes = SnapshotByteSink()
            try payee.snapshotEncode(to: payeeBytes)
            let keyBytes = SnapshotByteSink()
            try key.snapshotEncode(to: keyBytes)
            #expect(keyBytes.bytes == payeeBytes.bytes, "\(payee)")
            let idBytes = SnapshotByteSink()
            key.writeID(to: idBytes)
            let textBytes = SnapshotByteSink()
            textBytes.writeString(payee.id)
            #expect(idBytes.bytes == textBytes.bytes)
            #expect(try PayeeKey.snapshotDecode(from: SnapshotByteSource(keyBytes.bytes)) == key)
        }
    }

    @Test("keys are equal, hash alike and are ordered exactly as their payees")
    func equalAndOrderedAsPayees() {
        let (payees, random) = Self.randomPayees(count: 2_000, seed: 0x6F72_6465_72)
        // Every pair of a sample, plus equal payees built from separate strings.
        let sample = Array(payees.prefix(300))
        for first in sample {
            for second in sample {
                let (firstKey, secondKey) = (PayeeKey(first), PayeeKey(second))
                if (firstKey == secondKey) != (first == second) || (firstKey < secondKey) != (first < second) {
                    Issue.record("\(random): \(first) vs \(second)")
                    return
                }
            }
            let copy = Payee(kind: first.kind, id: String(decoding: Array(first.id.utf8), as: UTF8.self))
            #expect(PayeeKey(copy) == PayeeKey(first))
            #expect(PayeeKey(copy).hashInProcess == PayeeKey(first).hashInProcess)
        }
        #expect(payees.map(PayeeKey.init).sorted().map(\.payee) == payees.sorted(), "\(random)")
    }

    @Test("a pseudonym's key keeps its digits; other hex forms stay text")
    func pseudonymKeysKeepTheirDigits() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6865_78)
        for _ in 0..<1_000 {
            let pseudonym = String((0..<64).map { _ in Self.hexDigits[Int(random.next() % 16)] })
            let fromBytes = PayeeKey(kind: .beneficiary, id: String(decoding: Array(pseudonym.utf8), as: UTF8.self))
            #expect(fromBytes == PayeeKey(kind: .beneficiary, id: pseudonym))
            #expect(fromBytes.id == pseudonym)
            // The same digits upper-cased are another id (pseudonyms are lowercase): unequal keys.
            let upper = PayeeKey(kind: .beneficiary, id: pseudonym.uppercased())
            #expect(upper.id == pseudonym.uppercased())
            #expect(upper != fromBytes || pseudonym.uppercased() == pseudonym)
        }
        for text in ["", "g" + String(repeating: "0", count: 63), String(repeating: "0", count: 65), "０" + String(repeating: "0", count: 63)] {
            #expect(Array(text.utf8).withUnsafeBufferPointer(PayeeKey.packedWords(ofLowercaseHex:)) == nil, "\(text)")
            #expect(PayeeKey(kind: .enterprise, id: text).id == text)
        }
    }

    @Test("registers keyed by payee keys find every payee, and kinds with the same id stay apart")
    func registersFindEveryPayee() {
        let (payees, random) = Self.randomPayees(count: 20_000, seed: 0x7265_6769_7374_6572)
        var register: [PayeeKey: Int] = [:]
        var expected: [Payee: Int] = [:]
        for (index, payee) in payees.enumerated() {
            register[PayeeKey(payee), default: 0] += index
            expected[payee, default: 0] += index
        }
        #expect(register.count == expected.count, "\(random)")
        for (payee, total) in expected {
            #expect(register[PayeeKey(payee)] == total)
        }
        let id = String(repeating: "ab", count: 32)
        #expect(PayeeKey(kind: .beneficiary, id: id) != PayeeKey(kind: .enterprise, id: id))
    }
}

extension PayeeKeyTests {
    /// The digits' words the plain way, one digit at a time.
    static func plainWords(_ bytes: [UInt8]) -> [UInt64]? {
        guard bytes.count == 64 else { return nil }
        var words = [UInt64](repeating: 0, count: 4)
        for (index, byte) in bytes.enumerated() {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            words[index / 16] = words[index / 16] << 4 | UInt64(value)
        }
        return words
    }

    @Test("packing eight digits at a time agrees with digit by digit on valid, near-valid and random bytes")
    func packingAgreesWithThePlainWay() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7377_6172)
        // Bytes around every boundary of the two digit ranges, and a few far outside them.
        let edges: [UInt8] = [0x00, 0x2F, 0x30, 0x39, 0x3A, 0x40, 0x41, 0x46, 0x47, 0x60, 0x61, 0x66, 0x67, 0x6F,
                              0x70, 0x7F, 0x80, 0xB0, 0xE1, 0xEF, 0xF0, 0xFF]
        for round in 0..<20_000 {
            var bytes = (0..<64).map { _ in Array("0123456789abcdef".utf8)[Int(random.next() % 16)] }
            // Most rounds damage one to three bytes; some leave the digits valid.
            if round % 4 != 0 {
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    bytes[Int(random.next() % 64)] = round % 3 == 0 ? UInt8(truncatingIfNeeded: random.next()) : edges[Int(random.next() % UInt64(edges.count))]
                }
            }
            let packed = bytes.withUnsafeBufferPointer(PayeeKey.packedWords(ofLowercaseHex:)).map { [$0.0, $0.1, $0.2, $0.3] }
            if packed != Self.plainWords(bytes) {
                Issue.record("\(random): \(bytes) packed to \(String(describing: packed))")
                return
            }
        }
    }
}

extension PayeeKeyTests {
    @Test("the kind's rank is its position among all kinds, and the id prefix is the id's first ASCII bytes")
    func rankAndPrefix() {
        for kind in PayeeKind.allCases {
            #expect(PayeeKey(kind: kind, id: "x").kindRank == PayeeKind.allCases.firstIndex(of: kind))
        }
        let (payees, random) = Self.randomPayees(count: 2_000, seed: 0x7072_6566)
        for payee in payees + [Payee(kind: .unit, id: "县财政局"), Payee(kind: .unit, id: "a"), Payee(kind: .unit, id: "")] {
            let bytes = Array(payee.id.utf8)
            let expected: UInt64? = bytes.contains { $0 >= 0x80 } ? nil
                : bytes.prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (56 - 8 * $1.offset) }
            #expect(PayeeKey(payee).asciiIDPrefix == expected, "\(random): \(payee)")
        }
    }
}

extension PayeeKeyTests {
    @Test("the text cache's payee ids give the key their text gives, found or new, and refuse other texts")
    func textCacheMakesTheSameKey() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6361_6368_65)
        let cache = DecodedTextCache()
        let pseudonyms = (0..<3_000).map { _ in String((0..<64).map { _ in Self.hexDigits[Int(random.next() % 16)] }) }
        // Each id twice (made, then found in the cache), with both kinds.
        for pseudonym in pseudonyms + pseudonyms {
            let kind: PayeeKind = pseudonym.hasPrefix("0") ? .enterprise : .beneficiary
            let found = Array(pseudonym.utf8).withUnsafeBufferPointer { cache.payeeID($0, kind: kind) }
            #expect(found?.text == pseudonym, "\(random)")
            #expect(found?.key == PayeeKey(kind: kind, id: pseudonym))
            #expect(found?.key.hashInProcess == PayeeKey(kind: kind, id: pseudonym).hashInProcess)
        }
        for text in ["合作社", String(repeating: "A", count: 64), String(repeating: "0", count: 63)] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { cache.payeeID($0, kind: .beneficiary) } == nil)
        }
    }
}

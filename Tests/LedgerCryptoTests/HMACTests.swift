// Goal: HMAC-SHA256 and HMAC-SHA512 match RFC 4231 test cases 1-7; incremental equals one-shot;
// validation accepts the right code and rejects any single flipped bit or wrong length.
// Method: one generic runner over Vectors/rfc4231-hmac.tsv; seeded PRNG for splits and flips.
import Foundation
import LedgerTestSupport
import Testing

@testable import LedgerCrypto

@Suite("HMAC")
struct HMACTests {
    struct Case {
        let number: String
        let key: SymmetricKey
        let data: [UInt8]
        let truncatedByteCount: Int
        let sha256Hex: String
        let sha512Hex: String
    }

    static func rfc4231Cases() throws -> [Case] {
        try TestVectors.tabSeparatedRows("Vectors/rfc4231-hmac.tsv", fieldCount: 6).map { row in
            Case(
                number: row.fields[0], key: SymmetricKey(data: try Hex.decode(row.fields[1])),
                data: try Hex.decode(row.fields[2]), truncatedByteCount: Int(row.fields[3]) ?? -1,
                sha256Hex: row.fields[4], sha512Hex: row.fields[5])
        }
    }

    /// Returns the hex of `code`, cut to the case's truncation (RFC 4231 §4.6 keeps 128 bits).
    static func hex(_ code: some Sequence<UInt8>, truncatedTo byteCount: Int) -> String {
        let bytes = Array(code)
        return Hex.encode(byteCount > 0 ? Array(bytes.prefix(byteCount)) : bytes)
    }

    @Test("RFC 4231 cases 1-7 for HMAC-SHA256 and HMAC-SHA512")
    func rfc4231() throws {
        let cases = try Self.rfc4231Cases()
        #expect(cases.count == 7)
        for testCase in cases {
            let code256 = HMAC<SHA256>.authenticationCode(for: testCase.data, using: testCase.key)
            #expect(
                Self.hex(code256, truncatedTo: testCase.truncatedByteCount) == testCase.sha256Hex,
                "RFC 4231 case \(testCase.number), SHA-256")
            let code512 = HMAC<SHA512>.authenticationCode(for: testCase.data, using: testCase.key)
            #expect(
                Self.hex(code512, truncatedTo: testCase.truncatedByteCount) == testCase.sha512Hex,
                "RFC 4231 case \(testCase.number), SHA-512")
            if testCase.truncatedByteCount == 0 {
                #expect(
                    HMAC<SHA256>.isValidAuthenticationCode(
                        code256, authenticating: testCase.data, using: testCase.key))
                #expect(
                    HMAC<SHA256>.isValidAuthenticationCode(
                        try Hex.decode(testCase.sha256Hex), authenticating: testCase.data,
                        using: testCase.key))
            }
        }
    }

    @Test("HMAC-SHA256 equals RFC 2104's formula over the portable SHA-256")
    func formulaOnPortablePath() {
        // H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)) written out with the portable compression, so HMAC's
        // default (hardware) path is checked against the other implementation too.
        var random = SeededRandomNumberGenerator(defaultSeed: 0x3231_3034)
        for keyLength in [0, 1, 31, 32, 63, 64, 65, 131] {
            let keyBytes = random.bytes(count: keyLength)
            let message = random.bytes(count: Int.random(in: 0...300, using: &random))
            var block =
                keyLength > 64
                ? Array(SHA256.hash(data: keyBytes, implementation: .portable)) : keyBytes
            block += [UInt8](repeating: 0, count: 64 - block.count)
            let inner = SHA256.hash(data: block.map { $0 ^ 0x36 } + message, implementation: .portable)
            let outer = SHA256.hash(data: block.map { $0 ^ 0x5c } + Array(inner), implementation: .portable)
            let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: keyBytes))
            #expect(Array(code) == Array(outer), "key length \(keyLength), \(random)")
        }
    }

    @Test("incremental HMAC split at every offset equals one-shot")
    func incremental() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x484d_4143)
        let key = SymmetricKey(data: random.bytes(count: 32))
        let message = random.bytes(count: 150)
        let expected = HMAC<SHA256>.authenticationCode(for: message, using: key)
        for split in 0...message.count {
            var hmac = HMAC<SHA256>(key: key)
            hmac.update(data: message[0..<split])
            message[split...].withUnsafeBytes { hmac.update(bufferPointer: $0) }
            #expect(hmac.finalize() == expected, "split \(split), \(random)")
        }
    }

    @Test("a flipped bit or a wrong length in the code is rejected")
    func rejection() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x464c_4950)
        let key = SymmetricKey(data: random.bytes(count: 32))
        let message = random.bytes(count: 77)
        let code = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        #expect(HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: key))
        for bit in 0..<(code.count * 8) {
            var flipped = code
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(
                !HMAC<SHA256>.isValidAuthenticationCode(flipped, authenticating: message, using: key),
                "bit \(bit), \(random)")
        }
        #expect(!HMAC<SHA256>.isValidAuthenticationCode(code.dropLast(), authenticating: message, using: key))
        #expect(!HMAC<SHA256>.isValidAuthenticationCode(code + [0], authenticating: message, using: key))
        let otherKey = SymmetricKey(data: random.bytes(count: 32))
        #expect(!HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: otherKey))
    }

    @Test("random keys have the requested size and differ")
    func randomKeys() {
        let first = SymmetricKey(size: .bits256)
        let second = SymmetricKey(size: .bits256)
        #expect(first.bitCount == 256)
        #expect(first != second)
        #expect(SymmetricKey(data: [1, 2, 3]) == SymmetricKey(data: [1, 2, 3]))
    }
}

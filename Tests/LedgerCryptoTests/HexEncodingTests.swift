// Goal: hex encodes lowercase, decodes either case, round-trips every byte string, and rejects
// malformed text at the right offset.
import LedgerCrypto
import LedgerTestSupport
import Testing

@Suite("Hex encoding")
struct HexEncodingTests {
    @Test("encoding is lowercase, two digits per byte")
    func encodeLowercase() {
        #expect(Hex.encode([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test("decoding accepts upper and lower case")
    func decodeEitherCase() throws {
        #expect(try Hex.decode("00FfaB") == [0x00, 0xff, 0xab])
        #expect(try Hex.decode("") == [])
    }

    @Test("random byte strings round-trip")
    func roundTrip() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x4845_58)
        for length in 0..<200 {
            let bytes = random.bytes(count: length)
            #expect(try Hex.decode(Hex.encode(bytes)) == bytes, "\(random)")
        }
    }

    @Test(
        "malformed text is rejected at the offending offset",
        arguments: [
            ("0", 0), ("abc", 2), ("0g", 1), ("zz", 0), ("00 11", 2), ("0x00", 1), ("ab\u{e9}", 2),
            ("abcd-", 4),
        ])
    func rejection(text: String, offset: Int) {
        #expect(throws: CryptoError.invalidHex(offset: offset)) { try Hex.decode(text) }
    }
}

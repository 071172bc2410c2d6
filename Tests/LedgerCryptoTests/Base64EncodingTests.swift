// Goal: base64 matches RFC 4648 §10's examples and Foundation, round-trips, and accepts only the
// canonical padded text.
import Foundation
import LedgerCrypto
import LedgerTestSupport
import Testing

@Suite("Base64 encoding")
struct Base64EncodingTests {
    @Test("RFC 4648 §10 test vectors")
    func rfcVectors() throws {
        let vectors = [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(try Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test("random bytes round-trip and agree with Foundation")
    func roundTrip() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6236_34)
        for length in 0..<100 {
            let bytes = random.bytes(count: length)
            let encoded = Base64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString(), "\(random)")
            #expect(try Base64.decode(encoded) == bytes, "\(random)")
        }
    }

    @Test(
        "non-canonical or malformed text is rejected",
        arguments: [
            "Zg", "Zg=", "Zh==", "Zm9=", "Zg==Zg==", "Z===", "====", "Zm9v\n", " Zm9v", "Zm-v",
            "Zm9_", "Zg=a",
        ])
    func rejection(text: String) {
        #expect(throws: CryptoError.invalidBase64) { try Base64.decode(text) }
    }
}

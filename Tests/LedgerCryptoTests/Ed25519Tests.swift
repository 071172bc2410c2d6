// Goal: Ed25519 signs byte for byte like RFC 8032 and OpenSSL, and verification follows the policy
// in Ed25519Keys.swift on every Wycheproof and speccheck case.
// Method: known answers from RFC 8032 §7.1 (inline), 256 OpenSSL signatures, Project Wycheproof's
// 151 verification cases and the 10 speccheck edge cases (files in Vectors/, see ed25519-README.md).
import Foundation
import LedgerTestSupport
import Testing

@testable import LedgerCrypto

@Suite("Ed25519")
struct Ed25519Tests {
    struct Signed {
        let seed: [UInt8]
        let publicKey: [UInt8]
        let message: [UInt8]
        let signature: [UInt8]
    }

    // RFC 8032 §7.1: TEST 1, TEST 2, TEST 3, TEST 1024 (message abbreviated, see below), TEST SHA(abc).
    static let rfc8032: [(name: String, seed: String, publicKey: String, message: String, signature: String)] = [
        (
            "TEST 1",
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        ),
        (
            "TEST 2",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        ),
        (
            "TEST 3",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        ),
        (
            "TEST SHA(abc)",
            "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
                + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"
        ),
    ]

    static func bytes(_ hex: String) -> [UInt8] {
        (try? Hex.decode(hex)) ?? []
    }

    static func loadOpenSSLVectors() throws -> [(line: Int, vector: Signed)] {
        try TestVectors.tabSeparatedRows("Vectors/ed25519-openssl.tsv", fieldCount: 4).map { row in
            let f = row.fields
            return (row.lineNumber, Signed(seed: try Hex.decode(f[0]), publicKey: try Hex.decode(f[1]),
                                           message: try Hex.decode(f[2]), signature: try Hex.decode(f[3])))
        }
    }

    func check(_ name: String, seed: [UInt8], publicKey: [UInt8], message: [UInt8], signature: [UInt8]) throws {
        let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        #expect(Array(privateKey.rawRepresentation) == seed, "\(name)")
        #expect(Array(privateKey.publicKey.rawRepresentation) == publicKey, "\(name): public key")
        let produced = try privateKey.signature(for: message)
        #expect(Array(produced) == signature, "\(name): signature")
        let parsedKey = try Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
        #expect(parsedKey.isValidSignature(signature, for: message), "\(name): verify")
        #expect(privateKey.publicKey.isValidSignature(signature, for: message), "\(name): verify with derived key")
    }

    @Test("RFC 8032 §7.1 test vectors sign and verify byte for byte")
    func rfc8032Vectors() throws {
        for v in Self.rfc8032 {
            try check(v.name, seed: Self.bytes(v.seed), publicKey: Self.bytes(v.publicKey),
                      message: Self.bytes(v.message), signature: Self.bytes(v.signature))
        }
    }

    @Test("RFC 8032 §7.1 TEST 1024 signs and verifies byte for byte")
    func rfc8032Test1024() throws {
        let message = try TestVectors.text("Vectors/ed25519-rfc8032-test1024-message.hex")
            .filter { !$0.isWhitespace }
        try check("TEST 1024",
                  seed: Self.bytes("f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5"),
                  publicKey: Self.bytes("278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e"),
                  message: Self.bytes(message),
                  signature: Self.bytes(
                    "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
                        + "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"))
        #expect(message.count == 2046)
    }

    @Test("all 256 OpenSSL signatures are reproduced byte for byte and verify")
    func openSSLVectors() throws {
        let vectors = try Self.loadOpenSSLVectors()
        #expect(vectors.count == 256)
        for (line, v) in vectors {
            try check("line \(line)", seed: v.seed, publicKey: v.publicKey, message: v.message, signature: v.signature)
        }
    }

    @Test("a random key signs and verifies, and its seed round-trips")
    func randomKey() throws {
        let key = Curve25519.Signing.PrivateKey()
        let other = Curve25519.Signing.PrivateKey()
        #expect(key.rawRepresentation != other.rawRepresentation)
        let message = Array("县级统筹整合资金 1 200 000 fen".utf8)
        let signature = try key.signature(for: message)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!other.publicKey.isValidSignature(signature, for: message))
        let again = try Curve25519.Signing.PrivateKey(rawRepresentation: key.rawRepresentation)
        #expect(try again.signature(for: message) == signature)
    }

    @Test("wrong lengths are refused with their sizes")
    func wrongLengths() throws {
        #expect(throws: CryptoError.incorrectParameterSize(expected: 32, actual: 31)) {
            try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }
        #expect(throws: CryptoError.incorrectParameterSize(expected: 32, actual: 33)) {
            try Curve25519.Signing.PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 33))
        }
        let v = Self.rfc8032[1]
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: Self.bytes(v.publicKey))
        let signature = Self.bytes(v.signature)
        let message = Self.bytes(v.message)
        #expect(!key.isValidSignature(signature.dropLast(), for: message))
        #expect(!key.isValidSignature(signature + [0], for: message))
        #expect(!key.isValidSignature([UInt8](), for: message))
    }

    @Test("public keys that do not decode or are not in the prime-order subgroup are refused")
    func publicKeyPolicy() throws {
        // y = p (non-canonical encoding of y = 0).
        var yEqualsP = [UInt8](repeating: 0xFF, count: 32)
        yEqualsP[0] = 0xED
        yEqualsP[31] = 0x7F
        #expect(throws: CryptoError.invalidPublicKeyEncoding) {
            try Curve25519.Signing.PublicKey(rawRepresentation: yEqualsP)
        }
        // y = 2 has no x on the curve.
        var yTwo = [UInt8](repeating: 0, count: 32)
        yTwo[0] = 2
        #expect(throws: CryptoError.invalidPublicKeyEncoding) {
            try Curve25519.Signing.PublicKey(rawRepresentation: yTwo)
        }
        // x = 0 with the sign bit set ("negative zero", RFC 8032 §5.1.3 step 4).
        var negativeIdentity = [UInt8](repeating: 0, count: 32)
        negativeIdentity[0] = 1
        negativeIdentity[31] = 0x80
        #expect(throws: CryptoError.invalidPublicKeyEncoding) {
            try Curve25519.Signing.PublicKey(rawRepresentation: negativeIdentity)
        }
        // The identity and a point of order 8 (small order).
        var identity = [UInt8](repeating: 0, count: 32)
        identity[0] = 1
        #expect(throws: CryptoError.smallOrderPublicKey) {
            try Curve25519.Signing.PublicKey(rawRepresentation: identity)
        }
        #expect(throws: CryptoError.smallOrderPublicKey) {
            try Curve25519.Signing.PublicKey(rawRepresentation: Self.bytes(
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"))
        }
        // A mixed-order key (speccheck's A of cases 2-5: prime-order point plus a torsion point).
        #expect(throws: CryptoError.smallOrderPublicKey) {
            try Curve25519.Signing.PublicKey(rawRepresentation: Self.bytes(
                "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d"))
        }
    }
}

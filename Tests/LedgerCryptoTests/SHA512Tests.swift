// Goal: SHA-512 matches FIPS 180-4 on NIST's examples, and streaming equals one-shot for every split.
// Method: known answers inline (NIST CSRC SHA512.pdf, SHA512_2.pdf); a seeded PRNG for splits.
import Foundation
import LedgerTestSupport
import Testing

import LedgerCrypto

@Suite("SHA-512")
struct SHA512Tests {
    static let examples: [(message: [UInt8], digestHex: String)] = [
        (
            Array("abc".utf8),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        ),
        (
            Array(
                ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"
        ),
        (
            [],
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
        ),
        (
            Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
            "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
                + "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"
        ),
    ]

    @Test("NIST examples hash to the published digests")
    func nistExamples() {
        for example in Self.examples {
            #expect(SHA512.hash(data: example.message).description == example.digestHex)
        }
    }

    @Test("one million 'a' hashes to the published digest")
    func millionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(
            SHA512.hash(data: message).description
                == "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
                + "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b")
    }

    @Test("streaming split at every offset 0...300 equals one-shot")
    func streamingEveryOffset() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x5348_4135_3132)
        let message = random.bytes(count: 300)
        let expected = SHA512.hash(data: message)
        for split in 0...message.count {
            var function = SHA512()
            function.update(data: message[0..<split])
            function.update(data: message[split...])
            #expect(function.finalize() == expected, "split \(split), \(random)")
        }
    }

    @Test("three-way splits equal one-shot around the 112-byte padding edge")
    func paddingEdges() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x3131_32)
        for length in 100...260 {
            let message = random.bytes(count: length)
            let expected = SHA512.hash(data: message)
            let first = Int.random(in: 0...length, using: &random)
            let second = Int.random(in: first...length, using: &random)
            var function = SHA512()
            function.update(data: message[0..<first])
            function.update(data: message[first..<second])
            function.update(data: message[second...])
            #expect(function.finalize() == expected, "length \(length), \(random)")
        }
    }

    @Test("a digest has 64 bytes and prints as 128 hex digits")
    func digestShape() {
        let digest = SHA512.hash(data: Array("abc".utf8))
        #expect(Array(digest).count == SHA512Digest.byteCount)
        #expect(digest.description.count == 128)
    }
}

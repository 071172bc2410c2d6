// Goal: SHA-256 matches FIPS 180-4 and hashlib on every known answer, with both the hardware and the
// portable compression, and streaming equals one-shot for every split.
// Method: known answers run once per implementation; property tests use a seeded PRNG and print it.
import CLedgerCryptoSHA
import Foundation
import LedgerTestSupport
import Testing

@testable import LedgerCrypto

@Suite("SHA-256")
struct SHA256Tests {
    static let implementations = SHA256.Implementation.allCases

    /// FIPS 180-4 examples (NIST CSRC "Examples with intermediate values", SHA256.pdf, SHA256_2.pdf).
    static let fipsExamples: [(message: [UInt8], digestHex: String)] = [
        (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ]

    @Test("FIPS 180-4 examples hash to the published digests", arguments: implementations)
    func fipsExamples(implementation: SHA256.Implementation) {
        for example in Self.fipsExamples {
            let digest = SHA256.hash(data: example.message, implementation: implementation)
            #expect(digest.description == example.digestHex, "\(implementation)")
        }
    }

    @Test("one million 'a' hashes to the FIPS 180-4 digest", arguments: implementations)
    func millionA(implementation: SHA256.Implementation) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hash(data: message, implementation: implementation).description == expected)
        // The same input fed in 1000 updates of 1000 bytes.
        var function = SHA256(implementation: implementation)
        for start in stride(from: 0, to: message.count, by: 1000) {
            function.update(data: message[start..<start + 1000])
        }
        #expect(function.finalize().description == expected)
    }

    @Test("every shared hashlib vector matches", arguments: implementations)
    func sharedVectors(implementation: SHA256.Implementation) throws {
        let rows = try TestVectors.tabSeparatedRows("Vectors/sha256.tsv", fieldCount: 2)
        #expect(rows.count >= 140)
        for row in rows {
            let message = try Hex.decode(row.fields[0])
            let digest = SHA256.hash(data: message, implementation: implementation)
            #expect(digest.description == row.fields[1], "sha256.tsv line \(row.lineNumber), \(implementation)")
        }
    }

    @Test("the default implementation and the portable one agree with each other")
    func defaultMatchesPortable() throws {
        let rows = try TestVectors.tabSeparatedRows("Vectors/sha256.tsv", fieldCount: 2)
        for row in rows {
            let message = try Hex.decode(row.fields[0])
            #expect(SHA256.hash(data: message) == SHA256.hash(data: message, implementation: .portable))
        }
    }

    @Test("streaming split at every offset 0...200 equals one-shot on both paths")
    func streamingEveryOffset() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x5348_4132_3536)
        let message = random.bytes(count: 200)
        let expected = SHA256.hash(data: message, implementation: .portable)
        for implementation in Self.implementations {
            for split in 0...message.count {
                var function = SHA256(implementation: implementation)
                function.update(data: message[0..<split])
                function.update(data: message[split...])
                #expect(function.finalize() == expected, "split \(split), \(implementation), \(random)")
            }
        }
    }

    @Test("the one-block digest equals the streaming one at every length 0...130 (one block up to 55 bytes) on both paths, and its leading words are its first 16 bytes")
    func oneShotEveryLength() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x4f4e_4553_484f_54)
        let message = random.bytes(count: 130)
        for implementation in Self.implementations {
            for length in 0...message.count {
                let prefix = Array(message[0..<length])
                let expected = SHA256.hash(data: prefix, implementation: .portable)
                let digest = prefix.withUnsafeBytes { SHA256.oneShotDigest($0, implementation: implementation) }
                #expect(digest == expected, "length \(length), \(implementation), \(random)")
                let leading = digest.leadingWords
                let bytes = Array(expected)
                let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                #expect(leading.high == high && leading.low == low, "length \(length), \(implementation)")
            }
        }
        // FIPS 180-4's one-block examples.
        for example in Self.fipsExamples where example.message.count <= 55 {
            #expect(example.message.withUnsafeBytes { SHA256.oneShotDigest($0) }.description == example.digestHex)
        }
    }

    @Test("random large inputs in random pieces agree on both paths")
    func randomLargeInputs() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x4c41_5247_45)
        let seedText = random.description
        for _ in 0..<8 {
            let message = random.bytes(count: Int.random(in: 0...300_000, using: &random))
            let oneShot = SHA256.hash(data: message, implementation: .portable)
            #expect(SHA256.hash(data: message, implementation: .hardware) == oneShot, "\(seedText)")
            for implementation in Self.implementations {
                var function = SHA256(implementation: implementation)
                var start = 0
                while start < message.count {
                    let end = min(message.count, start + Int.random(in: 0...5000, using: &random))
                    message[start..<end].withUnsafeBytes { function.update(bufferPointer: $0) }
                    start = end
                }
                #expect(function.finalize() == oneShot, "\(implementation), \(seedText)")
            }
        }
    }

    @Test("finalize leaves the hash function usable for more input", arguments: implementations)
    func finalizeDoesNotConsume(implementation: SHA256.Implementation) {
        var function = SHA256(implementation: implementation)
        function.update(data: Array("ab".utf8))
        _ = function.finalize()
        function.update(data: Array("c".utf8))
        #expect(function.finalize().description == Self.fipsExamples[0].digestHex)
    }

    @Test("a digest's bytes, count and hex agree", arguments: implementations)
    func digestShape(implementation: SHA256.Implementation) throws {
        let digest = SHA256.hash(data: Array("abc".utf8), implementation: implementation)
        #expect(Array(digest).count == SHA256Digest.byteCount)
        #expect(Hex.encode(digest) == digest.description)
        #expect(digest.withUnsafeBytes { Array($0) } == Array(digest))
        #expect(Set([digest, SHA256.hash(data: Array("abc".utf8))]).count == 1)
        #expect(digest == (try Hex.decode(Self.fipsExamples[0].digestHex)))
        #expect(digest != SHA256.hash(data: Array("abd".utf8)))
    }
}

@Suite("SHA-256 hardware compression")
struct SHA256HardwareCompressionTests {
    @Test("the CPU's compression equals the portable one on random states and blocks")
    func compressionAgrees() throws {
        try #require(SHA256.isHardwareAvailable, "this CPU has no SHA-256 instructions")
        var random = SeededRandomNumberGenerator(defaultSeed: 0x4e49)
        for blockCount in 1...9 {
            let blocks = random.bytes(count: 64 * blockCount)
            let words = (0..<8).map { _ in UInt32.random(in: 0...UInt32.max, using: &random) }
            var portable: SHA256.State = (words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7])
            var hardware = portable
            blocks.withUnsafeBytes { bytes in
                SHA256.compressPortable(&portable, blocks: bytes.baseAddress!, blockCount: blockCount)
                withUnsafeMutableBytes(of: &hardware) { state in
                    fl_sha256_compress_accelerated(
                        state.baseAddress!.assumingMemoryBound(to: UInt32.self),
                        bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), blockCount)
                }
            }
            let same = withUnsafeBytes(of: portable) { left in
                withUnsafeBytes(of: hardware) { right in Array(left) == Array(right) }
            }
            #expect(same, "\(blockCount) blocks, \(random)")
        }
    }
}

// Goal: batch verification accepts exactly when single verification accepts every signature, and
// names the failing ones; in particular on the cofactored/cofactorless edge (R with a small-order
// component), on every Wycheproof and speccheck case, and on random mixes.
// Method: compare with `isValidSignature` on vectors and on seeded random batches (the seed is
// printed on failure); batch sizes on both sides of the Straus/Pippenger switch.
import Foundation
import LedgerTestSupport
import Testing

@testable import LedgerCrypto

@Suite("Ed25519 batch verification")
struct Ed25519BatchVerifierTests {
    struct Item {
        let publicKey: [UInt8]
        let message: [UInt8]
        let signature: [UInt8]
    }

    static func single(_ item: Item) -> Bool {
        Ed25519PolicyTests.verifies(publicKey: item.publicKey, message: item.message, signature: item.signature)
    }

    /// Adds every item through the raw-key path (cache) and returns the verifier.
    static func batch(_ items: [Item]) -> Ed25519BatchVerifier {
        var verifier = Ed25519BatchVerifier()
        for item in items {
            verifier.add(item.signature, for: item.message, publicKeyRawRepresentation: item.publicKey)
        }
        return verifier
    }

    /// Checks that the batch answer and its failing indices match single verification.
    static func expectAgreement(_ items: [Item], _ context: String) {
        let expectedFailures = items.indices.filter { !single(items[$0]) }
        let verifier = batch(items)
        #expect(verifier.verifyAll() == expectedFailures.isEmpty, "\(context)")
        #expect(verifier.failingIndices() == expectedFailures, "\(context)")
    }

    static func openSSLItems() throws -> [Item] {
        try Ed25519Tests.loadOpenSSLVectors().map {
            Item(publicKey: $0.vector.publicKey, message: $0.vector.message, signature: $0.vector.signature)
        }
    }

    /// A signature made with the secret scalar whose R = [r]B + T for a point T of order 8: the
    /// cofactored equation holds, the cofactorless one does not. Only a key holder can make it.
    static func signatureWithTorsionInR(seed: [UInt8], message: [UInt8], nonce: UInt64) throws -> Item {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        let publicKey = Array(key.publicKey.rawRepresentation)
        var a = SHA512.hash(data: seed).withUnsafeBytes { Scalar(unreducedBytes: $0) }
        a.w0 &= ~UInt64(7)
        a.w3 &= ~(UInt64(1) << 63)
        a.w3 |= UInt64(1) << 62
        let r = Scalar(low: nonce, high: 0x1234_5678)
        let torsion = try #require(EdwardsPoint.decode(words: Ed25519.smallOrderEncodings[1]))
        let rPoint = BasePointTable.multiplyBase(r) + torsion
        let rWords = rPoint.encoded()
        let k = withUnsafeBytes(of: (rWords.0.littleEndian, rWords.1.littleEndian, rWords.2.littleEndian, rWords.3.littleEndian)) {
            Ed25519.challenge(r: $0, publicKey: key.publicKey.decoded.encoding, message: message)
        }
        let s = r + k * a
        var signature = [UInt8](repeating: 0, count: 64)
        signature.withUnsafeMutableBytes { out in
            withUnsafeBytes(of: (rWords.0.littleEndian, rWords.1.littleEndian, rWords.2.littleEndian, rWords.3.littleEndian)) {
                out.copyMemory(from: $0)
            }
            s.encode(into: UnsafeMutableRawBufferPointer(rebasing: out[32..<64]))
        }
        return Item(publicKey: publicKey, message: message, signature: signature)
    }

    @Test("an empty batch verifies")
    func empty() {
        #expect(Ed25519BatchVerifier().verifyAll())
        #expect(Ed25519BatchVerifier().failingIndices().isEmpty)
    }

    @Test("64 valid OpenSSL signatures verify as a batch (Straus), one flipped bit is found")
    func strausBatch() throws {
        var items = Array(try Self.openSSLItems().prefix(64))
        #expect(Self.batch(items).verifyAll())
        items[17] = Item(publicKey: items[17].publicKey, message: items[17].message,
                         signature: items[17].signature.enumerated().map { $0.offset == 40 ? $0.element ^ 4 : $0.element })
        let verifier = Self.batch(items)
        #expect(!verifier.verifyAll())
        #expect(verifier.failingIndices() == [17])
    }

    @Test("130 OpenSSL signatures verify as a batch (Pippenger), two wrong messages are found")
    func pippengerBatch() throws {
        var items = Array(try Self.openSSLItems().prefix(130))
        #expect(items.count >= EdwardsPoint.pippengerThreshold)
        #expect(Self.batch(items).verifyAll())
        for i in [3, 129] {
            items[i] = Item(publicKey: items[i].publicKey, message: items[i].message + [0], signature: items[i].signature)
        }
        let verifier = Self.batch(items)
        #expect(!verifier.verifyAll())
        #expect(verifier.failingIndices() == [3, 129])
    }

    @Test("R with a small-order component: single and batch agree on every random draw")
    func torsionInR() throws {
        // A cofactorless batch would reject such a signature about half of the time (when z is even
        // the order-8 component vanishes only for some z), while a cofactorless single check always
        // rejects it; our single and batch checks are both cofactored and must always accept.
        let seed = [UInt8](repeating: 42, count: 32)
        var items: [Item] = []
        for i in 0..<4 {
            items.append(try Self.signatureWithTorsionInR(seed: seed, message: Array("tranche \(i)".utf8), nonce: UInt64(i + 1)))
        }
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        items.append(Item(publicKey: Array(key.publicKey.rawRepresentation), message: [1, 2, 3],
                          signature: Array(try key.signature(for: [1, 2, 3]))))
        for item in items { #expect(Self.single(item)) }
        for round in 0..<16 {
            #expect(Self.batch(items).verifyAll(), "round \(round)")
        }
        // Changing S by one breaks it for both.
        var broken = items[0].signature
        broken[32] ^= 1
        Self.expectAgreement([items[1], Item(publicKey: items[0].publicKey, message: items[0].message, signature: broken)],
                             "torsion R with S changed")
    }

    @Test("every Wycheproof case gets the same answer in a batch as alone")
    func wycheproof() throws {
        let cases = try Ed25519PolicyTests.wycheproofCases()
        let items = cases.map { Item(publicKey: $0.publicKey, message: $0.message, signature: $0.signature) }
        let valid = try Self.openSSLItems().prefix(3)
        let validKeys = try valid.map { try Curve25519.Signing.PublicKey(rawRepresentation: $0.publicKey) }
        for (index, item) in items.enumerated() {
            // Each case beside valid signatures (keys decoded once), so that the combination is
            // really exercised.
            var verifier = Ed25519BatchVerifier()
            for (filler, key) in zip(valid, validKeys) {
                verifier.add(filler.signature, for: filler.message, publicKey: key)
            }
            verifier.add(item.signature, for: item.message, publicKeyRawRepresentation: item.publicKey)
            #expect(verifier.verifyAll() == cases[index].isValid, "Wycheproof tcId \(cases[index].tcId)")
        }
        Self.expectAgreement(items, "all Wycheproof cases in one batch")
        Self.expectAgreement(items.enumerated().filter { cases[$0.offset].isValid }.map(\.element),
                             "the valid Wycheproof cases in one batch")
    }

    @Test("every speccheck case gets the same answer in a batch as alone")
    func speccheck() throws {
        let cases = try Ed25519PolicyTests.speccheckCases()
        let valid = try Self.openSSLItems().prefix(2)
        for (index, c) in cases.enumerated() {
            let item = Item(publicKey: c.publicKey, message: c.message, signature: c.signature)
            Self.expectAgreement(Array(valid) + [item], "speccheck case \(index)")
        }
    }

    @Test("random mixes of valid and invalid signatures from few signers agree with single verification")
    func randomMixes() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x5eed_ed25_5190_0001)
        let seeds = (0..<3).map { _ in random.bytes(count: 32) }
        let keys = try seeds.map { try Curve25519.Signing.PrivateKey(rawRepresentation: $0) }
        for round in 0..<4 {
            let size = round == 3 ? 140 : Int.random(in: 1...40, using: &random)
            var items: [Item] = []
            for _ in 0..<size {
                let signer = Int.random(in: 0..<keys.count, using: &random)
                let key = keys[signer]
                let message = random.bytes(count: Int.random(in: 0...80, using: &random))
                var item = Item(publicKey: Array(key.publicKey.rawRepresentation), message: message,
                                signature: Array(try key.signature(for: message)))
                switch Int.random(in: 0..<10, using: &random) {
                case 0:  // a flipped signature bit
                    var s = item.signature
                    s[Int.random(in: 0..<64, using: &random)] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                    item = Item(publicKey: item.publicKey, message: item.message, signature: s)
                case 1:  // another signer's key
                    item = Item(publicKey: Array(keys[(signer + 1) % keys.count].publicKey.rawRepresentation),
                                message: item.message, signature: item.signature)
                case 2:  // R with a small-order component (valid under the policy)
                    item = try Self.signatureWithTorsionInR(seed: seeds[signer], message: message, nonce: random.next())
                default:
                    break
                }
                items.append(item)
            }
            Self.expectAgreement(items, "round \(round), size \(size), \(random)")
        }
    }

    @Test("keys given as PublicKey and as raw bytes give the same answers")
    func publicKeyPath() throws {
        let items = Array(try Self.openSSLItems().prefix(8))
        var verifier = Ed25519BatchVerifier()
        for item in items {
            verifier.add(item.signature, for: item.message,
                         publicKey: try Curve25519.Signing.PublicKey(rawRepresentation: item.publicKey))
        }
        #expect(verifier.count == 8)
        #expect(verifier.verifyAll())
        verifier.add(items[0].signature, for: items[1].message,
                     publicKeyRawRepresentation: items[0].publicKey)
        #expect(verifier.failingIndices() == [8])
        verifier.removeAll()
        #expect(verifier.count == 0)
        // A malformed key or signature fails the batch too.
        verifier.add(items[0].signature, for: items[0].message, publicKeyRawRepresentation: [UInt8](repeating: 0, count: 31))
        verifier.add(items[1].signature.dropLast(), for: items[1].message, publicKeyRawRepresentation: items[1].publicKey)
        verifier.add(items[2].signature, for: items[2].message, publicKeyRawRepresentation: items[2].publicKey)
        #expect(!verifier.verifyAll())
        #expect(verifier.failingIndices() == [0, 1])
    }
}

extension Ed25519BatchVerifierTests {
    @Test("a batch of 400 mutated OpenSSL signatures names exactly the ones OpenSSL rejects")
    func openSSLMutations() throws {
        let cases = try Ed25519PolicyTests.mutatedCases()
        let items = cases.map { Item(publicKey: $0.item.publicKey, message: $0.item.message, signature: $0.item.signature) }
        let verifier = Self.batch(items)
        #expect(!verifier.verifyAll())
        #expect(verifier.failingIndices() == cases.indices.filter { !cases[$0].openSSLAccepts })
        let accepted = items.indices.filter { cases[$0].openSSLAccepts }.map { items[$0] }
        #expect(Self.batch(accepted).verifyAll())
    }
}

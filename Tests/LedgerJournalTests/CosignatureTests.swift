// Goal: witness cosignatures follow C2SP tlog-cosignature v1 byte for byte: the signed message
// framing, the key ID over type 0x04, and the key ID ‖ timestamp ‖ signature layout.
// Method: rebuild each part by hand from the spec text and compare; then mutate the timestamp.

import Foundation
import LedgerCrypto
import LedgerJournal
import Testing

@Suite("Cosignatures (C2SP tlog-cosignature)")
struct CosignatureTests {
    @Test("the signed message is the header, the time line and the checkpoint text")
    func signedMessage() {
        let text = Array("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n".utf8)
        let message = Cosignature.signedMessage(checkpointText: text, timestamp: 1_679_315_147)
        #expect(String(decoding: message, as: UTF8.self)
            == "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
    }

    @Test("a cosignature line carries key ID, big-endian timestamp and an Ed25519 signature of the framed message")
    func layout() throws {
        let witness = CheckpointFixtures.provinceWitness
        let text = Array(try CheckpointFixtures.signedCheckpoint(CheckpointFixtures.lines(3), size: 3).text.utf8)
        let line = try witness.signature(forText: text, timestamp: 1_700_000_000)
        // Key ID = SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4].
        let keyID = Array(SHA256.hash(data: Array(witness.name.utf8) + [0x0a, 0x04] + witness.publicKey).prefix(4))
        #expect(line.keyHash == keyID.reduce(0) { $0 << 8 | UInt32($1) })
        #expect(line.signature.count == 72)
        #expect(Array(line.signature[0..<8]) == [0, 0, 0, 0, 0x65, 0x53, 0xf1, 0x00])
        #expect(Cosignature.timestamp(ofSignature: line.signature) == 1_700_000_000)
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: witness.publicKey)
        #expect(key.isValidSignature(Array(line.signature[8...]), for: Cosignature.signedMessage(checkpointText: text, timestamp: 1_700_000_000)))
        #expect(witness.verifier.isValidSignature(line.signature, forText: text))
        // The same key as a plain note key has another key ID: the type byte separates them.
        let plain = try NoteVerifier(name: witness.name, publicKey: witness.publicKey, signatureType: .ed25519)
        #expect(plain.keyHash != witness.keyHash)
        let keyData = Data(base64Encoded: String(witness.verifier.verifierKey.split(separator: "+", maxSplits: 2)[2]))
        #expect(keyData.map(Array.init) == [0x04] + witness.publicKey)
        #expect(try NoteVerifier(verifierKey: witness.verifier.verifierKey) == witness.verifier)
    }

    @Test("a changed timestamp, text or truncated cosignature does not verify")
    func mutations() throws {
        let witness = CheckpointFixtures.nationalWitness
        let text = Array(try CheckpointFixtures.signedCheckpoint(CheckpointFixtures.lines(3), size: 3).text.utf8)
        let line = try witness.signature(forText: text, timestamp: 1_700_000_000)
        var later = line.signature
        later[7] ^= 1
        #expect(!witness.verifier.isValidSignature(later, forText: text))
        #expect(!witness.verifier.isValidSignature(Array(line.signature.dropLast()), forText: text))
        #expect(!witness.verifier.isValidSignature(line.signature, forText: text + [0x41, 0x0a]))
        var huge = line.signature
        huge[0] = 0x80
        #expect(Cosignature.timestamp(ofSignature: huge) == nil)
        #expect(throws: TransparencyError.cosignatureTimestampInvalid(timestamp: 1 << 63)) {
            try witness.signature(forText: text, timestamp: 1 << 63)
        }
    }
}

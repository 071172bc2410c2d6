// Goal: signed notes and note keys are byte-compatible with C2SP signed-note and Go's sumdb/note,
// and verification applies the spec's rules: unknown keys ignored, a failing known key rejects
// the note, no verifying known key rejects it, and an unverified line is never counted.
// Method: the shared example (made with Python cryptography, opened with Go) and our fixed keys.

import Foundation
import LedgerCrypto
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Signed notes and note keys (C2SP signed-note)")
struct SignedNoteTests {
    static let exampleVerifierKey = "example.gov.cn/fundledger/test-vectors+37370473+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"

    @Test("our signer, from the example's seed, reproduces the shared example note byte for byte")
    func reproducesExample() throws {
        let text = try TestVectors.text("Vectors/checkpoint-example.txt")
        let signer = try NoteSigner(name: "example.gov.cn/fundledger/test-vectors", seed: Array(0..<32))
        #expect(signer.publicKey == (try Hex.decode("03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8")))
        #expect(signer.verifier.verifierKey == Self.exampleVerifierKey)
        #expect(signer.keyHash == 0x3737_0473)
        var note = try SignedNote(parsing: text)
        note.signatures = []
        try note.addSignature(by: signer)
        #expect(note.serialized == text)
        #expect(try NoteSigner(signerKey: signer.signerKey).signerKey == signer.signerKey)
        #expect(signer.signerKey.hasPrefix("PRIVATE+KEY+example.gov.cn/fundledger/test-vectors+37370473+AQ"))
    }

    @Test("verifier keys round-trip; a wrong key ID, type, length or name is refused")
    func verifierKeys() throws {
        let verifier = try NoteVerifier(verifierKey: Self.exampleVerifierKey)
        #expect(verifier.verifierKey == Self.exampleVerifierKey)
        #expect(verifier.signatureType == .ed25519)
        for bad in [
            "example.gov.cn/fundledger/test-vectors+37370474+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",  // key ID
            "example.gov.cn/fundledger/test-vectors+3737047+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",   // 7 digits
            "example.gov.cn/fundledger/test-vectors+37370473+AgOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",  // type 2
            "example.gov.cn/fundledger/test-vectors+37370473+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVQ==",  // 32 bytes
            "other.example+37370473+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",                            // name
            "+37370473+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
            "example.gov.cn/fundledger/test-vectors",
        ] {
            #expect(throws: TransparencyError.self, "\(bad)") { try NoteVerifier(verifierKey: bad) }
        }
        #expect(throws: TransparencyError.invalidKeyName) { try NoteSigner(name: "a b", seed: Array(0..<32)) }
        #expect(throws: TransparencyError.invalidKeyName) { try NoteSigner(name: "a+b", seed: Array(0..<32)) }
    }

    @Test("unknown keys are ignored, never counted; a failing known key rejects; no known key rejects")
    func verificationRules() throws {
        let lines = CheckpointFixtures.lines(5)
        let log = CheckpointFixtures.logSigner
        var note = try CheckpointFixtures.signedCheckpoint(lines, size: 5)
        // An extra line from a key nobody configured (same name, other key ID): ignored.
        note.signatures.append(try CheckpointFixtures.strangerSigner.signature(forText: Array(note.text.utf8)))
        #expect(try note.verify(using: [log.verifier]) == [log.verifier])
        let reparsed = try SignedNote.open(note.serialized, verifiers: [log.verifier])
        #expect(reparsed.verified == [log.verifier])
        // Only the stranger is known: its valid signature is all that counts.
        #expect(try note.verify(using: [CheckpointFixtures.strangerSigner.verifier]) == [CheckpointFixtures.strangerSigner.verifier])
        // A line carrying the log's name and key ID but another key's signature: the note is rejected.
        var forged = note
        forged.signatures.append(NoteSignature(
            name: log.name, keyHash: log.keyHash, signature: try CheckpointFixtures.strangerSigner.signature(forText: Array(note.text.utf8)).signature))
        #expect(throws: TransparencyError.signatureInvalid(keyName: log.name, keyHash: log.keyHash)) {
            try forged.verify(using: [log.verifier])
        }
        // Signed by the wrong key only.
        let wrong = try CheckpointFixtures.signedCheckpoint(lines, size: 5, signer: CheckpointFixtures.strangerSigner)
        #expect(throws: TransparencyError.noVerifiedSignature) { try wrong.verify(using: [log.verifier]) }
        // A known key over a different text.
        var otherText = try CheckpointFixtures.signedCheckpoint(lines, size: 4)
        otherText.signatures = note.signatures
        #expect(throws: TransparencyError.signatureInvalid(keyName: log.name, keyHash: log.keyHash)) {
            try otherText.verify(using: [log.verifier])
        }
    }

    @Test("malformed notes are refused at the offset of the defect")
    func malformedNotes() throws {
        let text = try TestVectors.text("Vectors/checkpoint-example.txt")
        let body = "example.gov.cn/fundledger/test-vectors\n17\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=\n"
        let signatureLine = String(text.dropFirst(body.utf8.count + 1))
        #expect(try SignedNote(parsing: body + "\n" + signatureLine).serialized == text)
        let cases: [(String, TransparencyError)] = [
            (body + signatureLine, .malformedNote(byteOffset: 0)),                                   // no blank line
            (body + "\n" + signatureLine.dropLast(), .malformedNote(byteOffset: text.utf8.count - 1)), // no final newline
            (body + "\n" + "- " + signatureLine.dropFirst(2), .malformedNote(byteOffset: body.utf8.count + 1)), // hyphen
            (body + "\n", .malformedNote(byteOffset: 0)),                                            // no signatures
            (body + "\n" + signatureLine.replacingOccurrences(of: "NzcE", with: "Nz!E"), .malformedNote(byteOffset: body.utf8.count + 1)),
            (body + "\n" + "\u{2014} a+b AAAAAAA=\n", .malformedNote(byteOffset: body.utf8.count + 1)), // plus in name
            (body + "\n" + "\u{2014} a AAAA\n", .malformedNote(byteOffset: body.utf8.count + 1)),     // 3 bytes
            ("x\u{1}\n\n" + signatureLine, .malformedNote(byteOffset: 1)),                            // control
        ]
        for (note, error) in cases {
            #expect(throws: error, "\(note)") { try SignedNote(parsing: note) }
        }
        let many = body + "\n" + String(repeating: signatureLine, count: SignedNote.maximumSignatureCount)
        #expect(try SignedNote(parsing: many).signatures.count == SignedNote.maximumSignatureCount)
        #expect(throws: TransparencyError.tooManySignatures(count: 101, limit: 100)) {
            try SignedNote(parsing: many + signatureLine)
        }
        let huge = String(repeating: "a", count: SignedNote.maximumNoteByteCount) + "\n\n" + signatureLine
        #expect(throws: TransparencyError.noteTooLarge(byteCount: huge.utf8.count, limit: SignedNote.maximumNoteByteCount)) {
            try SignedNote(parsing: huge)
        }
        // The text may contain blank lines: the last blank line separates.
        let multi = try SignedNote(parsing: "a\n\nb\n\n" + signatureLine)
        #expect(multi.text == "a\n\nb\n")
    }
}

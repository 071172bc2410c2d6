// Goal: checkpoints follow C2SP tlog-checkpoint exactly: our text round-trips, the shared example
// parses to the Go-made root, and every malformed variant is refused at the right line. Method:
// known answers plus one mutation per rule; then a single flipped bit anywhere in a signed
// checkpoint must be caught.

import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Checkpoint (C2SP tlog-checkpoint)")
struct CheckpointTests {
    static let root17 = TreeHash(hex: "46ef1bca4c6480cd65e50e29cc1c375db36711cd50245ecd3e6b310c6e2a383f")!

    @Test("the shared example checkpoint parses to the sumdb/tlog root of the first 17 leaves")
    func exampleParses() throws {
        let note = try SignedNote(parsing: try TestVectors.text("Vectors/checkpoint-example.txt"))
        let checkpoint = try Checkpoint(parsing: note.text)
        #expect(checkpoint.origin == "example.gov.cn/fundledger/test-vectors")
        #expect(checkpoint.treeSize == 17)
        let roots = try TestVectors.text("Vectors/rfc6962-roots.txt")
        #expect(roots.contains("root 17 \(checkpoint.rootHash.hexString)\n"))
        #expect(checkpoint.rootHash == Self.root17)
        #expect(checkpoint.extensionLines.isEmpty)
        #expect(checkpoint.text == note.text)
    }

    @Test("text round-trips, with and without extension lines, and size 0 is written as 0")
    func roundTrip() throws {
        for checkpoint in [
            Checkpoint(origin: "example.gov.cn/log", treeSize: 0, rootHash: MerkleHasher.emptyTreeHash),
            Checkpoint(origin: "县/公示", treeSize: 1_000_000, rootHash: Self.root17, extensionLines: ["ext one", "— two"]),
        ] {
            #expect(try Checkpoint(parsing: checkpoint.text) == checkpoint)
        }
        #expect(Checkpoint(origin: "o", treeSize: 0, rootHash: MerkleHasher.emptyTreeHash).text
            == "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")
    }

    @Test("malformed checkpoints are refused at the first bad line", arguments: [
        ("o\n17\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=", 3),      // no final newline
        ("o\n017\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=\n", 2),    // leading zero
        ("o\n+17\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=\n", 2),    // sign
        ("o\n 17\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=\n", 2),    // space
        ("o\n99999999999999999999\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=\n", 2), // overflow
        ("\n17\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=\n", 1),      // empty origin
        ("o\n17\n", 3),                                                  // no root line
        ("o\n17\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD9=\n", 3),     // non-canonical base64
        ("o\n17\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4q\n", 3),         // short hash
        ("o\n17\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=\n\n", 4),   // empty extension line
        ("o\n17\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=\nx\ty\n", 4), // control character
        ("o\n17\r\nRu8bykxkgM1l5Q4pzBw3XbNnEc1QJF7NPmsxDG4qOD8=\n", 2),   // CRLF
    ])
    func malformed(text: String, line: Int) {
        #expect(throws: TransparencyError.malformedCheckpoint(line: line)) { try Checkpoint(parsing: text) }
    }

    @Test("a single flipped bit anywhere in a signed checkpoint is caught")
    func flippedBits() throws {
        let text = try TestVectors.text("Vectors/checkpoint-example.txt")
        let verifier = try NoteVerifier(verifierKey: "example.gov.cn/fundledger/test-vectors+37370473+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4")
        #expect(try SignedNote.open(text, verifiers: [verifier]).verified == [verifier])
        let bytes = Array(text.utf8)
        for offset in bytes.indices {
            do {
                let bit = offset % 8
                var mutated = bytes
                mutated[offset] ^= 1 << bit
                guard let mutatedText = String(validating: mutated, as: UTF8.self) else { continue }
                let accepted = (try? SignedNote.open(mutatedText, verifiers: [verifier])).flatMap { try? Checkpoint(parsing: $0.note.text) }
                #expect(accepted == nil, "byte \(offset) bit \(bit)")
            }
        }
    }

    @Test("parse(format(x)) == x for random checkpoints, notes and tlog-proofs")
    func roundTripProperty() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xc4ec)
        let alphabet = Array("abcxyz0123456789./-_:县扶贫资金公示 —")
        func word(_ range: ClosedRange<Int>) -> String {
            var text = String((0..<Int.random(in: range, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            if text.first == " " || text.isEmpty { text = "o" + text }
            return text
        }
        for _ in 0..<200 {
            let root = TreeHash(bytes: random.bytes(count: 32))!
            let size = Int.random(in: 0...Int(Int64.max), using: &random) >> Int.random(in: 0...62, using: &random)
            let checkpoint = Checkpoint(
                origin: word(1...30), treeSize: size, rootHash: root,
                extensionLines: (0..<Int.random(in: 0...2, using: &random)).map { _ in word(1...20) })
            #expect(try Checkpoint(parsing: checkpoint.text) == checkpoint, "\(random)")
            var note = SignedNote(text: checkpoint.text)
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                let name = word(1...20).replacingOccurrences(of: " ", with: "_")
                note.signatures.append(NoteSignature(
                    name: name, keyHash: UInt32.random(in: 0...UInt32.max, using: &random),
                    signature: random.bytes(count: Int.random(in: 1...80, using: &random))))
            }
            #expect(try SignedNote(parsing: note.serialized) == note, "\(random)")
            let proof = TlogProof(
                extraData: Bool.random(using: &random) ? random.bytes(count: Int.random(in: 1...50, using: &random)) : nil,
                leafIndex: Int.random(in: 0...1_000_000, using: &random),
                hashes: (0..<Int.random(in: 0...20, using: &random)).map { _ in TreeHash(bytes: random.bytes(count: 32))! },
                checkpointNote: note)
            #expect(try TlogProof(parsing: proof.serialized) == proof, "\(random)")
        }
    }
}

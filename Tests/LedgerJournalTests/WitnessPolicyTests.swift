// Goal: policies follow the C2SP tlog-policy grammar and a checkpoint is trusted only when a
// listed log signed it and the verified cosignatures meet the quorum (k-of-n, all, any, nested).
// Method: three inspectorates, notes with different cosigner sets, and one bad line per rule.

import Foundation
import LedgerJournal
import Testing

@Suite("Witness policy (C2SP tlog-policy)")
struct WitnessPolicyTests {
    static let province = CheckpointFixtures.provinceWitness
    static let national = CheckpointFixtures.nationalWitness
    static let finance = CheckpointFixtures.financeWitness

    static func policy(quorumLines: String) -> String {
        """
        # FundLedger demo county: two of three inspectorates must cosign.
        log \(CheckpointFixtures.logSigner.verifier.verifierKey) https://example.gov.cn/fundledger

        witness province \(province.verifier.verifierKey)
        witness\tnational  \(national.verifier.verifierKey)
        witness finance \(finance.verifier.verifierKey)
        \(quorumLines)

        """
    }

    static func note(cosignedBy witnesses: [NoteSigner]) throws -> SignedNote {
        var note = try CheckpointFixtures.signedCheckpoint(CheckpointFixtures.lines(9), size: 9)
        for witness in witnesses { try note.addSignature(by: witness, timestamp: 1_750_000_000) }
        return note
    }

    @Test("two of three: passes with two or three cosignatures, fails with one or none")
    func twoOfThree() throws {
        let policy = try WitnessPolicy(parsing: Self.policy(quorumLines: "group inspectorates 2 province national finance\nquorum inspectorates"))
        #expect(policy.logs.count == 1 && policy.witnesses.count == 3 && policy.quorum == "inspectorates")
        #expect(try policy.verify(checkpointNote: try Self.note(cosignedBy: [Self.province, Self.finance]).serialized).treeSize == 9)
        #expect(try policy.verify(checkpointNote: try Self.note(cosignedBy: [Self.province, Self.national, Self.finance]).serialized).treeSize == 9)
        #expect(throws: TransparencyError.quorumNotMet(quorum: "inspectorates")) {
            try policy.verify(checkpointNote: try Self.note(cosignedBy: [Self.national]).serialized)
        }
        #expect(throws: TransparencyError.quorumNotMet(quorum: "inspectorates")) {
            try policy.verify(checkpointNote: try Self.note(cosignedBy: []).serialized)
        }
    }

    @Test("an unverifiable extra line is never counted: unknown keys ignored, a known key's bad line rejects")
    func extraLines() throws {
        let policy = try WitnessPolicy(parsing: Self.policy(quorumLines: "group inspectorates 2 province national finance\nquorum inspectorates"))
        var note = try Self.note(cosignedBy: [Self.province])
        // A stranger's cosignature under the national inspectorate's name: unknown key ID, ignored.
        let stranger = try NoteSigner(name: Self.national.name, seed: CheckpointFixtures.seed(startingAt: 0xa0), signatureType: .cosignatureV1)
        try note.addSignature(by: stranger, timestamp: 1_750_000_000)
        #expect(throws: TransparencyError.quorumNotMet(quorum: "inspectorates")) { try policy.verify(checkpointNote: note.serialized) }
        // The finance inspectorate's name and key ID over a signature that does not verify.
        var forged = try Self.note(cosignedBy: [Self.province, Self.national])
        var bad = try Self.finance.signature(forText: Array(forged.text.utf8), timestamp: 1_750_000_000)
        bad.signature[20] ^= 1
        forged.signatures.append(bad)
        #expect(throws: TransparencyError.signatureInvalid(keyName: Self.finance.name, keyHash: Self.finance.keyHash)) {
            try policy.verify(checkpointNote: forged.serialized)
        }
        // No log signature at all.
        var unsigned = try Self.note(cosignedBy: [Self.province, Self.national])
        unsigned.signatures.removeFirst()
        #expect(throws: TransparencyError.noVerifiedSignature) { try policy.verify(checkpointNote: unsigned.serialized) }
    }

    @Test("nested groups with all and any, a single witness quorum, and quorum none")
    func nestedGroups() throws {
        let nested = try WitnessPolicy(parsing: Self.policy(quorumLines: """
            group local any province finance
            group both all local national
            quorum both
            """))
        #expect(nested.isQuorumMet(byWitnessesNamed: ["finance", "national"]))
        #expect(!nested.isQuorumMet(byWitnessesNamed: ["province", "finance"]))
        #expect(!nested.isQuorumMet(byWitnessesNamed: ["national", "stranger"]))
        #expect(try nested.verify(checkpointNote: try Self.note(cosignedBy: [Self.finance, Self.national]).serialized).treeSize == 9)
        let single = try WitnessPolicy(parsing: Self.policy(quorumLines: "quorum national"))
        #expect(single.isQuorumMet(byWitnessesNamed: ["national"]) && !single.isQuorumMet(byWitnessesNamed: ["province"]))
        let none = try WitnessPolicy(parsing: Self.policy(quorumLines: "quorum none"))
        #expect(try none.verify(checkpointNote: try Self.note(cosignedBy: []).serialized).treeSize == 9)
    }

    @Test("malformed policies are refused at the bad line")
    func malformed() throws {
        let base = Self.policy(quorumLines: "")
        let baseLines = base.utf8.filter { $0 == 0x0a }.count + 1
        let bad: [(String, Int)] = [
            ("group g 2 province ghost\nquorum g", baseLines),                // undefined member
            ("group g 1 province province\nquorum g", baseLines),            // member twice
            ("group g 0 province\nquorum g", baseLines),                     // k = 0
            ("group g 3 province national\nquorum g", baseLines),            // k > n
            ("group g 02 province national\nquorum g", baseLines),           // leading zero
            ("group g any\nquorum g", baseLines),                            // no members
            ("quorum province\nquorum national", baseLines + 1),             // two quorum lines
            ("quorum ghost", baseLines),                                     // undefined quorum
            ("witness none \(Self.finance.verifier.verifierKey)\nquorum province", baseLines),
            ("witness again \(Self.finance.verifier.verifierKey)\nquorum province", baseLines), // duplicate key
            ("witness province2 \(CheckpointFixtures.logSigner.verifier.verifierKey)\nquorum province", baseLines), // type 0x01
            ("log \(Self.finance.verifier.verifierKey)\nquorum province", baseLines), // type 0x04 as log
            ("logs x\nquorum province", baseLines),                          // unknown keyword
            ("quorum province\u{0B}", baseLines),                             // vertical tab
        ]
        for (lines, line) in bad {
            #expect(throws: TransparencyError.malformedPolicy(line: line), "\(lines)") {
                try WitnessPolicy(parsing: base + lines + "\n")
            }
        }
        #expect(throws: TransparencyError.malformedPolicy(line: 0)) { try WitnessPolicy(parsing: base) }
    }
}

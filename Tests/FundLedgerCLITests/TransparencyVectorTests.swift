// Known answers for the transparency commands: the worked example of docs/TRANSPARENCY-FORMAT.md §9
// (fixed public test keys, a cosigned checkpoint of 100 lines and the tlog-proof of entry 41),
// copied into Vectors/ (see Vectors/README.md). `note-key` must reproduce the published verifier
// keys, and `verify-proof` must accept the published proof under the 2-of-3 policy and reject it
// for any other line.
import Foundation
import Testing

@Suite("transparency commands: known answers")
struct TransparencyVectorTests {
    static let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors")
    static let proof = vectors.appendingPathComponent("checkpoint-fundledger-proof.txt").path
    static let policy = vectors.appendingPathComponent("checkpoint-fundledger-policy.txt").path
    static let origin = "example.gov.cn/fundledger/demo-county"
    static let logKey = "example.gov.cn/fundledger/demo-county+82bcb7c0+AXd26HC5M1TyoLJMI/KjbMToDiIyGMG5eSb90Bg5aiub"

    @Test("note-key prints the published log and witness verifier keys")
    func noteKeys() throws {
        let cli = try TransparencyCLI()
        let log = try cli.run(["note-key", "--public-key", "7776e870b93354f2a0b24c23f2a36cc4e80e223218c1b97926fdd018396a2b9b",
                               "--name", Self.origin])
        #expect(log.status == 0)
        #expect(log.stdout == Self.logKey + "\n")
        #expect(log.stderr.isEmpty)
        let witness = try cli.run(["note-key", "--public-key", "8bb04e1c1b83dddf311f5bcddf7c50ede3c0802f47ec796e2a131cf41298d9f3",
                                   "--name", "inspector.example.gov.cn/province", "--witness"])
        #expect(witness.stdout == "inspector.example.gov.cn/province+7635b05c+BIuwThwbg93fMR9bzd98UO3jwIAvR+x5bioTHPQSmNnz\n")
        let spaced = try cli.run(["note-key", "--public-key", "8bb04e1c1b83dddf311f5bcddf7c50ede3c0802f47ec796e2a131cf41298d9f3",
                                  "--name", "省 审计厅"])
        #expect(spaced.status == 64)
        #expect(spaced.stderr.hasPrefix("fundledger: error: the key name is empty or contains a space or '+'\n"))
    }

    @Test("verify-proof accepts the published proof of entry 41 under the 2-of-3 policy and with the log key")
    func publishedProof() throws {
        let cli = try TransparencyCLI()
        let line = #"{"id":"e41","kind":"fund.disburse","seq":41}"#
        try cli.write("e41", line + "\n")
        let expected = """
            proof is valid: entry 41 is in the tree of size 100 of \(Self.origin)
              root: /B0s04vrYf8MiBGyjfNOC2rHnf8AQvp7WhG7DLJrvxQ=
              entry: \(line)

            """
        let underPolicy = try cli.run(["verify-proof", Self.proof, "--entry", "e41", "--policy", Self.policy])
        #expect(underPolicy.status == 0)
        #expect(underPolicy.stdout == expected)
        #expect(underPolicy.stderr.isEmpty)
        let underKey = try cli.run(["verify-proof", Self.proof, "--entry", "e41", "--verifier-key", Self.logKey])
        #expect(underKey.stdout == expected)
    }

    @Test("verify-proof rejects the published proof for a neighbouring line and for another log's key")
    func publishedProofRejected() throws {
        let cli = try TransparencyCLI()
        try cli.write("e42", #"{"id":"e42","kind":"fund.disburse","seq":42}"# + "\n")
        let wrongLine = try cli.run(["verify-proof", Self.proof, "--entry", "e42", "--policy", Self.policy])
        #expect(wrongLine.status == 1)
        #expect(wrongLine.stdout.isEmpty)
        #expect(wrongLine.stderr.hasPrefix("fundledger: error: the hashes do not lead to the root of the tree of size 100\n"))
        try cli.write("e41", #"{"id":"e41","kind":"fund.disburse","seq":41}"#)
        // The province's witness key is not the log's key: nothing it knows signed as the log.
        let otherKey = try cli.run(["verify-proof", Self.proof, "--entry", "e41", "--verifier-key",
                                    "example.gov.cn/fundledger/demo-county+7635b05c+BIuwThwbg93fMR9bzd98UO3jwIAvR+x5bioTHPQSmNnz"])
        #expect(otherKey.status == 64)
        #expect(otherKey.stderr.hasPrefix("fundledger: error: the verifier key is malformed (expected name+keyhash+base64key)\n"))
    }
}

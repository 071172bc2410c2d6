// End-to-end tests of the transparency commands (issue #4): each runs the built `fundledger` in a
// scratch directory and checks exit status, standard output and standard error. The journal is
// built with keygen/init/grant/append; checkpoints, proofs and cosignatures are made with the
// commands under test and then checked with the verifying commands, including the failures each
// one exists to catch (truncation, rollback, split view, tampered proofs).
import Foundation
import Testing

@Suite("transparency commands")
struct TransparencyCommandTests {
    /// Genesis, grant and 3 registrations: the first checkpoint's size.
    static let firstSize = 5
    /// Four more registrations: the second checkpoint's size.
    static let secondSize = 9

    /// The scenario with a checkpoint `cp5` of size 5 and `cp9` of size 9, signed by the authority.
    static func twoCheckpoints() throws -> TransparencyScenario {
        let scenario = try TransparencyScenario(cli: try TransparencyCLI(), registrations: 3)
        try scenario.cli.write("cp5", try scenario.cli.succeed(["checkpoint", "j.jsonl", "--key", "authority.key"]))
        try scenario.append(registrations: 3..<7)
        try scenario.cli.write("cp9", try scenario.cli.succeed(["checkpoint", "j.jsonl", "--key", "authority.key"]))
        return scenario
    }

    @Test("checkpoint prints a C2SP signed note under the journal's origin for the current or given size")
    func checkpointNote() throws {
        let scenario = try Self.twoCheckpoints()
        let cli = scenario.cli
        let note = try cli.read("cp9")
        let parts = note.components(separatedBy: "\n\n")
        #expect(parts.count == 2)
        let text = parts[0].split(separator: "\n")
        #expect(text.count == 3)
        #expect(text[0] == Substring(TransparencyScenario.origin))
        #expect(text[1] == "\(Self.secondSize)")
        #expect(Data(base64Encoded: String(text[2]))?.count == 32)
        #expect(parts[1].hasPrefix("\u{2014} \(TransparencyScenario.origin) "))
        // An older size is signed on request and has the earlier checkpoint's root.
        let old = try cli.succeed(["checkpoint", "j.jsonl", "--key", "authority.key", "--size", "\(Self.firstSize)"])
        #expect(old.components(separatedBy: "\n\n")[0] == (try cli.read("cp5")).components(separatedBy: "\n\n")[0])
        let beyond = try cli.run(["checkpoint", "j.jsonl", "--key", "authority.key", "--size", "10"])
        #expect(beyond.status == 64)
        #expect(beyond.stderr.hasPrefix("fundledger: error: --size 10 is more than the journal's 9 entries\n"))
    }

    @Test("only the authority or a key granted the checkpoint role may sign checkpoints")
    func checkpointRole() throws {
        let scenario = try TransparencyScenario(cli: try TransparencyCLI(), registrations: 1)
        let cli = scenario.cli
        let refused = try cli.run(["checkpoint", "j.jsonl", "--key", "clerk.key"])
        #expect(refused.status == 65)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("may not sign checkpoints of this journal\n"))
        #expect(refused.stderr.contains("  hint: use the authority's key, or ask the authority for the checkpoint role"))
        let publisherKey = try cli.succeed(["keygen", "--name", "publisher", "--out", "publisher.key"])
        let publisherHex = String(try #require(publisherKey.split(separator: "\n").first).dropFirst("public key: ".count))
        try cli.succeed(["grant", "j.jsonl", "--authority", "authority.key", "--public-key", publisherHex, "--name", "publisher",
                         "--roles", "checkpoint", "--counties", "all"])
        let note = try cli.succeed(["checkpoint", "j.jsonl", "--key", "publisher.key"])
        try cli.write("cp", note)
        // Signed under the origin with the publisher's key, so the log key of the authority does not open it.
        let publisherLogKey = try cli.succeed(["note-key", "--key", "publisher.key", "--name", TransparencyScenario.origin])
            .trimmingCharacters(in: .newlines)
        try cli.succeed(["verify", "j.jsonl", "--checkpoint", "cp", "--verifier-key", publisherLogKey])
        let wrongKey = try cli.run(["verify", "j.jsonl", "--checkpoint", "cp", "--verifier-key", scenario.logKey])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr == """
            fundledger: error: no trusted key signed this checkpoint
              hint: check --verifier-key (or the policy's log line): its name must be the journal's origin; 'fundledger note-key' prints it

            """)
    }

    @Test("every entry's inclusion proof verifies offline, as a bundle and with the line given separately")
    func inclusionProofs() throws {
        let scenario = try Self.twoCheckpoints()
        let cli = scenario.cli
        let lines = try scenario.lines()
        #expect(lines.count == Self.secondSize)
        for index in 0..<Self.secondSize {
            let bundle = try cli.succeed(["prove", "j.jsonl", "--index", "\(index)", "--checkpoint", "cp9"])
            try cli.write("p\(index).tlog-proof", bundle)
            let root = (try cli.read("cp9")).split(separator: "\n")[2]
            let checked = try cli.run(["verify-proof", "p\(index).tlog-proof", "--verifier-key", scenario.logKey])
            #expect(checked.status == 0, "entry \(index): \(checked.stderr)")
            #expect(checked.stdout == """
                proof is valid: entry \(index) is in the tree of size \(Self.secondSize) of \(TransparencyScenario.origin)
                  root: \(root)
                  entry: \(lines[index])

                """)
            #expect(checked.stderr.isEmpty)
            // Without the line in the proof, the evaluator supplies it.
            try cli.write("p\(index)-bare.tlog-proof",
                          try cli.succeed(["prove", "j.jsonl", "--index", "\(index)", "--checkpoint", "cp9", "--omit-entry"]))
            try cli.write("line\(index)", lines[index] + "\n")
            try cli.succeed(["verify-proof", "p\(index)-bare.tlog-proof", "--entry", "line\(index)", "--verifier-key", scenario.logKey])
        }
        // Entries of the first checkpoint are proven against it too.
        for index in 0..<Self.firstSize {
            try cli.write("old\(index).tlog-proof", try cli.succeed(["prove", "j.jsonl", "--index", "\(index)", "--checkpoint", "cp5"]))
            try cli.succeed(["verify-proof", "old\(index).tlog-proof", "--verifier-key", scenario.logKey])
        }
        let outside = try cli.run(["prove", "j.jsonl", "--index", "\(Self.firstSize)", "--checkpoint", "cp5"])
        #expect(outside.status == 1)
        #expect(outside.stderr.hasPrefix("fundledger: error: entry index 5 is not in the tree of size 5\n"))
    }

    @Test("a proof for another line, a proof one hash short and a bare proof without --entry fail and say why")
    func tamperedProofs() throws {
        let scenario = try Self.twoCheckpoints()
        let cli = scenario.cli
        let lines = try scenario.lines()
        let proof = try cli.succeed(["prove", "j.jsonl", "--index", "6", "--checkpoint", "cp9", "--omit-entry"])
        try cli.write("p6", proof)
        try cli.write("line7", lines[7] + "\n")
        let wrongLine = try cli.run(["verify-proof", "p6", "--entry", "line7", "--verifier-key", scenario.logKey])
        #expect(wrongLine.status == 1)
        #expect(wrongLine.stdout.isEmpty)
        #expect(wrongLine.stderr == """
            fundledger: error: the hashes do not lead to the root of the tree of size 9
              hint: the entry, the proof or the checkpoint was changed, or the journal was rewritten at or before entry 8

            """)
        // Drop the first proof hash (line 3 of the file: header, index, hashes…).
        var proofLines = proof.components(separatedBy: "\n")
        let hashCount = proofLines.firstIndex(of: "")! - 2
        proofLines.remove(at: 2)
        try cli.write("short", proofLines.joined(separator: "\n"))
        try cli.write("line6", lines[6] + "\n")
        let short = try cli.run(["verify-proof", "short", "--entry", "line6", "--verifier-key", scenario.logKey])
        #expect(short.status == 1)
        #expect(short.stderr.hasPrefix(
            "fundledger: error: the proof has \(hashCount - 1) hashes; its index and sizes require exactly \(hashCount)\n"))
        let bare = try cli.run(["verify-proof", "p6", "--verifier-key", scenario.logKey])
        #expect(bare.status == 64)
        #expect(bare.stderr.hasPrefix("fundledger: error: the proof carries no entry line\n"))
        let both = try cli.run(["verify-proof", "p6", "--entry", "line6"])
        #expect(both.status == 64)
        #expect(both.stderr.hasPrefix("fundledger: error: give exactly one of --verifier-key and --policy\n"))
    }

    @Test("a consistency proof links the two checkpoints and fails against swapped or foreign checkpoints")
    func consistencyProofs() throws {
        let scenario = try Self.twoCheckpoints()
        let cli = scenario.cli
        let proof = try cli.succeed(["prove", "j.jsonl", "--from", "cp5", "--to", "cp9"])
        #expect(proof.hasPrefix("fundledger/consistency-proof@v1\nold 5\nnew 9\n"))
        try cli.write("c5-9", proof)
        let verified = try cli.run(["verify-consistency", "cp5", "cp9", "c5-9", "--verifier-key", scenario.logKey])
        #expect(verified.status == 0)
        #expect(verified.stdout == "consistent: \(TransparencyScenario.origin) grew from size 5 to 9 by appending only\n")
        #expect(verified.stderr.isEmpty)
        let swapped = try cli.run(["verify-consistency", "cp9", "cp5", "c5-9", "--verifier-key", scenario.logKey])
        #expect(swapped.status == 1)
        #expect(swapped.stderr.hasPrefix("fundledger: error: the proof is for tree size 5 but the checkpoint has size 9\n"))
        let outOfOrder = try cli.run(["prove", "j.jsonl", "--from", "cp9", "--to", "cp5"])
        #expect(outOfOrder.status == 64)
        // A checkpoint of a rewritten journal with the same origin and key: the proof fails.
        try scenario.createJournal("other.jsonl", registrations: 7, firstRegistration: 100)
        try cli.write("other9", try cli.succeed(["checkpoint", "other.jsonl", "--key", "authority.key"]))
        let foreign = try cli.run(["verify-consistency", "cp5", "other9", "c5-9", "--verifier-key", scenario.logKey])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.hasPrefix("fundledger: error: the hashes do not lead to the root of the tree of size"))
        let mixed = try cli.run(["prove", "j.jsonl", "--from", "cp5", "--to", "other9"])
        #expect(mixed.status == 1)
        #expect(mixed.stderr.hasPrefix("fundledger: error: the hashes do not lead to the root of the tree of size 9\n"))
    }

    @Test("two inspectors cosign in turn and a 2-of-2 policy accepts the proof; one cosignature does not meet it")
    func cosignedPolicy() throws {
        let scenario = try Self.twoCheckpoints()
        let cli = scenario.cli
        try cli.write("c5-9", try cli.succeed(["prove", "j.jsonl", "--from", "cp5", "--to", "cp9"]))
        // The province cosigns size 5, then size 9 with the consistency proof.
        try cli.write("cp5-p", try cli.succeed(["cosign", "cp5", "--key", "province.key", "--state", "province-state", "--log-key", scenario.logKey]))
        let needsProof = try cli.run(["cosign", "cp9", "--key", "province.key", "--state", "province-state", "--log-key", scenario.logKey])
        #expect(needsProof.status == 64)
        #expect(needsProof.stderr.hasPrefix(
            "fundledger: error: this inspector last cosigned size 5; a consistency proof from 5 to 9 is needed (--proof)\n"))
        #expect(try cli.files(in: "province-state").allSatisfy { !$0.hasPrefix("evidence") })
        let byProvince = try cli.succeed(["cosign", "cp9", "--key", "province.key", "--state", "province-state",
                                          "--log-key", scenario.logKey, "--proof", "c5-9"])
        #expect(byProvince.hasPrefix(try cli.read("cp9")))
        #expect(byProvince.hasSuffix("\n"))
        #expect(byProvince.split(separator: "\n").last!.hasPrefix("\u{2014} inspector.example.gov.cn/province "))
        try cli.write("cp9-p", byProvince)
        // The national audit office has no state yet: it cosigns the province's note as is.
        let both = try cli.succeed(["cosign", "cp9-p", "--key", "national.key", "--state", "national-state", "--log-key", scenario.logKey])
        #expect(both.hasPrefix(byProvince))
        try cli.write("cp9-pn", both)

        let province = try cli.succeed(["note-key", "--key", "province.key", "--witness"]).trimmingCharacters(in: .newlines)
        let national = try cli.succeed(["note-key", "--key", "national.key", "--witness"]).trimmingCharacters(in: .newlines)
        try cli.write("inspectorates.policy", """
            # both inspectorates must cosign
            log \(scenario.logKey)
            witness province \(province)
            witness national \(national)
            group both all province national
            quorum both

            """)
        for index in [0, 4, 8] {
            try cli.write("q\(index)", try cli.succeed(["prove", "j.jsonl", "--index", "\(index)", "--checkpoint", "cp9-pn"]))
            try cli.succeed(["verify-proof", "q\(index)", "--policy", "inspectorates.policy"])
        }
        try cli.write("half", try cli.succeed(["prove", "j.jsonl", "--index", "4", "--checkpoint", "cp9-p"]))
        let half = try cli.run(["verify-proof", "half", "--policy", "inspectorates.policy"])
        #expect(half.status == 1)
        #expect(half.stderr == """
            fundledger: error: the cosignatures do not meet the policy's quorum 'both'
              hint: have more inspectorates cosign the checkpoint with 'fundledger cosign'

            """)
        // The journal is checked against the cosigned checkpoint under the policy too.
        try cli.succeed(["verify", "j.jsonl", "--checkpoint", "cp9-pn", "--policy", "inspectorates.policy"])
    }

    @Test("verify --checkpoint passes, and after deleting the last line verify alone passes but --checkpoint fails")
    func truncationAtAnEntryBoundary() throws {
        let scenario = try Self.twoCheckpoints()
        let cli = scenario.cli
        let passed = try cli.run(["verify", "j.jsonl", "--checkpoint", "cp9", "--verifier-key", scenario.logKey])
        #expect(passed.status == 0)
        let root = (try cli.read("cp9")).split(separator: "\n")[2]
        #expect(passed.stdout.hasSuffix("  the journal extends the signed checkpoint (size 9, root \(root))\n"))
        // Delete the last line: the hash chain of the rest is intact.
        let lines = try scenario.lines()
        let truncated = lines.dropLast().map { $0 + "\n" }.joined()
        try cli.write("j.jsonl", truncated)
        let alone = try cli.run(["verify", "j.jsonl"])
        #expect(alone.status == 0)
        #expect(alone.stdout.hasPrefix("journal is valid: j.jsonl\n"))
        let checked = try cli.run(["verify", "j.jsonl", "--checkpoint", "cp9", "--verifier-key", scenario.logKey])
        #expect(checked.status == 1)
        #expect(checked.stderr.isEmpty)
        #expect(checked.stdout.hasPrefix("journal is NOT valid: j.jsonl (1 findings)\n"))
        #expect(checked.stdout.contains("""
              line 9 (byte \(truncated.utf8.count)): does not extend the checkpoint: the checkpoint covers 9 entries but the journal has only 8: entry 8 is gone (truncated or rolled back)

            """))
        let json = try cli.run(["verify", "j.jsonl", "--checkpoint", "cp9", "--verifier-key", scenario.logKey, "--json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains(#""code":"checkpointMismatch","line":9"#))
        // The older checkpoint is still extended, and proofs against the newer one are refused.
        try cli.succeed(["verify", "j.jsonl", "--checkpoint", "cp5", "--verifier-key", scenario.logKey])
        let prove = try cli.run(["prove", "j.jsonl", "--index", "2", "--checkpoint", "cp9"])
        #expect(prove.status == 1)
        #expect(prove.stderr.hasPrefix("fundledger: error: tree size 9 is beyond the 8 entries available\n"))
    }

    @Test("verify --checkpoint names the checkpoint size when the history below it was rewritten")
    func rewrittenHistory() throws {
        let scenario = try Self.twoCheckpoints()
        let cli = scenario.cli
        // Same origin and authority, different registrations: a whole new, internally valid journal.
        try scenario.createJournal("rewritten.jsonl", registrations: 7, firstRegistration: 50)
        try cli.succeed(["verify", "rewritten.jsonl"])
        let checked = try cli.run(["verify", "rewritten.jsonl", "--checkpoint", "cp5", "--verifier-key", scenario.logKey])
        #expect(checked.status == 1)
        let lines = try scenario.lines("rewritten.jsonl")
        let offset = lines.prefix(4).map { $0.utf8.count + 1 }.reduce(0, +)
        #expect(checked.stdout.contains("""
              entry 4 (line 5, byte \(offset)): does not extend the checkpoint: the root of the first 5 entries differs from the checkpoint (size 5): an entry at or before entry 4 was rewritten

            """))
    }

    @Test("rollback: an inspector refuses an older checkpoint after a newer one and writes the evidence file")
    func rollbackRefused() throws {
        let scenario = try Self.twoCheckpoints()
        let cli = scenario.cli
        try cli.succeed(["cosign", "cp9", "--key", "province.key", "--state", "w", "--log-key", scenario.logKey])
        let state = try cli.files(in: "w")
        let refused = try cli.run(["cosign", "cp5", "--key", "province.key", "--state", "w", "--log-key", scenario.logKey])
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)
        let evidence = try #require(try cli.files(in: "w").first { $0.hasPrefix("evidence-rollback-9-5-") })
        #expect(refused.stderr == """
            fundledger: error: refused: the checkpoint's size 5 is smaller than the size 9 already cosigned (rollback or truncation); evidence written to w/\(evidence)
              hint: send the evidence file to the supervising inspectorate; the log must explain why its tree shrank

            """)
        let text = try cli.read("w/\(evidence)")
        #expect(text.hasPrefix("fundledger/witness-evidence@v1\nreason rollback\nwitness inspector.example.gov.cn/province\n"))
        #expect(text.contains(try cli.read("cp5")))
        // The state is unchanged: the newer checkpoint is still the one on record.
        #expect(try cli.files(in: "w").filter { !$0.hasPrefix("evidence") } == state)
        try cli.succeed(["cosign", "cp9", "--key", "province.key", "--state", "w", "--log-key", scenario.logKey])
    }

    @Test("split view: a second journal with the same origin and authority key is refused at the same size")
    func splitViewRefused() throws {
        let scenario = try Self.twoCheckpoints()
        let cli = scenario.cli
        try scenario.createJournal("fork.jsonl", registrations: 3, firstRegistration: 20)
        try cli.write("fork5", try cli.succeed(["checkpoint", "fork.jsonl", "--key", "authority.key"]))
        try cli.succeed(["cosign", "cp5", "--key", "national.key", "--state", "w", "--log-key", scenario.logKey])
        let refused = try cli.run(["cosign", "fork5", "--key", "national.key", "--state", "w", "--log-key", scenario.logKey])
        #expect(refused.status == 1)
        let evidence = try #require(try cli.files(in: "w").first { $0.hasPrefix("evidence-split-view-5-5-") })
        #expect(refused.stderr.hasPrefix(
            "fundledger: error: refused: another root of the same size 5 was already cosigned (split view: two histories of one journal); evidence written to w/\(evidence)\n"))
        let text = try cli.read("w/\(evidence)")
        #expect(text.contains("reason split-view\n"))
        #expect(text.contains(try cli.read("fork5")))
    }
}

// Fuzzing of the journal layer's text parsers: checkpoint, signed note (with its cosignatures,
// verified against the fixture keys), tlog-proof, witness policy, verifier keys, consistency proof
// text and `append`'s input (EventDraft.parseJSONLines). Goal: hostile input never crashes or hangs
// a parser and never gets past a limit, and whatever a parser accepts survives its own
// serialization (parse → serialize → parse is stable). Method: `FuzzMutator` over the committed
// vectors, a bounded number of iterations per target (each prints its seed on failure), explicit
// limit checks with 10 MB inputs and deep nesting, and replay of Vectors/fuzz-corpus/.
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

/// What a parser did with one input.
enum FuzzOutcome: Equatable {
    /// Refused with an error.
    case refused
    /// Accepted, and every invariant held.
    case accepted
    /// An invariant was broken.
    case broken(String)
}

/// The fuzz targets of this file: a name, seed inputs and a check of one input.
struct JournalFuzzTarget: Sendable, CustomTestStringConvertible {
    var name: String
    var iterations: Int
    var seeds: @Sendable () -> [[UInt8]]
    var check: @Sendable ([UInt8]) -> FuzzOutcome
    var testDescription: String { name }
}

/// `FUNDLEDGER_FUZZ_SCALE=N` multiplies every iteration count (for long runs by hand; CI uses 1).
let fuzzScale = max(1, Int(ProcessInfo.processInfo.environment["FUNDLEDGER_FUZZ_SCALE"] ?? "") ?? 1)

private func vector(_ name: String) -> [UInt8] {
    Array((try? Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/\(name)"))) ?? Data())
}

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// The notes of the committed vectors: a checkpoint with two cosignatures, and a plain one.
private func noteSeeds() -> [[UInt8]] { [vector("checkpoint-fundledger.txt"), vector("checkpoint-example.txt")] }

/// The verifier keys of the fixture log and witnesses.
private let fuzzVerifiers: [NoteVerifier] = [
    CheckpointFixtures.logSigner.verifier, CheckpointFixtures.provinceWitness.verifier,
    CheckpointFixtures.nationalWitness.verifier, CheckpointFixtures.financeWitness.verifier,
]

/// A consistency proof text between two sizes of the fixture tree.
private func consistencySeeds() -> [[UInt8]] {
    let tree = CheckpointFixtures.tree(CheckpointFixtures.lines(40))
    return [(3, 40), (7, 13), (0, 5), (40, 40)].compactMap { sizes in
        (try? tree.consistencyProof(fromTreeSize: sizes.0, toTreeSize: sizes.1)).map { Array($0.text.utf8) }
    }
}

/// `append` input: valid event lines in the shapes clerks write.
private func eventSeeds() -> [[UInt8]] {
    [
        Array(#"{"id":"pay-1","kind":"fund.disburse","scope":"140431","body":{"amount_fen":19500000,"county":"140431","effective_date":"2018-04-20","fund_id":"F5","payee":{"id":"某路桥公司","kind":"enterprise"},"project_id":"P3","voucher":"记-2018-0412"}}"#.utf8) + [0x0A]
            + Array(#"{"id":"m-1","kind":"project.milestone","scope":"140431","body":{"effective_date":"2018-08-01","milestone":"progress_70","progress_bp":7000,"project_id":"P3","status":"accepted","quantity":{"unit":"person_month","value":700}}}"#.utf8) + [0x0A],
        Array("\u{FEFF}{ \"id\" : \"a\\u0041\", \"kind\" : \"fund.allocate\", \"body\" : { \"purposes\" : [ \"以工代赈\", \"产业\" ], \"x\" : [true, false, null, -1] } }\r\n\r\n".utf8),
    ]
}

/// The checks. Each returns nil for an input refused with an error or accepted consistently.
let journalFuzzTargets: [JournalFuzzTarget] = [
    JournalFuzzTarget(name: "checkpoint", iterations: 4000, seeds: {
        noteSeeds().map { note in Array(text(note).components(separatedBy: "\n\n")[0].utf8) + [0x0A] }
    }, check: { input in
        guard let checkpoint = try? Checkpoint(parsing: text(input)) else { return .refused }
        guard let again = try? Checkpoint(parsing: checkpoint.text) else { return .broken("accepted checkpoint does not re-parse from its text") }
        return again.text == checkpoint.text ? .accepted : .broken("checkpoint text changes through a round trip")
    }),
    JournalFuzzTarget(name: "signed-note", iterations: 3000, seeds: noteSeeds, check: { input in
        // SignedNote.open also checks every cosignature whose key is known (C2SP tlog-cosignature).
        _ = try? SignedNote.open(text(input), verifiers: fuzzVerifiers)
        guard let note = try? SignedNote(parsing: text(input)) else { return .refused }
        guard let again = try? SignedNote(parsing: note.serialized) else { return .broken("accepted note does not re-parse from its serialization") }
        return again.serialized == note.serialized ? .accepted : .broken("note serialization changes through a round trip")
    }),
    JournalFuzzTarget(name: "tlog-proof", iterations: 3000, seeds: { [vector("checkpoint-fundledger-proof.txt")] }, check: { input in
        guard let proof = try? TlogProof(parsing: text(input)) else { return .refused }
        guard let again = try? TlogProof(parsing: proof.serialized) else { return .broken("accepted proof does not re-parse from its serialization") }
        return again.serialized == proof.serialized ? .accepted : .broken("proof serialization changes through a round trip")
    }),
    JournalFuzzTarget(name: "witness-policy", iterations: 3000, seeds: { [vector("checkpoint-fundledger-policy.txt")] }, check: { input in
        guard let policy = try? WitnessPolicy(parsing: text(input)) else { return .refused }
        // A quorum question on any set of names must be answerable without trapping.
        _ = policy.isQuorumMet(byWitnessesNamed: Set(policy.witnesses.map(\.name)))
        _ = policy.isQuorumMet(byWitnessesNamed: [])
        _ = try? policy.verify(checkpointNote: text(vector("checkpoint-fundledger.txt")))
        return .accepted
    }),
    JournalFuzzTarget(name: "verifier-key", iterations: 3000, seeds: {
        fuzzVerifiers.map { Array($0.verifierKey.utf8) } + [Array(CheckpointFixtures.logSigner.signerKey.utf8)]
    }, check: { input in
        if let signer = try? NoteSigner(signerKey: text(input)) {
            guard let again = try? NoteSigner(signerKey: signer.signerKey) else { return .broken("accepted signer key does not re-parse") }
            return again.signerKey == signer.signerKey ? .accepted : .broken("signer key changes through a round trip")
        }
        guard let verifier = try? NoteVerifier(verifierKey: text(input)) else { return .refused }
        guard let again = try? NoteVerifier(verifierKey: verifier.verifierKey) else { return .broken("accepted verifier key does not re-parse") }
        return again.verifierKey == verifier.verifierKey ? .accepted : .broken("verifier key changes through a round trip")
    }),
    JournalFuzzTarget(name: "consistency-proof", iterations: 3000, seeds: consistencySeeds, check: { input in
        guard let proof = try? ConsistencyProof(parsingText: text(input)) else { return .refused }
        guard let again = try? ConsistencyProof(parsingText: proof.text) else { return .broken("accepted proof does not re-parse from its text") }
        return again == proof ? .accepted : .broken("consistency proof changes through a round trip")
    }),
    JournalFuzzTarget(name: "event-lines", iterations: 4000, seeds: eventSeeds, check: { input in
        guard let drafts = try? EventDraft.parseJSONLines(input) else { return .refused }
        // Whatever is accepted re-serializes to lines that parse to the same drafts.
        var lines: [UInt8] = []
        for draft in drafts {
            var members: [String: JSONValue] = ["id": .string(draft.id), "kind": .string(draft.kind), "body": draft.body]
            if let scope = draft.scope { members["scope"] = .string(scope) }
            lines += CanonicalJSON.encode(.object(members)) + [0x0A]
        }
        guard let again = try? EventDraft.parseJSONLines(lines) else { return .broken("accepted drafts do not re-parse from their canonical lines") }
        return again == drafts ? .accepted : .broken("drafts change through their canonical lines")
    }),
]

@Suite("Fuzzing: checkpoint, signed-note, cosignature, tlog-proof, policy and event-line parsers")
struct FuzzTransparencyParserTests {
    @Test("mutated inputs never crash a parser and what it accepts round-trips", arguments: journalFuzzTargets)
    func mutatedInputs(_ target: JournalFuzzTarget) {
        let seeds = target.seeds()
        #expect(!seeds.isEmpty && seeds.allSatisfy { !$0.isEmpty }, "\(target.name): missing seed vectors")
        for seed in seeds { #expect(target.check(seed) == .accepted, "\(target.name): a seed input is refused or breaks an invariant") }
        var mutator = FuzzMutator(seed: 0x9_2026_1124, structuralBytes: Array("—+/=\n 0123456789abcdefABCDEF{}[]\":,.\\-".utf8))
        var failures = 0
        var accepted = 0
        let iterations = target.iterations * fuzzScale
        for iteration in 0..<iterations {
            let input = mutator.mutate(seeds, allowHuge: iteration % 500 == 499)
            switch target.check(input) {
            case .refused: break
            case .accepted: accepted += 1
            case .broken(let broken):
                failures += 1
                Issue.record("\(target.name) iteration \(iteration) (\(mutator.random)): \(broken)\ninput: \(fuzzPreview(input))")
            }
            if failures > 5 { break }
        }
        print("fuzz \(target.name): \(iterations) inputs, \(accepted) accepted, \(mutator.random)")
        // Mutants that the parser still accepts exercise the round trip; none would mean a blind fuzzer.
        #expect(accepted > 0, "\(target.name): no mutated input was accepted")
    }

    @Test("the saved inputs that once found bugs are handled", arguments: journalFuzzTargets)
    func corpus(_ target: JournalFuzzTarget) {
        for (name, bytes) in fuzzCorpus(target.name) {
            if case .broken(let broken) = target.check(bytes) { Issue.record("fuzz-corpus/\(target.name)/\(name): \(broken)") }
        }
    }

    @Test("10 MB inputs are refused with an error, not read into a crash")
    func hugeInputsAreRefused() {
        let huge = String(repeating: "A", count: FuzzMutator.hugeByteCount)
        let checkpointText = text(noteSeeds()[0])
        #expect(throws: (any Error).self) { try Checkpoint(parsing: "origin\n" + huge + "\n") }
        #expect(throws: (any Error).self) { try SignedNote(parsing: checkpointText + huge) }
        #expect(throws: (any Error).self) { try TlogProof(parsing: text(vector("checkpoint-fundledger-proof.txt")) + huge) }
        #expect(throws: (any Error).self) { try WitnessPolicy(parsing: "# " + huge + "\n" + text(vector("checkpoint-fundledger-policy.txt"))) }
        #expect(throws: (any Error).self) { try NoteVerifier(verifierKey: huge) }
        #expect(throws: (any Error).self) { try ConsistencyProof(parsingText: "fundledger/consistency-proof@v1\nold 1\nnew 2\n" + String(repeating: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", count: 100_000)) }
        #expect(throws: (any Error).self) {
            try EventDraft.parseJSONLines(Array("{\"id\":\"a\",\"kind\":\"fund.disburse\",\"body\":{\"note\":\"\(huge)\"}}\n".utf8))
        }
    }

    @Test("deep nesting in append input is refused at the nesting limit")
    func deepNestingIsRefused() {
        for depth in [CanonicalJSON.maximumNestingDepth + 1, 100_000] {
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let line = "{\"id\":\"a\",\"kind\":\"fund.disburse\",\"body\":{\"x\":\(nested)}}\n"
            #expect(throws: JournalError.self) { try EventDraft.parseJSONLines(Array(line.utf8)) }
        }
        let allowed = String(repeating: "[", count: CanonicalJSON.maximumNestingDepth - 4) + String(repeating: "]", count: CanonicalJSON.maximumNestingDepth - 4)
        #expect((try? EventDraft.parseJSONLines(Array("{\"id\":\"a\",\"kind\":\"fund.disburse\",\"body\":{\"x\":\(allowed)}}\n".utf8))) != nil)
    }
}

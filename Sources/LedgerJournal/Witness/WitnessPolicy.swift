// WitnessPolicy: a C2SP tlog-policy file, which says whose signatures make a checkpoint
// trustworthy: any one of the listed logs must sign it, and the witnesses' cosignatures must meet
// the quorum, for example two of three provincial inspectorates. Grammar (one item per line,
// items separated by spaces or tabs, "#" comments and blank lines ignored):
//   log <vkey> [<url>]
//   witness <name> <vkey> [<url>]
//   group <name> (all | any | <k>) <name>...
//   quorum <name>            ("none": no cosignature needed)
// Names are defined before use, so groups cannot be circular.

/// A parsed C2SP tlog-policy: known logs, witnesses, groups and the quorum.
public struct WitnessPolicy: Sendable {
    /// The most logs, witnesses and groups accepted (the spec recommends supporting at least 32).
    public static let maximumItemCount = 256
    /// The largest policy file accepted, in bytes.
    public static let maximumByteCount = 256 * 1024
    /// The predefined quorum name that requires no cosignature.
    public static let noQuorumName = "none"

    /// A witness group: witnessed when at least `threshold` of its members witnessed.
    public struct Group: Hashable, Sendable {
        /// The group's name.
        public var name: String
        /// How many members must witness.
        public var threshold: Int
        /// Member names (witnesses or earlier groups), each once.
        public var members: [String]
    }

    /// The logs, any of which may sign a checkpoint (type 0x01 keys).
    public private(set) var logs: [NoteVerifier] = []
    /// The witnesses by policy name (type 0x04 keys), in file order.
    public private(set) var witnesses: [(name: String, verifier: NoteVerifier)] = []
    /// The groups, in file order.
    public private(set) var groups: [Group] = []
    /// The name of the witness or group that must witness (or "none").
    public private(set) var quorum: String = WitnessPolicy.noQuorumName

    /// Parses a policy file. Throws `TransparencyError.malformedPolicy(line:)` (1-based) at the
    /// first bad line, or with line 0 when the file has no quorum line or is too large.
    public init(parsing text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count <= WitnessPolicy.maximumByteCount else { throw TransparencyError.malformedPolicy(line: 0) }
        var defined = Set<String>()
        var logKeys = Set<[UInt8]>()
        var witnessKeys = Set<[UInt8]>()
        var sawQuorum = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let lineNumber = offset + 1
            func fail() -> TransparencyError { .malformedPolicy(line: lineNumber) }
            // Only tab, newline and printable bytes are allowed.
            guard rawLine.utf8.allSatisfy({ $0 == 0x09 || $0 >= 0x20 && $0 != 0x7f }) else { throw fail() }
            let items = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let keyword = items.first, !keyword.hasPrefix("#") else { continue }
            switch keyword {
            case "log":
                guard items.count == 2 || items.count == 3,
                    let verifier = try? NoteVerifier(verifierKey: items[1]), verifier.signatureType == .ed25519,
                    logKeys.insert(verifier.publicKey).inserted, logs.count < WitnessPolicy.maximumItemCount
                else { throw fail() }
                logs.append(verifier)
            case "witness":
                guard items.count == 3 || items.count == 4, items[1] != WitnessPolicy.noQuorumName,
                    !defined.contains(items[1]),
                    let verifier = try? NoteVerifier(verifierKey: items[2]), verifier.signatureType == .cosignatureV1,
                    witnessKeys.insert(verifier.publicKey).inserted, witnesses.count < WitnessPolicy.maximumItemCount
                else { throw fail() }
                defined.insert(items[1])
                witnesses.append((items[1], verifier))
            case "group":
                guard items.count >= 4, items[1] != WitnessPolicy.noQuorumName, !defined.contains(items[1]),
                    groups.count < WitnessPolicy.maximumItemCount
                else { throw fail() }
                let members = Array(items[3...])
                // Members are defined earlier and listed once each.
                guard members.allSatisfy(defined.contains), Set(members).count == members.count else { throw fail() }
                let threshold: Int
                switch items[2] {
                case "all": threshold = members.count
                case "any": threshold = 1
                default:
                    guard let k = Checkpoint.parseDecimal(items[2]), k >= 1, k <= members.count else { throw fail() }
                    threshold = k
                }
                defined.insert(items[1])
                groups.append(Group(name: items[1], threshold: threshold, members: members))
            case "quorum":
                guard items.count == 2, !sawQuorum,
                    items[1] == WitnessPolicy.noQuorumName || defined.contains(items[1])
                else { throw fail() }
                quorum = items[1]
                sawQuorum = true
            default:
                throw fail()
            }
        }
        // Exactly one quorum line.
        guard sawQuorum else { throw TransparencyError.malformedPolicy(line: 0) }
    }

    /// Returns whether the witnesses named in `cosigners` satisfy the quorum.
    public func isQuorumMet(byWitnessesNamed cosigners: Set<String>) -> Bool {
        guard quorum != WitnessPolicy.noQuorumName else { return true }
        var witnessed = cosigners.intersection(witnesses.map(\.name))
        // Groups only refer to earlier names, so one pass in file order settles every group.
        for group in groups where group.members.filter(witnessed.contains).count >= group.threshold {
            witnessed.insert(group.name)
        }
        return witnessed.contains(quorum)
    }

    /// Verifies a cosigned checkpoint note against the policy and returns its checkpoint.
    ///
    /// A listed log must have signed it, whose key name equals the origin; every known signature
    /// must verify (a failing one rejects the note); the witnesses whose cosignatures verify must
    /// meet the quorum. Throws `TransparencyError.noVerifiedSignature`, `.signatureInvalid`,
    /// `.malformedCheckpoint` or `.quorumNotMet`.
    public func verify(checkpointNote: String) throws -> Checkpoint {
        let note = try SignedNote(parsing: checkpointNote)
        let verified = try note.verify(using: logs + witnesses.map(\.verifier))
        let checkpoint = try Checkpoint(parsing: note.text)
        guard verified.contains(where: { $0.signatureType == .ed25519 && $0.name == checkpoint.origin }) else {
            throw TransparencyError.noVerifiedSignature
        }
        let cosigners = Set(witnesses.filter { verified.contains($0.verifier) }.map(\.name))
        guard isQuorumMet(byWitnessesNamed: cosigners) else { throw TransparencyError.quorumNotMet(quorum: quorum) }
        return checkpoint
    }
}

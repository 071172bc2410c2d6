// WitnessEvidence: the standalone file an inspector (witness) writes when it refuses to cosign:
// the checkpoint it cosigned last, the checkpoint it was offered, and the consistency proof that
// failed, so that anyone can re-check the refusal offline. Each note is framed by its byte count,
// so notes (which contain blank lines) need no escaping:
//   fundledger/witness-evidence@v1
//   reason <rollback | split-view | inconsistent>
//   witness <witness key name>
//   time <POSIX seconds>
//   previous <byte count>
//   <previous cosigned checkpoint note, exactly that many bytes>
//   offered <byte count>
//   <offered checkpoint note>
//   proof <old size> <new size> <hash count>
//   <one base64 hash per line>

/// Evidence of a refused checkpoint: rollback, split view or failed consistency proof.
public struct WitnessEvidence: Hashable, Sendable {
    /// Why the witness refused.
    public enum Reason: String, Sendable {
        /// The offered checkpoint is smaller than the last cosigned one (rollback or truncation).
        case rollback
        /// Same size, different root: two views of one log.
        case splitView = "split-view"
        /// The consistency proof from the last cosigned checkpoint fails.
        case inconsistent
    }

    /// The first line of every evidence file.
    public static let header = "fundledger/witness-evidence@v1"

    /// Why the witness refused.
    public var reason: Reason
    /// The witness's key name.
    public var witnessName: String
    /// When the witness refused, POSIX seconds.
    public var time: UInt64
    /// The last checkpoint note this witness cosigned for the origin.
    public var previousNote: String
    /// The checkpoint note offered for cosigning.
    public var offeredNote: String
    /// The consistency proof offered with it.
    public var proof: ConsistencyProof

    /// Creates evidence from its parts.
    public init(reason: Reason, witnessName: String, time: UInt64, previousNote: String, offeredNote: String, proof: ConsistencyProof) {
        self.reason = reason
        self.witnessName = witnessName
        self.time = time
        self.previousNote = previousNote
        self.offeredNote = offeredNote
        self.proof = proof
    }

    /// The evidence file's text.
    public var serialized: String {
        var text = "\(WitnessEvidence.header)\nreason \(reason.rawValue)\nwitness \(witnessName)\ntime \(time)\n"
        text += "previous \(previousNote.utf8.count)\n\(previousNote)"
        text += "offered \(offeredNote.utf8.count)\n\(offeredNote)"
        text += "proof \(proof.oldTreeSize) \(proof.newTreeSize) \(proof.hashes.count)\n"
        for hash in proof.hashes { text += hash.base64EncodedString + "\n" }
        return text
    }

    /// Parses an evidence file. Throws `TransparencyError.malformedNote(byteOffset:)` at the first defect.
    public init(parsing text: String) throws {
        var reader = LineReader(bytes: Array(text.utf8))
        guard try reader.line() == WitnessEvidence.header,
            let reason = Reason(rawValue: try reader.field("reason")),
            case let witnessName = try reader.field("witness"),
            let time = UInt64(try reader.field("time")),
            let previousCount = Int(try reader.field("previous"))
        else { throw TransparencyError.malformedNote(byteOffset: reader.offset) }
        let previousNote = try reader.bytes(previousCount)
        guard let offeredCount = Int(try reader.field("offered")) else { throw TransparencyError.malformedNote(byteOffset: reader.offset) }
        let offeredNote = try reader.bytes(offeredCount)
        let sizes = try reader.field("proof").split(separator: " ").compactMap { Int($0) }
        guard sizes.count == 3 else { throw TransparencyError.malformedNote(byteOffset: reader.offset) }
        var hashes: [TreeHash] = []
        for _ in 0..<sizes[2] {
            guard let hash = TreeHash(base64: try reader.line()) else { throw TransparencyError.malformedNote(byteOffset: reader.offset) }
            hashes.append(hash)
        }
        guard reader.isAtEnd else { throw TransparencyError.malformedNote(byteOffset: reader.offset) }
        self.init(
            reason: reason, witnessName: witnessName, time: time, previousNote: previousNote, offeredNote: offeredNote,
            proof: ConsistencyProof(oldTreeSize: sizes[0], newTreeSize: sizes[1], hashes: hashes))
    }
}

/// Reads newline-terminated lines and counted byte runs from untrusted text.
struct LineReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    /// Returns the next line without its newline; throws when there is no complete line.
    mutating func line() throws -> String {
        guard let end = bytes[offset...].firstIndex(of: 0x0a) else { throw TransparencyError.malformedNote(byteOffset: offset) }
        let line = String(decoding: bytes[offset..<end], as: UTF8.self)
        offset = end + 1
        return line
    }

    /// Returns the value of a line `<name> <value>`; throws when the name differs.
    mutating func field(_ name: String) throws -> String {
        let start = offset
        let text = try line()
        guard text.hasPrefix(name + " ") else { throw TransparencyError.malformedNote(byteOffset: start) }
        return String(text.dropFirst(name.count + 1))
    }

    /// Returns the next `count` bytes as text.
    mutating func bytes(_ count: Int) throws -> String {
        guard count >= 0, count <= bytes.count - offset else { throw TransparencyError.malformedNote(byteOffset: offset) }
        let text = String(decoding: bytes[offset..<offset + count], as: UTF8.self)
        offset += count
        return text
    }
}

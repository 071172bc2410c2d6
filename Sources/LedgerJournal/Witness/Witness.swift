// Witness: an inspectorate acting as a file-based, offline transparency-log witness. For each
// origin it keeps, in its state directory, the last checkpoint note it cosigned. It cosigns a new
// checkpoint (C2SP tlog-cosignature, cosignature/v1) only after checking the log's signature and
// a consistency proof from that stored checkpoint; a rollback (smaller tree, also what a
// truncation looks like), a split view (same size, different root) or a failing proof is refused
// and written out as a WitnessEvidence file. The check and the state update happen under an
// exclusive lock, and the state is replaced atomically (temp file, fsync, rename, fsync dir), so
// a crash never leaves a witness that cosigned something it has not recorded.

import Foundation
import LedgerCrypto

/// A file-based offline witness (an inspectorate that cosigns checkpoints).
public struct Witness: Sendable {
    /// The witness's cosigning key (signature type `.cosignatureV1`).
    public let key: NoteSigner
    /// The directory holding one state file per origin, the lock file and evidence files.
    public let stateDirectory: String

    /// Creates a witness. Requires a `.cosignatureV1` key (a programmer error otherwise).
    public init(key: NoteSigner, stateDirectory: String) {
        precondition(key.signatureType == .cosignatureV1, "witnesses sign cosignature/v1")
        self.key = key
        self.stateDirectory = stateDirectory
    }

    /// Returns the path of the state file for `origin`: `<state>/<hex SHA-256(origin)[:16]>.checkpoint`.
    public func statePath(forOrigin origin: String) -> String {
        let digest = SHA256.hash(data: Array(origin.utf8))
        let name = Hex.encode(Array(digest.prefix(16)))
        return (stateDirectory as NSString).appendingPathComponent("\(name).checkpoint")
    }

    /// Returns the last checkpoint note this witness cosigned for `origin`, or nil if none.
    /// Throws `TransparencyError.witnessStateInvalid` when the stored note does not carry this
    /// witness's valid cosignature (a damaged or forged state file).
    public func lastCosignedNote(forOrigin origin: String) throws -> SignedNote? {
        let path = statePath(forOrigin: origin)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let text = String(data: data, encoding: .utf8), let note = try? SignedNote(parsing: text),
            (try? note.verify(using: [key.verifier])) != nil,
            let checkpoint = try? Checkpoint(parsing: note.text), checkpoint.origin == origin
        else { throw TransparencyError.witnessStateInvalid(path: path) }
        return note
    }

    /// Verifies `checkpointNote` and cosigns it if it is consistent with the last checkpoint this
    /// witness cosigned for its origin; returns the note with the cosignature line added.
    ///
    /// `consistencyProof` links the stored checkpoint's size to the new one (empty when there is no
    /// stored checkpoint or the sizes are equal). `now` is the cosignature time.
    /// Throws `TransparencyError.signatureInvalid`/`.noVerifiedSignature` when the log did not sign
    /// it, `.malformedCheckpoint`, `.originMismatch` when the origin is not the log key's name, and
    /// `.rollback`, `.splitView` or `.inconsistentCheckpoint` (each naming the evidence file
    /// written) when it refuses; the state is unchanged in every error case.
    public func cosign(
        checkpointNote: String, logVerifier: NoteVerifier, consistencyProof: [TreeHash], now: Date
    ) throws -> String {
        var note = try SignedNote(parsing: checkpointNote)
        try note.verify(using: [logVerifier])
        let checkpoint = try Checkpoint(parsing: note.text)
        // C2SP tlog-checkpoint: the log's key name matches its origin; a witness is configured per log.
        guard checkpoint.origin == logVerifier.name else {
            throw TransparencyError.originMismatch(expected: logVerifier.name, actual: checkpoint.origin)
        }
        let time = UInt64(max(0, now.timeIntervalSince1970.rounded(.down)))

        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        let lock = try WitnessFiles.lockDirectory(stateDirectory)
        defer { _ = Foundation.close(lock) }

        if let previous = try lastCosignedNote(forOrigin: checkpoint.origin) {
            let old = try Checkpoint(parsing: previous.text)
            let proof = ConsistencyProof(oldTreeSize: old.treeSize, newTreeSize: checkpoint.treeSize, hashes: consistencyProof)
            func refuse(_ reason: WitnessEvidence.Reason) throws -> String {
                let evidence = WitnessEvidence(
                    reason: reason, witnessName: key.name, time: time, previousNote: previous.serialized,
                    offeredNote: checkpointNote, proof: proof)
                // Never overwrite earlier evidence: number repeats within the same second.
                let stem = "evidence-\(reason.rawValue)-\(old.treeSize)-\(checkpoint.treeSize)-\(time)"
                var path = (stateDirectory as NSString).appendingPathComponent(stem + ".txt")
                var repeatNumber = 1
                while FileManager.default.fileExists(atPath: path) {
                    repeatNumber += 1
                    path = (stateDirectory as NSString).appendingPathComponent("\(stem)-\(repeatNumber).txt")
                }
                try WitnessFiles.writeAtomically(Array(evidence.serialized.utf8), toPath: path, directory: stateDirectory)
                return path
            }
            if checkpoint.treeSize < old.treeSize {
                let path = try refuse(.rollback)
                throw TransparencyError.rollback(oldSize: old.treeSize, newSize: checkpoint.treeSize, evidencePath: path)
            }
            if checkpoint.treeSize == old.treeSize && checkpoint.rootHash != old.rootHash {
                let path = try refuse(.splitView)
                throw TransparencyError.splitView(size: old.treeSize, evidencePath: path)
            }
            guard proof.isValid(oldRootHash: old.rootHash, newRootHash: checkpoint.rootHash) else {
                let path = try refuse(.inconsistent)
                throw TransparencyError.inconsistentCheckpoint(oldSize: old.treeSize, newSize: checkpoint.treeSize, evidencePath: path)
            }
        } else if !consistencyProof.isEmpty {
            // Nothing stored: the only consistent proof is from the empty tree, which is empty.
            throw TransparencyError.proofLengthMismatch(expected: 0, actual: consistencyProof.count)
        }

        try note.addSignature(by: key, timestamp: time)
        let cosigned = note.serialized
        try WitnessFiles.writeAtomically(Array(cosigned.utf8), toPath: statePath(forOrigin: checkpoint.origin), directory: stateDirectory)
        return cosigned
    }
}

extension Witness {
    /// Cosigns `checkpointNote` as the witness with `key` and state in `stateDirectory`; see
    /// `cosign(checkpointNote:logVerifier:consistencyProof:now:)` for the checks and errors.
    public static func cosign(
        checkpointNote: String, logVerifier: NoteVerifier, consistencyProof: [TreeHash], stateDirectory: String,
        key: NoteSigner, now: Date
    ) throws -> String {
        try Witness(key: key, stateDirectory: stateDirectory).cosign(
            checkpointNote: checkpointNote, logVerifier: logVerifier, consistencyProof: consistencyProof, now: now)
    }
}

/// The file operations of a witness: an exclusive lock and atomic replacement.
enum WitnessFiles {
    /// Takes an exclusive `flock` on `<directory>/witness.lock`; returns the descriptor to close.
    static func lockDirectory(_ directory: String) throws -> Int32 {
        let path = (directory as NSString).appendingPathComponent("witness.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TransparencyError.witnessStateWriteFailed(path: path, errno: errno) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            let code = errno
            _ = close(descriptor)
            throw TransparencyError.witnessStateWriteFailed(path: path, errno: code)
        }
        return descriptor
    }

    /// Writes `bytes` to a temporary file, fsyncs it, renames it over `path` and fsyncs the directory.
    static func writeAtomically(_ bytes: [UInt8], toPath path: String, directory: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw TransparencyError.witnessStateWriteFailed(path: temporary, errno: errno) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let code = result < 0 ? errno : EIO
                _ = close(descriptor)
                _ = unlink(temporary)
                throw TransparencyError.witnessStateWriteFailed(path: temporary, errno: code)
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            _ = close(descriptor)
            _ = unlink(temporary)
            throw TransparencyError.witnessStateWriteFailed(path: temporary, errno: code)
        }
        _ = close(descriptor)
        guard rename(temporary, path) == 0 else {
            let code = errno
            _ = unlink(temporary)
            throw TransparencyError.witnessStateWriteFailed(path: path, errno: code)
        }
        // The rename is durable only once the directory entry is on disk.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryDescriptor >= 0 else { throw TransparencyError.witnessStateWriteFailed(path: directory, errno: errno) }
        defer { _ = close(directoryDescriptor) }
        guard fsync(directoryDescriptor) == 0 else { throw TransparencyError.witnessStateWriteFailed(path: directory, errno: errno) }
    }
}

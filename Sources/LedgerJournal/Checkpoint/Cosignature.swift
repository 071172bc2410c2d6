// Cosignature: the C2SP tlog-cosignature v1 framing for Ed25519 witness cosignatures. A witness
// (an inspectorate) signs
//   "cosignature/v1\n" ‖ "time " <decimal POSIX seconds> "\n" ‖ <checkpoint note text>
// and publishes the signature line "— <witness name> base64(key ID ‖ timestamp (u64, big-endian)
// ‖ Ed25519 signature)". The framing is a published format and must never change.

/// The C2SP tlog-cosignature (cosignature/v1, type 0x04) message and signature layout.
public enum Cosignature {
    /// The first line of every signed message: domain separation.
    public static let header = "cosignature/v1"
    /// The byte count of an Ed25519 signature.
    public static let ed25519SignatureByteCount = 64
    /// The byte count of a cosignature after the key ID: 8-byte timestamp and 64-byte signature.
    public static let signatureByteCount = 8 + ed25519SignatureByteCount

    /// Returns the message a witness signs for `checkpointText` at POSIX time `timestamp`.
    public static func signedMessage(checkpointText: [UInt8], timestamp: UInt64) -> [UInt8] {
        // C2SP tlog-cosignature: two newline-terminated lines, then the whole note body.
        Array("\(header)\ntime \(timestamp)\n".utf8) + checkpointText
    }

    /// Returns the timestamp of a cosignature (the bytes after the key ID), or nil when the bytes
    /// have the wrong length or the timestamp exceeds 2^63 - 1.
    public static func timestamp(ofSignature signature: [UInt8]) -> UInt64? {
        guard signature.count == signatureByteCount else { return nil }
        let timestamp = signature[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        // C2SP tlog-cosignature: the timestamp MUST NOT exceed 2^63 - 1.
        guard timestamp <= UInt64(Int64.max) else { return nil }
        return timestamp
    }

    /// Returns the 8 big-endian bytes of a timestamp.
    static func timestampBytes(_ timestamp: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: timestamp >> (56 - 8 * $0)) }
    }
}

// NoteKey: the signed-note key formats shared by logs and witnesses (C2SP signed-note
// "Verifier keys", Go's golang.org/x/mod/sumdb/note):
//   verifier key  <name>+<8 hex digits key ID>+base64(<type byte> ‖ 32-byte Ed25519 public key)
//   signer key    PRIVATE+KEY+<name>+<8 hex digits key ID>+base64(<type byte> ‖ 32-byte seed)
//   key ID        first 4 bytes (big-endian) of SHA-256(<name> ‖ "\n" ‖ <type byte> ‖ public key)
// Type 0x01 is a plain Ed25519 note signature (the log's checkpoint signature); type 0x04 is a
// timestamped Ed25519 cosignature (C2SP tlog-cosignature). Both formats are published with
// checkpoints and policies and must never change.

import Foundation
import LedgerCrypto

/// The signature algorithm of a note key (C2SP signed-note signature type byte).
public enum NoteSignatureType: UInt8, Sendable, Hashable {
    /// Ed25519 over the note text (C2SP signed-note §Ed25519 signatures).
    case ed25519 = 0x01
    /// Timestamped Ed25519 witness cosignature over "cosignature/v1" framing (C2SP tlog-cosignature).
    case cosignatureV1 = 0x04
}

/// Helpers shared by note keys, signatures and policies.
enum NoteKey {
    /// The byte count of an Ed25519 public key or seed.
    static let ed25519KeyByteCount = 32

    /// Returns the key ID: SHA-256(name ‖ "\n" ‖ type ‖ public key)[:4], big-endian.
    static func keyHash(name: String, type: NoteSignatureType, publicKey: [UInt8]) -> UInt32 {
        // C2SP signed-note: key ID = SHA-256(key name || 0x0A || signature type || public key)[:4].
        var hasher = SHA256()
        var input = Array(name.utf8)
        input.append(0x0a)
        input.append(type.rawValue)
        input.append(contentsOf: publicKey)
        input.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let digest = hasher.finalize()
        return digest.withUnsafeBytes { bytes in
            UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        }
    }

    /// Returns whether `name` is a valid key name: non-empty, no Unicode spaces, no plus sign.
    static func isValidName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0.properties.isWhitespace || $0 == "+" }
            && !name.unicodeScalars.contains { $0.value < 0x20 }
    }

    /// Returns the key ID as 8 lowercase hex digits.
    static func hexKeyHash(_ keyHash: UInt32) -> String {
        let hex = String(keyHash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Parses 8 hex digits.
    static func parseKeyHash(_ text: some StringProtocol) -> UInt32? {
        guard text.utf8.count == 8, text.utf8.allSatisfy({ $0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit }) else {
            return nil
        }
        return UInt32(text, radix: 16)
    }

    /// Decodes standard base64 (RFC 4648 §4) in canonical form only; nil otherwise.
    static func decodeBase64(_ text: some StringProtocol) -> [UInt8]? {
        let string = String(text)
        guard let data = Data(base64Encoded: string), data.base64EncodedString() == string else { return nil }
        return Array(data)
    }

    /// Encodes standard base64 (RFC 4648 §4) with padding.
    static func encodeBase64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}

/// A public key that verifies note signatures of one name and type (a log or a witness).
public struct NoteVerifier: Hashable, Sendable {
    /// The key name (for a log, its origin).
    public let name: String
    /// The 4-byte key ID that signature lines carry.
    public let keyHash: UInt32
    /// Plain Ed25519 note signature or timestamped cosignature.
    public let signatureType: NoteSignatureType
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// Creates a verifier from a name, a 32-byte Ed25519 public key and a type.
    /// Throws `TransparencyError.invalidKeyName` or `.malformedVerifierKey` (wrong key length
    /// or a key that is not a valid Ed25519 point).
    public init(name: String, publicKey: [UInt8], signatureType: NoteSignatureType = .ed25519) throws {
        guard NoteKey.isValidName(name) else { throw TransparencyError.invalidKeyName }
        guard publicKey.count == NoteKey.ed25519KeyByteCount,
            (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil
        else { throw TransparencyError.malformedVerifierKey }
        self.name = name
        self.publicKey = publicKey
        self.signatureType = signatureType
        self.keyHash = NoteKey.keyHash(name: name, type: signatureType, publicKey: publicKey)
    }

    /// Parses a verifier key string `name+hash+base64(type ‖ key)`. Throws
    /// `TransparencyError.malformedVerifierKey` when it is malformed, of an unsupported type, or
    /// its key ID does not match its name and key.
    public init(verifierKey: String) throws {
        // The base64 key may itself contain "+": split at the first two only (as sumdb/note does).
        let parts = verifierKey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, NoteKey.isValidName(parts[0]), let keyHash = NoteKey.parseKeyHash(parts[1]),
            let keyData = NoteKey.decodeBase64(parts[2]), keyData.count == 1 + NoteKey.ed25519KeyByteCount,
            let type = NoteSignatureType(rawValue: keyData[0])
        else { throw TransparencyError.malformedVerifierKey }
        try self.init(name: String(parts[0]), publicKey: Array(keyData[1...]), signatureType: type)
        guard self.keyHash == keyHash else { throw TransparencyError.malformedVerifierKey }
    }

    /// The verifier key string `name+hash+base64(type ‖ key)`.
    public var verifierKey: String {
        "\(name)+\(NoteKey.hexKeyHash(keyHash))+\(NoteKey.encodeBase64([signatureType.rawValue] + publicKey))"
    }

    /// Returns whether `signature` (the bytes after the key ID) is this key's signature of the
    /// note `text`. For cosignatures, `signature` is timestamp (8 bytes) ‖ Ed25519 signature.
    public func isValidSignature(_ signature: [UInt8], forText text: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        switch signatureType {
        case .ed25519:
            return signature.count == Cosignature.ed25519SignatureByteCount && key.isValidSignature(signature, for: text)
        case .cosignatureV1:
            guard let timestamp = Cosignature.timestamp(ofSignature: signature) else { return false }
            let message = Cosignature.signedMessage(checkpointText: text, timestamp: timestamp)
            return key.isValidSignature(Array(signature[8...]), for: message)
        }
    }
}

/// A private key that signs notes under one name and type (a log or a witness).
public struct NoteSigner: Sendable {
    /// The key name.
    public let name: String
    /// The 4-byte key ID.
    public let keyHash: UInt32
    /// Plain Ed25519 note signature or timestamped cosignature.
    public let signatureType: NoteSignatureType
    /// The 32-byte Ed25519 seed (private).
    private let seed: [UInt8]
    /// The matching public key.
    public let publicKey: [UInt8]

    /// Creates a signer from a name, a 32-byte Ed25519 seed and a type.
    /// Throws `TransparencyError.invalidKeyName` or `.malformedSignerKey`.
    public init(name: String, seed: [UInt8], signatureType: NoteSignatureType = .ed25519) throws {
        guard NoteKey.isValidName(name) else { throw TransparencyError.invalidKeyName }
        guard seed.count == NoteKey.ed25519KeyByteCount,
            let privateKey = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        else { throw TransparencyError.malformedSignerKey }
        self.name = name
        self.seed = seed
        self.signatureType = signatureType
        self.publicKey = Array(privateKey.publicKey.rawRepresentation)
        self.keyHash = NoteKey.keyHash(name: name, type: signatureType, publicKey: publicKey)
    }

    /// Parses a signer key string `PRIVATE+KEY+name+hash+base64(type ‖ seed)`. Throws
    /// `TransparencyError.malformedSignerKey` when malformed or when the key ID does not match.
    public init(signerKey: String) throws {
        let parts = signerKey.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY", NoteKey.isValidName(parts[2]),
            let keyHash = NoteKey.parseKeyHash(parts[3]), let keyData = NoteKey.decodeBase64(parts[4]),
            keyData.count == 1 + NoteKey.ed25519KeyByteCount, let type = NoteSignatureType(rawValue: keyData[0])
        else { throw TransparencyError.malformedSignerKey }
        try self.init(name: String(parts[2]), seed: Array(keyData[1...]), signatureType: type)
        guard self.keyHash == keyHash else { throw TransparencyError.malformedSignerKey }
    }

    /// The signer key string `PRIVATE+KEY+name+hash+base64(type ‖ seed)`. Secret.
    public var signerKey: String {
        "PRIVATE+KEY+\(name)+\(NoteKey.hexKeyHash(keyHash))+\(NoteKey.encodeBase64([signatureType.rawValue] + seed))"
    }

    /// The matching verifier.
    public var verifier: NoteVerifier {
        // The public key came from a valid private key, so this cannot fail.
        try! NoteVerifier(name: name, publicKey: publicKey, signatureType: signatureType)
    }

    /// Returns this key's signature line for the note `text`. Cosigners pass the POSIX
    /// `timestamp` (required for `.cosignatureV1`, ignored otherwise).
    /// Throws `TransparencyError.cosignatureTimestampInvalid` for a timestamp beyond 2^63 - 1.
    public func signature(forText text: [UInt8], timestamp: UInt64? = nil) throws -> NoteSignature {
        let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        switch signatureType {
        case .ed25519:
            let signature = try privateKey.signature(for: text)
            return NoteSignature(name: name, keyHash: keyHash, signature: Array(signature))
        case .cosignatureV1:
            let time = timestamp ?? 0
            guard time <= UInt64(Int64.max) else { throw TransparencyError.cosignatureTimestampInvalid(timestamp: time) }
            let message = Cosignature.signedMessage(checkpointText: text, timestamp: time)
            let signature = try privateKey.signature(for: message)
            return NoteSignature(name: name, keyHash: keyHash, signature: Cosignature.timestampBytes(time) + Array(signature))
        }
    }
}

// SignedNote: the C2SP signed-note envelope (Go's golang.org/x/mod/sumdb/note): a UTF-8 text
// ending in a newline, a blank line, then one or more signature lines
//   "— " <key name> " " base64(key ID (4 bytes, big-endian) ‖ signature) "\n"
// Verification follows the spec: signatures from unknown keys are ignored (they allow key rotation
// and cosigning), a known key whose signature fails rejects the whole note, and a note with no
// verifying known key is rejected. Parsing untrusted bytes stops at the first defect.

/// One signature line of a signed note.
public struct NoteSignature: Hashable, Sendable {
    /// The key name.
    public var name: String
    /// The 4-byte key ID.
    public var keyHash: UInt32
    /// The signature bytes after the key ID.
    public var signature: [UInt8]

    /// Creates a signature line from its parts.
    public init(name: String, keyHash: UInt32, signature: [UInt8]) {
        self.name = name
        self.keyHash = keyHash
        self.signature = signature
    }

    /// The line, including the em dash prefix and the final newline.
    public var line: String {
        let keyID: [UInt8] = [UInt8(keyHash >> 24), UInt8(keyHash >> 16 & 0xff), UInt8(keyHash >> 8 & 0xff), UInt8(keyHash & 0xff)]
        return "\u{2014} \(name) \(NoteKey.encodeBase64(keyID + signature))\n"
    }
}

/// A C2SP signed note: text plus signature lines.
public struct SignedNote: Hashable, Sendable {
    /// The most signature lines accepted; the spec requires at least 16, sumdb/note stops at 100.
    public static let maximumSignatureCount = 100
    /// The largest note accepted, in bytes: 100 post-quantum-sized signatures and a short text.
    public static let maximumNoteByteCount = 1 << 20

    /// The note text, ending with a newline (not including the blank separator line).
    public var text: String
    /// The signature lines, in order.
    public var signatures: [NoteSignature]

    /// Creates a note. Requires `text` to end with a newline (a programmer error otherwise).
    public init(text: String, signatures: [NoteSignature] = []) {
        precondition(text.hasSuffix("\n"), "note text ends with a newline")
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note's structure (no signature is checked here; see `verify(using:)`).
    /// Throws `TransparencyError.noteTooLarge`, `.tooManySignatures` or `.malformedNote(byteOffset:)`.
    public init(parsing note: String) throws {
        let bytes = Array(note.utf8)
        guard bytes.count <= SignedNote.maximumNoteByteCount else {
            throw TransparencyError.noteTooLarge(byteCount: bytes.count, limit: SignedNote.maximumNoteByteCount)
        }
        // C2SP signed-note: no ASCII control characters other than newline.
        if let offset = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x0a }) {
            throw TransparencyError.malformedNote(byteOffset: offset)
        }
        guard bytes.last == 0x0a else { throw TransparencyError.malformedNote(byteOffset: bytes.count) }
        // The text is separated from the signatures by the last empty line.
        var separator: Int? = nil
        var position = bytes.count - 2
        while position >= 0 {
            if bytes[position] == 0x0a && (position == 0 || bytes[position - 1] == 0x0a) {
                separator = position
                break
            }
            position -= 1
        }
        // The text must be non-empty and end in a newline: the blank line cannot come first.
        guard let blank = separator, blank > 0 else { throw TransparencyError.malformedNote(byteOffset: 0) }
        let text = String(decoding: bytes[..<blank], as: UTF8.self)
        var signatures: [NoteSignature] = []
        var lineStart = blank + 1
        let prefix = Array("\u{2014} ".utf8)
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0a)!
            let line = bytes[lineStart..<lineEnd]
            guard line.starts(with: prefix) else { throw TransparencyError.malformedNote(byteOffset: lineStart) }
            let rest = line.dropFirst(prefix.count)
            guard let space = rest.lastIndex(of: 0x20) else { throw TransparencyError.malformedNote(byteOffset: lineStart) }
            let name = String(decoding: rest[..<space], as: UTF8.self)
            let encoded = String(decoding: rest[(space + 1)...], as: UTF8.self)
            guard NoteKey.isValidName(name), let decoded = NoteKey.decodeBase64(encoded), decoded.count > 4 else {
                throw TransparencyError.malformedNote(byteOffset: lineStart)
            }
            signatures.append(NoteSignature(
                name: name, keyHash: decoded[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) },
                signature: Array(decoded[4...])))
            guard signatures.count <= SignedNote.maximumSignatureCount else {
                throw TransparencyError.tooManySignatures(count: signatures.count, limit: SignedNote.maximumSignatureCount)
            }
            lineStart = lineEnd + 1
        }
        guard !signatures.isEmpty else { throw TransparencyError.malformedNote(byteOffset: blank + 1) }
        self.text = text
        self.signatures = signatures
    }

    /// The note as text: the note text, a blank line, then the signature lines.
    public var serialized: String {
        text + "\n" + signatures.map(\.line).joined()
    }

    /// Verifies the note against known keys and returns the verifiers whose signatures verified,
    /// each once, in the order of `verifiers`.
    ///
    /// Signatures whose (name, key ID) match no verifier are ignored. Throws
    /// `TransparencyError.signatureInvalid` when a known key's signature fails (the whole note is
    /// rejected) and `.noVerifiedSignature` when no known key signed.
    @discardableResult
    public func verify(using verifiers: [NoteVerifier]) throws -> [NoteVerifier] {
        let textBytes = Array(text.utf8)
        var verified = Set<NoteVerifier>()
        for signature in signatures {
            // C2SP signed-note: the (name, key ID) pair identifies the key; both must match.
            for verifier in verifiers where verifier.name == signature.name && verifier.keyHash == signature.keyHash {
                guard verifier.isValidSignature(signature.signature, forText: textBytes) else {
                    throw TransparencyError.signatureInvalid(keyName: signature.name, keyHash: signature.keyHash)
                }
                verified.insert(verifier)
            }
        }
        guard !verified.isEmpty else { throw TransparencyError.noVerifiedSignature }
        return verifiers.filter { verified.contains($0) }
    }

    /// Parses and verifies a note in one step (sumdb/note `Open`). See `verify(using:)`.
    public static func open(_ note: String, verifiers: [NoteVerifier]) throws -> (note: SignedNote, verified: [NoteVerifier]) {
        let parsed = try SignedNote(parsing: note)
        return (parsed, try parsed.verify(using: verifiers))
    }

    /// Adds `signer`'s signature line (cosigners pass the POSIX `timestamp`), replacing an earlier
    /// line of the same key. Throws what `NoteSigner.signature(forText:timestamp:)` throws.
    public mutating func addSignature(by signer: NoteSigner, timestamp: UInt64? = nil) throws {
        let signature = try signer.signature(forText: Array(text.utf8), timestamp: timestamp)
        signatures.removeAll { $0.name == signature.name && $0.keyHash == signature.keyHash }
        signatures.append(signature)
    }
}

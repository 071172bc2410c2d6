// The entry envelope (docs/FORMAT.md §3-§4). What must never change in format v1: the member names,
// their encodings (lowercase hex, RFC 3339 seconds), the signature's domain-separation prefix and the
// definition of the leaf hash. Changing any of them breaks every journal ever signed.
import LedgerCrypto

/// One journal line: an event (kind, id, scope, body) inside its signed, hash-chained envelope.
public struct JournalEntry: Sendable, Equatable {
    /// The 0-based position (`seq`).
    public var sequence: Int
    /// The leaf hash of the previous line (`prev`); `EntryHash.zero` for entry 0.
    public var previousHash: EntryHash
    /// When the entry was recorded (`time`), UTC seconds.
    public var time: Timestamp
    /// The event kind, e.g. `fund.disburse`.
    public var kind: String
    /// The client-chosen event id, unique in the journal.
    public var id: String
    /// The 6-digit administrative division code the event concerns; nil for national events.
    public var scope: String?
    /// The event body, opaque to the journal layer.
    public var body: JSONValue
    /// The key id of the signer (16 lowercase hex digits).
    public var signerKeyID: String
    /// The 64-byte Ed25519 signature; empty before signing.
    public var signature: [UInt8]

    /// Creates an entry from its parts.
    public init(sequence: Int, previousHash: EntryHash, time: Timestamp, kind: String, id: String,
                scope: String?, body: JSONValue, signerKeyID: String, signature: [UInt8] = []) {
        self.sequence = sequence
        self.previousHash = previousHash
        self.time = time
        self.kind = kind
        self.id = id
        self.scope = scope
        self.body = body
        self.signerKeyID = signerKeyID
        self.signature = signature
    }

    /// The ASCII prefix that separates entry signatures from every other use of a key.
    public static let signatureDomain: [UInt8] = Array("fundledger/v1 entry\n".utf8)
    /// The longest event id, in UTF-8 bytes.
    public static let maximumIDByteCount = 128

    /// The envelope as a JSON object, with or without `sig`.
    public func jsonValue(includingSignature: Bool = true) -> JSONValue {
        var members: [String: JSONValue] = [
            "body": body, "id": .string(id), "kind": .string(kind), "prev": .string(previousHash.hex),
            "seq": .integer(Int64(sequence)), "signer": .string(signerKeyID), "time": .string(time.rfc3339),
        ]
        if let scope { members["scope"] = .string(scope) }
        if includingSignature { members["sig"] = .string(Hex.encode(signature)) }
        return .object(members)
    }

    /// The canonical line (without line feed) that is written, hashed and verified.
    public func canonicalLine() -> [UInt8] { CanonicalJSON.encode(jsonValue()) }

    /// The bytes that the signature covers: the domain prefix and the canonical entry without `sig`.
    public func signedMessage() -> [UInt8] {
        var message = Self.signatureDomain
        message.append(contentsOf: CanonicalJSON.encode(jsonValue(includingSignature: false)))
        return message
    }

    /// Signs the entry with `key`, setting `signerKeyID` and `signature`.
    public mutating func sign(with key: Curve25519.Signing.PrivateKey) throws {
        signerKeyID = KeyID(publicKey: key.publicKey).hex
        signature = Array(try key.signature(for: signedMessage()))
    }

    /// Decodes an envelope from a parsed line. Checks member names, types and encodings, not the
    /// signature, chain or authorization.
    public init(parsing value: JSONValue) throws(JournalError) {
        guard case .object(let members) = value else {
            throw .malformedEnvelope(sequence: nil, member: "", problem: .wrongType)
        }
        let sequenceValue = members["seq"]?.integerValue
        let known: Set<String> = ["body", "id", "kind", "prev", "scope", "seq", "sig", "signer", "time"]
        let sequenceForErrors = sequenceValue.map { Int($0) }
        if let unexpected = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw .malformedEnvelope(sequence: sequenceForErrors, member: unexpected, problem: .unexpectedMember)
        }
        func string(_ name: String) throws(JournalError) -> String {
            guard let member = members[name] else {
                throw .malformedEnvelope(sequence: sequenceForErrors, member: name, problem: .missing)
            }
            guard let text = member.stringValue else {
                throw .malformedEnvelope(sequence: sequenceForErrors, member: name, problem: .wrongType)
            }
            return text
        }
        guard let sequenceValue else {
            throw .malformedEnvelope(sequence: nil, member: "seq", problem: members["seq"] == nil ? .missing : .wrongType)
        }
        guard sequenceValue >= 0 else {
            throw .malformedEnvelope(sequence: nil, member: "seq", problem: .malformed)
        }
        sequence = Int(sequenceValue)
        guard let body = members["body"] else {
            throw .malformedEnvelope(sequence: sequence, member: "body", problem: .missing)
        }
        guard case .object = body else {
            throw .malformedEnvelope(sequence: sequence, member: "body", problem: .wrongType)
        }
        self.body = body
        id = try string("id")
        guard Self.isValidID(id) else {
            throw .malformedEnvelope(sequence: sequence, member: "id", problem: .malformed)
        }
        kind = try string("kind")
        guard Self.isValidKind(kind) else {
            throw .malformedEnvelope(sequence: sequence, member: "kind", problem: .malformed)
        }
        guard let previous = EntryHash(lowercaseHex: try string("prev")) else {
            throw .malformedEnvelope(sequence: sequence, member: "prev", problem: .malformed)
        }
        previousHash = previous
        if members["scope"] != nil {
            let scopeText = try string("scope")
            guard Self.isValidScope(scopeText) else {
                throw .malformedEnvelope(sequence: sequence, member: "scope", problem: .malformed)
            }
            scope = scopeText
        } else {
            scope = nil
        }
        let signatureHex = try string("sig")
        guard let signatureBytes = Self.decodeLowercaseHex(signatureHex, byteCount: 64) else {
            throw .malformedEnvelope(sequence: sequence, member: "sig", problem: .malformed)
        }
        signature = signatureBytes
        signerKeyID = try string("signer")
        guard KeyID.isWellFormed(signerKeyID) else {
            throw .malformedEnvelope(sequence: sequence, member: "signer", problem: .malformed)
        }
        guard let parsedTime = Timestamp(rfc3339: try string("time")) else {
            throw .malformedEnvelope(sequence: sequence, member: "time", problem: .malformed)
        }
        time = parsedTime
    }

    /// Decodes one journal line (without its "\n"): canonical form, then the envelope.
    ///
    /// Accepts, refuses and throws exactly like `JournalEntry(parsing: CanonicalJSON.parseCanonical(line))`:
    /// `CanonicalJSONError` for a line not in canonical form, then `JournalError.malformedEnvelope`.
    /// A line in the canonical member layout is read straight from its bytes (`CanonicalEntryScanner`,
    /// no envelope dictionary); any other line takes the strict path, which reports the defect.
    public init(canonicalLine line: UnsafeRawBufferPointer) throws {
        if let scanned = CanonicalEntryScanner.scan(line, buildsBody: true) {
            self = scanned.entry
        } else {
            self = try JournalEntry(parsing: CanonicalJSON.parseCanonical(line))
        }
    }

    /// Decodes exactly `byteCount` bytes from lowercase hex; nil for any other text. A byte-level
    /// fast path: every line of a journal carries a 128-digit signature.
    static func decodeLowercaseHex(_ text: String, byteCount: Int) -> [UInt8]? {
        var text = text
        return text.withUTF8 { digits -> [UInt8]? in
            guard digits.count == byteCount * 2 else { return nil }
            var bytes = [UInt8](repeating: 0, count: byteCount)
            for index in 0..<byteCount {
                guard let high = nibble(digits[2 * index]), let low = nibble(digits[2 * index + 1]) else { return nil }
                bytes[index] = high << 4 | low
            }
            return bytes
        }
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: digit - 0x30
        case 0x61...0x66: digit - 0x61 + 10
        default: nil
        }
    }

    /// An id is 1...128 bytes of UTF-8 without control characters.
    public static func isValidID(_ id: String) -> Bool {
        let count = id.utf8.count
        return count >= 1 && count <= maximumIDByteCount
            && !id.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    /// `isValidID` on the bytes of an id that are well-formed UTF-8 (the scanner's strings): a
    /// control character (U+0000-U+001F, U+007F) is one byte, and no byte of a longer scalar is below 0x80.
    static func isValidID(utf8 id: UnsafeBufferPointer<UInt8>) -> Bool {
        guard id.count >= 1, id.count <= maximumIDByteCount else { return false }
        var invalid = false
        for byte in id { invalid = invalid || byte < 0x20 || byte == 0x7F }
        return !invalid
    }

    /// A kind is two or more dot-separated words of `[a-z][a-z0-9_]*`, at most 64 bytes.
    public static func isValidKind(_ kind: String) -> Bool {
        var kind = kind
        return kind.withUTF8 { isValidKind(utf8: $0) }
    }

    /// `isValidKind` on a kind's UTF-8 bytes.
    static func isValidKind(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        // One pass over the bytes (every line's kind is checked): a word starts after the start or
        // a dot, and must start with a letter; an empty word (leading, trailing or double dot) fails.
        guard utf8.count <= 64 else { return false }
        var wordCount = 0
        var isAtWordStart = true
        for byte in utf8 {
            if isAtWordStart {
                guard byte >= 0x61, byte <= 0x7A else { return false }
                wordCount += 1
                isAtWordStart = false
            } else if byte == 0x2E {
                isAtWordStart = true
            } else {
                guard (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F else { return false }
            }
        }
        return !isAtWordStart && wordCount >= 2
    }

    /// A scope is a 6-digit administrative division code.
    public static func isValidScope(_ scope: String) -> Bool {
        scope.utf8.count == 6 && scope.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `isValidScope` on a scope's UTF-8 bytes.
    static func isValidScope(utf8 scope: UnsafeBufferPointer<UInt8>) -> Bool {
        scope.count == 6 && scope.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}

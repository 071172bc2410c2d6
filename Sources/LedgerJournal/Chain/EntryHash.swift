/// The 32-byte hash that links an entry to the previous one and is its Merkle leaf:
/// SHA-256(0x00 ‖ line bytes without the line feed) (RFC 6962 §2.1). The chain and the tree share
/// one hash per entry, so this is the tree's own hash type.
public typealias EntryHash = TreeHash

extension TreeHash {
    /// The `prev` of entry 0: 32 zero bytes.
    public static let zero = TreeHash(bytes: [UInt8](repeating: 0, count: 32))!

    /// The leaf hash of one journal line (without its line feed).
    public static func ofLine(_ line: UnsafeRawBufferPointer) -> EntryHash {
        MerkleHasher.leafHash(of: line)
    }

    /// The leaf hash of one journal line given as bytes.
    public static func ofLine(_ line: [UInt8]) -> EntryHash {
        line.withUnsafeBytes { MerkleHasher.leafHash(of: $0) }
    }

    /// Parses exactly 64 lowercase hex digits, as `prev` is written; nil for anything else.
    public init?(lowercaseHex text: some StringProtocol) {
        guard text.utf8.count == 64, text.utf8.allSatisfy(isLowercaseHexDigit) else { return nil }
        self.init(hex: text)
    }

    /// Lowercase hex, as written in `prev`.
    public var hex: String { hexString }
}

/// Whether a byte is one of `0-9a-f`.
func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
}

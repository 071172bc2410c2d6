import LedgerCrypto

/// The 32-byte hash that links an entry to the previous one and is its Merkle leaf:
/// SHA-256(0x00 ‖ line bytes without the line feed) (RFC 6962 §2.1).
public struct EntryHash: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes of the hash.
    public let bytes: [UInt8]

    /// The `prev` of entry 0: 32 zero bytes.
    public static let zero = EntryHash(uncheckedBytes: [UInt8](repeating: 0, count: 32))

    /// Wraps 32 bytes. Requires `bytes.count == 32` (a programmer error otherwise).
    public init(uncheckedBytes bytes: [UInt8]) {
        precondition(bytes.count == 32, "an entry hash has 32 bytes")
        self.bytes = bytes
    }

    /// Parses 64 lowercase hex digits; nil for anything else.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy(Self.isLowercaseHexDigit),
              let bytes = try? Hex.decode(hex) else { return nil }
        self.bytes = bytes
    }

    /// The leaf hash of one journal line (without its line feed).
    public static func ofLine(_ line: UnsafeRawBufferPointer) -> EntryHash {
        // RFC 6962 §2.1: MTH({d}) = SHA-256(0x00 ‖ d)
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0)) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: line)
        return EntryHash(uncheckedBytes: Array(hasher.finalize()))
    }

    /// The leaf hash of one journal line given as bytes.
    public static func ofLine(_ line: [UInt8]) -> EntryHash {
        line.withUnsafeBytes { ofLine($0) }
    }

    /// Lowercase hex, as written in `prev`.
    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }

    static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
    }
}

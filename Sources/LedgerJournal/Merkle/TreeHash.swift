// TreeHash: one 32-byte SHA-256 value of the RFC 6962 / RFC 9162 Merkle tree (a leaf hash, an
// interior node hash or a root). It is a plain value with no heap storage, so that arrays of
// hashes and stored-hash indexes stay cheap. Its text forms (lowercase hex for people, standard
// base64 in checkpoints and proofs) are part of the published formats and must never change.

import Foundation

/// A 32-byte hash in the transparency tree: a leaf hash, an interior node hash or a root hash.
public struct TreeHash: Hashable, Sendable, CustomStringConvertible {
    /// The number of bytes in a tree hash (SHA-256).
    public static let byteCount = 32

    /// The 32 bytes, in order.
    @usableFromInline var storage: SIMD32<UInt8>

    /// Creates a hash from exactly 32 bytes; returns nil for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == TreeHash.byteCount else { return nil }
        var value = SIMD32<UInt8>()
        for (offset, byte) in bytes.enumerated() { value[offset] = byte }
        storage = value
    }

    /// Creates a hash from 32 bytes read from raw memory. Requires `buffer.count == 32`.
    public init(copying buffer: UnsafeRawBufferPointer) {
        precondition(buffer.count == TreeHash.byteCount, "a tree hash has 32 bytes")
        var value = SIMD32<UInt8>()
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: buffer) }
        storage = value
    }

    /// Creates a hash from 64 hexadecimal characters (either case); returns nil otherwise.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 2 * TreeHash.byteCount else { return nil }
        var value = SIMD32<UInt8>()
        for index in 0..<TreeHash.byteCount {
            guard let high = TreeHash.nibble(utf8[2 * index]), let low = TreeHash.nibble(utf8[2 * index + 1]) else {
                return nil
            }
            value[index] = high << 4 | low
        }
        storage = value
    }

    /// Creates a hash from its standard base64 encoding (RFC 4648 §4, 44 characters with one `=`).
    /// Returns nil for any other text, including non-canonical encodings.
    public init?(base64: some StringProtocol) {
        let text = String(base64)
        guard let data = Data(base64Encoded: text), let hash = TreeHash(bytes: data) else { return nil }
        // Canonical form only: a decoder that ignores the unused low bits would accept four
        // spellings of one hash, and checkpoints are compared as text.
        guard hash.base64EncodedString == text else { return nil }
        self = hash
    }

    /// The 32 bytes as an array.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The lowercase hexadecimal form (64 characters).
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(2 * TreeHash.byteCount)
        for index in 0..<TreeHash.byteCount {
            text.append(digits[Int(storage[index] >> 4)])
            text.append(digits[Int(storage[index] & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The standard base64 form (RFC 4648 §4), as used in checkpoints and tlog proofs.
    public var base64EncodedString: String { Data(bytes).base64EncodedString() }

    /// The lowercase hexadecimal form.
    public var description: String { hexString }

    /// Calls `body` with the 32 bytes.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: storage, body)
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

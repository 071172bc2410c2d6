import Foundation

/// A SHA-256 digest: 32 bytes.
public struct SHA256Digest: Digest, Sendable {
    /// The number of bytes in a SHA-256 digest.
    public static let byteCount = 32

    /// The digest as four big-endian 64-bit words (H0‖H1, H2‖H3, H4‖H5, H6‖H7).
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a digest from its four 64-bit words, most significant byte first.
    init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// The digest's first 16 bytes as two big-endian 64-bit words (a 128-bit fingerprint).
    package var leadingWords: (high: UInt64, low: UInt64) { (words.0, words.1) }

    /// Calls `body` with the digest's 32 bytes.
    public func withUnsafeBytes<Result>(
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        let bytes = (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian)
        return try Swift.withUnsafeBytes(of: bytes, body)
    }
}

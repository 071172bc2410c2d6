import Foundation

/// A SHA-512 digest: 64 bytes.
public struct SHA512Digest: Digest, Sendable {
    /// The number of bytes in a SHA-512 digest.
    public static let byteCount = 64

    /// The digest as eight 64-bit words H0…H7, FIPS 180-4 §6.4.2.
    private let words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Creates a digest from its eight 64-bit words.
    init(words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// Calls `body` with the digest's 64 bytes.
    public func withUnsafeBytes<Result>(
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        let bytes = (
            words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian,
            words.4.bigEndian, words.5.bigEndian, words.6.bigEndian, words.7.bigEndian
        )
        return try Swift.withUnsafeBytes(of: bytes, body)
    }
}

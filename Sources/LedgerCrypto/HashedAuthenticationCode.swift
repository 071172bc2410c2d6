import Foundation

/// An HMAC computed with hash function `H`: as many bytes as `H`'s digest.
///
/// Equality runs in constant time; `description` is lowercase hex.
public struct HashedAuthenticationCode<H: HashFunction>: Hashable, ContiguousBytes, Sequence,
    CustomStringConvertible, Sendable
{
    private let digest: H.Digest

    init(digest: H.Digest) {
        self.digest = digest
    }

    /// The number of bytes in the code.
    public var byteCount: Int { H.Digest.byteCount }

    /// Calls `body` with the code's bytes.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try digest.withUnsafeBytes(body)
    }

    /// An iterator over the code's bytes, first to last.
    public func makeIterator() -> Array<UInt8>.Iterator {
        digest.makeIterator()
    }

    /// The code as lowercase hexadecimal.
    public var description: String { digest.description }

    /// Returns true when both codes have the same bytes; constant time.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        constantTimeEquals(lhs, rhs)
    }

    /// Feeds the code's bytes to `hasher`.
    public func hash(into hasher: inout Hasher) {
        digest.hash(into: &hasher)
    }
}

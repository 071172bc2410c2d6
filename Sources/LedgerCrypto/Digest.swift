import Foundation

/// The fixed-size output of a `HashFunction`, in CryptoKit's shape.
///
/// Equality runs in constant time for digests of the same type; `description` is lowercase hex.
public protocol Digest: Hashable, ContiguousBytes, CustomStringConvertible, Sequence, Sendable
where Element == UInt8 {
    /// The number of bytes in the digest.
    static var byteCount: Int { get }
}

extension Digest {
    /// An iterator over the digest's bytes, first to last.
    public func makeIterator() -> Array<UInt8>.Iterator {
        withUnsafeBytes { Array($0) }.makeIterator()
    }

    /// The digest as lowercase hexadecimal.
    public var description: String {
        withUnsafeBytes { Hex.encode($0) }
    }

    /// Returns true when both digests have the same bytes; takes the same time whatever they hold.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        constantTimeEquals(lhs, rhs)
    }

    /// Feeds the digest's bytes to `hasher`.
    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Returns true when the digest's bytes equal `data`'s, in constant time for equal lengths.
    public static func == (lhs: Self, rhs: some DataProtocol) -> Bool {
        constantTimeEquals(lhs, Array(rhs))
    }
}

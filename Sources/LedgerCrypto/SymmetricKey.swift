import Foundation

/// The size of a symmetric key, in bits.
public struct SymmetricKeySize: Sendable, Hashable {
    /// The number of bits in the key.
    public let bitCount: Int

    /// Creates a key size of `bitCount` bits. Requires a positive multiple of 8.
    public init(bitCount: Int) {
        precondition(bitCount > 0 && bitCount % 8 == 0, "key sizes are whole bytes")
        self.bitCount = bitCount
    }

    /// 128 bits.
    public static let bits128 = SymmetricKeySize(bitCount: 128)
    /// 192 bits.
    public static let bits192 = SymmetricKeySize(bitCount: 192)
    /// 256 bits, the size for HMAC-SHA256 keys.
    public static let bits256 = SymmetricKeySize(bitCount: 256)
}

/// A secret key for HMAC, in CryptoKit's shape. Equality runs in constant time.
public struct SymmetricKey: ContiguousBytes, Sendable, Equatable {
    private let bytes: [UInt8]

    /// Creates a key from `data`'s bytes (any length; HMAC hashes keys longer than a block).
    public init(data: some ContiguousBytes) {
        bytes = data.withUnsafeBytes { Array($0) }
    }

    /// Creates a random key of `size` from the system's secure random source.
    public init(size: SymmetricKeySize) {
        var generator = SystemRandomNumberGenerator()
        bytes = (0..<size.bitCount / 8).map { _ in UInt8.random(in: 0...UInt8.max, using: &generator) }
    }

    /// The number of bits in the key.
    public var bitCount: Int { bytes.count * 8 }

    /// Calls `body` with the key's bytes.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBytes(body)
    }

    /// Returns true when both keys have the same bytes, in constant time for equal lengths.
    public static func == (lhs: SymmetricKey, rhs: SymmetricKey) -> Bool {
        constantTimeEquals(lhs, rhs)
    }
}

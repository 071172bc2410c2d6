import Foundation

/// A cryptographic hash function in CryptoKit's shape: one-shot `hash(data:)` or streaming
/// `init()`, `update(data:)`, `finalize()`.
///
/// Streaming gives the same digest as one-shot hashing however the input is split.
public protocol HashFunction: Sendable {
    /// The digest type this function produces.
    associatedtype Digest: LedgerCrypto.Digest

    /// The number of bytes in one input block (64 for SHA-256, 128 for SHA-512); HMAC pads keys to it.
    static var blockByteCount: Int { get }

    /// Creates a hash function with no input yet.
    init()

    /// Adds the bytes in `bufferPointer` to the input.
    mutating func update(bufferPointer: UnsafeRawBufferPointer)

    /// Returns the digest of all input so far; the hash function itself is left unchanged.
    func finalize() -> Digest
}

extension HashFunction {
    /// Returns the digest of `data`.
    @inlinable
    public static func hash(data: some DataProtocol) -> Digest {
        var function = Self()
        function.update(data: data)
        return function.finalize()
    }

    /// Returns the digest of the bytes in `bufferPointer`.
    @inlinable
    public static func hash(bufferPointer: UnsafeRawBufferPointer) -> Digest {
        var function = Self()
        function.update(bufferPointer: bufferPointer)
        return function.finalize()
    }

    /// Adds `data` to the input, one contiguous region at a time.
    @inlinable
    public mutating func update(data: some DataProtocol) {
        for region in data.regions {
            region.withUnsafeBytes { bytes in
                self.update(bufferPointer: bytes)
            }
        }
    }
}

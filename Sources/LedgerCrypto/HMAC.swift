// HMAC (RFC 2104, FIPS 198-1) over any HashFunction, in CryptoKit's shape.
// HMAC(K, m) = H((K' ⊕ opad) ‖ H((K' ⊕ ipad) ‖ m)), where K' is the key padded to the hash's block
// size, or hashed first when longer than a block.
import Foundation

/// A hash-based message authentication code computed with hash function `H` (RFC 2104).
public struct HMAC<H: HashFunction>: Sendable {
    // RFC 2104 §2: the inner and outer pad bytes.
    private static var innerPadByte: UInt8 { 0x36 }
    private static var outerPadByte: UInt8 { 0x5c }

    /// The hash of (K' ⊕ ipad) ‖ message so far.
    private var inner: H
    /// The hash of (K' ⊕ opad), waiting for the inner digest.
    private let outer: H

    /// Creates an HMAC with `key`, ready for message bytes.
    public init(key: SymmetricKey) {
        let blockByteCount = H.blockByteCount
        var inner = H()
        var outer = H()
        withUnsafeTemporaryAllocation(byteCount: blockByteCount, alignment: 8) { block in
            block.initializeMemory(as: UInt8.self, repeating: 0)
            key.withUnsafeBytes { keyBytes in
                if keyBytes.count > blockByteCount {
                    // RFC 2104 §2: keys longer than B bytes are first hashed.
                    H.hash(bufferPointer: keyBytes).withUnsafeBytes { digest in
                        block.copyMemory(from: digest)
                    }
                } else {
                    block.copyMemory(from: keyBytes)
                }
            }
            for index in 0..<blockByteCount { block[index] ^= Self.innerPadByte }
            inner.update(bufferPointer: UnsafeRawBufferPointer(block))
            // (K' ⊕ ipad) ⊕ (ipad ⊕ opad) = K' ⊕ opad.
            for index in 0..<blockByteCount { block[index] ^= Self.innerPadByte ^ Self.outerPadByte }
            outer.update(bufferPointer: UnsafeRawBufferPointer(block))
            // Leave no key material in the temporary buffer.
            block.initializeMemory(as: UInt8.self, repeating: 0)
        }
        self.inner = inner
        self.outer = outer
    }

    /// Adds `data` to the message.
    public mutating func update(data: some DataProtocol) {
        inner.update(data: data)
    }

    /// Adds the bytes in `bufferPointer` to the message.
    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        inner.update(bufferPointer: bufferPointer)
    }

    /// Returns the authentication code of the message so far; more input may follow.
    public func finalize() -> HashedAuthenticationCode<H> {
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return HashedAuthenticationCode(digest: outer.finalize())
    }

    /// Returns the authentication code of `data` under `key`.
    public static func authenticationCode(
        for data: some DataProtocol, using key: SymmetricKey
    ) -> HashedAuthenticationCode<H> {
        var hmac = Self(key: key)
        hmac.update(data: data)
        return hmac.finalize()
    }

    /// Returns true when `authenticationCode` is the code of `data` under `key`; constant time.
    public static func isValidAuthenticationCode(
        _ authenticationCode: HashedAuthenticationCode<H>, authenticating data: some DataProtocol,
        using key: SymmetricKey
    ) -> Bool {
        constantTimeEquals(Self.authenticationCode(for: data, using: key), authenticationCode)
    }

    /// Returns true when the bytes of `authenticationCode` are the code of `data` under `key`;
    /// constant time for codes of the right length, false at once for any other length.
    public static func isValidAuthenticationCode(
        _ authenticationCode: some ContiguousBytes, authenticating data: some DataProtocol,
        using key: SymmetricKey
    ) -> Bool {
        constantTimeEquals(Self.authenticationCode(for: data, using: key), authenticationCode)
    }
}

// Ed25519 keys, signing and verification (RFC 8032 §5.1), in CryptoKit's `Curve25519.Signing` shape.
//
// What this protects: a journal entry signed by a key cannot be altered, and a signature cannot be
// made without the private key. What must never change: the key and signature encodings (32-byte
// seed, 32-byte public key, 64-byte R ‖ S, RFC 8032 §5.1.5-5.1.6) and the verification policy below,
// which docs/FORMAT.md copies.
//
// Verification policy (single and batch verification apply exactly the same rules):
// 1. A public key must be 32 bytes and a signature 64 bytes; anything else is rejected.
// 2. S must be below L (RFC 8032 §5.1.7 step 1); S ≥ L is rejected (no malleability through S).
// 3. A and R must be canonical point encodings (RFC 8032 §5.1.3): a y-coordinate ≥ p, a y with no
//    matching x, or x = 0 with the sign bit set is rejected.
// 4. Public keys outside the prime-order subgroup are refused (`PublicKey(rawRepresentation:)`
//    throws `CryptoError.smallOrderPublicKey`): points of order 1, 2, 4 or 8 and points with a
//    small-order component ("mixed order"). Honest keys [a]B are never affected.
// 5. An R of small order (including the identity) is rejected.
// 6. The equation is the cofactored one of RFC 8032 §5.1.7: [8][S]B = [8]R + [8][k]A with
//    k = SHA-512(R ‖ A ‖ M) mod L, R and A hashed exactly as received. Batch verification can only
//    check the cofactored equation efficiently, so single verification uses it too: otherwise a
//    signature could pass in a batch and fail alone.
// Compared with OpenSSL 3 (cofactorless, accepts any decodable key): both accept and reject the
// same signatures for every key in the prime-order subgroup, except that we reject a small-order R
// (rule 5) and accept signatures whose R carries a small-order component on top of the correct
// [S]B - [k]A. Only the private key's holder can make such a signature (it is an ordinary signature
// with a differently chosen nonce point), so it allows neither forgery nor third-party malleability.
// We refuse every small-order or mixed-order key, which OpenSSL accepts (rule 4).
import Foundation
import Synchronization

/// Namespace for Curve25519-based algorithms, shaped like CryptoKit's.
public enum Curve25519 {
    /// Ed25519 signatures (RFC 8032 §5.1, pure Ed25519, no context or prehash).
    public enum Signing {}
}

/// The decoded form of a public key, with the tables that verification reuses.
final class DecodedPublicKey: Sendable {
    /// The 32-byte encoding as received (and hashed into k).
    let encoding: (UInt64, UInt64, UInt64, UInt64)
    /// The point A.
    let point: EdwardsPoint
    /// `negatedOddMultiples`, built on first use: a key that only signs (a private key's public key)
    /// or only names a signer (an append's registry) never verifies, and building the table cost
    /// every append process three tables (docs/PERFORMANCE.md, issue #8).
    private let oddMultiplesCache = Mutex<[ProjectiveNielsPoint]?>(nil)

    init(encoding: (UInt64, UInt64, UInt64, UInt64), point: EdwardsPoint) {
        self.encoding = encoding
        self.point = point
    }

    /// Odd multiples of -A (-A, -3A, ..., -15A) for the width-5 wNAF of [k](-A); built once.
    var negatedOddMultiples: [ProjectiveNielsPoint] {
        oddMultiplesCache.withLock { cached in
            if let cached { return cached }
            let table = (-point).oddMultiplesTable()
            cached = table
            return table
        }
    }

    /// Decodes and checks a public key encoding against the policy (rules 3 and 4 of the file comment).
    static func decoding(_ bytes: UnsafeRawBufferPointer) throws(CryptoError) -> DecodedPublicKey {
        guard bytes.count == Ed25519.publicKeyByteCount else {
            throw .incorrectParameterSize(expected: Ed25519.publicKeyByteCount, actual: bytes.count)
        }
        guard let point = EdwardsPoint.decode(bytes) else { throw .invalidPublicKeyEncoding }
        guard !point.hasSmallOrder, point.isTorsionFree else { throw .smallOrderPublicKey }
        return DecodedPublicKey(encoding: Ed25519.words(bytes), point: point)
    }

    /// RFC 8032 §5.1.7 with the policy of the file comment, for a 64-byte signature.
    func isValidSignature(_ signature: UnsafeRawBufferPointer, message: some DataProtocol) -> Bool {
        let rBytes = UnsafeRawBufferPointer(rebasing: signature[0..<32])
        // Step 1: S must be in [0, L).
        guard let s = Scalar.canonical(UnsafeRawBufferPointer(rebasing: signature[32..<64])) else {
            return false
        }
        let r = Ed25519.words(rBytes)
        // Rule 5: R of small order is refused.
        if Ed25519.isSmallOrderEncoding(r) { return false }
        // Step 2: k = SHA-512(R ‖ A ‖ M) mod L.
        let k = Ed25519.challenge(r: rBytes, publicKey: encoding, message: message)
        return satisfiesEquation(r: r, s: s, k: k)
    }

    /// Step 3 of RFC 8032 §5.1.7, cofactored: [8][S]B = [8]R + [8][k]A, for an R that is not of
    /// small order and an S < L (checked by the caller).
    func satisfiesEquation(r: (UInt64, UInt64, UInt64, UInt64), s: Scalar, k: Scalar) -> Bool {
        // [S]B - [k]A.
        let p = negatedOddMultiples.withUnsafeBufferPointer {
            EdwardsPoint.doubleScalarMultiply(k, $0.baseAddress!, s)
        }
        // Fast path: [S]B - [k]A encodes to R exactly (what a cofactorless verifier checks), which
        // implies the cofactored equation and a canonical R.
        if p.encoded() == r { return true }
        // Otherwise R may differ from [S]B - [k]A by a small-order point: decode R and check
        // [8]([S]B - [k]A - R) = identity.
        guard let rPoint = EdwardsPoint.decode(words: r) else { return false }
        return (p - rPoint).multipliedByCofactor().isIdentity
    }
}

/// Sizes and shared steps of Ed25519.
enum Ed25519 {
    static let seedByteCount = 32
    static let publicKeyByteCount = 32
    static let signatureByteCount = 64
    /// The canonical encodings of the eight points of order 1, 2, 4 and 8 (the identity first), as
    /// little-endian words. A non-canonical encoding never reaches a comparison with this list:
    /// decoding and the comparison with a computed encoding both refuse it first.
    static let smallOrderEncodings: [(UInt64, UInt64, UInt64, UInt64)] = [
        (0x0000_0000_0000_0001, 0, 0, 0),
        (0x4fd8_4d3d_706a_17c7, 0x0f67_100d_760b_3cba, 0xc6cc_392c_fa53_202a, 0x7a03_ac92_77fd_c74e),
        (0, 0, 0, 0x8000_0000_0000_0000),
        (0xb027_b2c2_8f95_e826, 0xf098_eff2_89f4_c345, 0x3933_c6d3_05ac_dfd5, 0x05fc_536d_8802_38b1),
        (0xffff_ffff_ffff_ffec, 0xffff_ffff_ffff_ffff, 0xffff_ffff_ffff_ffff, 0x7fff_ffff_ffff_ffff),
        (0xb027_b2c2_8f95_e826, 0xf098_eff2_89f4_c345, 0x3933_c6d3_05ac_dfd5, 0x85fc_536d_8802_38b1),
        (0, 0, 0, 0),
        (0x4fd8_4d3d_706a_17c7, 0x0f67_100d_760b_3cba, 0xc6cc_392c_fa53_202a, 0xfa03_ac92_77fd_c74e),
    ]

    /// Whether a canonical point encoding is that of a point of small order (policy rule 5).
    static func isSmallOrderEncoding(_ w: (UInt64, UInt64, UInt64, UInt64)) -> Bool {
        smallOrderEncodings.contains { $0 == w }
    }

    @inline(__always)
    static func words(_ p: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64) {
        (
            UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        )
    }

    static func data(_ w: (UInt64, UInt64, UInt64, UInt64)) -> Data {
        let little = (w.0.littleEndian, w.1.littleEndian, w.2.littleEndian, w.3.littleEndian)
        return withUnsafeBytes(of: little) { Data($0) }
    }

    /// k = SHA-512(R ‖ A ‖ M) mod L (RFC 8032 §5.1.6 step 4, §5.1.7 step 2).
    static func challenge(
        r: UnsafeRawBufferPointer, publicKey: (UInt64, UInt64, UInt64, UInt64), message: some DataProtocol
    ) -> Scalar {
        var hash = SHA512()
        hash.update(bufferPointer: r)
        let a = (publicKey.0.littleEndian, publicKey.1.littleEndian, publicKey.2.littleEndian, publicKey.3.littleEndian)
        withUnsafeBytes(of: a) { hash.update(bufferPointer: $0) }
        hash.update(data: message)
        return hash.finalize().withUnsafeBytes { Scalar.reducing(wide: $0) }
    }

    /// Copies a 64-byte signature to the stack and calls `body`; nil when the length is not 64.
    static func withSignatureBytes<R>(
        _ signature: some DataProtocol, _ body: (UnsafeRawBufferPointer) -> R
    ) -> R? {
        guard signature.count == signatureByteCount else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &words) { buffer in
            _ = signature.copyBytes(to: buffer)
            return body(UnsafeRawBufferPointer(buffer))
        }
    }
}

extension Curve25519.Signing {
    /// An Ed25519 public key (32 bytes, RFC 8032 §5.1.5), decoded once and checked against the
    /// verification policy (see `isValidSignature(_:for:)`).
    public struct PublicKey: Sendable {
        let decoded: DecodedPublicKey

        init(decoded: DecodedPublicKey) {
            self.decoded = decoded
        }

        /// Decodes a 32-byte public key.
        ///
        /// Throws `CryptoError.incorrectParameterSize` when the length is not 32,
        /// `CryptoError.invalidPublicKeyEncoding` when the bytes are not the canonical encoding of a
        /// curve point (y ≥ p, no square root, or x = 0 with the sign bit set; RFC 8032 §5.1.3), and
        /// `CryptoError.smallOrderPublicKey` when the point is not in the prime-order subgroup
        /// (small order, or with a small-order component). Costs about one verification.
        public init(rawRepresentation: some ContiguousBytes) throws {
            decoded = try rawRepresentation.withUnsafeBytes { bytes throws(CryptoError) in
                try DecodedPublicKey.decoding(bytes)
            }
        }

        /// Decodes a 32-byte public key read back from a derived cache (`JOURNAL.keys`) that holds only
        /// keys `init(rawRepresentation:)` accepted when they were first read from the journal: the
        /// encoding is checked as there (a canonical point), the subgroup check, which costs about one
        /// verification per key, is not repeated. Never for keys from input.
        package init(cachedRawRepresentation bytes: [UInt8]) throws(CryptoError) {
            guard bytes.count == Ed25519.publicKeyByteCount else {
                throw .incorrectParameterSize(expected: Ed25519.publicKeyByteCount, actual: bytes.count)
            }
            let point = bytes.withUnsafeBytes { bytes in
                EdwardsPoint.decode(bytes).map { (Ed25519.words(bytes), $0) }
            }
            guard let (words, point) = point else { throw .invalidPublicKeyEncoding }
            decoded = DecodedPublicKey(encoding: words, point: point)
        }

        /// The 32-byte encoding of the key.
        public var rawRepresentation: Data {
            Ed25519.data(decoded.encoding)
        }

        /// Whether `signature` is a valid Ed25519 signature of `data` by this key.
        ///
        /// Verification policy (`Ed25519BatchVerifier` applies exactly the same rules):
        /// 1. The signature must be 64 bytes R ‖ S (a key must be 32 bytes).
        /// 2. S must be below L (RFC 8032 §5.1.7), so S + L is rejected.
        /// 3. R, like A, must be a canonical point encoding: y < p, a y with a matching x, and not
        ///    x = 0 with the sign bit set (RFC 8032 §5.1.3).
        /// 4. A must be in the prime-order subgroup (checked when the key is decoded).
        /// 5. R must not be of small order (orders 1, 2, 4, 8).
        /// 6. [8][S]B = [8]R + [8][k]A with k = SHA-512(R ‖ A ‖ M) mod L (cofactored, RFC 8032 §5.1.7).
        /// This agrees with OpenSSL 3 on every Project Wycheproof case and on every signature by a
        /// prime-order key, except that it rejects a small-order R (rule 5) and accepts an R that
        /// carries a small-order component on top of the correct [S]B - [k]A, which only the key's
        /// holder can produce (no forgery, no third-party malleability). Keys of small or mixed order,
        /// which OpenSSL accepts, are refused by `init(rawRepresentation:)` (rule 4).
        public func isValidSignature(_ signature: some DataProtocol, for data: some DataProtocol) -> Bool {
            Ed25519.withSignatureBytes(signature) { decoded.isValidSignature($0, message: data) } ?? false
        }
    }

    /// An Ed25519 private key: a 32-byte seed (RFC 8032 §5.1.5).
    public struct PrivateKey: Sendable {
        private let seed: (UInt64, UInt64, UInt64, UInt64)
        /// The clamped secret scalar a (RFC 8032 §5.1.5 step 2).
        private let secretScalar: Scalar
        /// The second half of SHA-512(seed), hashed with the message to derive the nonce.
        private let prefix: (UInt64, UInt64, UInt64, UInt64)

        /// The matching public key [a]B.
        public let publicKey: PublicKey

        /// Creates a key from 32 random bytes of the system's secure random source (getrandom(2) on
        /// Linux, through `SystemRandomNumberGenerator`, which traps if the source fails).
        public init() {
            var generator = SystemRandomNumberGenerator()
            var seed: (UInt64, UInt64, UInt64, UInt64) = (generator.next(), generator.next(), generator.next(), generator.next())
            self = withUnsafeBytes(of: &seed) { PrivateKey(seedBytes: $0) }
            seed = (0, 0, 0, 0)
        }

        /// Creates a key from its 32-byte seed.
        ///
        /// Throws `CryptoError.incorrectParameterSize` when the length is not 32.
        public init(rawRepresentation: some ContiguousBytes) throws {
            self = try rawRepresentation.withUnsafeBytes { bytes throws(CryptoError) in
                guard bytes.count == Ed25519.seedByteCount else {
                    throw .incorrectParameterSize(expected: Ed25519.seedByteCount, actual: bytes.count)
                }
                return PrivateKey(seedBytes: bytes)
            }
        }

        /// RFC 8032 §5.1.5: h = SHA-512(seed), a = clamp(h[0..<32]), prefix = h[32..<64], A = [a]B.
        private init(seedBytes: UnsafeRawBufferPointer) {
            seed = Ed25519.words(seedBytes)
            let h = SHA512.hash(bufferPointer: seedBytes)
            var (scalar, prefixWords) = h.withUnsafeBytes { digest in
                (Scalar(unreducedBytes: digest), Ed25519.words(UnsafeRawBufferPointer(rebasing: digest[32..<64])))
            }
            // Clear the three low bits and bit 255, set bit 254.
            scalar.w0 &= ~UInt64(7)
            scalar.w3 &= ~(UInt64(1) << 63)
            scalar.w3 |= UInt64(1) << 62
            secretScalar = scalar
            prefix = prefixWords
            let a = BasePointTable.multiplyBase(scalar)
            // [a]B with a a multiple of 8 below 8L is in the prime-order subgroup and is not the
            // identity, so the policy checks of `DecodedPublicKey.decoding` hold by construction.
            publicKey = PublicKey(decoded: DecodedPublicKey(encoding: a.encoded(), point: a))
        }

        /// The 32-byte seed.
        public var rawRepresentation: Data {
            Ed25519.data(seed)
        }

        /// The 64-byte Ed25519 signature R ‖ S of `data` (RFC 8032 §5.1.6); deterministic.
        ///
        /// Never throws in this implementation; `throws` keeps CryptoKit's signature. Constant time
        /// in the key and nonce: [r]B uses `BasePointTable.multiplyBase` and the scalar arithmetic
        /// mod L has no secret-dependent branch.
        public func signature(for data: some DataProtocol) throws -> Data {
            var signature = Data(count: Ed25519.signatureByteCount)
            signature.withUnsafeMutableBytes { sign(data, into: $0) }
            return signature
        }

        /// Writes the 64-byte signature R ‖ S of `message` to `signature[0..<64]`; the same bytes as
        /// `signature(for:)`, without allocating. Requires `signature.count >= 64`.
        package func signature(for message: UnsafeRawBufferPointer, into signature: UnsafeMutableRawBufferPointer) {
            precondition(signature.count >= Ed25519.signatureByteCount)
            sign(message, into: signature)
        }

        /// RFC 8032 §5.1.6 steps 2-6 for `data`, written to `out[0..<64]`.
        private func sign(_ data: some DataProtocol, into out: UnsafeMutableRawBufferPointer) {
            // Step 2: r = SHA-512(prefix ‖ M) mod L.
            var nonceHash = SHA512()
            let prefixBytes = (prefix.0.littleEndian, prefix.1.littleEndian, prefix.2.littleEndian, prefix.3.littleEndian)
            withUnsafeBytes(of: prefixBytes) { nonceHash.update(bufferPointer: $0) }
            nonceHash.update(data: data)
            let r = nonceHash.finalize().withUnsafeBytes { Scalar.reducing(wide: $0) }
            // Step 3: R = [r]B.
            let rEncoding = BasePointTable.multiplyBase(r).encoded()
            let rBytes = (rEncoding.0.littleEndian, rEncoding.1.littleEndian, rEncoding.2.littleEndian, rEncoding.3.littleEndian)
            // Step 4: k = SHA-512(R ‖ A ‖ M) mod L.
            let k = withUnsafeBytes(of: rBytes) {
                Ed25519.challenge(r: $0, publicKey: publicKey.decoded.encoding, message: data)
            }
            // Step 5: S = (r + k·a) mod L.
            let s = r + k * secretScalar
            // Step 6: the signature is R ‖ S.
            withUnsafeBytes(of: rBytes) { out.copyMemory(from: $0) }
            s.encode(into: UnsafeMutableRawBufferPointer(rebasing: out[32..<64]))
        }
    }
}

// Batch verification of Ed25519 signatures by a random linear combination.
//
// For signatures (R_i, S_i) by keys A_i with k_i = SHA-512(R_i ‖ A_i ‖ M_i) mod L, and random
// 128-bit z_i from the system's secure source, the batch is accepted when
//     [8]( [-Σ z_i·S_i]B + Σ [z_i]R_i + Σ_j [Σ_{i: A_i = A_j} z_i·k_i]A_j ) = identity,
// the cofactored equation of RFC 8032 §5.1.7 summed with random weights. If one signature fails the
// cofactored equation, the sum is the identity with probability at most 2^-128 over the z_i.
// Single verification (`PublicKey.isValidSignature`) checks the same cofactored equation with the
// same rules on lengths, S, R and keys, so a batch is accepted exactly when every signature would
// be accepted alone (up to that 2^-128). A cofactorless batch would not have this property: a
// small-order component of R survives a random combination with probability up to 1/2.
// Signatures by the same key share one A term, so few signers make the work per signature small:
// one decompression of R, one hash, and a 128-bit term in the multi-scalar multiplication.
import Foundation

/// Verifies many Ed25519 signatures at once; `verifyAll()` accepts exactly when every signature
/// would pass `Curve25519.Signing.PublicKey.isValidSignature(_:for:)`.
///
/// Keys given as raw bytes are decoded once and kept in a cache (up to `maximumCachedKeyCount`
/// keys) that survives `removeAll()`, for verifiers that see few signers and many signatures.
public struct Ed25519BatchVerifier: Sendable {
    /// The largest number of decoded keys kept between batches; the cache is emptied when full.
    public static let maximumCachedKeyCount = 1 << 16

    /// The encoding of a key, as a dictionary key.
    struct KeyEncoding: Hashable {
        let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

        init(_ w: (UInt64, UInt64, UInt64, UInt64)) {
            (w0, w1, w2, w3) = w
        }
    }

    /// One added signature, hashed and parsed when added; nil fields mean it is already invalid.
    struct Entry: Sendable {
        let key: DecodedPublicKey?
        let r: (UInt64, UInt64, UInt64, UInt64)
        let rPoint: EdwardsPoint?
        let s: Scalar
        let k: Scalar

        var isWellFormed: Bool { key != nil && rPoint != nil }
    }

    private var entries: [Entry] = []
    /// Decoded keys by encoding; nil records a key that the policy refuses.
    private var keyCache: [KeyEncoding: DecodedPublicKey?] = [:]

    /// Creates an empty batch.
    public init() {}

    /// The number of signatures added since creation or the last `removeAll()`.
    public var count: Int { entries.count }

    /// Adds a signature of `message` by an already decoded public key (the fastest path).
    public mutating func add(
        _ signature: some DataProtocol, for message: some DataProtocol, publicKey: Curve25519.Signing.PublicKey
    ) {
        append(signature, message: message, key: publicKey.decoded)
    }

    /// Adds a signature of `message` by the key with this 32-byte encoding, decoded through the cache.
    /// A key that `PublicKey(rawRepresentation:)` would refuse makes the signature invalid.
    public mutating func add(
        _ signature: some DataProtocol, for message: some DataProtocol,
        publicKeyRawRepresentation: some ContiguousBytes
    ) {
        let key: DecodedPublicKey? = publicKeyRawRepresentation.withUnsafeBytes { bytes in
            guard bytes.count == Ed25519.publicKeyByteCount else { return nil }
            let encoding = KeyEncoding(Ed25519.words(bytes))
            if let cached = keyCache[encoding] { return cached }
            let decoded = try? DecodedPublicKey.decoding(bytes)
            if keyCache.count >= Self.maximumCachedKeyCount { keyCache.removeAll(keepingCapacity: true) }
            keyCache[encoding] = .some(decoded)
            return decoded
        }
        append(signature, message: message, key: key)
    }

    /// Removes every signature; the key cache is kept.
    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
    }

    private mutating func append(_ signature: some DataProtocol, message: some DataProtocol, key: DecodedPublicKey?) {
        let invalid = Entry(key: nil, r: (0, 0, 0, 0), rPoint: nil, s: .zero, k: .zero)
        guard let key else {
            entries.append(invalid)
            return
        }
        let entry = Ed25519.withSignatureBytes(signature) { bytes -> Entry in
            let rBytes = UnsafeRawBufferPointer(rebasing: bytes[0..<32])
            let r = Ed25519.words(rBytes)
            // The rules of single verification: S < L, R not of small order, R decodes canonically.
            guard let s = Scalar.canonical(UnsafeRawBufferPointer(rebasing: bytes[32..<64])),
                  !Ed25519.isSmallOrderEncoding(r),
                  let rPoint = EdwardsPoint.decode(rBytes)
            else { return invalid }
            let k = Ed25519.challenge(r: rBytes, publicKey: key.encoding, message: message)
            return Entry(key: key, r: r, rPoint: rPoint, s: s, k: k)
        }
        entries.append(entry ?? invalid)
    }

    /// Whether every added signature is valid (true for an empty batch). Costs one multi-scalar
    /// multiplication: Straus below `EdwardsPoint.pippengerThreshold` signatures, else Pippenger
    /// for the R terms. Draws 16 random bytes per signature from the system's secure source.
    public func verifyAll() -> Bool {
        if entries.isEmpty { return true }
        guard entries.allSatisfy(\.isWellFormed) else { return false }
        var generator = SystemRandomNumberGenerator()
        let n = entries.count

        // Coefficients: z_i for R_i, -Σ z_i·S_i for B, Σ z_i·k_i per distinct key.
        var weights = [UInt128](repeating: 0, count: n)
        var baseScalar = Scalar.zero
        var keyIndex: [KeyEncoding: Int] = [:]
        var keys: [DecodedPublicKey] = []
        var keyScalars: [Scalar] = []
        for (i, entry) in entries.enumerated() {
            let low = generator.next() as UInt64, high = generator.next() as UInt64
            weights[i] = UInt128(high) << 64 | UInt128(low)
            let z = Scalar(low: low, high: high)
            baseScalar = baseScalar + z * entry.s
            let key = entry.key!
            let encoding = KeyEncoding(key.encoding)
            let zk = z * entry.k
            if let j = keyIndex[encoding] {
                keyScalars[j] = keyScalars[j] + zk
            } else {
                keyIndex[encoding] = keys.count
                keys.append(key)
                keyScalars.append(zk)
            }
        }
        // The key tables hold odd multiples of -A, so their scalars are negated: (-c)(-A) = cA.
        // The B scalar is -Σ z_i·S_i; together: Σ z_i·(k_i·A_i - S_i·B) + Σ z_i·R_i, which is
        // the negation of the sum in the file comment and is the identity exactly when it is.
        let usePippenger = n >= EdwardsPoint.pippengerThreshold
        let termCount = keys.count + (usePippenger ? 0 : n)
        var tables = [ProjectiveNielsPoint](unsafeUninitializedCapacity: 8 * termCount) { buffer, initialized in
            for (j, key) in keys.enumerated() {
                key.negatedOddMultiples.withUnsafeBufferPointer {
                    (buffer.baseAddress! + 8 * j).initialize(from: $0.baseAddress!, count: 8)
                }
            }
            if !usePippenger {
                for (i, entry) in entries.enumerated() {
                    entry.rPoint!.writeOddMultiples(into: buffer.baseAddress! + 8 * (keys.count + i))
                }
            }
            initialized = 8 * termCount
        }
        var scalars = keyScalars.map { -$0 }
        if !usePippenger {
            scalars.append(contentsOf: entries.indices.map { Scalar(low: UInt64(truncatingIfNeeded: weights[$0]), high: UInt64(truncatingIfNeeded: weights[$0] >> 64)) })
        }
        var sum = tables.withUnsafeBufferPointer { t in
            scalars.withUnsafeBufferPointer { s in
                EdwardsPoint.strausMultiply(
                    tables: t.baseAddress!, scalars: s.baseAddress!, count: termCount, baseScalar: -baseScalar)
            }
        }
        tables = []
        if usePippenger {
            let points = entries.map { $0.rPoint!.toAffineNielsFromNormalized() }
            let rSum = points.withUnsafeBufferPointer { p in
                weights.withUnsafeBufferPointer { w in
                    EdwardsPoint.pippengerMultiply(points: p.baseAddress!, scalars: w.baseAddress!, count: n)
                }
            }
            sum = sum + rSum
        }
        // RFC 8032 §5.1.7: the cofactored check multiplies by 8 before comparing with the identity.
        return sum.multipliedByCofactor().isIdentity
    }

    /// The indices (in order of addition) of the signatures that fail; empty when `verifyAll()`
    /// succeeds. After a failed batch, each signature is checked on its own, with the same rules.
    public func failingIndices() -> [Int] {
        if verifyAll() { return [] }
        return entries.indices.filter { i in
            let entry = entries[i]
            guard entry.isWellFormed, let key = entry.key else { return true }
            return !key.satisfiesEquation(r: entry.r, s: entry.s, k: entry.k)
        }
    }
}

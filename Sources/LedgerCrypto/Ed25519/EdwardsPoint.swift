// Points of edwards25519, -x² + y² = 1 + d·x²·y² over GF(2^255 - 19) (RFC 8032 §5.1).
//
// `EdwardsPoint` uses extended coordinates (X:Y:Z:T) with x = X/Z, y = Y/Z, x·y = T/Z (RFC 8032
// §5.1.4, Hisil-Wong-Carter-Dawson 2008). The helper representations follow the usual split:
// - `ProjectivePoint` (X:Y:Z), enough for doubling, which does not read T;
// - `CompletedPoint` ((X:Z),(Y:T)), the output of an addition or doubling before its final
//   multiplications, converted to projective (3M) or extended (4M) as the next step needs;
// - `ProjectiveNielsPoint` (Y+X, Y-X, Z, 2d·T) and `AffineNielsPoint` (y+x, y-x, 2d·x·y), addends
//   prepared so that an addition costs 4M (3M for affine).
// The formulas are complete on this curve (a = -1 is a square, d is not), so they have no special
// cases: adding a point to itself or to the identity needs no branch.
// Differences that only feed multiplications are taken without carrying (`FieldElement.minusWithoutCarry`,
// a + 2p − b): every coordinate here is a product, a square, a sum of two of them or a weakly reduced
// value, so each subtrahend's limbs are below 2p's, and every multiplication input stays below 2^54 (the
// largest, F = 2·Z1² + (X1² − Y1²) of a doubling, is below 2^53 + 2^52).
// Must never change: the 32-byte point encoding (RFC 8032 §5.1.2) and its decoding rules.

/// A point of edwards25519 in extended coordinates.
struct EdwardsPoint {
    var x: FieldElement
    var y: FieldElement
    var z: FieldElement
    var t: FieldElement

    static let identity = EdwardsPoint(x: .zero, y: .one, z: .one, t: .zero)

    /// The base point B (RFC 8032 §5.1: y = 4/5, x positive).
    static let basePoint = EdwardsPoint(
        x: FieldElement(
            1_738_742_601_995_546, 1_146_398_526_822_698, 2_070_867_633_025_821,
            562_264_141_797_630, 587_772_402_128_613),
        y: FieldElement(
            1_801_439_850_948_184, 1_351_079_888_211_148, 450_359_962_737_049,
            900_719_925_474_099, 1_801_439_850_948_198),
        z: .one,
        t: FieldElement(
            1_841_354_044_333_475, 16_398_895_984_059, 755_974_180_946_558,
            900_171_276_175_154, 1_821_297_809_914_039))

    // MARK: Encoding (RFC 8032 §5.1.2, §5.1.3)

    /// Decodes a 32-byte point encoding following RFC 8032 §5.1.3, rejecting a y-coordinate ≥ p
    /// (non-canonical), a y with no matching x, and x = 0 with the sign bit set. Returns nil on
    /// failure. Variable time: only for public data.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> EdwardsPoint? {
        precondition(bytes.count == 32)
        // RFC 8032 §5.1.3 step 1: "If the resulting value is >= p, decoding fails."
        guard FieldElement.isCanonicalEncoding(bytes) else { return nil }
        let y = FieldElement(bytes: bytes)
        let sign = bytes[31] >> 7
        // Step 2: x² = (y² - 1) / (d·y² + 1).
        let yy = y.squared()
        let u = yy - .one
        let v = FieldElement.d * yy + .one
        // Step 3: square root, or failure when none exists.
        guard case (var x, true) = FieldElement.sqrtRatio(u, v) else { return nil }
        // Step 4: x = 0 with x_0 = 1 fails; otherwise pick the root whose low bit is x_0.
        let xIsNegative = x.isNegative
        if x.isZero && sign == 1 { return nil }
        if xIsNegative != (sign == 1) { x = -x }
        return EdwardsPoint(x: x, y: y, z: .one, t: x * y)
    }

    /// `decode(_:)` of an encoding given as four little-endian words.
    static func decode(words w: (UInt64, UInt64, UInt64, UInt64)) -> EdwardsPoint? {
        withUnsafeBytes(of: (w.0.littleEndian, w.1.littleEndian, w.2.littleEndian, w.3.littleEndian)) {
            decode($0)
        }
    }

    /// The canonical 32-byte encoding (RFC 8032 §5.1.2): y little-endian, x's low bit in bit 255.
    func encoded() -> (UInt64, UInt64, UInt64, UInt64) {
        let zInverse = z.inverted()
        let xAffine = x * zInverse
        let yAffine = y * zInverse
        var words = yAffine.encodedWords()
        // The sign bit is x's low bit, moved without a branch (R in signing is computed from a secret).
        words.3 |= (xAffine.reducedLimbs().0 & 1) << 63
        return words
    }

    /// Whether this is the neutral element (0, 1). Variable time.
    var isIdentity: Bool {
        x.isZero && (y - z).isZero
    }

    /// Whether [8]P is the identity (P has order 1, 2, 4 or 8).
    var hasSmallOrder: Bool {
        multipliedByCofactor().isIdentity
    }

    /// [8]P by three doublings.
    func multipliedByCofactor() -> EdwardsPoint {
        toProjective().doubled().toProjective().doubled().toProjective().doubled().toExtended()
    }

    /// Whether P lies in the prime-order subgroup, i.e. [L]P is the identity. Variable time;
    /// costs about one scalar multiplication.
    var isTorsionFree: Bool {
        EdwardsPoint.doubleScalarMultiply(Scalar.order, self, Scalar.zero).isIdentity
    }

    // MARK: Conversions

    @inline(__always)
    func toProjective() -> ProjectivePoint {
        ProjectivePoint(x: x, y: y, z: z)
    }

    @inline(__always)
    func toProjectiveNiels() -> ProjectiveNielsPoint {
        ProjectiveNielsPoint(yPlusX: y + x, yMinusX: y - x, z: z, t2d: t * FieldElement.d2)
    }

    /// The affine Niels form; costs an inversion.
    func toAffineNiels() -> AffineNielsPoint {
        let zInverse = z.inverted()
        let xa = x * zInverse, ya = y * zInverse
        return AffineNielsPoint(yPlusX: ya + xa, yMinusX: ya - xa, xy2d: xa * ya * FieldElement.d2)
    }

    @inline(__always)
    static prefix func - (p: EdwardsPoint) -> EdwardsPoint {
        EdwardsPoint(x: -p.x, y: p.y, z: p.z, t: -p.t)
    }

    // MARK: Group operations

    @inline(__always)
    static func + (p: EdwardsPoint, q: ProjectiveNielsPoint) -> CompletedPoint {
        // RFC 8032 §5.1.4 addition: A = (Y1-X1)(Y2-X2), B = (Y1+X1)(Y2+X2), C = T1·2d·T2,
        // D = Z1·2·Z2, E = B-A, F = D-C, G = D+C, H = B+A.
        let pp = (p.y + p.x) * q.yPlusX
        let mm = FieldElement.minusWithoutCarry(p.y, p.x) * q.yMinusX
        let tt2d = p.t * q.t2d
        let zz = p.z * q.z
        let zz2 = zz + zz
        return CompletedPoint(x: FieldElement.minusWithoutCarry(pp, mm), y: pp + mm, z: zz2 + tt2d,
                              t: FieldElement.minusWithoutCarry(zz2, tt2d))
    }

    @inline(__always)
    static func - (p: EdwardsPoint, q: ProjectiveNielsPoint) -> CompletedPoint {
        // Adding -Q: swap Y+X with Y-X and negate 2d·T.
        let pm = (p.y + p.x) * q.yMinusX
        let mp = FieldElement.minusWithoutCarry(p.y, p.x) * q.yPlusX
        let tt2d = p.t * q.t2d
        let zz = p.z * q.z
        let zz2 = zz + zz
        return CompletedPoint(x: FieldElement.minusWithoutCarry(pm, mp), y: pm + mp,
                              z: FieldElement.minusWithoutCarry(zz2, tt2d), t: zz2 + tt2d)
    }

    @inline(__always)
    static func + (p: EdwardsPoint, q: AffineNielsPoint) -> CompletedPoint {
        // As above with Z2 = 1, so D = 2·Z1.
        let pp = (p.y + p.x) * q.yPlusX
        let mm = FieldElement.minusWithoutCarry(p.y, p.x) * q.yMinusX
        let tt2d = p.t * q.xy2d
        let z2 = p.z + p.z
        return CompletedPoint(x: FieldElement.minusWithoutCarry(pp, mm), y: pp + mm, z: z2 + tt2d,
                              t: FieldElement.minusWithoutCarry(z2, tt2d))
    }

    @inline(__always)
    static func - (p: EdwardsPoint, q: AffineNielsPoint) -> CompletedPoint {
        let pm = (p.y + p.x) * q.yMinusX
        let mp = FieldElement.minusWithoutCarry(p.y, p.x) * q.yPlusX
        let tt2d = p.t * q.xy2d
        let z2 = p.z + p.z
        return CompletedPoint(x: FieldElement.minusWithoutCarry(pm, mp), y: pm + mp,
                              z: FieldElement.minusWithoutCarry(z2, tt2d), t: z2 + tt2d)
    }

    @inline(__always)
    static func + (p: EdwardsPoint, q: EdwardsPoint) -> EdwardsPoint {
        (p + q.toProjectiveNiels()).toExtended()
    }

    @inline(__always)
    static func - (p: EdwardsPoint, q: EdwardsPoint) -> EdwardsPoint {
        (p - q.toProjectiveNiels()).toExtended()
    }

    @inline(__always)
    func doubled() -> EdwardsPoint {
        toProjective().doubled().toExtended()
    }
}

/// A point in projective coordinates (X:Y:Z); the input of a doubling.
struct ProjectivePoint {
    var x: FieldElement
    var y: FieldElement
    var z: FieldElement

    static let identity = ProjectivePoint(x: .zero, y: .one, z: .one)

    /// RFC 8032 §5.1.4 doubling: A = X1², B = Y1², C = 2·Z1², H = A+B, E = H-(X1+Y1)², G = A-B,
    /// F = C+G; the completed result holds (E, H, G, F).
    @inline(__always)
    func doubled() -> CompletedPoint {
        let a = x.squared()
        let b = y.squared()
        let c = z.squaredTimesTwo()
        let h = a + b
        let e = FieldElement.minusWithoutCarry(h, (x + y).squared())
        let g = FieldElement.minusWithoutCarry(a, b)
        let f = c + g
        return CompletedPoint(x: e, y: h, z: g, t: f)
    }
}

/// The result of an addition or doubling before its last multiplications: x = X/T, y = Y/Z
/// (in the formulas' names X = E, Y = H, Z = G, T = F).
struct CompletedPoint {
    var x: FieldElement
    var y: FieldElement
    var z: FieldElement
    var t: FieldElement

    /// X3 = E·F, Y3 = G·H, Z3 = F·G.
    @inline(__always)
    func toProjective() -> ProjectivePoint {
        ProjectivePoint(x: x * t, y: y * z, z: z * t)
    }

    /// X3 = E·F, Y3 = G·H, Z3 = F·G, T3 = E·H.
    @inline(__always)
    func toExtended() -> EdwardsPoint {
        EdwardsPoint(x: x * t, y: y * z, z: z * t, t: x * y)
    }
}

/// A point prepared as an addend: (Y+X, Y-X, Z, 2d·T).
struct ProjectiveNielsPoint {
    var yPlusX: FieldElement
    var yMinusX: FieldElement
    var z: FieldElement
    var t2d: FieldElement
}

/// An affine point prepared as an addend: (y+x, y-x, 2d·x·y).
struct AffineNielsPoint {
    var yPlusX: FieldElement
    var yMinusX: FieldElement
    var xy2d: FieldElement

    static let identity = AffineNielsPoint(yPlusX: .one, yMinusX: .one, xy2d: .zero)

    /// Replaces self by `other` when `choice` is all ones, with masks only.
    @inline(__always)
    mutating func conditionallyAssign(_ other: AffineNielsPoint, mask choice: UInt64) {
        yPlusX.conditionallyAssign(other.yPlusX, mask: choice)
        yMinusX.conditionallyAssign(other.yMinusX, mask: choice)
        xy2d.conditionallyAssign(other.xy2d, mask: choice)
    }

    /// Replaces self by its negation when `choice` is all ones: -(x, y) = (-x, y) swaps y+x with
    /// y-x and negates 2d·x·y. The negation is always computed, so timing does not depend on choice.
    @inline(__always)
    mutating func conditionallyNegate(mask choice: UInt64) {
        FieldElement.conditionalSwap(&yPlusX, &yMinusX, mask: choice)
        xy2d.conditionallyAssign(FieldElement.minusWithoutCarry(.zero, xy2d), mask: choice)
    }
}

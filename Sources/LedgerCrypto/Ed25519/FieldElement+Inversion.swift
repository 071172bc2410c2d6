// Inversion in GF(2^255 - 19) by the constant-time greatest-common-divisor algorithm of Bernstein
// and Yang ("Fast constant-time gcd computation and modular inversion", TCHES 2019), the variant with
// δ starting at 1/2 ("half-delta divsteps", Wuille 2021), where 590 divsteps suffice for every
// input below a 256-bit modulus.
//
// Why: encoding R = [r]B in signing costs one inversion; Fermat's p - 2 power is 254 squarings and
// 11 multiplications (about 35k instructions), the divsteps here about 22k.
//
// The state starts as (f, g) = (p, x) and (d, e) = (0, 1) and keeps d·x ≡ f and e·x ≡ g (mod p).
// Each outer round runs 59 divsteps on the low 62 bits of f and g only, recording them as a 2x2 matrix
// scaled by 2^62; the matrix is then applied to the full (f, g), dividing exactly by 2^62, and to
// (d, e), dividing by 2^62 modulo p. After 10 rounds (590 divsteps) g = 0 and f = ±1, so 1/x = ±d.
//
// Constant time: the divsteps use masks only (no branch or index depends on f, g or δ), every round
// runs the same operations, and the final normalization is masked too. 0 maps to 0, as with Fermat.

/// An integer as five signed limbs in radix 2^62: value = Σ limb[i]·2^(62·i). Limbs 0-3 are kept in
/// [0, 2^62) after each update; limb 4 carries the sign.
struct SignedLimbs62 {
    var v0: Int64
    var v1: Int64
    var v2: Int64
    var v3: Int64
    var v4: Int64

    static let mask62: Int64 = (1 << 62) - 1

    /// p = 2^255 - 19 in radix 2^62.
    static let modulus = SignedLimbs62(
        v0: 0x3fff_ffff_ffff_ffed, v1: 0x3fff_ffff_ffff_ffff, v2: 0x3fff_ffff_ffff_ffff,
        v3: 0x3fff_ffff_ffff_ffff, v4: 0x7f)
    /// p^-1 mod 2^62: p·modulusInverse62 ≡ 1 (mod 2^62) (tested).
    static let modulusInverse62: UInt64 = 0x3943_5e50_d794_35e5

    /// The value of four little-endian words (below 2^256).
    @inline(__always)
    init(words w: (UInt64, UInt64, UInt64, UInt64)) {
        let m = UInt64(bitPattern: Self.mask62)
        v0 = Int64(bitPattern: w.0 & m)
        v1 = Int64(bitPattern: ((w.0 >> 62) | (w.1 << 2)) & m)
        v2 = Int64(bitPattern: ((w.1 >> 60) | (w.2 << 4)) & m)
        v3 = Int64(bitPattern: ((w.2 >> 58) | (w.3 << 6)) & m)
        v4 = Int64(bitPattern: w.3 >> 56)
    }

    @inline(__always)
    init(v0: Int64, v1: Int64, v2: Int64, v3: Int64, v4: Int64) {
        self.v0 = v0
        self.v1 = v1
        self.v2 = v2
        self.v3 = v3
        self.v4 = v4
    }

    /// The four little-endian words of a value in [0, 2^256) whose limbs 0-3 are in [0, 2^62).
    @inline(__always)
    var words: (UInt64, UInt64, UInt64, UInt64) {
        let l0 = UInt64(bitPattern: v0), l1 = UInt64(bitPattern: v1), l2 = UInt64(bitPattern: v2)
        let l3 = UInt64(bitPattern: v3), l4 = UInt64(bitPattern: v4)
        return (l0 | (l1 << 62), (l1 >> 2) | (l2 << 60), (l2 >> 4) | (l3 << 58), (l3 >> 6) | (l4 << 56))
    }

    /// Brings a value in (-2p, p) with limbs in (-2^62, 2^62) to [0, p), negating it first when `sign`
    /// is negative; limbs end in [0, 2^62). Masks only.
    @inline(__always)
    func normalized(negatingIf sign: Int64) -> SignedLimbs62 {
        let p = Self.modulus, m = Self.mask62
        var (r0, r1, r2, r3, r4) = (v0, v1, v2, v3, v4)
        // Add p when negative: (-2p, p) → (-p, p).
        var add = r4 >> 63
        r0 &+= p.v0 & add; r1 &+= p.v1 & add; r2 &+= p.v2 & add; r3 &+= p.v3 & add; r4 &+= p.v4 & add
        // Negate when asked: still (-p, p).
        let negate = sign >> 63
        r0 = (r0 ^ negate) &- negate; r1 = (r1 ^ negate) &- negate; r2 = (r2 ^ negate) &- negate
        r3 = (r3 ^ negate) &- negate; r4 = (r4 ^ negate) &- negate
        r1 &+= r0 >> 62; r0 &= m
        r2 &+= r1 >> 62; r1 &= m
        r3 &+= r2 >> 62; r2 &= m
        r4 &+= r3 >> 62; r3 &= m
        // Add p once more when still negative: [0, p).
        add = r4 >> 63
        r0 &+= p.v0 & add; r1 &+= p.v1 & add; r2 &+= p.v2 & add; r3 &+= p.v3 & add; r4 &+= p.v4 & add
        r1 &+= r0 >> 62; r0 &= m
        r2 &+= r1 >> 62; r1 &= m
        r3 &+= r2 >> 62; r2 &= m
        r4 &+= r3 >> 62; r3 &= m
        return SignedLimbs62(v0: r0, v1: r1, v2: r2, v3: r3, v4: r4)
    }
}

/// The 2x2 matrix of a run of divsteps, [u v; q r], scaled by 2^62: it maps (f, g) to
/// ((u·f + v·g) / 2^62, (q·f + r·g) / 2^62). Entries are in [-2^62, 2^62].
struct DivstepMatrix {
    var u: Int64
    var v: Int64
    var q: Int64
    var r: Int64

    /// Divsteps per outer round, and rounds: 10 · 59 = 590 divsteps, enough for any input below a
    /// 256-bit modulus in the half-delta variant (Bernstein-Yang §11; Wuille's bound of 590).
    static let stepsPerRound = 59
    static let roundCount = 10

    /// Runs `stepsPerRound` divsteps on the low bits f0, g0 (f0 odd) from ζ = -(δ + 1/2), returning the
    /// new ζ and the transition matrix. Masks only: the same instructions run whatever the inputs.
    ///
    /// The steps run in two halves (29 + 30) whose matrices have entries of at most 2^29 and 2^30, so
    /// each half keeps a matrix row (u, v) in one word, u + 2^32·v (`packedSteps`); the product of the
    /// two halves is the matrix of all 59 steps (entries at most 2^59), then scaled by 2^3.
    @inline(__always)
    static func divsteps(zeta: Int64, f0: UInt64, g0: UInt64) -> (Int64, DivstepMatrix) {
        var f = f0, g = g0, zeta = zeta
        let first = packedSteps(firstHalfStepCount, zeta: &zeta, f: &f, g: &g)
        let second = packedSteps(stepsPerRound - firstHalfStepCount, zeta: &zeta, f: &f, g: &g)
        // second · first, times 8 (2^59 · 2^3 = 2^62).
        return (zeta, DivstepMatrix(
            u: (second.u &* first.u &+ second.v &* first.q) &<< 3,
            v: (second.u &* first.v &+ second.v &* first.r) &<< 3,
            q: (second.q &* first.u &+ second.r &* first.q) &<< 3,
            r: (second.q &* first.v &+ second.r &* first.r) &<< 3))
    }

    /// Divsteps in the first half of a round (the second runs the rest).
    static let firstHalfStepCount = 29

    /// Runs `count` (at most 30) divsteps on the words f (odd) and g, updating ζ, and returns their
    /// unscaled matrix. Each row is kept packed as u + 2^32·v: adding, negating, masking and doubling
    /// act on both halves at once, and |u|, |v| ≤ 2^count < 2^31 keeps the halves apart.
    @inline(__always)
    static func packedSteps(_ count: Int, zeta: inout Int64, f: inout UInt64, g: inout UInt64) -> DivstepMatrix {
        var uv: UInt64 = 1          // u = 1, v = 0
        var qr: UInt64 = 1 << 32    // q = 0, r = 1
        for _ in 0..<count {
            // δ > 0 (ζ < 0): all ones; g odd: all ones.
            let positiveDelta = UInt64(bitPattern: zeta >> 63)
            let gOdd = 0 &- (g & 1)
            // When g is odd, g += f (δ ≤ 0) or g -= f (δ > 0), with the matrix rows alike.
            g &+= ((f ^ positiveDelta) &- positiveDelta) & gOdd
            qr &+= ((uv ^ positiveDelta) &- positiveDelta) & gOdd
            // When both, the divstep also swaps: f becomes the old g (f + (g - f)), and δ becomes 1 - δ
            // (ζ → -ζ - 2); otherwise δ becomes 1 + δ (ζ → ζ - 1).
            let swap = positiveDelta & gOdd
            zeta = (zeta ^ Int64(bitPattern: swap)) &- 1
            f &+= g & swap
            uv &+= qr & swap
            // g is now even: halve it, and double the other row instead of halving this one.
            g >>= 1
            uv <<= 1
        }
        // Unpack: the low half is u as a signed 32-bit value; v is what remains, shifted down.
        let u = Int64(Int32(truncatingIfNeeded: uv)), q = Int64(Int32(truncatingIfNeeded: qr))
        return DivstepMatrix(u: u, v: (Int64(bitPattern: uv) &- u) >> 32,
                             q: q, r: (Int64(bitPattern: qr) &- q) >> 32)
    }

    /// The same steps as `divsteps(zeta:f0:g0:)` one row entry per word: the reference the packed
    /// version is tested against.
    static func unpackedDivsteps(zeta: Int64, f0: UInt64, g0: UInt64) -> (Int64, DivstepMatrix) {
        // The matrix starts as 8·identity (2^3) so that after 59 doublings it is scaled by 2^62.
        var u: UInt64 = 8, v: UInt64 = 0, q: UInt64 = 0, r: UInt64 = 8
        var f = f0, g = g0, zeta = zeta
        for _ in 0..<stepsPerRound {
            let positiveDelta = UInt64(bitPattern: zeta >> 63)
            let gOdd = 0 &- (g & 1)
            g &+= ((f ^ positiveDelta) &- positiveDelta) & gOdd
            q &+= ((u ^ positiveDelta) &- positiveDelta) & gOdd
            r &+= ((v ^ positiveDelta) &- positiveDelta) & gOdd
            let swap = positiveDelta & gOdd
            zeta = (zeta ^ Int64(bitPattern: swap)) &- 1
            f &+= g & swap
            u &+= q & swap
            v &+= r & swap
            g >>= 1
            u <<= 1
            v <<= 1
        }
        return (zeta, DivstepMatrix(u: Int64(bitPattern: u), v: Int64(bitPattern: v),
                                    q: Int64(bitPattern: q), r: Int64(bitPattern: r)))
    }

    /// (f, g) ← ((u·f + v·g) / 2^62, (q·f + r·g) / 2^62), exact divisions (the divsteps cleared the low
    /// 62 bits of both sums).
    @inline(__always)
    func apply(f: inout SignedLimbs62, g: inout SignedLimbs62) {
        let m = SignedLimbs62.mask62
        let (u, v, q, r) = (Int128(self.u), Int128(self.v), Int128(self.q), Int128(self.r))
        var cf = u &* Int128(f.v0) &+ v &* Int128(g.v0)
        var cg = q &* Int128(f.v0) &+ r &* Int128(g.v0)
        cf >>= 62; cg >>= 62
        cf &+= u &* Int128(f.v1) &+ v &* Int128(g.v1)
        cg &+= q &* Int128(f.v1) &+ r &* Int128(g.v1)
        let f0 = Int64(truncatingIfNeeded: cf) & m, g0 = Int64(truncatingIfNeeded: cg) & m
        cf >>= 62; cg >>= 62
        cf &+= u &* Int128(f.v2) &+ v &* Int128(g.v2)
        cg &+= q &* Int128(f.v2) &+ r &* Int128(g.v2)
        let f1 = Int64(truncatingIfNeeded: cf) & m, g1 = Int64(truncatingIfNeeded: cg) & m
        cf >>= 62; cg >>= 62
        cf &+= u &* Int128(f.v3) &+ v &* Int128(g.v3)
        cg &+= q &* Int128(f.v3) &+ r &* Int128(g.v3)
        let f2 = Int64(truncatingIfNeeded: cf) & m, g2 = Int64(truncatingIfNeeded: cg) & m
        cf >>= 62; cg >>= 62
        cf &+= u &* Int128(f.v4) &+ v &* Int128(g.v4)
        cg &+= q &* Int128(f.v4) &+ r &* Int128(g.v4)
        let f3 = Int64(truncatingIfNeeded: cf) & m, g3 = Int64(truncatingIfNeeded: cg) & m
        cf >>= 62; cg >>= 62
        f = SignedLimbs62(v0: f0, v1: f1, v2: f2, v3: f3, v4: Int64(truncatingIfNeeded: cf))
        g = SignedLimbs62(v0: g0, v1: g1, v2: g2, v3: g3, v4: Int64(truncatingIfNeeded: cg))
    }

    /// (d, e) ← ((u·d + v·e) / 2^62, (q·d + r·e) / 2^62) mod p, for d, e in (-2p, p) with limbs in
    /// (-2^62, 2^62); the results are in the same range. A multiple of p is added to each sum so that
    /// its low 62 bits vanish (the division is then exact); the multiple also corrects for negative d
    /// and e, which keeps the range (Bernstein-Yang §12, as libsecp256k1's modinv64 bounds it).
    @inline(__always)
    func apply(d: inout SignedLimbs62, e: inout SignedLimbs62) {
        let m = SignedLimbs62.mask62
        let p = SignedLimbs62.modulus
        let dNegative = d.v4 >> 63, eNegative = e.v4 >> 63
        var md = (self.u & dNegative) &+ (self.v & eNegative)
        var me = (self.q & dNegative) &+ (self.r & eNegative)
        let (u, v, q, r) = (Int128(self.u), Int128(self.v), Int128(self.q), Int128(self.r))
        var cd = u &* Int128(d.v0) &+ v &* Int128(e.v0)
        var ce = q &* Int128(d.v0) &+ r &* Int128(e.v0)
        // Choose md, me so that cd + p·md ≡ 0 and ce + p·me ≡ 0 (mod 2^62).
        let inverse = SignedLimbs62.modulusInverse62
        md &-= Int64(bitPattern: (inverse &* UInt64(truncatingIfNeeded: cd) &+ UInt64(bitPattern: md))
            & UInt64(bitPattern: m))
        me &-= Int64(bitPattern: (inverse &* UInt64(truncatingIfNeeded: ce) &+ UInt64(bitPattern: me))
            & UInt64(bitPattern: m))
        let pd = Int128(md), pe = Int128(me)
        cd &+= Int128(p.v0) &* pd
        ce &+= Int128(p.v0) &* pe
        cd >>= 62; ce >>= 62
        cd &+= u &* Int128(d.v1) &+ v &* Int128(e.v1) &+ Int128(p.v1) &* pd
        ce &+= q &* Int128(d.v1) &+ r &* Int128(e.v1) &+ Int128(p.v1) &* pe
        let d0 = Int64(truncatingIfNeeded: cd) & m, e0 = Int64(truncatingIfNeeded: ce) & m
        cd >>= 62; ce >>= 62
        cd &+= u &* Int128(d.v2) &+ v &* Int128(e.v2) &+ Int128(p.v2) &* pd
        ce &+= q &* Int128(d.v2) &+ r &* Int128(e.v2) &+ Int128(p.v2) &* pe
        let d1 = Int64(truncatingIfNeeded: cd) & m, e1 = Int64(truncatingIfNeeded: ce) & m
        cd >>= 62; ce >>= 62
        cd &+= u &* Int128(d.v3) &+ v &* Int128(e.v3) &+ Int128(p.v3) &* pd
        ce &+= q &* Int128(d.v3) &+ r &* Int128(e.v3) &+ Int128(p.v3) &* pe
        let d2 = Int64(truncatingIfNeeded: cd) & m, e2 = Int64(truncatingIfNeeded: ce) & m
        cd >>= 62; ce >>= 62
        cd &+= u &* Int128(d.v4) &+ v &* Int128(e.v4) &+ Int128(p.v4) &* pd
        ce &+= q &* Int128(d.v4) &+ r &* Int128(e.v4) &+ Int128(p.v4) &* pe
        let d3 = Int64(truncatingIfNeeded: cd) & m, e3 = Int64(truncatingIfNeeded: ce) & m
        cd >>= 62; ce >>= 62
        d = SignedLimbs62(v0: d0, v1: d1, v2: d2, v3: d3, v4: Int64(truncatingIfNeeded: cd))
        e = SignedLimbs62(v0: e0, v1: e1, v2: e2, v3: e3, v4: Int64(truncatingIfNeeded: ce))
    }
}

extension FieldElement {
    /// 1/self (0 maps to 0) by divsteps, in constant time (see the file comment); equal to
    /// `invertedByExponentiation()` for every input (tested).
    func invertedByDivsteps() -> FieldElement {
        var f = SignedLimbs62.modulus
        var g = SignedLimbs62(words: encodedWords())
        var d = SignedLimbs62(v0: 0, v1: 0, v2: 0, v3: 0, v4: 0)
        var e = SignedLimbs62(v0: 1, v1: 0, v2: 0, v3: 0, v4: 0)
        var zeta: Int64 = -1  // δ = 1/2
        for _ in 0..<DivstepMatrix.roundCount {
            let (nextZeta, matrix) = DivstepMatrix.divsteps(
                zeta: zeta, f0: UInt64(bitPattern: f.v0), g0: UInt64(bitPattern: g.v0))
            zeta = nextZeta
            matrix.apply(d: &d, e: &e)
            matrix.apply(f: &f, g: &g)
        }
        // Now g = 0 and f = ±1 (gcd(p, x) = 1 for x ≠ 0): d·x ≡ f, so 1/x = d·f; f's sign is its top limb's.
        let (w0, w1, w2, w3) = d.normalized(negatingIf: f.v4).words
        let m = Self.mask51
        return FieldElement(
            w0 & m, ((w0 >> 51) | (w1 << 13)) & m, ((w1 >> 38) | (w2 << 26)) & m,
            ((w2 >> 25) | (w3 << 39)) & m, (w3 >> 12) & m)
    }
}

// Arithmetic in GF(p), p = 2^255 - 19, the field of edwards25519 (RFC 8032 §5.1).
//
// An element is five unsigned 64-bit limbs in radix 2^51: value = Σ limb[i] · 2^(51·i).
// Limbs are kept "loosely reduced": after a multiplication or squaring each limb is < 2^51 + 2^13,
// after an addition of two such elements < 2^53. Multiplication accepts limbs < 2^54 (the products
// of 19·limb stay below 2^64 and a column of five 2^113 products below 2^128), so additions need no
// carries before they are multiplied ("lazy reduction"); so do the point formulas' differences
// (`minusWithoutCarry`, limbs < 2^53 + 2^14). Only `encoded()` produces the unique value in [0, p).
//
// Every operation here except `sqrtRatio` (used only to decode public points) runs in time
// independent of the values: no branch or memory index depends on a limb.
// Must never change: the byte encoding (32 bytes, little-endian, RFC 8032 §5.1.2).

/// An element of GF(2^255 - 19) in radix 2^51.
struct FieldElement {
    var l0: UInt64
    var l1: UInt64
    var l2: UInt64
    var l3: UInt64
    var l4: UInt64

    static let mask51: UInt64 = (1 << 51) - 1

    @inline(__always)
    init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
        self.l4 = l4
    }

    static let zero = FieldElement(0, 0, 0, 0, 0)
    static let one = FieldElement(1, 0, 0, 0, 0)

    /// The curve constant d = -121665/121666 (RFC 8032 §5.1).
    static let d = FieldElement(
        929_955_233_495_203, 466_365_720_129_213, 1_662_059_464_998_953,
        2_033_849_074_728_123, 1_442_794_654_840_575)
    /// 2·d, used by the extended-coordinate addition (Hisil et al. 2008, §3.1).
    static let d2 = FieldElement(
        1_859_910_466_990_425, 932_731_440_258_426, 1_072_319_116_312_658,
        1_815_898_335_770_999, 633_789_495_995_903)
    /// sqrt(-1) = 2^((p-1)/4) mod p (RFC 8032 §5.1.3 step 3).
    static let sqrtMinusOne = FieldElement(
        1_718_705_420_411_056, 234_908_883_556_509, 2_233_514_472_574_048,
        2_117_202_627_021_982, 765_476_049_583_133)

    /// Decodes 32 little-endian bytes, ignoring the top bit (RFC 8032 §5.1.3 step 1); the value may be
    /// in [p, 2^255), which the caller detects with `isCanonicalEncoding(_:)`.
    @inline(__always)
    init(bytes p: UnsafeRawBufferPointer) {
        @inline(__always) func load(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        let w0 = load(0), w1 = load(8), w2 = load(16), w3 = load(24)
        self.init(
            w0 & Self.mask51,
            ((w0 >> 51) | (w1 << 13)) & Self.mask51,
            ((w1 >> 38) | (w2 << 26)) & Self.mask51,
            ((w2 >> 25) | (w3 << 39)) & Self.mask51,
            (w3 >> 12) & Self.mask51)
    }

    /// Whether 32 bytes, top bit ignored, encode a value below p (the encoding is canonical).
    /// Variable time: only for public data.
    static func isCanonicalEncoding(_ p: UnsafeRawBufferPointer) -> Bool {
        // The value is ≥ p exactly when bits 0-254 are 2^255-19 ... 2^255-1: byte 0 ≥ 0xED,
        // bytes 1-30 all 0xFF, byte 31 (top bit masked) 0x7F.
        if p[31] & 0x7F != 0x7F { return true }
        for i in 1..<31 where p[i] != 0xFF { return true }
        return p[0] < 0xED
    }

    // MARK: Arithmetic

    @inline(__always)
    static func + (a: FieldElement, b: FieldElement) -> FieldElement {
        FieldElement(a.l0 &+ b.l0, a.l1 &+ b.l1, a.l2 &+ b.l2, a.l3 &+ b.l3, a.l4 &+ b.l4)
    }

    /// a - b, computed as a + 16p - b and then carried, so b's limbs may be up to 2^55.
    @inline(__always)
    static func - (a: FieldElement, b: FieldElement) -> FieldElement {
        // 16·p in radix 2^51: limb 0 is 16·(2^51 - 19), the others 16·(2^51 - 1).
        FieldElement(
            (a.l0 &+ 36_028_797_018_963_664) &- b.l0,
            (a.l1 &+ 36_028_797_018_963_952) &- b.l1,
            (a.l2 &+ 36_028_797_018_963_952) &- b.l2,
            (a.l3 &+ 36_028_797_018_963_952) &- b.l3,
            (a.l4 &+ 36_028_797_018_963_952) &- b.l4
        ).weaklyReduced()
    }

    /// a - b computed as a + 2p - b, without carrying: for the point formulas, whose differences only
    /// feed multiplications. Requires b's limbs ≤ those of 2p (2^52 - 38, then 2^52 - 2), which every
    /// product, square and weakly reduced value meets (< 2^51 + 2^13·19); the result's limbs are then
    /// below a's + 2^52, and the callers keep that below the 2^54 that multiplication accepts.
    @inline(__always)
    static func minusWithoutCarry(_ a: FieldElement, _ b: FieldElement) -> FieldElement {
        // 2·p in radix 2^51: limb 0 is 2·(2^51 - 19), the others 2·(2^51 - 1).
        FieldElement(
            (a.l0 &+ 4_503_599_627_370_458) &- b.l0,
            (a.l1 &+ 4_503_599_627_370_494) &- b.l1,
            (a.l2 &+ 4_503_599_627_370_494) &- b.l2,
            (a.l3 &+ 4_503_599_627_370_494) &- b.l3,
            (a.l4 &+ 4_503_599_627_370_494) &- b.l4)
    }

    @inline(__always)
    static prefix func - (a: FieldElement) -> FieldElement {
        zero - a
    }

    /// Carries every limb into the next one; the result has limbs < 2^51 + 2^13·19.
    @inline(__always)
    func weaklyReduced() -> FieldElement {
        let c0 = l0 >> 51, c1 = l1 >> 51, c2 = l2 >> 51, c3 = l3 >> 51, c4 = l4 >> 51
        return FieldElement(
            (l0 & Self.mask51) &+ c4 &* 19,
            (l1 & Self.mask51) &+ c0,
            (l2 & Self.mask51) &+ c1,
            (l3 & Self.mask51) &+ c2,
            (l4 & Self.mask51) &+ c3)
    }

    /// Carries the five 128-bit column sums of a product into loosely reduced limbs.
    ///
    /// Two carry chains run side by side (0 → 1 → 2 → 3 and 3 → 4 → 0 → 1), so each waits for half as
    /// many steps. Bounds for input limbs < 2^54: the columns are below 77, 59, 41, 23 and 5 times 2^108,
    /// so the carries out of columns 0-3 are below 2^63.3 and the one out of column 4 below 2^59.4;
    /// 19 times it plus a 51-bit limb stays below 2^64. Limbs 0, 2 and 3 end below 2^51, limbs 1
    /// and 4 below 2^51 + 2^13.
    @inline(__always)
    static func carried(
        _ r0: UInt128, _ r1: UInt128, _ r2: UInt128, _ r3: UInt128, _ r4: UInt128
    ) -> FieldElement {
        let m = Self.mask51
        let s1 = r1 &+ (r0 >> 51), s4 = r4 &+ (r3 >> 51)
        let o0 = UInt64(truncatingIfNeeded: r0) & m, o3 = UInt64(truncatingIfNeeded: r3) & m
        let o1 = UInt64(truncatingIfNeeded: s1) & m, o4 = UInt64(truncatingIfNeeded: s4) & m
        // The carry out of limb 4 is worth 2^255 ≡ 19 (mod p).
        let t0 = o0 &+ UInt64(truncatingIfNeeded: s4 >> 51) &* 19
        let t2 = r2 &+ (s1 >> 51)
        let t3 = o3 &+ UInt64(truncatingIfNeeded: t2 >> 51)
        return FieldElement(t0 & m, o1 &+ (t0 >> 51), UInt64(truncatingIfNeeded: t2) & m, t3 & m, o4 &+ (t3 >> 51))
    }

    @inline(__always)
    static func mul(_ a: UInt64, _ b: UInt64) -> UInt128 {
        UInt128(a) &* UInt128(b)
    }

    /// Schoolbook 5×5 product with the high columns folded by 2^255 ≡ 19 (mod p).
    @inline(__always)
    static func * (a: FieldElement, b: FieldElement) -> FieldElement {
        let b1_19 = b.l1 &* 19, b2_19 = b.l2 &* 19, b3_19 = b.l3 &* 19, b4_19 = b.l4 &* 19
        let r0 = mul(a.l0, b.l0) &+ mul(a.l1, b4_19) &+ mul(a.l2, b3_19) &+ mul(a.l3, b2_19) &+ mul(a.l4, b1_19)
        let r1 = mul(a.l0, b.l1) &+ mul(a.l1, b.l0) &+ mul(a.l2, b4_19) &+ mul(a.l3, b3_19) &+ mul(a.l4, b2_19)
        let r2 = mul(a.l0, b.l2) &+ mul(a.l1, b.l1) &+ mul(a.l2, b.l0) &+ mul(a.l3, b4_19) &+ mul(a.l4, b3_19)
        let r3 = mul(a.l0, b.l3) &+ mul(a.l1, b.l2) &+ mul(a.l2, b.l1) &+ mul(a.l3, b.l0) &+ mul(a.l4, b4_19)
        let r4 = mul(a.l0, b.l4) &+ mul(a.l1, b.l3) &+ mul(a.l2, b.l2) &+ mul(a.l3, b.l1) &+ mul(a.l4, b.l0)
        return carried(r0, r1, r2, r3, r4)
    }

    /// The square, with the symmetric products computed once (15 multiplications instead of 25).
    @inline(__always)
    func squared() -> FieldElement {
        let d0 = l0 &* 2, d1 = l1 &* 2, d4_19 = l4 &* 38
        let l3_19 = l3 &* 19, l4_19 = l4 &* 19
        let m = Self.mul
        let r0 = m(l0, l0) &+ m(d1, l4_19) &+ m(l2 &* 2, l3_19)
        let r1 = m(d0, l1) &+ m(l2, d4_19) &+ m(l3, l3_19)
        let r2 = m(d0, l2) &+ m(l1, l1) &+ m(l3, d4_19)
        let r3 = m(d0, l3) &+ m(d1, l2) &+ m(l4, l4_19)
        let r4 = m(d0, l4) &+ m(d1, l3) &+ m(l2, l2)
        return FieldElement.carried(r0, r1, r2, r3, r4)
    }

    /// 2·self², used by point doubling.
    @inline(__always)
    func squaredTimesTwo() -> FieldElement {
        let s = squared()
        return s + s
    }

    /// self^(2^k) by k successive squarings.
    @inline(__always)
    func squared(times k: Int) -> FieldElement {
        var r = self
        for _ in 0..<k { r = r.squared() }
        return r
    }

    /// Returns (self^(2^250 - 1), self^11), the shared start of the inversion and square-root chains.
    private func pow2_250_1() -> (FieldElement, FieldElement) {
        let z2 = squared()                      // 2
        let z9 = z2.squared(times: 2) * self    // 9
        let z11 = z9 * z2                       // 11
        let z5_0 = z11.squared() * z9           // 2^5 - 1
        let z10_0 = z5_0.squared(times: 5) * z5_0
        let z20_0 = z10_0.squared(times: 10) * z10_0
        let z40_0 = z20_0.squared(times: 20) * z20_0
        let z50_0 = z40_0.squared(times: 10) * z10_0
        let z100_0 = z50_0.squared(times: 50) * z50_0
        let z200_0 = z100_0.squared(times: 100) * z100_0
        let z250_0 = z200_0.squared(times: 50) * z50_0
        return (z250_0, z11)
    }

    /// 1/self (0 maps to 0), in constant time: by divsteps (`FieldElement+Inversion.swift`), about
    /// 22k instructions against 35k for `invertedByExponentiation()`.
    @inline(__always)
    func inverted() -> FieldElement {
        invertedByDivsteps()
    }

    /// self^(p-2) = 1/self by Fermat (0 maps to 0), with an addition chain of 254 squarings and 11
    /// multiplications; the reference the divsteps inversion is tested against.
    func invertedByExponentiation() -> FieldElement {
        let (z250_0, z11) = pow2_250_1()
        return z250_0.squared(times: 5) * z11   // 2^255 - 32 + 11 = p - 2
    }

    /// self^((p-5)/8) = self^(2^252 - 3), the exponent of the square-root candidate (RFC 8032 §5.1.3).
    func pow2_252_3() -> FieldElement {
        let (z250_0, _) = pow2_250_1()
        return z250_0.squared(times: 2) * self
    }

    // MARK: Encoding and predicates

    /// The fully reduced limbs (value in [0, p)), in constant time.
    func reducedLimbs() -> (UInt64, UInt64, UInt64, UInt64, UInt64) {
        let m = Self.mask51
        let h = weaklyReduced().weaklyReduced()
        // h < 2p here. q = 1 exactly when h ≥ p: h + 19 carries out of 2^255.
        var q = (h.l0 &+ 19) >> 51
        q = (h.l1 &+ q) >> 51
        q = (h.l2 &+ q) >> 51
        q = (h.l3 &+ q) >> 51
        q = (h.l4 &+ q) >> 51
        // Subtract q·p by adding 19·q and dropping bit 255.
        var r0 = h.l0 &+ 19 &* q
        var r1 = h.l1 &+ (r0 >> 51); r0 &= m
        var r2 = h.l2 &+ (r1 >> 51); r1 &= m
        var r3 = h.l3 &+ (r2 >> 51); r2 &= m
        var r4 = h.l4 &+ (r3 >> 51); r3 &= m
        r4 &= m
        return (r0, r1, r2, r3, r4)
    }

    /// The canonical 32-byte little-endian encoding (RFC 8032 §5.1.2), written to `out`.
    @inline(__always)
    func encode(into out: UnsafeMutableRawBufferPointer) {
        let (r0, r1, r2, r3, r4) = reducedLimbs()
        out.storeBytes(of: (r0 | (r1 << 51)).littleEndian, toByteOffset: 0, as: UInt64.self)
        out.storeBytes(of: ((r1 >> 13) | (r2 << 38)).littleEndian, toByteOffset: 8, as: UInt64.self)
        out.storeBytes(of: ((r2 >> 26) | (r3 << 25)).littleEndian, toByteOffset: 16, as: UInt64.self)
        out.storeBytes(of: ((r3 >> 39) | (r4 << 12)).littleEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// The canonical encoding as four little-endian 64-bit words.
    @inline(__always)
    func encodedWords() -> (UInt64, UInt64, UInt64, UInt64) {
        let (r0, r1, r2, r3, r4) = reducedLimbs()
        return (r0 | (r1 << 51), (r1 >> 13) | (r2 << 38), (r2 >> 26) | (r3 << 25), (r3 >> 39) | (r4 << 12))
    }

    /// Whether the value is odd once reduced ("negative" in RFC 8032 §5.1.2 terms: x's low bit).
    var isNegative: Bool {
        reducedLimbs().0 & 1 == 1
    }

    /// Whether the value is 0 mod p, in constant time.
    var isZero: Bool {
        let (r0, r1, r2, r3, r4) = reducedLimbs()
        return (r0 | r1 | r2 | r3 | r4) == 0
    }

    /// Value equality mod p.
    static func == (a: FieldElement, b: FieldElement) -> Bool {
        (a - b).isZero
    }

    // MARK: Constant-time selection

    /// Replaces self by `other` when `choice` is all ones; leaves it when 0. No branch on `choice`.
    @inline(__always)
    mutating func conditionallyAssign(_ other: FieldElement, mask choice: UInt64) {
        l0 ^= (l0 ^ other.l0) & choice
        l1 ^= (l1 ^ other.l1) & choice
        l2 ^= (l2 ^ other.l2) & choice
        l3 ^= (l3 ^ other.l3) & choice
        l4 ^= (l4 ^ other.l4) & choice
    }

    /// Swaps a and b when `choice` is all ones, with masks only.
    @inline(__always)
    static func conditionalSwap(_ a: inout FieldElement, _ b: inout FieldElement, mask choice: UInt64) {
        let t0 = (a.l0 ^ b.l0) & choice, t1 = (a.l1 ^ b.l1) & choice, t2 = (a.l2 ^ b.l2) & choice
        let t3 = (a.l3 ^ b.l3) & choice, t4 = (a.l4 ^ b.l4) & choice
        a.l0 ^= t0; a.l1 ^= t1; a.l2 ^= t2; a.l3 ^= t3; a.l4 ^= t4
        b.l0 ^= t0; b.l1 ^= t1; b.l2 ^= t2; b.l3 ^= t3; b.l4 ^= t4
    }

    // MARK: Square roots

    /// Computes sqrt(u/v) as RFC 8032 §5.1.3 steps 2-3 do: returns (x, true) with v·x² = u, or
    /// (_, false) when u/v is not a square. The sign of x is not normalized.
    static func sqrtRatio(_ u: FieldElement, _ v: FieldElement) -> (FieldElement, Bool) {
        let v3 = v.squared() * v
        let v7 = v3.squared() * v
        // RFC 8032 §5.1.3 step 3: x = u·v³·(u·v⁷)^((p-5)/8).
        var x = u * v3 * (u * v7).pow2_252_3()
        let vxx = v * x.squared()
        if vxx == u { return (x, true) }
        if vxx == -u {
            x = x * sqrtMinusOne
            return (x, true)
        }
        return (x, false)
    }
}

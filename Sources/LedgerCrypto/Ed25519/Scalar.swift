// Integers modulo the group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1).
//
// A `Scalar` is four little-endian 64-bit words. Arithmetic converts to five 52-bit limbs and uses
// Montgomery multiplication with R = 2^260: montgomery(a, b) = a·b/R mod L. All arithmetic here
// is constant time (signing multiplies and adds secret scalars); only `canonical(_:)` and the
// non-adjacent form, used on public data, take variable time.
// Must never change: scalars are encoded as 32 little-endian bytes (RFC 8032 §5.1.6 step 6).

/// An integer modulo L, or (for a clamped secret) an integer below 2^255.
struct Scalar {
    var w0: UInt64
    var w1: UInt64
    var w2: UInt64
    var w3: UInt64

    static let zero = Scalar(w0: 0, w1: 0, w2: 0, w3: 0)
    /// L itself (not reduced), for the subgroup test [L]P = identity.
    static let order = Scalar(
        w0: 0x5812_631a_5cf5_d3ed, w1: 0x14de_f9de_a2f7_9cd6, w2: 0, w3: 0x1000_0000_0000_0000)

    /// Reads 32 little-endian bytes without reducing them.
    @inline(__always)
    init(unreducedBytes p: UnsafeRawBufferPointer) {
        precondition(p.count >= 32)
        w0 = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        w1 = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        w2 = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        w3 = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// A 128-bit integer as a scalar (already below L).
    init(low: UInt64, high: UInt64) {
        self.init(w0: low, w1: high, w2: 0, w3: 0)
    }

    /// Decodes 32 bytes as an integer in [0, L), or nil when the value is ≥ L (RFC 8032 §5.1.7
    /// step 1: "If s ≥ L ... the signature is invalid"). Variable time: only for public data.
    static func canonical(_ p: UnsafeRawBufferPointer) -> Scalar? {
        let s = Scalar(unreducedBytes: p)
        let l = Scalar.order
        if s.w3 != l.w3 { return s.w3 < l.w3 ? s : nil }
        if s.w2 != l.w2 { return s.w2 < l.w2 ? s : nil }
        if s.w1 != l.w1 { return s.w1 < l.w1 ? s : nil }
        return s.w0 < l.w0 ? s : nil
    }

    /// Reduces a 64-byte little-endian integer (a SHA-512 digest) modulo L, in constant time
    /// (RFC 8032 §5.1.6 steps 2 and 4).
    static func reducing(wide p: UnsafeRawBufferPointer) -> Scalar {
        precondition(p.count == 64)
        @inline(__always) func word(_ i: Int) -> UInt64 {
            UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
        }
        // Limb i holds bits [52·i, 52·i + 52) of the 512-bit value.
        @inline(__always) func limb(_ i: Int) -> UInt64 {
            let bit = 52 * i
            let index = bit / 64, shift = bit % 64
            var v = word(index) >> UInt64(shift)
            if shift > 12 && index + 1 < 8 { v |= word(index + 1) << UInt64(64 - shift) }
            return v & Limbs.mask
        }
        let low = Limbs(limb(0), limb(1), limb(2), limb(3), limb(4))
        let high = Limbs(limb(5), limb(6), limb(7), limb(8), limb(9))
        // value = low + high·2^260 ≡ montgomery(low, R) + montgomery(high, R²) (mod L).
        let a = Limbs.montgomeryMultiply(low, Limbs.r)
        let b = Limbs.montgomeryMultiply(high, Limbs.rr)
        return Limbs.add(a, b).scalar
    }

    /// a·b mod L, in constant time. `b` may be unreduced (any value below 2^256).
    static func * (a: Scalar, b: Scalar) -> Scalar {
        let ab = Limbs.montgomeryMultiply(Limbs(a), Limbs(b))   // a·b/R
        return Limbs.montgomeryMultiply(ab, Limbs.rr).scalar     // a·b
    }

    /// a + b mod L for a, b < L, in constant time.
    static func + (a: Scalar, b: Scalar) -> Scalar {
        Limbs.add(Limbs(a), Limbs(b)).scalar
    }

    /// -a mod L for a < L.
    static prefix func - (a: Scalar) -> Scalar {
        Limbs.subtract(Limbs(Scalar.zero), Limbs(a)).scalar
    }

    /// Writes the 32-byte little-endian encoding.
    func encode(into out: UnsafeMutableRawBufferPointer) {
        out.storeBytes(of: w0.littleEndian, toByteOffset: 0, as: UInt64.self)
        out.storeBytes(of: w1.littleEndian, toByteOffset: 8, as: UInt64.self)
        out.storeBytes(of: w2.littleEndian, toByteOffset: 16, as: UInt64.self)
        out.storeBytes(of: w3.littleEndian, toByteOffset: 24, as: UInt64.self)
    }

    @inline(__always)
    func word(_ i: Int) -> UInt64 {
        switch i {
        case 0: return w0
        case 1: return w1
        case 2: return w2
        case 3: return w3
        default: return 0
        }
    }

    /// Writes the width-`w` non-adjacent form into `digits[0..<256]`: every nonzero digit is odd,
    /// |digit| < 2^(w-1), and any w consecutive digits hold at most one nonzero. Requires the value
    /// to be below 2^255. Variable time: only for public scalars.
    func nonAdjacentForm(width w: Int, into digits: UnsafeMutablePointer<Int8>) {
        precondition(w >= 2 && w <= 8 && w3 >> 63 == 0)
        digits.initialize(repeating: 0, count: 256)
        let windowWidth = UInt64(1) << UInt64(w)
        let windowMask = windowWidth - 1
        var position = 0
        var carry: UInt64 = 0
        while position < 256 {
            let index = position / 64, shift = position % 64
            var bits = word(index) >> UInt64(shift)
            if shift + w > 64 { bits |= word(index + 1) << UInt64(64 - shift) }
            let window = carry + (bits & windowMask)
            if window & 1 == 0 {
                position += 1
                continue
            }
            if window < windowWidth / 2 {
                carry = 0
                digits[position] = Int8(window)
            } else {
                carry = 1
                digits[position] = Int8(Int(window) - Int(windowWidth))
            }
            position += w
        }
    }

    /// Writes 64 signed radix-16 digits e[i] in [-8, 8) (the last in [-8, 8]) with
    /// value = Σ e[i]·16^i. Requires the value to be below 2^255. Constant time.
    func radix16Digits(into e: UnsafeMutablePointer<Int8>) {
        for i in 0..<32 {
            let byte = UInt8(truncatingIfNeeded: word(i / 8) >> UInt64(8 * (i % 8)))
            e[2 * i] = Int8(byte & 15)
            e[2 * i + 1] = Int8(byte >> 4)
        }
        // Move each digit into [-8, 8) by carrying into the next; arithmetic only, no branch.
        var carry: Int8 = 0
        for i in 0..<63 {
            e[i] &+= carry
            carry = (e[i] &+ 8) >> 4
            e[i] &-= carry << 4
        }
        e[63] &+= carry
    }
}

/// A scalar as five 52-bit limbs, for Montgomery arithmetic modulo L.
struct Limbs {
    var a0: UInt64
    var a1: UInt64
    var a2: UInt64
    var a3: UInt64
    var a4: UInt64

    static let mask: UInt64 = (1 << 52) - 1

    /// L in radix 2^52.
    static let l = Limbs(0x2_631a_5cf5_d3ed, 0xd_ea2f_79cd_6581, 0x14_def9, 0, 0x1000_0000_0000)
    /// R = 2^260 mod L.
    static let r = Limbs(0xf_48bd_6721_e6ed, 0x3_bab5_ac67_e45a, 0xf_ffff_eb35_e51b, 0xf_ffff_ffff_ffff, 0xfff_ffff_ffff)
    /// R² mod L.
    static let rr = Limbs(0x9_d265_e952_d13b, 0xd_63c7_15be_a69f, 0x5_be65_cb68_7604, 0x3_dcee_c73d_217f, 0x9_411b_7c30_9a)
    /// -1/L mod 2^52.
    static let lFactor: UInt64 = 0x5_1da3_1254_7e1b

    init(_ a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64, _ a4: UInt64) {
        self.a0 = a0
        self.a1 = a1
        self.a2 = a2
        self.a3 = a3
        self.a4 = a4
    }

    init(_ s: Scalar) {
        let m = Limbs.mask
        self.init(
            s.w0 & m, ((s.w0 >> 52) | (s.w1 << 12)) & m, ((s.w1 >> 40) | (s.w2 << 24)) & m,
            ((s.w2 >> 28) | (s.w3 << 36)) & m, s.w3 >> 16)
    }

    /// The four-word form; requires the value to be below 2^256.
    var scalar: Scalar {
        Scalar(w0: a0 | (a1 << 52), w1: (a1 >> 12) | (a2 << 40), w2: (a2 >> 24) | (a3 << 28), w3: (a3 >> 36) | (a4 << 16))
    }

    /// a - b mod L for a < 2L... in practice: a - b when a ≥ b, else a - b + L. Constant time.
    static func subtract(_ a: Limbs, _ b: Limbs) -> Limbs {
        let m = mask
        var borrow: UInt64 = 0
        var d0 = a.a0 &- b.a0; borrow = d0 >> 63; d0 &= m
        var d1 = a.a1 &- b.a1 &- borrow; borrow = d1 >> 63; d1 &= m
        var d2 = a.a2 &- b.a2 &- borrow; borrow = d2 >> 63; d2 &= m
        var d3 = a.a3 &- b.a3 &- borrow; borrow = d3 >> 63; d3 &= m
        var d4 = a.a4 &- b.a4 &- borrow; borrow = d4 >> 63; d4 &= m
        // Add L back when the difference went negative, selected by mask.
        let addMask = 0 &- borrow
        var carry: UInt64 = 0
        d0 = d0 &+ (l.a0 & addMask); carry = d0 >> 52; d0 &= m
        d1 = d1 &+ (l.a1 & addMask) &+ carry; carry = d1 >> 52; d1 &= m
        d2 = d2 &+ (l.a2 & addMask) &+ carry; carry = d2 >> 52; d2 &= m
        d3 = d3 &+ (l.a3 & addMask) &+ carry; carry = d3 >> 52; d3 &= m
        d4 = d4 &+ (l.a4 & addMask) &+ carry; d4 &= m
        return Limbs(d0, d1, d2, d3, d4)
    }

    /// a + b mod L for a, b < L. Constant time.
    static func add(_ a: Limbs, _ b: Limbs) -> Limbs {
        let m = mask
        var s0 = a.a0 &+ b.a0
        var s1 = a.a1 &+ b.a1 &+ (s0 >> 52); s0 &= m
        var s2 = a.a2 &+ b.a2 &+ (s1 >> 52); s1 &= m
        var s3 = a.a3 &+ b.a3 &+ (s2 >> 52); s2 &= m
        let s4 = a.a4 &+ b.a4 &+ (s3 >> 52); s3 &= m
        return subtract(Limbs(s0, s1, s2, s3, s4), l)
    }

    @inline(__always)
    static func m(_ x: UInt64, _ y: UInt64) -> UInt128 {
        UInt128(x) &* UInt128(y)
    }

    /// a·b/R mod L (Montgomery multiplication, R = 2^260). Requires a·b < R·L; the result is < L.
    /// Constant time.
    static func montgomeryMultiply(_ a: Limbs, _ b: Limbs) -> Limbs {
        // Schoolbook product in nine 128-bit columns.
        let z0 = m(a.a0, b.a0)
        let z1 = m(a.a0, b.a1) &+ m(a.a1, b.a0)
        let z2 = m(a.a0, b.a2) &+ m(a.a1, b.a1) &+ m(a.a2, b.a0)
        let z3 = m(a.a0, b.a3) &+ m(a.a1, b.a2) &+ m(a.a2, b.a1) &+ m(a.a3, b.a0)
        let z4 = m(a.a0, b.a4) &+ m(a.a1, b.a3) &+ m(a.a2, b.a2) &+ m(a.a3, b.a1) &+ m(a.a4, b.a0)
        let z5 = m(a.a1, b.a4) &+ m(a.a2, b.a3) &+ m(a.a3, b.a2) &+ m(a.a4, b.a1)
        let z6 = m(a.a2, b.a4) &+ m(a.a3, b.a3) &+ m(a.a4, b.a2)
        let z7 = m(a.a3, b.a4) &+ m(a.a4, b.a3)
        let z8 = m(a.a4, b.a4)
        let lm = l
        // Montgomery reduction, one 52-bit limb at a time: pick n_i so that adding n_i·L·2^(52i)
        // clears limb i, then carry.
        @inline(__always) func step(_ sum: UInt128) -> (UInt128, UInt64) {
            let n = (UInt64(truncatingIfNeeded: sum) &* lFactor) & mask
            return ((sum &+ m(n, lm.a0)) >> 52, n)
        }
        let (c0, n0) = step(z0)
        let (c1, n1) = step(z1 &+ c0 &+ m(n0, lm.a1))
        let (c2, n2) = step(z2 &+ c1 &+ m(n0, lm.a2) &+ m(n1, lm.a1))
        let (c3, n3) = step(z3 &+ c2 &+ m(n0, lm.a3) &+ m(n1, lm.a2) &+ m(n2, lm.a1))
        let (c4, n4) = step(z4 &+ c3 &+ m(n0, lm.a4) &+ m(n1, lm.a3) &+ m(n2, lm.a2) &+ m(n3, lm.a1))
        // The upper five columns, divided by R, are the result (< 2L).
        let s5 = z5 &+ c4 &+ m(n1, lm.a4) &+ m(n2, lm.a3) &+ m(n3, lm.a2) &+ m(n4, lm.a1)
        let s6 = z6 &+ (s5 >> 52) &+ m(n2, lm.a4) &+ m(n3, lm.a3) &+ m(n4, lm.a2)
        let s7 = z7 &+ (s6 >> 52) &+ m(n3, lm.a4) &+ m(n4, lm.a3)
        let s8 = z8 &+ (s7 >> 52) &+ m(n4, lm.a4)
        let r = Limbs(
            UInt64(truncatingIfNeeded: s5) & mask, UInt64(truncatingIfNeeded: s6) & mask,
            UInt64(truncatingIfNeeded: s7) & mask, UInt64(truncatingIfNeeded: s8) & mask,
            UInt64(truncatingIfNeeded: s8 >> 52))
        return subtract(r, l)
    }
}

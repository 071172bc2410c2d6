// SHA512 compression function, FIPS 180-4 §6.4.2, written out round by round so that
// the working variables and the 16-word message schedule stay in registers (no arrays, no heap).
// The round constants K are FIPS 180-4 §4.2.3: the first 64 bits of the fractional parts of the
// cube roots of the first 80 primes. Must never change: every stored hash depends on it.

extension SHA512 {
    /// Compresses `blockCount` consecutive 128-byte blocks at `blocks` into `state`, in portable Swift.
    @usableFromInline
    static func compressPortable(_ state: inout State, blocks: UnsafeRawPointer, blockCount: Int) {
        var (a, b, c, d, e, f, g, h) = state
        var block = blocks
        for _ in 0..<blockCount {
            // FIPS 180-4 §6.4.2 step 1: the first 16 schedule words are the block, big-endian.
            var w0 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            var w1 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            var w2 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
            var w3 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            var w4 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
            var w5 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt64.self))
            var w6 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt64.self))
            var w7 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt64.self))
            var w8 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 64, as: UInt64.self))
            var w9 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 72, as: UInt64.self))
            var w10 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 80, as: UInt64.self))
            var w11 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 88, as: UInt64.self))
            var w12 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 96, as: UInt64.self))
            var w13 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 104, as: UInt64.self))
            var w14 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 112, as: UInt64.self))
            var w15 = UInt64(bigEndian: block.loadUnaligned(fromByteOffset: 120, as: UInt64.self))
            let (a0, b0, c0, d0, e0, f0, g0, h0) = (a, b, c, d, e, f, g, h)
            round(a, b, c, &d, e, f, g, &h, 0x428a2f98d728ae22, w0)
            round(h, a, b, &c, d, e, f, &g, 0x7137449123ef65cd, w1)
            round(g, h, a, &b, c, d, e, &f, 0xb5c0fbcfec4d3b2f, w2)
            round(f, g, h, &a, b, c, d, &e, 0xe9b5dba58189dbbc, w3)
            round(e, f, g, &h, a, b, c, &d, 0x3956c25bf348b538, w4)
            round(d, e, f, &g, h, a, b, &c, 0x59f111f1b605d019, w5)
            round(c, d, e, &f, g, h, a, &b, 0x923f82a4af194f9b, w6)
            round(b, c, d, &e, f, g, h, &a, 0xab1c5ed5da6d8118, w7)
            round(a, b, c, &d, e, f, g, &h, 0xd807aa98a3030242, w8)
            round(h, a, b, &c, d, e, f, &g, 0x12835b0145706fbe, w9)
            round(g, h, a, &b, c, d, e, &f, 0x243185be4ee4b28c, w10)
            round(f, g, h, &a, b, c, d, &e, 0x550c7dc3d5ffb4e2, w11)
            round(e, f, g, &h, a, b, c, &d, 0x72be5d74f27b896f, w12)
            round(d, e, f, &g, h, a, b, &c, 0x80deb1fe3b1696b1, w13)
            round(c, d, e, &f, g, h, a, &b, 0x9bdc06a725c71235, w14)
            round(b, c, d, &e, f, g, h, &a, 0xc19bf174cf692694, w15)
            w0 = smallSigma1(w14) &+ w9 &+ smallSigma0(w1) &+ w0
            round(a, b, c, &d, e, f, g, &h, 0xe49b69c19ef14ad2, w0)
            w1 = smallSigma1(w15) &+ w10 &+ smallSigma0(w2) &+ w1
            round(h, a, b, &c, d, e, f, &g, 0xefbe4786384f25e3, w1)
            w2 = smallSigma1(w0) &+ w11 &+ smallSigma0(w3) &+ w2
            round(g, h, a, &b, c, d, e, &f, 0x0fc19dc68b8cd5b5, w2)
            w3 = smallSigma1(w1) &+ w12 &+ smallSigma0(w4) &+ w3
            round(f, g, h, &a, b, c, d, &e, 0x240ca1cc77ac9c65, w3)
            w4 = smallSigma1(w2) &+ w13 &+ smallSigma0(w5) &+ w4
            round(e, f, g, &h, a, b, c, &d, 0x2de92c6f592b0275, w4)
            w5 = smallSigma1(w3) &+ w14 &+ smallSigma0(w6) &+ w5
            round(d, e, f, &g, h, a, b, &c, 0x4a7484aa6ea6e483, w5)
            w6 = smallSigma1(w4) &+ w15 &+ smallSigma0(w7) &+ w6
            round(c, d, e, &f, g, h, a, &b, 0x5cb0a9dcbd41fbd4, w6)
            w7 = smallSigma1(w5) &+ w0 &+ smallSigma0(w8) &+ w7
            round(b, c, d, &e, f, g, h, &a, 0x76f988da831153b5, w7)
            w8 = smallSigma1(w6) &+ w1 &+ smallSigma0(w9) &+ w8
            round(a, b, c, &d, e, f, g, &h, 0x983e5152ee66dfab, w8)
            w9 = smallSigma1(w7) &+ w2 &+ smallSigma0(w10) &+ w9
            round(h, a, b, &c, d, e, f, &g, 0xa831c66d2db43210, w9)
            w10 = smallSigma1(w8) &+ w3 &+ smallSigma0(w11) &+ w10
            round(g, h, a, &b, c, d, e, &f, 0xb00327c898fb213f, w10)
            w11 = smallSigma1(w9) &+ w4 &+ smallSigma0(w12) &+ w11
            round(f, g, h, &a, b, c, d, &e, 0xbf597fc7beef0ee4, w11)
            w12 = smallSigma1(w10) &+ w5 &+ smallSigma0(w13) &+ w12
            round(e, f, g, &h, a, b, c, &d, 0xc6e00bf33da88fc2, w12)
            w13 = smallSigma1(w11) &+ w6 &+ smallSigma0(w14) &+ w13
            round(d, e, f, &g, h, a, b, &c, 0xd5a79147930aa725, w13)
            w14 = smallSigma1(w12) &+ w7 &+ smallSigma0(w15) &+ w14
            round(c, d, e, &f, g, h, a, &b, 0x06ca6351e003826f, w14)
            w15 = smallSigma1(w13) &+ w8 &+ smallSigma0(w0) &+ w15
            round(b, c, d, &e, f, g, h, &a, 0x142929670a0e6e70, w15)
            w0 = smallSigma1(w14) &+ w9 &+ smallSigma0(w1) &+ w0
            round(a, b, c, &d, e, f, g, &h, 0x27b70a8546d22ffc, w0)
            w1 = smallSigma1(w15) &+ w10 &+ smallSigma0(w2) &+ w1
            round(h, a, b, &c, d, e, f, &g, 0x2e1b21385c26c926, w1)
            w2 = smallSigma1(w0) &+ w11 &+ smallSigma0(w3) &+ w2
            round(g, h, a, &b, c, d, e, &f, 0x4d2c6dfc5ac42aed, w2)
            w3 = smallSigma1(w1) &+ w12 &+ smallSigma0(w4) &+ w3
            round(f, g, h, &a, b, c, d, &e, 0x53380d139d95b3df, w3)
            w4 = smallSigma1(w2) &+ w13 &+ smallSigma0(w5) &+ w4
            round(e, f, g, &h, a, b, c, &d, 0x650a73548baf63de, w4)
            w5 = smallSigma1(w3) &+ w14 &+ smallSigma0(w6) &+ w5
            round(d, e, f, &g, h, a, b, &c, 0x766a0abb3c77b2a8, w5)
            w6 = smallSigma1(w4) &+ w15 &+ smallSigma0(w7) &+ w6
            round(c, d, e, &f, g, h, a, &b, 0x81c2c92e47edaee6, w6)
            w7 = smallSigma1(w5) &+ w0 &+ smallSigma0(w8) &+ w7
            round(b, c, d, &e, f, g, h, &a, 0x92722c851482353b, w7)
            w8 = smallSigma1(w6) &+ w1 &+ smallSigma0(w9) &+ w8
            round(a, b, c, &d, e, f, g, &h, 0xa2bfe8a14cf10364, w8)
            w9 = smallSigma1(w7) &+ w2 &+ smallSigma0(w10) &+ w9
            round(h, a, b, &c, d, e, f, &g, 0xa81a664bbc423001, w9)
            w10 = smallSigma1(w8) &+ w3 &+ smallSigma0(w11) &+ w10
            round(g, h, a, &b, c, d, e, &f, 0xc24b8b70d0f89791, w10)
            w11 = smallSigma1(w9) &+ w4 &+ smallSigma0(w12) &+ w11
            round(f, g, h, &a, b, c, d, &e, 0xc76c51a30654be30, w11)
            w12 = smallSigma1(w10) &+ w5 &+ smallSigma0(w13) &+ w12
            round(e, f, g, &h, a, b, c, &d, 0xd192e819d6ef5218, w12)
            w13 = smallSigma1(w11) &+ w6 &+ smallSigma0(w14) &+ w13
            round(d, e, f, &g, h, a, b, &c, 0xd69906245565a910, w13)
            w14 = smallSigma1(w12) &+ w7 &+ smallSigma0(w15) &+ w14
            round(c, d, e, &f, g, h, a, &b, 0xf40e35855771202a, w14)
            w15 = smallSigma1(w13) &+ w8 &+ smallSigma0(w0) &+ w15
            round(b, c, d, &e, f, g, h, &a, 0x106aa07032bbd1b8, w15)
            w0 = smallSigma1(w14) &+ w9 &+ smallSigma0(w1) &+ w0
            round(a, b, c, &d, e, f, g, &h, 0x19a4c116b8d2d0c8, w0)
            w1 = smallSigma1(w15) &+ w10 &+ smallSigma0(w2) &+ w1
            round(h, a, b, &c, d, e, f, &g, 0x1e376c085141ab53, w1)
            w2 = smallSigma1(w0) &+ w11 &+ smallSigma0(w3) &+ w2
            round(g, h, a, &b, c, d, e, &f, 0x2748774cdf8eeb99, w2)
            w3 = smallSigma1(w1) &+ w12 &+ smallSigma0(w4) &+ w3
            round(f, g, h, &a, b, c, d, &e, 0x34b0bcb5e19b48a8, w3)
            w4 = smallSigma1(w2) &+ w13 &+ smallSigma0(w5) &+ w4
            round(e, f, g, &h, a, b, c, &d, 0x391c0cb3c5c95a63, w4)
            w5 = smallSigma1(w3) &+ w14 &+ smallSigma0(w6) &+ w5
            round(d, e, f, &g, h, a, b, &c, 0x4ed8aa4ae3418acb, w5)
            w6 = smallSigma1(w4) &+ w15 &+ smallSigma0(w7) &+ w6
            round(c, d, e, &f, g, h, a, &b, 0x5b9cca4f7763e373, w6)
            w7 = smallSigma1(w5) &+ w0 &+ smallSigma0(w8) &+ w7
            round(b, c, d, &e, f, g, h, &a, 0x682e6ff3d6b2b8a3, w7)
            w8 = smallSigma1(w6) &+ w1 &+ smallSigma0(w9) &+ w8
            round(a, b, c, &d, e, f, g, &h, 0x748f82ee5defb2fc, w8)
            w9 = smallSigma1(w7) &+ w2 &+ smallSigma0(w10) &+ w9
            round(h, a, b, &c, d, e, f, &g, 0x78a5636f43172f60, w9)
            w10 = smallSigma1(w8) &+ w3 &+ smallSigma0(w11) &+ w10
            round(g, h, a, &b, c, d, e, &f, 0x84c87814a1f0ab72, w10)
            w11 = smallSigma1(w9) &+ w4 &+ smallSigma0(w12) &+ w11
            round(f, g, h, &a, b, c, d, &e, 0x8cc702081a6439ec, w11)
            w12 = smallSigma1(w10) &+ w5 &+ smallSigma0(w13) &+ w12
            round(e, f, g, &h, a, b, c, &d, 0x90befffa23631e28, w12)
            w13 = smallSigma1(w11) &+ w6 &+ smallSigma0(w14) &+ w13
            round(d, e, f, &g, h, a, b, &c, 0xa4506cebde82bde9, w13)
            w14 = smallSigma1(w12) &+ w7 &+ smallSigma0(w15) &+ w14
            round(c, d, e, &f, g, h, a, &b, 0xbef9a3f7b2c67915, w14)
            w15 = smallSigma1(w13) &+ w8 &+ smallSigma0(w0) &+ w15
            round(b, c, d, &e, f, g, h, &a, 0xc67178f2e372532b, w15)
            w0 = smallSigma1(w14) &+ w9 &+ smallSigma0(w1) &+ w0
            round(a, b, c, &d, e, f, g, &h, 0xca273eceea26619c, w0)
            w1 = smallSigma1(w15) &+ w10 &+ smallSigma0(w2) &+ w1
            round(h, a, b, &c, d, e, f, &g, 0xd186b8c721c0c207, w1)
            w2 = smallSigma1(w0) &+ w11 &+ smallSigma0(w3) &+ w2
            round(g, h, a, &b, c, d, e, &f, 0xeada7dd6cde0eb1e, w2)
            w3 = smallSigma1(w1) &+ w12 &+ smallSigma0(w4) &+ w3
            round(f, g, h, &a, b, c, d, &e, 0xf57d4f7fee6ed178, w3)
            w4 = smallSigma1(w2) &+ w13 &+ smallSigma0(w5) &+ w4
            round(e, f, g, &h, a, b, c, &d, 0x06f067aa72176fba, w4)
            w5 = smallSigma1(w3) &+ w14 &+ smallSigma0(w6) &+ w5
            round(d, e, f, &g, h, a, b, &c, 0x0a637dc5a2c898a6, w5)
            w6 = smallSigma1(w4) &+ w15 &+ smallSigma0(w7) &+ w6
            round(c, d, e, &f, g, h, a, &b, 0x113f9804bef90dae, w6)
            w7 = smallSigma1(w5) &+ w0 &+ smallSigma0(w8) &+ w7
            round(b, c, d, &e, f, g, h, &a, 0x1b710b35131c471b, w7)
            w8 = smallSigma1(w6) &+ w1 &+ smallSigma0(w9) &+ w8
            round(a, b, c, &d, e, f, g, &h, 0x28db77f523047d84, w8)
            w9 = smallSigma1(w7) &+ w2 &+ smallSigma0(w10) &+ w9
            round(h, a, b, &c, d, e, f, &g, 0x32caab7b40c72493, w9)
            w10 = smallSigma1(w8) &+ w3 &+ smallSigma0(w11) &+ w10
            round(g, h, a, &b, c, d, e, &f, 0x3c9ebe0a15c9bebc, w10)
            w11 = smallSigma1(w9) &+ w4 &+ smallSigma0(w12) &+ w11
            round(f, g, h, &a, b, c, d, &e, 0x431d67c49c100d4c, w11)
            w12 = smallSigma1(w10) &+ w5 &+ smallSigma0(w13) &+ w12
            round(e, f, g, &h, a, b, c, &d, 0x4cc5d4becb3e42b6, w12)
            w13 = smallSigma1(w11) &+ w6 &+ smallSigma0(w14) &+ w13
            round(d, e, f, &g, h, a, b, &c, 0x597f299cfc657e2a, w13)
            w14 = smallSigma1(w12) &+ w7 &+ smallSigma0(w15) &+ w14
            round(c, d, e, &f, g, h, a, &b, 0x5fcb6fab3ad6faec, w14)
            w15 = smallSigma1(w13) &+ w8 &+ smallSigma0(w0) &+ w15
            round(b, c, d, &e, f, g, h, &a, 0x6c44198c4a475817, w15)
            // FIPS 180-4 §6.4.2 step 4: add the compressed block into the intermediate hash.
            a &+= a0; b &+= b0; c &+= c0; d &+= d0
            e &+= e0; f &+= f0; g &+= g0; h &+= h0
            block += blockByteCount
        }
        state = (a, b, c, d, e, f, g, h)
    }

    /// One round, FIPS 180-4 §6.4.2 step 3; the caller renames the eight working variables instead of shifting them.
    /// Ch(e, f, g) = (e ∧ f) ⊕ (¬e ∧ g) is computed as g ⊕ (e ∧ (f ⊕ g)), and Maj(a, b, c) as
    /// ((a ∧ b) ∨ (c ∧ (a ∨ b))): the same bits with fewer operations.
    @inline(__always)
    private static func round(
        _ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: inout UInt64,
        _ e: UInt64, _ f: UInt64, _ g: UInt64, _ h: inout UInt64, _ k: UInt64, _ w: UInt64
    ) {
        // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]; T2 = Σ0(a) + Maj(a, b, c).
        let t1 = h &+ bigSigma1(e) &+ (g ^ (e & (f ^ g))) &+ (k &+ w)
        let t2 = bigSigma0(a) &+ ((a & b) | (c & (a | b)))
        d &+= t1
        h = t1 &+ t2
    }

    // FIPS 180-4 §4.1.3: the four functions of one word. Σ0 and Σ1 nest their rotations
    // (ROTR^28(x ⊕ ROTR^6(x ⊕ ROTR^5(x))) = ROTR^28 ⊕ ROTR^34 ⊕ ROTR^39), which needs one copy of x
    // instead of three.
    @inline(__always) private static func rotateRight(_ x: UInt64, _ n: UInt64) -> UInt64 { x &>> n | x &<< (64 &- n) }
    @inline(__always) private static func bigSigma0(_ x: UInt64) -> UInt64 { rotateRight(x ^ rotateRight(x ^ rotateRight(x, 5), 6), 28) }
    @inline(__always) private static func bigSigma1(_ x: UInt64) -> UInt64 { rotateRight(x ^ rotateRight(x ^ rotateRight(x, 23), 4), 14) }
    @inline(__always) private static func smallSigma0(_ x: UInt64) -> UInt64 { rotateRight(x ^ rotateRight(x, 7), 1) ^ (x &>> 7) }
    @inline(__always) private static func smallSigma1(_ x: UInt64) -> UInt64 { rotateRight(x ^ rotateRight(x, 42), 19) ^ (x &>> 6) }
}

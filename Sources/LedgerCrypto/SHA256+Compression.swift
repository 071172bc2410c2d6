// SHA256 compression function, FIPS 180-4 §6.2.2, written out round by round so that
// the working variables and the 16-word message schedule stay in registers (no arrays, no heap).
// The round constants K are FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the
// cube roots of the first 64 primes. Must never change: every stored hash depends on it.

extension SHA256 {
    /// Compresses `blockCount` consecutive 64-byte blocks at `blocks` into `state`, in portable Swift.
    @usableFromInline
    static func compressPortable(_ state: inout State, blocks: UnsafeRawPointer, blockCount: Int) {
        var (a, b, c, d, e, f, g, h) = state
        var block = blocks
        for _ in 0..<blockCount {
            // FIPS 180-4 §6.2.2 step 1: the first 16 schedule words are the block, big-endian.
            var w0 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            var w1 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            var w2 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            var w3 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            var w4 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            var w5 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
            var w6 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
            var w7 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
            var w8 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
            var w9 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
            var w10 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
            var w11 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
            var w12 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
            var w13 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
            var w14 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
            var w15 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
            let (a0, b0, c0, d0, e0, f0, g0, h0) = (a, b, c, d, e, f, g, h)
            round(a, b, c, &d, e, f, g, &h, 0x428a2f98, w0)
            round(h, a, b, &c, d, e, f, &g, 0x71374491, w1)
            round(g, h, a, &b, c, d, e, &f, 0xb5c0fbcf, w2)
            round(f, g, h, &a, b, c, d, &e, 0xe9b5dba5, w3)
            round(e, f, g, &h, a, b, c, &d, 0x3956c25b, w4)
            round(d, e, f, &g, h, a, b, &c, 0x59f111f1, w5)
            round(c, d, e, &f, g, h, a, &b, 0x923f82a4, w6)
            round(b, c, d, &e, f, g, h, &a, 0xab1c5ed5, w7)
            round(a, b, c, &d, e, f, g, &h, 0xd807aa98, w8)
            round(h, a, b, &c, d, e, f, &g, 0x12835b01, w9)
            round(g, h, a, &b, c, d, e, &f, 0x243185be, w10)
            round(f, g, h, &a, b, c, d, &e, 0x550c7dc3, w11)
            round(e, f, g, &h, a, b, c, &d, 0x72be5d74, w12)
            round(d, e, f, &g, h, a, b, &c, 0x80deb1fe, w13)
            round(c, d, e, &f, g, h, a, &b, 0x9bdc06a7, w14)
            round(b, c, d, &e, f, g, h, &a, 0xc19bf174, w15)
            w0 = smallSigma1(w14) &+ w9 &+ smallSigma0(w1) &+ w0
            round(a, b, c, &d, e, f, g, &h, 0xe49b69c1, w0)
            w1 = smallSigma1(w15) &+ w10 &+ smallSigma0(w2) &+ w1
            round(h, a, b, &c, d, e, f, &g, 0xefbe4786, w1)
            w2 = smallSigma1(w0) &+ w11 &+ smallSigma0(w3) &+ w2
            round(g, h, a, &b, c, d, e, &f, 0x0fc19dc6, w2)
            w3 = smallSigma1(w1) &+ w12 &+ smallSigma0(w4) &+ w3
            round(f, g, h, &a, b, c, d, &e, 0x240ca1cc, w3)
            w4 = smallSigma1(w2) &+ w13 &+ smallSigma0(w5) &+ w4
            round(e, f, g, &h, a, b, c, &d, 0x2de92c6f, w4)
            w5 = smallSigma1(w3) &+ w14 &+ smallSigma0(w6) &+ w5
            round(d, e, f, &g, h, a, b, &c, 0x4a7484aa, w5)
            w6 = smallSigma1(w4) &+ w15 &+ smallSigma0(w7) &+ w6
            round(c, d, e, &f, g, h, a, &b, 0x5cb0a9dc, w6)
            w7 = smallSigma1(w5) &+ w0 &+ smallSigma0(w8) &+ w7
            round(b, c, d, &e, f, g, h, &a, 0x76f988da, w7)
            w8 = smallSigma1(w6) &+ w1 &+ smallSigma0(w9) &+ w8
            round(a, b, c, &d, e, f, g, &h, 0x983e5152, w8)
            w9 = smallSigma1(w7) &+ w2 &+ smallSigma0(w10) &+ w9
            round(h, a, b, &c, d, e, f, &g, 0xa831c66d, w9)
            w10 = smallSigma1(w8) &+ w3 &+ smallSigma0(w11) &+ w10
            round(g, h, a, &b, c, d, e, &f, 0xb00327c8, w10)
            w11 = smallSigma1(w9) &+ w4 &+ smallSigma0(w12) &+ w11
            round(f, g, h, &a, b, c, d, &e, 0xbf597fc7, w11)
            w12 = smallSigma1(w10) &+ w5 &+ smallSigma0(w13) &+ w12
            round(e, f, g, &h, a, b, c, &d, 0xc6e00bf3, w12)
            w13 = smallSigma1(w11) &+ w6 &+ smallSigma0(w14) &+ w13
            round(d, e, f, &g, h, a, b, &c, 0xd5a79147, w13)
            w14 = smallSigma1(w12) &+ w7 &+ smallSigma0(w15) &+ w14
            round(c, d, e, &f, g, h, a, &b, 0x06ca6351, w14)
            w15 = smallSigma1(w13) &+ w8 &+ smallSigma0(w0) &+ w15
            round(b, c, d, &e, f, g, h, &a, 0x14292967, w15)
            w0 = smallSigma1(w14) &+ w9 &+ smallSigma0(w1) &+ w0
            round(a, b, c, &d, e, f, g, &h, 0x27b70a85, w0)
            w1 = smallSigma1(w15) &+ w10 &+ smallSigma0(w2) &+ w1
            round(h, a, b, &c, d, e, f, &g, 0x2e1b2138, w1)
            w2 = smallSigma1(w0) &+ w11 &+ smallSigma0(w3) &+ w2
            round(g, h, a, &b, c, d, e, &f, 0x4d2c6dfc, w2)
            w3 = smallSigma1(w1) &+ w12 &+ smallSigma0(w4) &+ w3
            round(f, g, h, &a, b, c, d, &e, 0x53380d13, w3)
            w4 = smallSigma1(w2) &+ w13 &+ smallSigma0(w5) &+ w4
            round(e, f, g, &h, a, b, c, &d, 0x650a7354, w4)
            w5 = smallSigma1(w3) &+ w14 &+ smallSigma0(w6) &+ w5
            round(d, e, f, &g, h, a, b, &c, 0x766a0abb, w5)
            w6 = smallSigma1(w4) &+ w15 &+ smallSigma0(w7) &+ w6
            round(c, d, e, &f, g, h, a, &b, 0x81c2c92e, w6)
            w7 = smallSigma1(w5) &+ w0 &+ smallSigma0(w8) &+ w7
            round(b, c, d, &e, f, g, h, &a, 0x92722c85, w7)
            w8 = smallSigma1(w6) &+ w1 &+ smallSigma0(w9) &+ w8
            round(a, b, c, &d, e, f, g, &h, 0xa2bfe8a1, w8)
            w9 = smallSigma1(w7) &+ w2 &+ smallSigma0(w10) &+ w9
            round(h, a, b, &c, d, e, f, &g, 0xa81a664b, w9)
            w10 = smallSigma1(w8) &+ w3 &+ smallSigma0(w11) &+ w10
            round(g, h, a, &b, c, d, e, &f, 0xc24b8b70, w10)
            w11 = smallSigma1(w9) &+ w4 &+ smallSigma0(w12) &+ w11
            round(f, g, h, &a, b, c, d, &e, 0xc76c51a3, w11)
            w12 = smallSigma1(w10) &+ w5 &+ smallSigma0(w13) &+ w12
            round(e, f, g, &h, a, b, c, &d, 0xd192e819, w12)
            w13 = smallSigma1(w11) &+ w6 &+ smallSigma0(w14) &+ w13
            round(d, e, f, &g, h, a, b, &c, 0xd6990624, w13)
            w14 = smallSigma1(w12) &+ w7 &+ smallSigma0(w15) &+ w14
            round(c, d, e, &f, g, h, a, &b, 0xf40e3585, w14)
            w15 = smallSigma1(w13) &+ w8 &+ smallSigma0(w0) &+ w15
            round(b, c, d, &e, f, g, h, &a, 0x106aa070, w15)
            w0 = smallSigma1(w14) &+ w9 &+ smallSigma0(w1) &+ w0
            round(a, b, c, &d, e, f, g, &h, 0x19a4c116, w0)
            w1 = smallSigma1(w15) &+ w10 &+ smallSigma0(w2) &+ w1
            round(h, a, b, &c, d, e, f, &g, 0x1e376c08, w1)
            w2 = smallSigma1(w0) &+ w11 &+ smallSigma0(w3) &+ w2
            round(g, h, a, &b, c, d, e, &f, 0x2748774c, w2)
            w3 = smallSigma1(w1) &+ w12 &+ smallSigma0(w4) &+ w3
            round(f, g, h, &a, b, c, d, &e, 0x34b0bcb5, w3)
            w4 = smallSigma1(w2) &+ w13 &+ smallSigma0(w5) &+ w4
            round(e, f, g, &h, a, b, c, &d, 0x391c0cb3, w4)
            w5 = smallSigma1(w3) &+ w14 &+ smallSigma0(w6) &+ w5
            round(d, e, f, &g, h, a, b, &c, 0x4ed8aa4a, w5)
            w6 = smallSigma1(w4) &+ w15 &+ smallSigma0(w7) &+ w6
            round(c, d, e, &f, g, h, a, &b, 0x5b9cca4f, w6)
            w7 = smallSigma1(w5) &+ w0 &+ smallSigma0(w8) &+ w7
            round(b, c, d, &e, f, g, h, &a, 0x682e6ff3, w7)
            w8 = smallSigma1(w6) &+ w1 &+ smallSigma0(w9) &+ w8
            round(a, b, c, &d, e, f, g, &h, 0x748f82ee, w8)
            w9 = smallSigma1(w7) &+ w2 &+ smallSigma0(w10) &+ w9
            round(h, a, b, &c, d, e, f, &g, 0x78a5636f, w9)
            w10 = smallSigma1(w8) &+ w3 &+ smallSigma0(w11) &+ w10
            round(g, h, a, &b, c, d, e, &f, 0x84c87814, w10)
            w11 = smallSigma1(w9) &+ w4 &+ smallSigma0(w12) &+ w11
            round(f, g, h, &a, b, c, d, &e, 0x8cc70208, w11)
            w12 = smallSigma1(w10) &+ w5 &+ smallSigma0(w13) &+ w12
            round(e, f, g, &h, a, b, c, &d, 0x90befffa, w12)
            w13 = smallSigma1(w11) &+ w6 &+ smallSigma0(w14) &+ w13
            round(d, e, f, &g, h, a, b, &c, 0xa4506ceb, w13)
            w14 = smallSigma1(w12) &+ w7 &+ smallSigma0(w15) &+ w14
            round(c, d, e, &f, g, h, a, &b, 0xbef9a3f7, w14)
            w15 = smallSigma1(w13) &+ w8 &+ smallSigma0(w0) &+ w15
            round(b, c, d, &e, f, g, h, &a, 0xc67178f2, w15)
            // FIPS 180-4 §6.2.2 step 4: add the compressed block into the intermediate hash.
            a &+= a0; b &+= b0; c &+= c0; d &+= d0
            e &+= e0; f &+= f0; g &+= g0; h &+= h0
            block += blockByteCount
        }
        state = (a, b, c, d, e, f, g, h)
    }

    /// One round, FIPS 180-4 §6.2.2 step 3; the caller renames the eight working variables instead of shifting them.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ k: UInt32, _ w: UInt32
    ) {
        // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]; T2 = Σ0(a) + Maj(a, b, c).
        let t1 = h &+ bigSigma1(e) &+ ((e & f) ^ (~e & g)) &+ k &+ w
        let t2 = bigSigma0(a) &+ ((a & b) ^ (a & c) ^ (b & c))
        d &+= t1
        h = t1 &+ t2
    }

    // FIPS 180-4 §4.1.2: the four functions of one word.
    @inline(__always) private static func bigSigma0(_ x: UInt32) -> UInt32 { (x &>> 2 | x &<< 30) ^ (x &>> 13 | x &<< 19) ^ (x &>> 22 | x &<< 10) }
    @inline(__always) private static func bigSigma1(_ x: UInt32) -> UInt32 { (x &>> 6 | x &<< 26) ^ (x &>> 11 | x &<< 21) ^ (x &>> 25 | x &<< 7) }
    @inline(__always) private static func smallSigma0(_ x: UInt32) -> UInt32 { (x &>> 7 | x &<< 25) ^ (x &>> 18 | x &<< 14) ^ (x &>> 3) }
    @inline(__always) private static func smallSigma1(_ x: UInt32) -> UInt32 { (x &>> 17 | x &<< 15) ^ (x &>> 19 | x &<< 13) ^ (x &>> 10) }
}

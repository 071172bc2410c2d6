// Goal: the constant-time fixed-base multiplication [s]B (signing's [r]B, key generation's [a]B)
// equals the generic variable-base multiplications for every scalar it can be given (s < 2^255),
// including the radix-16 digits at their carry boundaries and the scalars next to 0, L and 2^252.
// Method: two independent references, the width-5 wNAF variable-base multiplication with B as an
// ordinary point (it never reads the fixed-base table) and a plain double-and-add over the bits,
// on edge scalars and on scalars from a seeded PRNG (the seed is printed on failure).
import LedgerTestSupport
import Testing

@testable import LedgerCrypto

@Suite("Ed25519 fixed-base multiplication")
struct Ed25519FixedBaseTests {
    /// [s]B by double-and-add from the top bit, with no table and no recoding.
    static func doubleAndAdd(_ s: Scalar) -> EdwardsPoint {
        var result = EdwardsPoint.identity
        for bit in stride(from: 254, through: 0, by: -1) {
            result = result.doubled()
            if (s.word(bit / 64) >> UInt64(bit % 64)) & 1 == 1 { result = result + EdwardsPoint.basePoint }
        }
        return result
    }

    /// [s]B with B taken as a variable point (its own width-5 table, not `BasePointTable`).
    static func variableBase(_ s: Scalar) -> EdwardsPoint {
        EdwardsPoint.doubleScalarMultiply(s, EdwardsPoint.basePoint, .zero)
    }

    static func words(_ p: EdwardsPoint) -> [UInt64] {
        let w = p.encoded()
        return [w.0, w.1, w.2, w.3]
    }

    /// Scalars at the edges: 0, 1, small values, the digits' carry boundaries (every nibble 7, 8 or
    /// 15), L - 1, L, L + 1, 2^252 and its neighbours, clamped extremes, and 2^255 - 1.
    static let edgeScalars: [(String, Scalar)] = {
        let order = Scalar.order
        let lMinusOne = Scalar(w0: order.w0 - 1, w1: order.w1, w2: order.w2, w3: order.w3)
        let lPlusOne = Scalar(w0: order.w0 + 1, w1: order.w1, w2: order.w2, w3: order.w3)
        let nibbles = { (n: UInt64) in n * 0x1111_1111_1111_1111 }
        return [
            ("0", .zero), ("1", Scalar(low: 1, high: 0)), ("2", Scalar(low: 2, high: 0)),
            ("7", Scalar(low: 7, high: 0)), ("8", Scalar(low: 8, high: 0)), ("9", Scalar(low: 9, high: 0)),
            ("15", Scalar(low: 15, high: 0)), ("16", Scalar(low: 16, high: 0)), ("2^64", Scalar(low: 0, high: 1)),
            ("L - 1", lMinusOne), ("L", order), ("L + 1", lPlusOne),
            ("2^252 - 1", Scalar(w0: .max, w1: .max, w2: .max, w3: (1 << 60) - 1)),
            ("2^252", Scalar(w0: 0, w1: 0, w2: 0, w3: 1 << 60)),
            ("2^252 + 1", Scalar(w0: 1, w1: 0, w2: 0, w3: 1 << 60)),
            ("2^253", Scalar(w0: 0, w1: 0, w2: 0, w3: 1 << 61)),
            ("2^254 (smallest clamped)", Scalar(w0: 0, w1: 0, w2: 0, w3: 1 << 62)),
            ("largest clamped", Scalar(w0: .max & ~7, w1: .max, w2: .max, w3: .max >> 1)),
            ("2^255 - 1", Scalar(w0: .max, w1: .max, w2: .max, w3: .max >> 1)),
            ("every nibble 7", Scalar(w0: nibbles(7), w1: nibbles(7), w2: nibbles(7), w3: nibbles(7))),
            ("every nibble 8", Scalar(w0: nibbles(8), w1: nibbles(8), w2: nibbles(8), w3: nibbles(8) >> 1)),
            ("every nibble 15 below 2^255", Scalar(w0: .max, w1: .max, w2: .max, w3: .max >> 1)),
            ("nibbles 8 then 7", Scalar(w0: 0x7878_7878_7878_7878, w1: 0x8787_8787_8787_8787,
                                        w2: 0x7878_7878_7878_7878, w3: 0x0787_8787_8787_8787)),
        ]
    }()

    @Test("[s]B from the table equals double-and-add and the variable-base wNAF at the edge scalars")
    func edgeScalarsAgree() {
        for (name, s) in Self.edgeScalars {
            let fixed = Self.words(BasePointTable.multiplyBase(s))
            #expect(fixed == Self.words(Self.doubleAndAdd(s)), "scalar \(name)")
            #expect(fixed == Self.words(Self.variableBase(s)), "scalar \(name)")
        }
        // [0]B and [L]B are the identity; [L + 1]B = B.
        #expect(BasePointTable.multiplyBase(.zero).isIdentity)
        #expect(BasePointTable.multiplyBase(Scalar.order).isIdentity)
        #expect(Self.words(BasePointTable.multiplyBase(Self.edgeScalars[11].1)) == Self.words(.basePoint))
    }

    @Test("[s]B from the table equals the variable-base multiplication on seeded random scalars")
    func randomScalarsAgree() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xf1c5_ed00_0000_0008)
        for i in 0..<256 {
            // Uniform below 2^255 for most, reduced nonces (below 2^253) and clamped keys for the rest.
            var s = Scalar(w0: random.next(), w1: random.next(), w2: random.next(), w3: random.next() >> 1)
            if i % 4 == 1 { s.w3 >>= 2 }
            if i % 4 == 2 { s.w0 &= ~7; s.w3 = (s.w3 & ~(UInt64(1) << 63)) | (1 << 62) }
            let fixed = Self.words(BasePointTable.multiplyBase(s))
            #expect(fixed == Self.words(Self.variableBase(s)), "\(random) scalar \(i)")
            if i % 16 == 0 {
                #expect(fixed == Self.words(Self.doubleAndAdd(s)), "\(random) scalar \(i)")
            }
        }
    }

    @Test("[s]B + [t]B from the table equals [s + t]B: the table's rows are consistent with each other")
    func additiveOnRandomScalars() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xf1c5_ed00_0000_0009)
        for i in 0..<32 {
            // s, t < 2^251 so that s + t < 2^252 < L needs no reduction.
            let s = Scalar(w0: random.next(), w1: random.next(), w2: random.next(), w3: random.next() >> 5)
            let t = Scalar(w0: random.next(), w1: random.next(), w2: random.next(), w3: random.next() >> 5)
            let sum = BasePointTable.multiplyBase(s) + BasePointTable.multiplyBase(t)
            #expect(Self.words(sum) == Self.words(BasePointTable.multiplyBase(s + t)), "\(random) pair \(i)")
        }
    }
}

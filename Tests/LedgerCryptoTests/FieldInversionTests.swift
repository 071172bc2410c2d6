// Goal: the divsteps inversion (FieldElement+Inversion.swift), which encodes every signature's R, gives
// exactly Fermat's inverse for every input: canonical and loosely reduced limbs, 0, small values,
// values next to p and 2^255, and values whose divsteps run longest.
// Method: comparison with `invertedByExponentiation()` (x^(p-2)) and the product check x·(1/x) = 1 on
// fixed edge values and values from a seeded PRNG (the seed is printed on failure).
import LedgerTestSupport
import Testing

@testable import LedgerCrypto

@Suite("Field inversion by divsteps")
struct FieldInversionTests {
    static let m = FieldElement.mask51

    /// 0, 1, 2, small values, p - 1, p, p + 1 and 2^255 - 1 (unreduced limbs), powers of two, and the
    /// largest limbs multiplication accepts (2^54 - 1, loosely reduced).
    static let edgeValues: [FieldElement] = {
        var values: [FieldElement] = [
            .zero, .one, FieldElement(2, 0, 0, 0, 0), FieldElement(19, 0, 0, 0, 0),
            FieldElement(m - 19, m, m, m, m), FieldElement(m - 18, m, m, m, m), FieldElement(m - 17, m, m, m, m),
            FieldElement(m, m, m, m, m), -FieldElement.one, -FieldElement(2, 0, 0, 0, 0),
            FieldElement((1 << 54) - 1, (1 << 54) - 1, (1 << 54) - 1, (1 << 54) - 1, (1 << 54) - 1),
            FieldElement.sqrtMinusOne, FieldElement.d, FieldElement.d2,
        ]
        for bit in 0..<255 {
            var limbs: [UInt64] = [0, 0, 0, 0, 0]
            limbs[bit / 51] = 1 << UInt64(bit % 51)
            values.append(FieldElement(limbs[0], limbs[1], limbs[2], limbs[3], limbs[4]))
        }
        return values
    }()

    static func same(_ a: FieldElement, _ b: FieldElement) -> Bool {
        a.reducedLimbs() == b.reducedLimbs()
    }

    @Test("p·(p^-1 mod 2^62) is 1 mod 2^62, and the radix-2^62 limbs of p are p")
    func constants() {
        let p = SignedLimbs62.modulus
        #expect(UInt64(bitPattern: p.v0) &* SignedLimbs62.modulusInverse62 & UInt64(bitPattern: SignedLimbs62.mask62) == 1)
        let words = p.words
        #expect(words == (0xffff_ffff_ffff_ffed, 0xffff_ffff_ffff_ffff, 0xffff_ffff_ffff_ffff, 0x7fff_ffff_ffff_ffff))
        let back = SignedLimbs62(words: words)
        #expect(back.v0 == p.v0 && back.v1 == p.v1 && back.v2 == p.v2 && back.v3 == p.v3 && back.v4 == p.v4)
    }

    @Test("the divsteps inverse equals Fermat's on edge values, and x·(1/x) = 1 for x ≠ 0")
    func edgeValuesAgree() {
        for (index, x) in Self.edgeValues.enumerated() {
            let inverse = x.invertedByDivsteps()
            #expect(Self.same(inverse, x.invertedByExponentiation()), "edge value \(index)")
            if x.isZero {
                #expect(inverse.isZero, "edge value \(index)")
            } else {
                #expect(inverse * x == .one, "edge value \(index)")
            }
            #expect(inverse.l0 <= Self.m && inverse.l1 <= Self.m && inverse.l2 <= Self.m && inverse.l3 <= Self.m
                    && inverse.l4 <= Self.m, "edge value \(index): limbs must be reduced")
        }
    }

    @Test("the divsteps inverse equals Fermat's on seeded random canonical and loosely reduced elements")
    func randomValuesAgree() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xf1e1_d000_0000_0101)
        for sample in 0..<4_000 {
            // Half canonical-sized limbs, half up to 2^54 (what sums and differences feed an inversion).
            let limit: UInt64 = sample % 2 == 0 ? Self.m : (1 << 54) - 1
            let x = FieldElement(random.next() & limit, random.next() & limit, random.next() & limit,
                                 random.next() & limit, random.next() & limit)
            let inverse = x.invertedByDivsteps()
            #expect(Self.same(inverse, x.invertedByExponentiation()), "\(random) sample \(sample)")
            #expect(x.isZero || inverse * x == .one, "\(random) sample \(sample)")
        }
    }

    @Test("59 packed divsteps give the matrix and ζ of 59 unpacked ones, at the extremes of ζ and bits")
    func packedDivstepsAgree() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xf1e1_d000_0000_0103)
        var inputs: [(Int64, UInt64, UInt64)] = []
        for zeta: Int64 in [-591, -60, -1, 0, 1, 60, 591] {
            for (f0, g0): (UInt64, UInt64) in [(1, 0), (1, 1), (.max, .max), (.max, 1 << 63), (1, .max), (0x5555_5555_5555_5555, 0xAAAA_AAAA_AAAA_AAAA)] {
                inputs.append((zeta, f0, g0))
            }
        }
        for _ in 0..<20_000 {
            let zeta = Int64(random.next() % 1_183) - 591
            inputs.append((zeta, random.next() | 1, random.next()))
        }
        for (index, (zeta, f0, g0)) in inputs.enumerated() {
            let (packedZeta, packed) = DivstepMatrix.divsteps(zeta: zeta, f0: f0, g0: g0)
            let (zetaReference, reference) = DivstepMatrix.unpackedDivsteps(zeta: zeta, f0: f0, g0: g0)
            #expect(packedZeta == zetaReference && packed.u == reference.u && packed.v == reference.v
                    && packed.q == reference.q && packed.r == reference.r, "\(random) input \(index)")
        }
    }

    @Test("inverting twice gives the reduced input back")
    func involution() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xf1e1_d000_0000_0102)
        for sample in 0..<500 {
            let x = FieldElement(random.next() & Self.m, random.next() & Self.m, random.next() & Self.m,
                                 random.next() & Self.m, random.next() & Self.m)
            #expect(Self.same(x.invertedByDivsteps().invertedByDivsteps(), x), "\(random) sample \(sample)")
        }
    }
}

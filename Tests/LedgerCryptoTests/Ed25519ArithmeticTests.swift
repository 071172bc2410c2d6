// Goal: the field, scalar and point arithmetic under Ed25519 is right at its edges (values near p
// and L, carries, non-canonical encodings, small-order points), not only on average inputs.
// Method: algebraic identities and a slow reference reduction mod L (shift and subtract) on values
// from a seeded PRNG (the seed is printed on failure), plus fixed edge values.
import Foundation
import LedgerTestSupport
import Testing

@testable import LedgerCrypto

@Suite("Ed25519 arithmetic")
struct Ed25519ArithmeticTests {
    static func element(_ bytes: [UInt8]) -> FieldElement {
        bytes.withUnsafeBytes { FieldElement(bytes: $0) }
    }

    static func encoding(_ f: FieldElement) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { f.encode(into: $0) }
        return out
    }

    /// p - 1 + delta as 32 little-endian bytes, for delta in -2...18 (values up to 2^255 - 2).
    static func nearP(_ delta: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0xFF, count: 32)
        bytes[31] = 0x7F
        bytes[0] = UInt8(0xEC + delta)
        return bytes
    }

    @Test("encodings below p round-trip; values in [p, 2^255) encode reduced")
    func fieldEncoding() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xf1e1_d000_0000_0001)
        for _ in 0..<200 {
            var bytes = random.bytes(count: 32)
            bytes[31] &= 0x7F
            let canonical = bytes.withUnsafeBytes { FieldElement.isCanonicalEncoding($0) }
            if canonical {
                #expect(Self.encoding(Self.element(bytes)) == bytes, "\(random)")
            }
        }
        // p - 1 is canonical; p ... 2^255 - 1 are not and reduce to 0 ... 18.
        #expect(nearPIsCanonical(0))
        for delta in 1...19 {
            let bytes = Self.nearP(delta)
            #expect(!bytes.withUnsafeBytes { FieldElement.isCanonicalEncoding($0) }, "p + \(delta - 1)")
            var expected = [UInt8](repeating: 0, count: 32)
            expected[0] = UInt8(delta - 1)
            #expect(Self.encoding(Self.element(bytes)) == expected, "p + \(delta - 1)")
        }
        // The top bit is ignored by decoding.
        var withTopBit = [UInt8](repeating: 0, count: 32)
        withTopBit[0] = 5
        withTopBit[31] = 0x80
        #expect(Self.encoding(Self.element(withTopBit))[0] == 5)
    }

    func nearPIsCanonical(_ delta: Int) -> Bool {
        Self.nearP(delta).withUnsafeBytes { FieldElement.isCanonicalEncoding($0) }
    }

    @Test("field operations satisfy the ring identities on random and extreme elements")
    func fieldIdentities() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xf1e1_d000_0000_0002)
        var samples: [FieldElement] = [.zero, .one, Self.element(Self.nearP(0)), -FieldElement.one,
                                       FieldElement(FieldElement.mask51, FieldElement.mask51, FieldElement.mask51,
                                                    FieldElement.mask51, FieldElement.mask51)]
        for _ in 0..<40 {
            var bytes = random.bytes(count: 32)
            bytes[31] &= 0x7F
            samples.append(Self.element(bytes))
        }
        for (i, a) in samples.enumerated() {
            let b = samples[(i * 7 + 3) % samples.count]
            let c = samples[(i * 13 + 5) % samples.count]
            #expect((a + b) * c == a * c + b * c, "\(random) sample \(i)")
            #expect(a * a == a.squared(), "\(random) sample \(i)")
            #expect(a - b + b == a, "\(random) sample \(i)")
            #expect(-(-a) == a, "\(random) sample \(i)")
            #expect((a + a) * (b + b) == (a * b) + (a * b) + (a * b) + (a * b), "lazy reduction, sample \(i)")
            if !a.isZero {
                #expect(a * a.inverted() == .one, "\(random) sample \(i)")
                let (root, isSquare) = FieldElement.sqrtRatio(a.squared() * b, b.isZero ? .one : b)
                if !b.isZero {
                    #expect(isSquare && root.squared() == a.squared(), "\(random) sample \(i)")
                }
            }
        }
        #expect(FieldElement.sqrtMinusOne.squared() == -FieldElement.one)
        #expect(FieldElement.zero.inverted().isZero)
    }

    @Test("a difference without carry equals the reduced difference at the limb bounds the point formulas meet")
    func differenceWithoutCarry() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xf1e1_d000_0000_0003)
        // The largest limbs of a product or square (2^51 + 2^13), of a weakly reduced value
        // (2^51 + 2^13·19) and of the sum of two products (2^52 + 2^14), and random limbs below each.
        let bounds: [UInt64] = [(1 << 51) + (1 << 13), (1 << 51) + 19 << 13, (1 << 52) + (1 << 14)]
        func element(below bound: UInt64, extreme: Bool) -> FieldElement {
            func limb() -> UInt64 { extreme ? bound - 1 : random.next() % bound }
            return FieldElement(limb(), limb(), limb(), limb(), limb())
        }
        for round in 0..<600 {
            let extreme = round % 5 == 0
            let a = element(below: bounds[round % 3], extreme: extreme && round % 2 == 0)
            let b = element(below: bounds[round % 2], extreme: extreme)
            let difference = FieldElement.minusWithoutCarry(a, b)
            #expect(difference == a - b, "\(random) round \(round)")
            // Below 2^54, the bound multiplication accepts.
            let limbs = [difference.l0, difference.l1, difference.l2, difference.l3, difference.l4]
            #expect(limbs.allSatisfy { $0 < 1 << 54 }, "\(random) round \(round)")
            #expect(difference * b == a * b - b * b, "\(random) round \(round)")
        }
        #expect(FieldElement.minusWithoutCarry(.zero, .zero).isZero)
    }

    // MARK: Scalars

    static let orderWords: [UInt64] = [0x5812_631a_5cf5_d3ed, 0x14de_f9de_a2f7_9cd6, 0, 0x1000_0000_0000_0000]

    /// x mod L by shift and subtract over little-endian words: slow and obviously correct.
    static func referenceReduce(_ x: [UInt64]) -> [UInt64] {
        var remainder = [UInt64](repeating: 0, count: 5)
        for bit in stride(from: x.count * 64 - 1, through: 0, by: -1) {
            // remainder = 2·remainder + bit
            var carry = (x[bit / 64] >> UInt64(bit % 64)) & 1
            for i in 0..<5 {
                let next = remainder[i] >> 63
                remainder[i] = remainder[i] << 1 | carry
                carry = next
            }
            // if remainder ≥ L: remainder -= L
            let order = orderWords + [0]
            var isGreaterOrEqual = true
            for i in stride(from: 4, through: 0, by: -1) where remainder[i] != order[i] {
                isGreaterOrEqual = remainder[i] > order[i]
                break
            }
            if isGreaterOrEqual {
                var borrow: UInt64 = 0
                for i in 0..<5 {
                    let (d1, o1) = remainder[i].subtractingReportingOverflow(order[i])
                    let (d2, o2) = d1.subtractingReportingOverflow(borrow)
                    remainder[i] = d2
                    borrow = (o1 || o2) ? 1 : 0
                }
            }
        }
        return Array(remainder.prefix(4))
    }

    static func words(_ s: Scalar) -> [UInt64] { [s.w0, s.w1, s.w2, s.w3] }

    static func reduceWide(_ w: [UInt64]) -> Scalar {
        w.withUnsafeBytes { Scalar.reducing(wide: $0) }
    }

    static func product(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: a.count + b.count)
        for i in a.indices {
            var carry: UInt64 = 0
            for j in b.indices {
                let (high, low) = a[i].multipliedFullWidth(by: b[j])
                let (s1, o1) = out[i + j].addingReportingOverflow(low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                out[i + j] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            out[i + b.count] = carry
        }
        return out
    }

    @Test("scalar reduction, product and sum mod L match a shift-and-subtract reference")
    func scalarArithmetic() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x5ca1_a000_0000_0001)
        var wides: [[UInt64]] = [
            [UInt64](repeating: 0, count: 8), [UInt64](repeating: .max, count: 8),
            Self.orderWords + [0, 0, 0, 0], Self.product(Self.orderWords, Self.orderWords),
        ]
        for _ in 0..<100 { wides.append((0..<8).map { _ in random.next() }) }
        for (i, wide) in wides.enumerated() {
            let reduced = Self.reduceWide(wide)
            #expect(Self.words(reduced) == Self.referenceReduce(wide), "\(random) wide \(i)")
        }
        for i in 0..<100 {
            let a = Self.reduceWide((0..<8).map { _ in random.next() })
            // b may be unreduced (below 2^255), as a clamped secret is.
            let b = Scalar(w0: random.next(), w1: random.next(), w2: random.next(), w3: random.next() >> 1)
            #expect(Self.words(a * b) == Self.referenceReduce(Self.product(Self.words(a), Self.words(b))), "\(random) product \(i)")
            let c = Self.reduceWide((0..<8).map { _ in random.next() })
            let sum = Self.referenceReduce(Self.addWords(Self.words(a), Self.words(c)))
            #expect(Self.words(a + c) == sum, "\(random) sum \(i)")
            #expect(Self.words(a + (-a)) == [0, 0, 0, 0], "\(random) negation \(i)")
        }
        // S < L is canonical, L and above are not.
        let order = Self.orderWords.withUnsafeBytes { Scalar.canonical($0) }
        #expect(order == nil)
        let belowOrder = [Self.orderWords[0] - 1] + Self.orderWords.dropFirst()
        #expect(belowOrder.withUnsafeBytes { Scalar.canonical($0) } != nil)
    }

    static func addWords(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: 5)
        var carry: UInt64 = 0
        for i in 0..<4 {
            let (s1, o1) = a[i].addingReportingOverflow(b[i])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            out[i] = s2
            carry = (o1 || o2) ? 1 : 0
        }
        out[4] = carry
        return out
    }

    // MARK: Points

    @Test("the base point has order L, and constant-time and wNAF multiplication agree")
    func pointArithmetic() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x901a_7000_0000_0001)
        let b = EdwardsPoint.basePoint
        #expect(b.isTorsionFree)
        #expect(!b.hasSmallOrder)
        #expect(EdwardsPoint.doubleScalarMultiply(.zero, b, Scalar.order).isIdentity)
        #expect((b - b).isIdentity)
        #expect(b.doubled().encoded() == (b + b).encoded())
        for i in 0..<6 {
            let s = Scalar(w0: random.next(), w1: random.next(), w2: random.next(), w3: random.next() >> 4)
            let t = Scalar(w0: random.next(), w1: random.next(), w2: 0, w3: 0)
            let constantTime = BasePointTable.multiplyBase(s)
            let variableTime = EdwardsPoint.doubleScalarMultiply(.zero, b, s)
            #expect(constantTime.encoded() == variableTime.encoded(), "\(random) scalar \(i)")
            // [t]P + [s]B with P = [s]B equals [t + 1]·[s]B.
            let combined = EdwardsPoint.doubleScalarMultiply(t, constantTime, s)
            let expected = EdwardsPoint.doubleScalarMultiply(t + Scalar(low: 1, high: 0), constantTime, .zero)
            #expect(combined.encoded() == expected.encoded(), "\(random) scalar \(i)")
        }
        // The largest radix-16 digits: s = 2^255 - 1.
        let top = Scalar(w0: .max, w1: .max, w2: .max, w3: .max >> 1)
        #expect(BasePointTable.multiplyBase(top).encoded()
                == EdwardsPoint.doubleScalarMultiply(.zero, b, top).encoded())
    }

    @Test("the eight small-order encodings decode to small-order points, and only they do")
    func smallOrderPoints() throws {
        for (index, encoding) in Ed25519.smallOrderEncodings.enumerated() {
            let point = try #require(EdwardsPoint.decode(words: encoding), "encoding \(index)")
            #expect(point.hasSmallOrder, "encoding \(index)")
            #expect(point.encoded() == encoding, "encoding \(index)")
        }
        let b = EdwardsPoint.basePoint
        let torsion = try #require(EdwardsPoint.decode(words: Ed25519.smallOrderEncodings[1]))
        let mixed = b + torsion
        #expect(!mixed.hasSmallOrder)
        #expect(!mixed.isTorsionFree)
        #expect(!Ed25519.isSmallOrderEncoding(b.encoded()))
    }
}

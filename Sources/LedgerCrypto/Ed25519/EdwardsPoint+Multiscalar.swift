// Variable-time multi-scalar multiplication Σ c_i·P_i for batch verification (public data only).
//
// - Straus (interleaved wNAF): one shared doubling chain; each point has a table of 8 odd multiples
//   and adds one entry per nonzero digit of its width-5 NAF; B uses the static width-8 table.
//   Best for small batches.
// - Pippenger (bucket method) for many points with 128-bit scalars: per c-bit window each point is
//   added into the bucket of its signed digit, then the buckets are summed with a running sum.
//   Cost per point is about 128/c additions instead of 128/6 plus a table.

extension EdwardsPoint {
    /// The batch size from which `Ed25519BatchVerifier` uses Pippenger instead of Straus for the R
    /// terms. Measured on x86-64 (release build, 4 signers): Straus 64k signatures/s at 64-127,
    /// Pippenger 57k at 64, 64k at 96, 67k at 127 and 84k at 1024. Both are correct at any size.
    static let pippengerThreshold = 96

    /// Σ scalars[i]·P_i + baseScalar·B by Straus, where `tables[8·i ..< 8·i+8]` hold the odd
    /// multiples of P_i (`writeOddMultiples`). Scalars must be below 2^255. Variable time.
    static func strausMultiply(
        tables: UnsafePointer<ProjectiveNielsPoint>, scalars: UnsafePointer<Scalar>, count: Int,
        baseScalar: Scalar
    ) -> EdwardsPoint {
        let digitCount = 256
        return withUnsafeTemporaryAllocation(of: Int8.self, capacity: (count + 1) * digitCount) { buffer in
            let digits = buffer.baseAddress!
            let baseDigits = digits + count * digitCount
            for i in 0..<count {
                scalars[i].nonAdjacentForm(width: nafWidth, into: digits + i * digitCount)
            }
            baseScalar.nonAdjacentForm(width: BasePointTable.nafWidth, into: baseDigits)
            // Start at the highest position where any digit is nonzero.
            var top = digitCount - 1
            search: while top >= 0 {
                if baseDigits[top] != 0 { break search }
                for i in 0..<count where digits[i * digitCount + top] != 0 { break search }
                top -= 1
            }
            if top < 0 { return .identity }
            return BasePointTable.shared.oddMultiples.withUnsafeBufferPointer { baseTable in
                var accumulator = ProjectivePoint.identity
                var position = top
                while true {
                    var sum = accumulator.doubled().toExtended()
                    for i in 0..<count {
                        let d = digits[i * digitCount + position]
                        if d > 0 {
                            sum = (sum + tables[8 * i + Int(d) / 2]).toExtended()
                        } else if d < 0 {
                            sum = (sum - tables[8 * i + Int(-d) / 2]).toExtended()
                        }
                    }
                    let d = baseDigits[position]
                    if d > 0 {
                        sum = (sum + baseTable[Int(d) / 2]).toExtended()
                    } else if d < 0 {
                        sum = (sum - baseTable[Int(-d) / 2]).toExtended()
                    }
                    if position == 0 { return sum }
                    accumulator = sum.toProjective()
                    position -= 1
                }
            }
        }
    }

    /// Σ scalars[i]·points[i] for 128-bit scalars by Pippenger's bucket method with signed c-bit
    /// digits. Variable time.
    static func pippengerMultiply(
        points: UnsafePointer<AffineNielsPoint>, scalars: UnsafePointer<UInt128>, count: Int
    ) -> EdwardsPoint {
        // Window width by batch size: cost ≈ (128/c)·(count + 2^c) additions.
        let c = count < 512 ? 6 : (count < 2048 ? 7 : 8)
        let windowCount = (128 + c - 1) / c + 1          // one more for the final carry
        let bucketCount = 1 << (c - 1)                   // |digit| in 1...2^(c-1)
        return withUnsafeTemporaryAllocation(of: Int16.self, capacity: count * windowCount) { digitBuffer in
            let digits = digitBuffer.baseAddress!
            // Signed radix-2^c digits in [-2^(c-1), 2^(c-1)], stored window-major for locality.
            let mask = (UInt128(1) << UInt128(c)) - 1
            let half = UInt128(1) << UInt128(c - 1)
            for i in 0..<count {
                var carry: UInt128 = 0
                for w in 0..<windowCount {
                    let shift = w * c
                    let window = (shift < 128 ? (scalars[i] >> UInt128(shift)) & mask : 0) + carry
                    if window > half {
                        digits[w * count + i] = Int16(Int(window) - (1 << c))
                        carry = 1
                    } else {
                        digits[w * count + i] = Int16(Int(window))
                        carry = 0
                    }
                }
            }
            return withUnsafeTemporaryAllocation(of: EdwardsPoint.self, capacity: bucketCount) { bucketBuffer in
                let buckets = bucketBuffer.baseAddress!
                var result = ProjectivePoint.identity
                var resultExtended = EdwardsPoint.identity
                for w in stride(from: windowCount - 1, through: 0, by: -1) {
                    if w != windowCount - 1 {
                        for _ in 0..<(c - 1) { result = result.doubled().toProjective() }
                        resultExtended = result.doubled().toExtended()
                    }
                    buckets.initialize(repeating: .identity, count: bucketCount)
                    var highest = 0
                    let row = digits + w * count
                    for i in 0..<count {
                        let d = Int(row[i])
                        if d > 0 {
                            buckets[d - 1] = (buckets[d - 1] + points[i]).toExtended()
                            highest = max(highest, d)
                        } else if d < 0 {
                            buckets[-d - 1] = (buckets[-d - 1] - points[i]).toExtended()
                            highest = max(highest, -d)
                        }
                    }
                    // Σ k·bucket[k] as a running sum from the top bucket down.
                    var running = EdwardsPoint.identity
                    var total = EdwardsPoint.identity
                    var k = highest
                    while k >= 1 {
                        running = running + buckets[k - 1]
                        total = total + running
                        k -= 1
                    }
                    resultExtended = resultExtended + total
                    result = resultExtended.toProjective()
                }
                return resultExtended
            }
        }
    }

    /// The affine Niels form of a point known to have Z = 1 (a freshly decoded point): no inversion.
    @inline(__always)
    func toAffineNielsFromNormalized() -> AffineNielsPoint {
        AffineNielsPoint(yPlusX: y + x, yMinusX: y - x, xy2d: t * FieldElement.d2)
    }
}

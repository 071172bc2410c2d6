// Precomputed multiples of the base point B, built once at first use (320 points made affine with a
// single batched inversion), and the scalar multiplications that read them.
//
// Constant time for secrets: `multiplyBase(_:)` (signing's [r]B and key generation's [a]B) writes
// the secret scalar as 64 signed radix-16 digits, with the carries done arithmetically. For every
// digit it reads all 8 entries of the table row with a mask that keeps only the matching entry
// (`select`), so the memory addresses touched never depend on the digit, then negates the result
// with a masked swap and masked assignment. The sequence of field operations is the same for every
// scalar: 64 mixed additions and 4 doublings, with no branch on secret data. The verification side
// (`doubleScalarMultiply`) handles public scalars only and uses variable-time wNAF.

/// Tables of multiples of the base point.
struct BasePointTable: Sendable {
    /// `rows[8·i + j]` = (j + 1)·256^i·B for i in 0..<32, j in 0..<8, as affine Niels points.
    let rows: [AffineNielsPoint]
    /// `oddMultiples[j]` = (2j + 1)·B for j in 0..<64: the digits of a width-8 NAF.
    let oddMultiples: [AffineNielsPoint]

    static let rowCount = 32
    static let rowWidth = 8
    static let oddMultipleCount = 64
    /// Window width of the non-adjacent form used with `oddMultiples`.
    static let nafWidth = 8

    static let shared = BasePointTable()

    private init() {
        // The multiples in extended coordinates first, then all made affine with one inversion
        // (`affineNiels(of:)`): 320 separate inversions cost more than a whole signature.
        var rowPoints: [EdwardsPoint] = []
        rowPoints.reserveCapacity(Self.rowCount * Self.rowWidth)
        var rowBase = EdwardsPoint.basePoint            // 256^i·B
        for _ in 0..<Self.rowCount {
            var multiple = rowBase
            for _ in 0..<Self.rowWidth {
                rowPoints.append(multiple)
                multiple = multiple + rowBase
            }
            // multiple is now 9·256^i·B; 256^(i+1)·B needs eight doublings.
            for _ in 0..<8 { rowBase = rowBase.doubled() }
        }

        var oddPoints: [EdwardsPoint] = []
        oddPoints.reserveCapacity(Self.oddMultipleCount)
        let twoB = EdwardsPoint.basePoint.doubled()
        var multiple = EdwardsPoint.basePoint
        for _ in 0..<Self.oddMultipleCount {
            oddPoints.append(multiple)
            multiple = multiple + twoB
        }
        let affine = Self.affineNiels(of: rowPoints + oddPoints)
        rows = Array(affine[..<rowPoints.count])
        oddMultiples = Array(affine[rowPoints.count...])
    }

    /// The points as affine Niels points (as `EdwardsPoint.toAffineNiels()` gives each), inverting
    /// every Z with a single field inversion (Montgomery's batch inversion: the running products of
    /// the Z coordinates, one inversion of the last, then each inverse from its neighbours' products).
    /// Public points only (the base point's multiples); no Z is zero for a point of the curve.
    private static func affineNiels(of points: [EdwardsPoint]) -> [AffineNielsPoint] {
        guard !points.isEmpty else { return [] }
        var prefix: [FieldElement] = []
        prefix.reserveCapacity(points.count)
        var product = FieldElement.one
        for point in points {
            product = product * point.z
            prefix.append(product)
        }
        var inverse = product.inverted()                 // 1 / (z0·z1·…·z(n−1))
        var zInverses = [FieldElement](repeating: .zero, count: points.count)
        for index in stride(from: points.count - 1, through: 1, by: -1) {
            zInverses[index] = inverse * prefix[index - 1]
            inverse = inverse * points[index].z          // now 1 / (z0·…·z(index−1))
        }
        zInverses[0] = inverse
        return zip(points, zInverses).map { point, zInverse in
            let xa = point.x * zInverse, ya = point.y * zInverse
            return AffineNielsPoint(yPlusX: ya + xa, yMinusX: ya - xa, xy2d: xa * ya * FieldElement.d2)
        }
    }

    /// Returns digit·256^row·B from `rows` for digit in [-8, 8], in constant time: every entry of
    /// the row is read and combined with a mask, and the sign is applied with masks.
    @inline(__always)
    private static func select(
        _ rows: UnsafeBufferPointer<AffineNielsPoint>, row: Int, digit: Int8
    ) -> AffineNielsPoint {
        let digit64 = Int64(digit)
        let negativeMask = UInt64(bitPattern: digit64 >> 63)            // all ones when digit < 0
        let absolute = UInt64(bitPattern: (digit64 ^ Int64(bitPattern: negativeMask)) &- Int64(bitPattern: negativeMask))
        var result = AffineNielsPoint.identity
        let base = row * rowWidth
        for j in 0..<rowWidth {
            // equal is 1 exactly when absolute == j + 1 (both are below 16).
            let equal = ((absolute ^ UInt64(j + 1)) &- 1) >> 63
            result.conditionallyAssign(rows[base + j], mask: 0 &- equal)
        }
        result.conditionallyNegate(mask: negativeMask)
        return result
    }

    /// [s]B for a secret s < 2^255, in constant time (see the file comment).
    static func multiplyBase(_ s: Scalar) -> EdwardsPoint {
        withUnsafeTemporaryAllocation(of: Int8.self, capacity: 64) { digitBuffer in
            let e = digitBuffer.baseAddress!
            s.radix16Digits(into: e)
            return shared.rows.withUnsafeBufferPointer { rows in
                // s·B = Σ e[2i]·256^i·B + 16·Σ e[2i+1]·256^i·B.
                var h = EdwardsPoint.identity
                for i in 0..<32 {
                    h = (h + select(rows, row: i, digit: e[2 * i + 1])).toExtended()
                }
                h = h.toProjective().doubled().toProjective().doubled().toProjective().doubled()
                    .toProjective().doubled().toExtended()
                for i in 0..<32 {
                    h = (h + select(rows, row: i, digit: e[2 * i])).toExtended()
                }
                return h
            }
        }
    }
}

extension EdwardsPoint {
    /// The number of odd multiples in a width-5 wNAF table (P, 3P, ..., 15P).
    static let nafTableCount = 8
    /// Window width of the non-adjacent form used with `oddMultiplesTable`.
    static let nafWidth = 5

    /// Writes P, 3P, 5P, ..., 15P into `table[0..<8]`.
    func writeOddMultiples(into table: UnsafeMutablePointer<ProjectiveNielsPoint>) {
        let twoP = doubled().toProjectiveNiels()
        var multiple = self
        for j in 0..<Self.nafTableCount {
            (table + j).initialize(to: multiple.toProjectiveNiels())
            if j + 1 < Self.nafTableCount { multiple = (multiple + twoP).toExtended() }
        }
    }

    /// The width-5 wNAF table of this point: P, 3P, ..., 15P.
    func oddMultiplesTable() -> [ProjectiveNielsPoint] {
        [ProjectiveNielsPoint](unsafeUninitializedCapacity: Self.nafTableCount) { buffer, count in
            writeOddMultiples(into: buffer.baseAddress!)
            count = Self.nafTableCount
        }
    }

    /// [a]P + [b]B where `pTable` holds P's odd multiples (`writeOddMultiples`), in variable time
    /// (Straus/Shamir with wNAF: width 5 for P, width 8 for B). Only for public scalars below 2^255.
    static func doubleScalarMultiply(
        _ a: Scalar, _ pTable: UnsafePointer<ProjectiveNielsPoint>, _ b: Scalar
    ) -> EdwardsPoint {
        withUnsafeTemporaryAllocation(of: Int8.self, capacity: 512) { nafBuffer in
            let aDigits = nafBuffer.baseAddress!
            let bDigits = aDigits + 256
            a.nonAdjacentForm(width: nafWidth, into: aDigits)
            b.nonAdjacentForm(width: BasePointTable.nafWidth, into: bDigits)
            var i = 255
            while i >= 0 && aDigits[i] == 0 && bDigits[i] == 0 { i -= 1 }
            if i < 0 { return .identity }
            return BasePointTable.shared.oddMultiples.withUnsafeBufferPointer { bTable in
                var r = ProjectivePoint.identity
                while true {
                    var t = r.doubled()
                    let da = aDigits[i], db = bDigits[i]
                    if da > 0 {
                        t = t.toExtended() + pTable[Int(da) / 2]
                    } else if da < 0 {
                        t = t.toExtended() - pTable[Int(-da) / 2]
                    }
                    if db > 0 {
                        t = t.toExtended() + bTable[Int(db) / 2]
                    } else if db < 0 {
                        t = t.toExtended() - bTable[Int(-db) / 2]
                    }
                    if i == 0 { return t.toExtended() }
                    r = t.toProjective()
                    i -= 1
                }
            }
        }
    }

    /// [a]P + [b]B, building P's table on the stack. Variable time; public scalars only.
    static func doubleScalarMultiply(_ a: Scalar, _ p: EdwardsPoint, _ b: Scalar) -> EdwardsPoint {
        withUnsafeTemporaryAllocation(of: ProjectiveNielsPoint.self, capacity: nafTableCount) { table in
            p.writeOddMultiples(into: table.baseAddress!)
            return doubleScalarMultiply(a, UnsafePointer(table.baseAddress!), b)
        }
    }
}

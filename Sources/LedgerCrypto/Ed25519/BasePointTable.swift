// Precomputed multiples of the base point B, and the scalar multiplications that read them. The
// multiples are shipped as data (BasePointTable+Precomputed.swift, generated from the curve's
// constants by Tools/codegen/base_point_table.py): building them (320 points made affine with one
// batched inversion) cost every signing process about a third of a millisecond. BasePointTableTests
// builds them again with this library's arithmetic and compares.
//
// Constant time for secrets: `multiplyBase(_:)` (signing's [r]B and key generation's [a]B) writes
// the secret scalar as 64 signed radix-16 digits, with the carries done arithmetically. For every
// digit it reads all 8 entries of the table row with a mask that keeps only the matching entry
// (`select`), so the memory addresses touched never depend on the digit, then negates the result
// with a masked swap and masked assignment. The sequence of field operations is the same for every
// scalar: 64 mixed additions and 4 doublings, with no branch on secret data. The verification side
// (`doubleScalarMultiply`) handles public scalars only and uses variable-time wNAF.
//
// The radix-16 rows are stored flat, 16 words per entry (the 15 limbs of the affine Niels point and
// one word of padding), and the masked scan reads each entry as seven 2-word vectors and one word: AND
// with the broadcast mask, OR into the result (two 8-word vectors, whose unused padding lane the
// compiler split off into scalar code, cost a third more instructions). Every entry is read whatever
// the digit, as before.
/// Tables of multiples of the base point.
struct BasePointTable: Sendable {
    /// Entry 8·i + j = (j + 1)·256^i·B for i in 0..<32, j in 0..<8, as affine Niels points stored
    /// flat: words 16·e ..< 16·e + 15 of entry e are y+x, y−x, 2d·x·y (5 limbs each), word 16·e + 15 is 0.
    let rows: [UInt64]
    /// `oddMultiples[j]` = (2j + 1)·B for j in 0..<64: the digits of a width-8 NAF.
    let oddMultiples: [AffineNielsPoint]

    static let rowCount = 32
    static let rowWidth = 8
    /// Words per stored entry of `rows`: 15 limbs and one word of padding.
    static let entryWordCount = 16
    static let oddMultipleCount = 64
    /// Window width of the non-adjacent form used with `oddMultiples`.
    static let nafWidth = 8

    /// The tables every multiplication reads: the shipped data.
    static let shared = BasePointTable(
        rows: precomputedRows,
        oddMultiples: stride(from: 0, to: precomputedOddMultiples.count, by: 15).map { start in
            let w = precomputedOddMultiples
            return AffineNielsPoint(
                yPlusX: FieldElement(w[start], w[start + 1], w[start + 2], w[start + 3], w[start + 4]),
                yMinusX: FieldElement(w[start + 5], w[start + 6], w[start + 7], w[start + 8], w[start + 9]),
                xy2d: FieldElement(w[start + 10], w[start + 11], w[start + 12], w[start + 13], w[start + 14]))
        })

    private init(rows: [UInt64], oddMultiples: [AffineNielsPoint]) {
        precondition(rows.count == Self.rowCount * Self.rowWidth * Self.entryWordCount && oddMultiples.count == Self.oddMultipleCount)
        self.rows = rows
        self.oddMultiples = oddMultiples
    }

    /// Returns digit·256^row·B from `rows` for digit in [-8, 8], in constant time: every entry of
    /// the row is read and combined with a mask, and the sign is applied with masks.
    @inline(__always)
    private static func select(_ rows: UnsafeRawPointer, row: Int, digit: Int8) -> AffineNielsPoint {
        typealias Pair = SIMD2<UInt64>
        let digit64 = Int64(digit)
        let negativeMask = UInt64(bitPattern: digit64 >> 63)            // all ones when digit < 0
        let absolute = UInt64(bitPattern: (digit64 ^ Int64(bitPattern: negativeMask)) &- Int64(bitPattern: negativeMask))
        // The identity (y+x = 1, y−x = 1, 2d·x·y = 0) when the digit is 0: (absolute − 1) >> 63 is 1
        // exactly when absolute == 0 (it is at most 8).
        let isZero = (absolute &- 1) >> 63
        // Words 0-13 as seven pairs, word 14 alone (word 15 is padding and never read).
        var p0 = Pair(isZero, 0), p1 = Pair.zero, p2 = Pair(0, isZero), p3 = Pair.zero
        var p4 = Pair.zero, p5 = Pair.zero, p6 = Pair.zero
        var w14: UInt64 = 0
        let entryByteCount = entryWordCount * MemoryLayout<UInt64>.size
        var entry = rows + row * rowWidth * entryByteCount
        for j in 1...rowWidth {
            // equal is 1 exactly when absolute == j (both are below 16).
            let mask = 0 &- (((absolute ^ UInt64(j)) &- 1) >> 63)
            let pairMask = Pair(repeating: mask)
            p0 |= entry.loadUnaligned(as: Pair.self) & pairMask
            p1 |= entry.loadUnaligned(fromByteOffset: 16, as: Pair.self) & pairMask
            p2 |= entry.loadUnaligned(fromByteOffset: 32, as: Pair.self) & pairMask
            p3 |= entry.loadUnaligned(fromByteOffset: 48, as: Pair.self) & pairMask
            p4 |= entry.loadUnaligned(fromByteOffset: 64, as: Pair.self) & pairMask
            p5 |= entry.loadUnaligned(fromByteOffset: 80, as: Pair.self) & pairMask
            p6 |= entry.loadUnaligned(fromByteOffset: 96, as: Pair.self) & pairMask
            w14 |= entry.loadUnaligned(fromByteOffset: 112, as: UInt64.self) & mask
            entry += entryByteCount
        }
        var result = AffineNielsPoint(
            yPlusX: FieldElement(p0[0], p0[1], p1[0], p1[1], p2[0]),
            yMinusX: FieldElement(p2[1], p3[0], p3[1], p4[0], p4[1]),
            xy2d: FieldElement(p5[0], p5[1], p6[0], p6[1], w14))
        result.conditionallyNegate(mask: negativeMask)
        return result
    }

    /// [s]B for a secret s < 2^255, in constant time (see the file comment).
    static func multiplyBase(_ s: Scalar) -> EdwardsPoint {
        withUnsafeTemporaryAllocation(of: Int8.self, capacity: 64) { digitBuffer in
            let e = digitBuffer.baseAddress!
            s.radix16Digits(into: e)
            // The shipped rows directly: `shared` also builds the verification table (`oddMultiples`),
            // which a process that only signs (an append) never reads.
            return precomputedRows.withUnsafeBytes { rowBytes in
                precondition(rowBytes.count == rowCount * rowWidth * entryWordCount * MemoryLayout<UInt64>.size)
                let rows = rowBytes.baseAddress!
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

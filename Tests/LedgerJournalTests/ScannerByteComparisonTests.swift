// The scanners' inline comparison of short byte runs (envelope literals, member names) against
// memcmp: every length 0...40, equal runs and runs that differ in exactly one byte at every position,
// at every alignment.

import Foundation
import Testing
@testable import LedgerJournal

@Suite("Scanner byte comparison")
struct ScannerByteComparisonTests {
    @Test("areEqualBytes is memcmp(...) == 0 for every length 0...40, every differing position and alignment")
    func agreesWithMemcmp() {
        var random = SystemRandomNumberGenerator()
        let left = (0..<64).map { _ in UInt8.random(in: 0...255, using: &random) }
        for count in 0...40 {
            for alignment in 0..<8 {
                var right = [UInt8](repeating: 0, count: 64)
                for index in 0..<count { right[alignment + index] = left[alignment + index] }
                for differing in -1..<count {
                    var other = right
                    if differing >= 0 { other[alignment + differing] ^= UInt8(1 << (differing % 8)) }
                    let (expected, found) = left.withUnsafeBufferPointer { a in
                        other.withUnsafeBufferPointer { b in
                            (memcmp(a.baseAddress! + alignment, b.baseAddress! + alignment, count) == 0,
                             CanonicalJSONParser.areEqualBytes(a.baseAddress! + alignment, b.baseAddress! + alignment, count: count))
                        }
                    }
                    if found != expected || found != (differing < 0) {
                        Issue.record("count \(count), alignment \(alignment), differing at \(differing): \(found)")
                        return
                    }
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

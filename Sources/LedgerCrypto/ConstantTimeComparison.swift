import Foundation

/// Returns true when `lhs` and `rhs` hold the same bytes.
///
/// For inputs of equal length the time taken does not depend on where they differ, so it is safe
/// for comparing MACs, digests and signatures; a difference in length returns false at once
/// (lengths are public).
public func constantTimeEquals(_ lhs: some ContiguousBytes, _ rhs: some ContiguousBytes) -> Bool {
    lhs.withUnsafeBytes { left in
        rhs.withUnsafeBytes { right in
            guard left.count == right.count else { return false }
            // Accumulate every difference; never branch on the data.
            var difference: UInt8 = 0
            for index in 0..<left.count {
                difference |= left[index] ^ right[index]
            }
            return difference == 0
        }
    }
}

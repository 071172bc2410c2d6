// TextBytes: a cheap first test of text equality for the texts compared at every payment.
//
// Swift compares two non-ASCII `String`s that do not share storage by canonical equivalence, which
// normalises both (a category such as 产业扶贫 decoded on two preparing cores is two such strings).
// Texts with the same UTF-8 bytes are equal under any equivalence, so comparing the bytes first
// settles the common case; texts whose bytes differ must still be compared with `==`.

/// Byte-level equality of texts, a sufficient (not necessary) condition for `==`.
enum TextBytes {
    /// Whether `lhs` and `rhs` have the same UTF-8 bytes (then `lhs == rhs`).
    static func areEqual(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var lhs = lhs, rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                guard let leftBytes = left.baseAddress, let rightBytes = right.baseAddress else { return true }
                return memcmp(leftBytes, rightBytes, left.count) == 0
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

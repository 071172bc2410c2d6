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
        // Two strings with the same representation (one storage shared, or the same small string:
        // a text of up to 15 UTF-8 bytes such as 产业扶贫 is held inline) have the same bytes.
        if isSameRepresentation(lhs, rhs) { return true }
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var lhs = lhs, rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                guard let leftBytes = left.baseAddress, let rightBytes = right.baseAddress else { return true }
                return memcmp(leftBytes, rightBytes, left.count) == 0
            }
        }
    }

    /// Whether the two values are bit for bit the same `String` (then their texts are too).
    @inline(__always)
    static func isSameRepresentation(_ lhs: String, _ rhs: String) -> Bool {
        // A `String` is two 64-bit words on every platform Swift 6 runs on; otherwise this says no.
        guard MemoryLayout<String>.size == 16 else { return false }
        return withUnsafeBytes(of: lhs) { left in
            withUnsafeBytes(of: rhs) { right in
                left.loadUnaligned(as: UInt64.self) == right.loadUnaligned(as: UInt64.self)
                    && left.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == right.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

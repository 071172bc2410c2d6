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

    /// What `scan` gives at `start` of `bytes`: the token, nil or the error, and where the reader stops.
    private static func outcome(
        _ bytes: [UInt8], start: Int,
        _ scan: (inout CanonicalJSONParser) throws(CanonicalJSONError) -> CanonicalJSONParser.StringToken?
    ) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = CanonicalJSONParser(buffer.baseAddress!, count: buffer.count, position: start)
            do throws(CanonicalJSONError) {
                guard let token = try scan(&parser) else { return "nil at \(parser.position)" }
                return "\(token.start) \(token.end) \(token.hasEscapes) \(token.hasNonASCII) at \(parser.position)"
            } catch {
                return "\(error) at \(parser.position)"
            }
        }
    }

    @Test("scanPlainStringIfPresent gives what scanStringIfPresent gives: plain, escaped, non-ASCII, invalid, control and unterminated strings, at every distance from the line's end")
    func plainStringScanAgreesWithScanString() {
        var random = SystemRandomNumberGenerator()
        // Pieces a string's contents are made of: plain ASCII (DEL included), escapes good and bad,
        // controls, a quote, UTF-8 good and bad.
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("fund.disburse".utf8), Array("0123456789".utf8), [0x7F], [0x20], Array("-_:/".utf8),
            Array(#"\n"#.utf8), Array(#"\u00e9"#.utf8), Array(#"\q"#.utf8), [0x5C], [0x00], [0x1F], [0x09], [0x22],
            Array("é".utf8), Array("村".utf8), [0xC3], [0xFF], [0xE6, 0x9D],
        ]
        var checked = 0
        for _ in 0..<20_000 {
            var contents: [UInt8] = []
            // Mostly plain ASCII, as ids, kinds and scopes are; sometimes anything.
            let isPlain = Int.random(in: 0..<3, using: &random) > 0
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                contents += pieces[Int.random(in: 0..<(isPlain ? 6 : pieces.count), using: &random)]
            }
            let prefix = Array(#","id":"#.utf8).dropLast()
            var line = Array(prefix) + [0x22] + contents
            // Closed, or not, then up to 20 bytes more (the line's end near or far).
            if Int.random(in: 0..<8, using: &random) > 0 { line.append(0x22) }
            let suffix = Array(#","kind":"fund.disburse"}"#.utf8)
            line += suffix.prefix(Int.random(in: 0...20, using: &random))
            for start in [prefix.count, prefix.count - 1] {
                let expected = Self.outcome(line, start: start) { (parser) throws(CanonicalJSONError) in try parser.scanStringIfPresent() }
                let found = Self.outcome(line, start: start) { (parser) throws(CanonicalJSONError) in try parser.scanPlainStringIfPresent() }
                if found != expected {
                    Issue.record("\(line) at \(start): \(found), expected \(expected)")
                    return
                }
                checked += 1
            }
        }
        #expect(checked == 40_000)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The decoded text cache's table of 64-digit lowercase hex texts (payees' pseudonyms): every text it
// hands out is the text made afresh with its hash value, whatever the table holds (growing, full,
// probes exhausted); only exactly 64 lowercase hex digits go to it; the packed key tells every two
// digit strings apart.
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Hex text table")
struct HexTextTableTests {
    static let digits = Array("0123456789abcdef".utf8)

    static func randomHex(_ random: inout SeededRandomNumberGenerator) -> [UInt8] {
        (0..<64).map { _ in digits[Int(random.next() % 16)] }
    }

    static func key(_ bytes: [UInt8]) -> HexTextKey? {
        bytes.withUnsafeBufferPointer { HexTextKey($0) }
    }

    @Test("the key exists exactly for 64 lowercase hex digits: every byte value at every position is tried")
    func keyAcceptsOnlyLowercaseHex() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6865_786B_6579_0001)
        for _ in 0..<8 {
            let base = Self.randomHex(&random)
            #expect(Self.key(base) != nil)
            for position in 0..<64 {
                for value in 0...255 {
                    var bytes = base
                    bytes[position] = UInt8(value)
                    let isHex = Self.digits.contains(UInt8(value))
                    if (Self.key(bytes) != nil) != isHex {
                        Issue.record("\(random): byte \(value) at \(position) \(isHex ? "refused" : "accepted")")
                        return
                    }
                }
            }
        }
        for count in [0, 1, 63, 65, 128] {
            #expect(Self.key(Array(repeating: UInt8(ascii: "a"), count: count)) == nil, "\(count) digits")
        }
    }

    @Test("the key is the 32 bytes the digits spell (so two digit strings differ exactly when their keys do)")
    func keyIsTheBytesSpelled() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6865_786B_6579_0002)
        for _ in 0..<2_000 {
            let bytes = Self.randomHex(&random)
            guard let key = Self.key(bytes) else {
                Issue.record("\(random): no key")
                return
            }
            // Digit i is nibble i % 16 of word i / 16, the first digit of each pair in the low nibble.
            var expected: [UInt64] = [0, 0, 0, 0]
            for (index, byte) in bytes.enumerated() {
                let value = UInt64(Self.digits.firstIndex(of: byte)!)
                expected[index / 16] |= value << (4 * UInt64(index % 16))
            }
            let words = [key.words.0, key.words.1, key.words.2, key.words.3]
            if words != expected {
                Issue.record("\(random): \(String(decoding: bytes, as: UTF8.self)) packed as \(words), expected \(expected)")
                return
            }
        }
    }

    @Test("every pseudonym from the cache is the text made afresh with its hash value, while the table grows, once it is full, and for near misses")
    func textsEqualFreshOnes() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6865_7874_6162_6C65)
        // A table of at most 2,048 slots (1,536 texts): 2,500 pseudonyms fill it and overflow it.
        let cache = DecodedTextCache(hexTextSlotLimit: 2_048)
        var texts = (0..<2_500).map { _ in Self.randomHex(&random) }
        // Near misses of the first texts: one digit changed, one digit in upper case (not hex: the
        // general table), one digit dropped (63 digits: the general table).
        for index in 0..<20 {
            var changed = texts[index]
            changed[index] = changed[index] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            texts.append(changed)
            var upper = texts[index]
            upper[index + 1] = UInt8(ascii: "A")
            texts.append(upper)
            texts.append(Array(texts[index].dropLast()))
        }
        for round in 0..<(texts.count * 4) {
            let bytes = texts[Int(random.next() % UInt64(texts.count))]
            let expected = String(decoding: bytes, as: UTF8.self)
            let cached = bytes.withUnsafeBufferPointer { cache.text($0) }
            if cached.text != expected || cached.textHash != expected.hashValue || Array(cached.text.utf8) != bytes {
                Issue.record("\(random), round \(round): \(expected) came back as \(cached.text)")
                return
            }
        }
        #expect(cache.hexTexts.slotCount == 2_048)
        #expect(cache.hexTexts.entryCount <= 1_536 && cache.hexTexts.entryCount > 1_000)
    }

    @Test("a pseudonym asked for twice is one storage (the in-order thread finds equal ids identical at once)")
    func repeatedTextsShareStorage() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6865_7874_6162_6C66)
        let cache = DecodedTextCache()
        let texts = (0..<3_000).map { _ in Self.randomHex(&random) }
        let first = texts.map { bytes in bytes.withUnsafeBufferPointer { cache.text($0).text } }
        #expect(cache.hexTexts.entryCount == 3_000)
        for (index, bytes) in texts.enumerated() {
            let again = bytes.withUnsafeBufferPointer { cache.text($0).text }
            let isSame = again.utf8.withContiguousStorageIfAvailable { a in
                first[index].utf8.withContiguousStorageIfAvailable { b in a.baseAddress == b.baseAddress }
            }
            #expect(isSame == true, "\(index)")
        }
    }

    @Test("a pseudonym stored as a checked text is found by checkedText; one asked for unchecked is not")
    func checkedTextsStayApart() {
        let cache = DecodedTextCache()
        let checked = Array(String(repeating: "ab", count: 32).utf8)
        let unchecked = Array(String(repeating: "cd", count: 32).utf8)
        _ = checked.withUnsafeBufferPointer { cache.text($0, isCheckedText: true) }
        _ = unchecked.withUnsafeBufferPointer { cache.text($0) }
        #expect(checked.withUnsafeBufferPointer { cache.checkedText($0) }?.text == String(decoding: checked, as: UTF8.self))
        #expect(unchecked.withUnsafeBufferPointer { cache.checkedText($0) } == nil)
        #expect(cache.hexTexts.entryCount == 1)
    }
}

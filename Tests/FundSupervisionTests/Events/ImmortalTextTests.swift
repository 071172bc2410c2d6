// Immortal texts (the decoded text cache's kept texts): each is the text made afresh in every respect
// a program observes, is never counted (a copy touches no reference count), and only valid UTF-8 of
// more than 15 bytes is made so.
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Immortal texts")
struct ImmortalTextTests {
    @Test("this toolchain lays a literal out as ImmortalText assumes (else no text would be kept immortal)")
    func layoutIsKnown() {
        #expect(ImmortalText.layoutIsKnown)
        #expect(ImmortalText.isUncounted("a literal longer than fifteen bytes"))
        #expect(ImmortalText.isUncounted(String(decoding: Array("short".utf8), as: UTF8.self)))
        #expect(!ImmortalText.isUncounted(String(decoding: Array("a made text longer than fifteen bytes".utf8), as: UTF8.self)))
    }

    @Test("a kept text equals the text made afresh: contents, ==, <, hash value, views, mutation of a copy")
    func keptTextsEqualFreshOnes() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x696D_6D6F_7274_616C)
        var arena = ImmortalText.Arena()
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x4E00...0x9FFF, 0xA0...0x2FF, 0x1F600...0x1F64F]
        for round in 0..<2_000 {
            var text = ""
            for _ in 0..<(1 + Int(random.next() % 30)) {
                let pool = pools[Int(random.next() % UInt64(round % 3 == 0 ? pools.count : 1))]
                text.unicodeScalars.append(Unicode.Scalar(pool.lowerBound + UInt32(random.next() % UInt64(pool.count)))!)
            }
            let bytes = Array(text.utf8)
            let fresh = String(decoding: bytes, as: UTF8.self)
            guard let bits = bytes.withUnsafeBufferPointer({ arena.keep(fresh, $0) }) else {
                Issue.record("round \(round): \(text) not kept")
                return
            }
            let kept = ImmortalText.string(bits)
            #expect(ImmortalText.isUncounted(kept))
            var mutated = kept
            mutated.append("x")
            let isEqual = kept == fresh && kept.hashValue == fresh.hashValue && Array(kept.utf8) == bytes
                && Array(kept.unicodeScalars) == Array(fresh.unicodeScalars) && kept.count == fresh.count
                && !(kept < fresh) && !(fresh < kept) && mutated == fresh + "x" && kept == fresh
                && Set([kept, fresh]).count == 1 && "\(kept)" == fresh
            if !isEqual {
                Issue.record("round \(round): \(text) kept as \(kept)")
                return
            }
        }
    }

    @Test("bytes that are not the text's (invalid UTF-8, repaired) are not kept; 15 bytes or fewer stay small strings")
    func onlyExactTextsAreKept() {
        var arena = ImmortalText.Arena()
        let invalid: [UInt8] = Array("abcdefghijklmnop".utf8) + [0xFF, 0xC3]
        let repaired = String(decoding: invalid, as: UTF8.self)
        #expect(invalid.withUnsafeBufferPointer { arena.keep(repaired, $0) } == nil)
        #expect(invalid.withUnsafeBufferPointer { arena.copy(ofTextBytes: repaired, $0) } == nil)
        let short = Array("c91f4e986a638d".utf8)
        let shortText = String(decoding: short, as: UTF8.self)
        let bits = short.withUnsafeBufferPointer { arena.keep(shortText, $0) }
        #expect(bits.map { ImmortalText.string($0) } == shortText)
        #expect(bits.map { $0 == unsafeBitCast(shortText, to: ImmortalText.Bits.self) } == true)
    }

    @Test("the cache's signers and payees' ids are uncounted, equal to fresh texts, and one storage per text")
    func cachedTextsAreUncounted() {
        let cache = DecodedTextCache()
        let signer = Array("c91f4e986a638d0d".utf8)
        let payee = Array("9334d1d4782ff23d7f159f83bdd51c5301e5dbf66640502d9b6a0c3355eea4dc".utf8)
        let item = Array("扶贫小额信贷贴息补助".utf8)
        for bytes in [signer, payee, item] {
            let first = bytes.withUnsafeBufferPointer { cache.text($0, isCheckedText: bytes == item) }
            let again = bytes.withUnsafeBufferPointer { cache.text($0, isCheckedText: bytes == item) }
            let fresh = String(decoding: bytes, as: UTF8.self)
            #expect(first.text == fresh && first.textHash == fresh.hashValue && again.text == fresh)
            #expect(ImmortalText.isUncounted(first.text) && ImmortalText.isUncounted(again.text))
            #expect(unsafeBitCast(first.text, to: ImmortalText.Bits.self) == unsafeBitCast(again.text, to: ImmortalText.Bits.self))
        }
        let pseudonym = payee.withUnsafeBufferPointer { cache.payeeID($0, kind: .beneficiary) }
        #expect(pseudonym.map { ImmortalText.isUncounted($0.text) } == true)
        #expect(pseudonym?.text == String(decoding: payee, as: UTF8.self))
    }

    @Test("short ASCII texts built inline are the texts made afresh; other bytes are refused")
    func smallASCIITexts() {
        #expect(ImmortalText.smallLayoutIsKnown)
        var random = SeededRandomNumberGenerator(defaultSeed: 0x736D_616C_6C61_7363)
        for round in 0..<5_000 {
            let count = Int(random.next() % 18)
            var bytes = (0..<count).map { _ in UInt8(0x20 + random.next() % 0x5F) }
            if round % 5 == 0, count > 0 { bytes[Int(random.next() % UInt64(count))] = UInt8(0x80 + random.next() % 0x80) }
            let fresh = String(decoding: bytes, as: UTF8.self)
            let built = bytes.withUnsafeBufferPointer { ImmortalText.smallASCII($0) }
            let isEligible = (1...15).contains(count) && bytes.allSatisfy { $0 < 0x80 }
            var isSame = true
            if let built {
                isSame = built == fresh && built.hashValue == fresh.hashValue && Array(built.utf8) == bytes
                    && unsafeBitCast(built, to: ImmortalText.Bits.self) == unsafeBitCast(fresh, to: ImmortalText.Bits.self)
            }
            if isEligible != (built != nil) || !isSame {
                Issue.record("round \(round): \(bytes) built as \(String(describing: built))")
                return
            }
        }
    }

    @Test("texts outlive the cache that made them")
    func textsOutliveTheirCache() {
        let payee = Array("2ed1beb50d7778fbcdbc5236fa5e05bae3e417094cfe54bb4d0cad319fdd20ab".utf8)
        let signer = Array("bf8c841952fa4ea4".utf8)
        var kept: [String] = []
        do {
            let cache = DecodedTextCache()
            kept.append(payee.withUnsafeBufferPointer { cache.text($0).text })
            kept.append(signer.withUnsafeBufferPointer { cache.string($0) })
        }
        // Memory the freed cache held is written over by new allocations.
        let noise = (0..<1_000).map { index in String(repeating: "z", count: 16 + index % 64) }
        #expect(kept == [String(decoding: payee, as: UTF8.self), String(decoding: signer, as: UTF8.self)])
        #expect(noise.count == 1_000)
    }
}

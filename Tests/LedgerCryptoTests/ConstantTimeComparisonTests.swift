// Goal: constantTimeEquals is true exactly for equal byte strings, whatever position differs.
import LedgerCrypto
import LedgerTestSupport
import Testing

@Suite("Constant-time comparison")
struct ConstantTimeComparisonTests {
    @Test("equal bytes compare equal; a flip at any position or a length change does not")
    func flips() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x4354_4551)
        let bytes = random.bytes(count: 64)
        #expect(constantTimeEquals(bytes, bytes))
        #expect(constantTimeEquals([UInt8](), [UInt8]()))
        for index in bytes.indices {
            var flipped = bytes
            flipped[index] ^= 1 << UInt8(index % 8)
            #expect(!constantTimeEquals(bytes, flipped), "index \(index), \(random)")
        }
        #expect(!constantTimeEquals(bytes, Array(bytes.dropLast())))
    }
}

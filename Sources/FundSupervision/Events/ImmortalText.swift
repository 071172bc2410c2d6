// ImmortalText: texts whose bytes are never freed, so that copying or destroying them touches no
// reference count (see `DecodedTextCache`).
//
// A `String` of more than 15 UTF-8 bytes normally owns a counted storage object: every copy is an
// atomic increment of its counter and every destruction an atomic decrement, and when two cores copy
// the same text (the preparing thread builds entries with a payee's id, the in-order thread reads
// them and the preparing thread destroys them), the counter's cache line moves between them. A string
// literal is not counted: it refers to bytes that live as long as the program (an "immortal" string;
// the runtime skips the counting for it). `ImmortalText` makes such strings for texts read at run
// time: their bytes are copied once into memory that is never freed (`Arena`), and the string is
// built exactly as the standard library builds a literal's (`_StringObject(immortal:isASCII:)`,
// an inlinable part of its ABI). Texts of at most 15 bytes are small strings, held inline and never
// counted: they are kept as they are.
//
// What must never change: an immortal text is equal to `String(decoding: bytes, as: UTF8.self)` in
// every respect a program can observe (contents, `==`, `hashValue`, views); only texts whose bytes
// are valid UTF-8 are made so (checked against the text made the ordinary way). `layoutIsKnown`
// checks once per process that the standard library lays a literal out as this file assumes; when
// it does not (another toolchain), no text is made immortal and everything works as before. The
// process keeps at most `byteBudget` bytes so.
import Synchronization

enum ImmortalText {
    /// A `String`'s two words: a small or an immortal string (owned by no one) when kept by a cache.
    typealias Bits = (UInt64, UInt64)

    /// The most bytes the process copies for immortal texts (a 1,000,000-entry journal needs about
    /// 6 MB: its 45,670 payees' ids on each of two threads).
    static let byteBudget = 64 << 20
    /// The bytes of the budget not yet taken by an arena.
    private static let remainingBudget = Atomic<Int>(byteBudget)

    /// The string with `bits` (from `bits(ofKept:)`: a small or an immortal string).
    @inline(__always)
    static func string(_ bits: Bits) -> String {
        unsafeBitCast(bits, to: String.self)
    }

    /// The immortal string of the `count` (more than 15) bytes at `address`, which must be valid
    /// UTF-8, ASCII when `isASCII`, and never freed nor changed. Laid out as a literal is
    /// (`_StringObject(immortal:isASCII:)`): the count with the flags of an immortal, tail-allocated
    /// (contiguous) string, ASCII and NFC when ASCII; then the address, less the native bias (32),
    /// with the immortal discriminator.
    @inline(__always)
    static func string(_ address: UnsafePointer<UInt8>, count: Int, isASCII: Bool) -> String {
        string(bits(address, count: count, isASCII: isASCII))
    }

    @inline(__always)
    static func bits(_ address: UnsafePointer<UInt8>, count: Int, isASCII: Bool) -> Bits {
        let flags: UInt64 = isASCII ? 0xD000_0000_0000_0000 : 0x1000_0000_0000_0000
        let object = (UInt64(UInt(bitPattern: address)) &- 32) | 0x8000_0000_0000_0000
        return (UInt64(count) | flags, object)
    }

    /// Whether `text` is a small string or an immortal one (its object's top bit: the runtime never
    /// counts such a string).
    @inline(__always)
    static func isUncounted(_ text: String) -> Bool {
        unsafeBitCast(text, to: Bits.self).1 & 0x8000_0000_0000_0000 != 0
    }

    /// Whether this standard library lays a string literal out as `bits(_:count:isASCII:)` does, and
    /// a string so made reads back its bytes: checked once per process.
    static let layoutIsKnown: Bool = {
        let literal = "immortal-text-layout-probe-0123456789"
        var copy = literal
        let address = copy.withUTF8 { $0.baseAddress }
        guard let address, copy.utf8.count == 37 else { return false }
        let literalBits = unsafeBitCast(literal, to: Bits.self)
        guard literalBits == bits(address, count: 37, isASCII: true) else { return false }
        let made = string(address, count: 37, isASCII: true)
        return made == literal && made.hashValue == literal.hashValue && Array(made.utf8) == Array(literal.utf8)
            && isUncounted(made) && !isUncounted(String(decoding: Array(literal.utf8), as: UTF8.self))
    }()

    /// `String(decoding: bytes, as: UTF8.self)` for 1 to 15 ASCII bytes (an entry's id), built as the
    /// standard library holds such a text, inline in the string's two words (a small string: the
    /// bytes, then the count with the small ASCII discriminator in the last byte), instead of
    /// through its validating initializer (about 230 instructions per entry); nil for other bytes
    /// or when the layout is not the known one (`smallLayoutIsKnown`).
    @inline(__always)
    static func smallASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.count >= 1, bytes.count <= 15, smallLayoutIsKnown else { return nil }
        guard let bits = smallASCIIBits(bytes) else { return nil }
        return string(bits)
    }

    @inline(__always)
    static func smallASCIIBits(_ bytes: UnsafeBufferPointer<UInt8>) -> Bits? {
        var bits: Bits = (0, 0)
        withUnsafeMutableBytes(of: &bits) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
        guard (bits.0 | bits.1) & 0x8080_8080_8080_8080 == 0 else { return nil }
        bits.1 |= (0xE0 | UInt64(bytes.count)) << 56
        return bits
    }

    /// Whether this standard library holds a short ASCII text as `smallASCIIBits` builds it (every
    /// length from 1 to 15): checked once per process.
    static let smallLayoutIsKnown: Bool = {
        let sample = Array("e1234567-abcdefg".utf8)
        for count in 1...15 {
            let made = String(decoding: sample[..<count], as: UTF8.self)
            let built = sample.withUnsafeBufferPointer { smallASCIIBits(UnsafeBufferPointer(rebasing: $0[..<count])) }
            guard let built, unsafeBitCast(made, to: Bits.self) == built, string(built) == made,
                string(built).hashValue == made.hashValue, Array(string(built).utf8) == Array(sample[..<count])
            else { return false }
        }
        return true
    }()

    /// A bump allocator of never-freed bytes, in chunks taken from the process's budget. Used by one
    /// thread at a time (each `DecodedTextCache` has its own).
    struct Arena {
        static let chunkByteCount = 1 << 16
        private var next: UnsafeMutablePointer<UInt8>?
        private var remaining = 0

        init() {}

        /// `text` (which must be `String(decoding: bytes, as: UTF8.self)`) as bits to keep: itself when
        /// it is a small string, else an immortal copy of `bytes`; nil when it cannot be made so (the
        /// budget is spent, the bytes are not valid UTF-8, the layout is not the known one): then the
        /// caller does not keep it.
        mutating func keep(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bits? {
            if bytes.count <= 15, isUncounted(text) { return unsafeBitCast(text, to: Bits.self) }
            guard let address = copy(ofTextBytes: text, bytes) else { return nil }
            return ImmortalText.bits(address, count: bytes.count, isASCII: Self.isASCII(bytes))
        }

        /// A never-freed copy of `bytes` (more than 15), which `text` (`String(decoding: bytes, as:
        /// UTF8.self)`) must spell exactly (valid UTF-8); nil when it does not or when the budget is spent.
        mutating func copy(ofTextBytes text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<UInt8>? {
            guard bytes.count > 15, bytes.count <= Self.chunkByteCount, layoutIsKnown else { return nil }
            var text = text
            let isSame = text.withUTF8 { spelled in
                spelled.count == bytes.count && memcmp(spelled.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
            guard isSame else { return nil }
            if remaining < bytes.count {
                guard ImmortalText.takeChunk() else { return nil }
                next = .allocate(capacity: Self.chunkByteCount)
                remaining = Self.chunkByteCount
            }
            let address = next!
            address.initialize(from: bytes.baseAddress!, count: bytes.count)
            next = address + bytes.count
            remaining -= bytes.count
            return UnsafePointer(address)
        }

        static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var union: UInt8 = 0
            for byte in bytes { union |= byte }
            return union < 0x80
        }
    }

    /// Takes a chunk from the budget; false when it is spent.
    private static func takeChunk() -> Bool {
        let left = remainingBudget.subtract(Arena.chunkByteCount, ordering: .relaxed).newValue
        guard left >= 0 else {
            remainingBudget.add(Arena.chunkByteCount, ordering: .relaxed)
            return false
        }
        return true
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

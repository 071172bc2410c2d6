// SHA-512 (FIPS 180-4 §6.4), streaming, with no heap allocation per update or finalize: the state,
// the partial block and the length are fixed-size stored properties. Ed25519 (RFC 8032) hashes with it.
import Foundation

/// The SHA-512 hash function (FIPS 180-4), in CryptoKit's shape.
public struct SHA512: HashFunction, Sendable {
    /// The number of bytes in one SHA-512 block.
    public static let blockByteCount = 128

    /// The number of bytes in a SHA-512 digest.
    public static let byteCount = 64

    /// The eight 64-bit words of the intermediate hash value H0…H7.
    @usableFromInline
    typealias State = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    // FIPS 180-4 §5.3.5: the initial hash value, the first 64 bits of the fractional parts of the
    // square roots of the first eight primes. A computed constant, so no lazy global is touched.
    private static var initialState: State {
        (
            0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
            0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179
        )
    }

    private var state: State
    /// Bytes of the current partial block; only the first `bufferedByteCount` are meaningful.
    private var buffer: (State, State)
    private var bufferedByteCount: Int
    /// All bytes added so far (messages up to 2^64 bytes; the length field holds 2^128 bits).
    private var totalByteCount: UInt64

    /// Creates a SHA-512 hash function with no input yet.
    public init() {
        state = Self.initialState
        buffer = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
        bufferedByteCount = 0
        totalByteCount = 0
    }

    /// Adds the bytes in `bufferPointer` to the input.
    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        guard var input = bufferPointer.baseAddress, bufferPointer.count > 0 else { return }
        var remaining = bufferPointer.count
        totalByteCount &+= UInt64(remaining)

        if bufferedByteCount > 0 {
            let taken = min(Self.blockByteCount - bufferedByteCount, remaining)
            let offset = bufferedByteCount
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.advanced(by: offset).copyMemory(from: input, byteCount: taken)
            }
            bufferedByteCount += taken
            input += taken
            remaining -= taken
            guard bufferedByteCount == Self.blockByteCount else { return }
            let block = buffer
            withUnsafeBytes(of: block) {
                Self.compressPortable(&state, blocks: $0.baseAddress!, blockCount: 1)
            }
            bufferedByteCount = 0
        }

        let wholeBlockCount = remaining / Self.blockByteCount
        if wholeBlockCount > 0 {
            Self.compressPortable(&state, blocks: input, blockCount: wholeBlockCount)
            input += wholeBlockCount * Self.blockByteCount
            remaining -= wholeBlockCount * Self.blockByteCount
        }

        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.copyMemory(from: input, byteCount: remaining)
            }
            bufferedByteCount = remaining
        }
    }

    /// Returns the SHA-512 digest of all input so far; more input may follow.
    public func finalize() -> SHA512Digest {
        var copy = self
        copy.appendPadding()
        return SHA512Digest(words: copy.state)
    }

    /// Pads the message and compresses the last one or two blocks, in place in the buffer.
    private mutating func appendPadding() {
        // FIPS 180-4 §5.1.2: append a 1 bit, then zeros up to 112 bytes mod 128, then the
        // message length in bits as a 128-bit big-endian integer.
        let bitCountHigh = totalByteCount >> 61
        let bitCountLow = totalByteCount &<< 3
        let lengthOffset = Self.blockByteCount - 16
        var block = buffer
        let used = bufferedByteCount
        withUnsafeMutableBytes(of: &block) { bytes in
            bytes[used] = 0x80
            bytes.baseAddress!.advanced(by: used + 1).initializeMemory(
                as: UInt8.self, repeating: 0, count: Self.blockByteCount - used - 1)
        }
        if used >= lengthOffset {
            // No room for the length: this block ends with zeros and one more block follows.
            withUnsafeBytes(of: block) {
                Self.compressPortable(&state, blocks: $0.baseAddress!, blockCount: 1)
            }
            block = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
        }
        block.1.6 = bitCountHigh.bigEndian
        block.1.7 = bitCountLow.bigEndian
        withUnsafeBytes(of: block) {
            Self.compressPortable(&state, blocks: $0.baseAddress!, blockCount: 1)
        }
        bufferedByteCount = 0
    }
}

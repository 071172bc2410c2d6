// SHA-256 (FIPS 180-4 §6.2), streaming, with no heap allocation per update or finalize: the state,
// the partial block and the length are fixed-size stored properties.
// Whole blocks go to the CPU's SHA instructions when present (CLedgerCryptoSHA); the portable Swift
// compression in SHA256+Compression.swift is the reference, and tests check that both agree.
import CLedgerCryptoSHA
import Foundation

/// The SHA-256 hash function (FIPS 180-4), in CryptoKit's shape.
public struct SHA256: HashFunction, Sendable {
    /// The number of bytes in one SHA-256 block.
    public static let blockByteCount = 64

    /// The number of bytes in a SHA-256 digest.
    public static let byteCount = 32

    /// The eight 32-bit words of the intermediate hash value H0…H7.
    @usableFromInline
    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    /// Which compression function processes whole blocks.
    package enum Implementation: Sendable, CaseIterable, CustomStringConvertible {
        /// The portable Swift compression function; runs everywhere.
        case portable
        /// The CPU's SHA-256 instructions (x86-64 SHA-NI, ARMv8 SHA2) when this CPU has them,
        /// otherwise the portable path.
        case hardware

        /// The implementation's name, for test and benchmark output.
        package var description: String {
            switch self {
            case .portable: "portable"
            case .hardware: SHA256.isHardwareAvailable ? "hardware" : "hardware(unavailable: portable)"
            }
        }
    }

    /// True when this CPU has SHA-256 instructions that the hardware path uses.
    package static let isHardwareAvailable: Bool = fl_sha256_hardware_available() == 1

    // FIPS 180-4 §5.3.3: the initial hash value, the first 32 bits of the fractional parts of the
    // square roots of the first eight primes. A computed constant, so no lazy global is touched.
    private static var initialState: State {
        (0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)
    }

    private var state: State
    /// Bytes of the current partial block; only the first `bufferedByteCount` are meaningful.
    private var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private var bufferedByteCount: Int
    /// All bytes added so far; FIPS 180-4 limits messages to 2^64 bits.
    private var totalByteCount: UInt64
    private let usesHardware: Bool

    /// Creates a SHA-256 hash function with no input yet, using the CPU's SHA instructions if present.
    public init() {
        self.init(implementation: .hardware)
    }

    /// Creates a SHA-256 hash function that compresses blocks with `implementation`.
    package init(implementation: Implementation) {
        state = Self.initialState
        buffer = (0, 0, 0, 0, 0, 0, 0, 0)
        bufferedByteCount = 0
        totalByteCount = 0
        usesHardware = implementation == .hardware && Self.isHardwareAvailable
    }

    /// Returns the SHA-256 digest of `data`, compressing blocks with `implementation`.
    package static func hash(data: some DataProtocol, implementation: Implementation) -> SHA256Digest {
        var function = SHA256(implementation: implementation)
        function.update(data: data)
        return function.finalize()
    }

    /// The digest of `message` in one call: a message of at most 55 bytes (one padded block) is
    /// padded on the stack and compressed once, without the streaming state's buffering and copies
    /// (replay fingerprints a short voucher on every payment); a longer one is streamed. The same
    /// digest as `hash(bufferPointer:)` (tests compare them on every length around the block edge).
    package static func oneShotDigest(_ message: UnsafeRawBufferPointer,
                                      implementation: Implementation = .hardware) -> SHA256Digest {
        let count = message.count
        guard count <= blockByteCount - 9 else {
            var function = SHA256(implementation: implementation)
            function.update(bufferPointer: message)
            return function.finalize()
        }
        // FIPS 180-4 §5.1.1: the message, a 1 bit, zeros, and the length in bits (big-endian) at 56.
        var block: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &block) { bytes in
            if count > 0 { bytes.baseAddress!.copyMemory(from: message.baseAddress!, byteCount: count) }
            bytes[count] = 0x80
        }
        block.7 = (UInt64(count) &<< 3).bigEndian
        var state = initialState
        let usesHardware = implementation == .hardware && isHardwareAvailable
        withUnsafeBytes(of: block) { blockBytes in
            if usesHardware {
                withUnsafeMutableBytes(of: &state) { words in
                    fl_sha256_compress_accelerated(
                        words.baseAddress!.assumingMemoryBound(to: UInt32.self),
                        blockBytes.baseAddress!.assumingMemoryBound(to: UInt8.self), 1)
                }
            } else {
                compressPortable(&state, blocks: blockBytes.baseAddress!, blockCount: 1)
            }
        }
        return SHA256Digest(
            words: (
                UInt64(state.0) << 32 | UInt64(state.1), UInt64(state.2) << 32 | UInt64(state.3),
                UInt64(state.4) << 32 | UInt64(state.5), UInt64(state.6) << 32 | UInt64(state.7)
            ))
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
            withUnsafeBytes(of: block) { compress(blocks: $0.baseAddress!, blockCount: 1) }
            bufferedByteCount = 0
        }

        let wholeBlockCount = remaining / Self.blockByteCount
        if wholeBlockCount > 0 {
            compress(blocks: input, blockCount: wholeBlockCount)
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

    /// Returns the SHA-256 digest of all input so far; more input may follow.
    public func finalize() -> SHA256Digest {
        var copy = self
        copy.appendPadding()
        let words = copy.state
        return SHA256Digest(
            words: (
                UInt64(words.0) << 32 | UInt64(words.1), UInt64(words.2) << 32 | UInt64(words.3),
                UInt64(words.4) << 32 | UInt64(words.5), UInt64(words.6) << 32 | UInt64(words.7)
            ))
    }

    /// Pads the message and compresses the last one or two blocks, in place in the buffer.
    private mutating func appendPadding() {
        // FIPS 180-4 §5.1.1: append a 1 bit, then zeros up to 56 bytes mod 64, then the
        // message length in bits as a 64-bit big-endian integer.
        let bitCount = totalByteCount &<< 3
        let lengthOffset = Self.blockByteCount - 8
        var block = buffer
        let used = bufferedByteCount
        withUnsafeMutableBytes(of: &block) { bytes in
            bytes[used] = 0x80
            bytes.baseAddress!.advanced(by: used + 1).initializeMemory(
                as: UInt8.self, repeating: 0, count: Self.blockByteCount - used - 1)
        }
        if used >= lengthOffset {
            // No room for the length: this block ends with zeros and one more block follows.
            withUnsafeBytes(of: block) { compress(blocks: $0.baseAddress!, blockCount: 1) }
            block = (0, 0, 0, 0, 0, 0, 0, 0)
        }
        block.7 = bitCount.bigEndian
        withUnsafeBytes(of: block) { compress(blocks: $0.baseAddress!, blockCount: 1) }
        bufferedByteCount = 0
    }

    /// Compresses whole blocks into the state with the chosen implementation.
    private mutating func compress(blocks: UnsafeRawPointer, blockCount: Int) {
        if usesHardware {
            withUnsafeMutableBytes(of: &state) { words in
                fl_sha256_compress_accelerated(
                    words.baseAddress!.assumingMemoryBound(to: UInt32.self),
                    blocks.assumingMemoryBound(to: UInt8.self), blockCount)
            }
        } else {
            Self.compressPortable(&state, blocks: blocks, blockCount: blockCount)
        }
    }
}

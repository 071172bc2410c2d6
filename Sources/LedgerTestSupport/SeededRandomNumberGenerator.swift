import Foundation

/// A deterministic random number generator for property tests: xoshiro256** seeded by SplitMix64.
///
/// Tests print `seed` when they fail so that the run can be repeated exactly with `init(seed:)`.
/// Not for keys or anything secret.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable, CustomStringConvertible {
    /// The environment variable that, when set to a decimal or 0x-prefixed hex number, fixes the
    /// seed of generators made with `init(defaultSeed:)`.
    public static let seedEnvironmentVariable = "FUNDLEDGER_TEST_SEED"

    /// The seed this generator started from.
    public let seed: UInt64
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator whose output is fixed by `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        // Expand the seed with SplitMix64 (Steele, Lea, Flood 2014) so no state word is zero.
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9e37_79b9_7f4a_7c15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    /// Creates a generator seeded from `FUNDLEDGER_TEST_SEED` when set, else from `defaultSeed`.
    public init(defaultSeed: UInt64) {
        let environment = ProcessInfo.processInfo.environment[Self.seedEnvironmentVariable]
        self.init(seed: environment.flatMap(Self.parseSeed) ?? defaultSeed)
    }

    /// Returns the next 64 random bits (xoshiro256**, Blackman and Vigna 2018).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// Returns `count` random bytes.
    public mutating func bytes(count: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            var word = next()
            for _ in 0..<min(8, count - result.count) {
                result.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return result
    }

    /// The seed, in the form a failing test prints: `seed 0x…`.
    public var description: String {
        "seed 0x" + String(seed, radix: 16)
    }

    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        value << count | value >> (64 - count)
    }

    private static func parseSeed(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) }
        return UInt64(text)
    }
}

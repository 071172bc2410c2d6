// SyntheticRandom: the generator behind `fundledger generate`. SplitMix64 (Steele, Lea, Flood 2014)
// with its own bounded draws, so a seed gives the same journal on every platform and Swift version
// (the standard library's `random(in:using:)` algorithm is not guaranteed to stay the same).

/// A small deterministic pseudo-random generator for synthetic journals (not for keys or secrets).
struct SyntheticRandom {
    private var state: UInt64

    /// Creates the generator for `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A number in `range` (Lemire's multiply-shift; the bias is below 2^-32 for the small ranges used).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
    }

    /// True with probability 1 / `denominator`.
    mutating func oneIn(_ denominator: Int) -> Bool { int(in: 1...denominator) == 1 }
}

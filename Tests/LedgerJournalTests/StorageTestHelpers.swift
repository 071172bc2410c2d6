// Helpers for the storage tests: file bytes, a seeded PRNG. (Each test's scratch directory is a
// LedgerTestSupport TemporaryDirectory.)

import Foundation
import LedgerJournal

/// The whole contents of the file at `path`.
func storageFileBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Writes `bytes` to `path`, replacing it.
func storageWriteFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// The names of the files in `directory`, sorted.
func storageDirectoryListing(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small seeded PRNG so property tests are reproducible.
struct StorageSeededRandom: RandomNumberGenerator {
    private(set) var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `count` random printable lines (no newline) of 0...maximumLength bytes.
func storageRandomLines(count: Int, maximumLength: Int, using random: inout StorageSeededRandom) -> [[UInt8]] {
    (0..<count).map { _ in
        let length = Int.random(in: 0...maximumLength, using: &random)
        return (0..<length).map { _ in UInt8.random(in: 0x20...0x7E, using: &random) }
    }
}

/// The journal bytes for `lines`: each followed by a newline.
func storageJoined(_ lines: [[UInt8]]) -> [UInt8] {
    lines.flatMap { $0 + [0x0A] }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of `text`.
    init(utf8 text: String) { self = Array(text.utf8) }
}

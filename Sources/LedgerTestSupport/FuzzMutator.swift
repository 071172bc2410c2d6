// A seeded mutation fuzzer for the text parsers (issue #9 "Hostile input"). Mutations: byte flips,
// insertions of random and of structural bytes, deletions, truncations, duplicated and swapped
// lines, splices of another seed, and huge repeats (a 10 MB field, deep nesting). Every input is a
// pure function of the seed, so a failure is repeated exactly from the seed it prints
// (`FUNDLEDGER_TEST_SEED=0x…`). Inputs that found a bug are kept in each test target's fuzz-corpus folder
// and replayed by the tests (see `loadFuzzCorpus`).
import Foundation

/// Produces mutated inputs from seed inputs.
public struct FuzzMutator {
    /// The random source; its seed is printed on failure.
    public var random: SeededRandomNumberGenerator
    /// Bytes that matter to the parsers under test: separators, signs, base64 and hex digits, UTF-8 edges.
    public var structuralBytes: [UInt8]
    /// Byte count of a "huge" field: 10 MB, far above every parser's limit.
    public static let hugeByteCount = 10_000_000

    public init(seed: UInt64, structuralBytes: [UInt8]) {
        random = SeededRandomNumberGenerator(defaultSeed: seed)
        self.structuralBytes = structuralBytes
            + [0x0A, 0x0D, 0x20, 0x09, 0x00, 0x2B, 0x2D, 0x3D, 0x2F, 0x30, 0x39, 0x80, 0xBF, 0xC0, 0xE2, 0x80, 0x94, 0xEF, 0xFF]
    }

    /// A random index in `0..<count` (count > 0).
    public mutating func index(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }

    /// A random structural or random byte.
    public mutating func interestingByte() -> UInt8 {
        random.next() % 3 == 0 ? UInt8(truncatingIfNeeded: random.next()) : structuralBytes[index(structuralBytes.count)]
    }

    /// One to four mutations of a randomly chosen seed; `allowHuge` permits the huge repeats.
    public mutating func mutate(_ seeds: [[UInt8]], allowHuge: Bool = false) -> [UInt8] {
        var bytes = seeds[index(seeds.count)]
        for _ in 0...index(4) {
            bytes = mutateOnce(bytes, seeds: seeds, allowHuge: allowHuge)
        }
        return bytes
    }

    private mutating func mutateOnce(_ input: [UInt8], seeds: [[UInt8]], allowHuge: Bool) -> [UInt8] {
        var bytes = input
        let choice = index(allowHuge ? 11 : 10)
        if bytes.isEmpty { return [interestingByte()] }
        switch choice {
        case 0: // flip one bit
            let position = index(bytes.count)
            bytes[position] ^= 1 << UInt8(index(8))
        case 1: // replace a byte
            bytes[index(bytes.count)] = interestingByte()
        case 2: // insert one to eight bytes
            let position = index(bytes.count + 1)
            bytes.insert(contentsOf: (0...index(8)).map { _ in interestingByte() }, at: position)
        case 3: // delete a run
            let start = index(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + index(16)))
        case 4: // truncate
            bytes = Array(bytes.prefix(index(bytes.count + 1)))
        case 5: // duplicate a line
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            let line = index(lines.count)
            lines.insert(lines[line], at: index(lines.count + 1))
            bytes = Array(lines.joined(separator: [0x0A]))
        case 6: // delete or swap lines
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            if lines.count > 1, random.next() % 2 == 0 {
                lines.swapAt(index(lines.count), index(lines.count))
            } else {
                lines.remove(at: index(lines.count))
            }
            bytes = Array(lines.joined(separator: [0x0A]))
        case 7: // splice with another seed
            let other = seeds[index(seeds.count)]
            bytes = Array(bytes.prefix(index(bytes.count + 1))) + Array(other.suffix(index(other.count + 1)))
        case 8: // copy a slice to another place
            let start = index(bytes.count)
            let slice = Array(bytes[start..<min(bytes.count, start + 1 + index(32))])
            bytes.insert(contentsOf: slice, at: index(bytes.count + 1))
        case 9: // a number made large, negative or zero-padded
            let numbers: [String] = ["0", "-1", "00", "18446744073709551616", "9223372036854775807", "9223372036854775808", "9007199254740993", "1e5", "1.5"]
            bytes.insert(contentsOf: Array(numbers[index(numbers.count)].utf8), at: index(bytes.count + 1))
        default: // huge repeat: a 10 MB run of one byte, or a deep run of one structural byte
            let byte = random.next() % 2 == 0 ? UInt8(ascii: "A") : structuralBytes[index(structuralBytes.count)]
            let count = random.next() % 2 == 0 ? Self.hugeByteCount : 100_000
            bytes.insert(contentsOf: repeatElement(byte, count: count), at: index(bytes.count + 1))
        }
        return bytes
    }
}

/// The corpus of inputs that once found a bug in `target`: `<folder>/<target>/*`, raw bytes, sorted by name.
public func loadFuzzCorpus(_ target: String, in folder: URL) -> [(name: String, bytes: [UInt8])] {
    let directory = folder.appendingPathComponent(target)
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
    return names.map { ($0, Array((try? Data(contentsOf: directory.appendingPathComponent($0))) ?? Data())) }
}

/// Hex of the first bytes of an input, for failure messages (the whole input can be regenerated from the seed).
public func fuzzPreview(_ bytes: [UInt8]) -> String {
    let shown = bytes.prefix(512).map { String(format: "%02x", $0) }.joined()
    return bytes.count > 512 ? "\(shown)… (\(bytes.count) bytes)" : shown
}

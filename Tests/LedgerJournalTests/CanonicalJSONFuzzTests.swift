// A seeded mutation fuzzer over valid lines, plus replay of the saved corpus.
// Goal: no input crashes either parser, the strict parser accepts a line only if it re-encodes to
// exactly that line, `validateCanonical` accepts exactly what `parseCanonical` accepts, and whatever
// the lenient parser accepts encodes to a canonical line. Method: byte flips, replacements,
// insertions of structural and UTF-8 edge bytes, deletions, truncations and slice copies of
// canonical seeds; every input that ever broke an invariant is kept in Vectors/json-corpus/.
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

/// Bytes likely to matter to a JSON reader: structure, escapes, digits, whitespace, UTF-8 edges.
let jsonInterestingBytes: [UInt8] = Array(#"{}[],:"\/-+.eE0189abfnrtuAF"#.utf8)
    + [0x20, 0x09, 0x0A, 0x0D, 0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]

/// The invariants every input must satisfy; returns a description of the first one broken.
func jsonBrokenInvariant(_ input: [UInt8]) -> String? {
    jsonCheckInvariants(input).broken
}

/// Checks the invariants on `input`; also says whether the lenient parser accepted it.
func jsonCheckInvariants(_ input: [UInt8]) -> (broken: String?, isAcceptedLeniently: Bool) {
    let strict: JSONValue?
    do {
        strict = try CanonicalJSON.parseCanonical(input)
    } catch {
        strict = nil
        if error.reason != .inputTooLong && !(0...input.count).contains(error.byteOffset) {
            return ("strict error offset \(error.byteOffset) outside the input", false)
        }
    }
    let isValid: Bool
    do {
        try CanonicalJSON.validateCanonical(input)
        isValid = true
    } catch {
        isValid = false
    }
    if isValid != (strict != nil) { return ("validateCanonical disagrees with parseCanonical", false) }
    if let strict, CanonicalJSON.encode(strict) != input {
        return ("strict parser accepted a non-canonical line", false)
    }
    let lenient = try? CanonicalJSON.parse(input)
    if let strict, lenient != strict { return ("lenient parser disagrees on a canonical line", false) }
    if let lenient {
        let canonical = CanonicalJSON.encode(lenient)
        guard let reparsed = try? CanonicalJSON.parseCanonical(canonical) else {
            return ("lenient value does not encode to a canonical line", true)
        }
        if reparsed != lenient { return ("lenient value changes through its canonical form", true) }
    }
    return (nil, lenient != nil)
}

/// Hex of `bytes`, for failure messages that can be pasted into a corpus file.
func jsonHex(_ bytes: [UInt8]) -> String {
    bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

@Suite("CanonicalJSON fuzzing")
struct CanonicalJSONFuzzTests {
    /// Canonical seed lines: the sample entry and random values, with and without Chinese text.
    static func seeds(_ random: inout RandomJSON) -> [[UInt8]] {
        var seeds = [jsonSampleEntryLine, jsonUTF8(#"{"a":[1,-2,"\u0000\n",true,false,null],"😀":{"ﬁ":""}}"#)]
        while seeds.count < 64 {
            let value = random.value(depth: 3)
            let line = CanonicalJSON.encode(value)
            if line.count > 8 && line.count < 400 { seeds.append(line) }
        }
        return seeds
    }

    /// Applies one random mutation to `line`.
    static func mutate(_ line: inout [UInt8], _ random: inout RandomJSON) {
        let count = line.count
        guard count > 0 else {
            line.append(jsonInterestingBytes[random.int(0...jsonInterestingBytes.count - 1)])
            return
        }
        let index = random.int(0...count - 1)
        switch random.int(0...7) {
        case 0: line[index] ^= UInt8(1) << UInt8(random.int(0...7))
        case 1: line[index] = UInt8(random.int(0...255))
        case 2: line[index] = jsonInterestingBytes[random.int(0...jsonInterestingBytes.count - 1)]
        case 3: line.insert(jsonInterestingBytes[random.int(0...jsonInterestingBytes.count - 1)], at: random.int(0...count))
        case 4: line.removeSubrange(index..<min(count, index + random.int(1...4)))
        case 5: line.removeSubrange(random.int(0...count)...)
        case 6:
            let end = min(count, index + random.int(1...16))
            line.insert(contentsOf: Array(line[index..<end]), at: random.int(0...count))
        default: line.swapAt(index, random.int(0...count - 1))
        }
    }

    @Test("100,000 random mutations of canonical lines break no invariant")
    func mutationFuzzing() {
        var random = RandomJSON(generator: SeededRandomNumberGenerator(defaultSeed: 0x6675_7a7a_6a73_6f6e))
        let seeds = Self.seeds(&random)
        var accepted = 0
        for _ in 0..<100_000 {
            var line = seeds[random.int(0...seeds.count - 1)]
            for _ in 0..<random.int(1...3) { Self.mutate(&line, &random) }
            let outcome = jsonCheckInvariants(line)
            if let broken = outcome.broken {
                Issue.record("\(random.generator): \(broken): \(jsonHex(line))")
                return
            }
            if outcome.isAcceptedLeniently { accepted += 1 }
        }
        // Some mutants must survive (a key's letter changed, a digit flipped), or the fuzzer is
        // only exercising error paths.
        #expect(accepted > 1_000, "\(random.generator)")
    }

    @Test("every saved corpus input keeps every invariant")
    func corpus() throws {
        let directory = TestVectors.url("Vectors/json-corpus")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let input = [UInt8](try TestVectors.data("Vectors/json-corpus/" + name))
            #expect(jsonBrokenInvariant(input) == nil, "\(name)")
        }
    }
}

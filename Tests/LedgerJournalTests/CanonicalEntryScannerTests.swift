// Differential tests of the envelope fast path (CanonicalEntryScanner) against the strict path
// (`CanonicalJSON.parseCanonical` then `JournalEntry(parsing:)`).
// Goal: the scanner accepts a line only when the strict path accepts it, with the same fields, and
// `JournalEntry(canonicalLine:)` accepts, refuses and throws exactly like the strict path. Method:
// real signed lines (a fixture journal, entries with escapes, Chinese text, no scope, nested bodies),
// the JCS vectors and the saved JSON corpus, then seeded mutations of the signed lines with
// LedgerTestSupport's FuzzMutator and this target's JSON mutator (seed printed on failure).
import Foundation
import LedgerCrypto
@testable import LedgerJournal
import LedgerTestSupport
import Testing

extension Array where Element == UInt8 {
    /// The offsets where `pattern` starts.
    func indices(of pattern: [UInt8]) -> [Int] {
        guard !pattern.isEmpty, pattern.count <= count else { return [] }
        return (0...(count - pattern.count)).filter { self[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }
}

@Suite("Canonical entry scanner")
struct CanonicalEntryScannerTests {
    /// A parse outcome: the entry, or the error's description.
    enum Outcome {
        case success(JournalEntry)
        case failure(String)
    }

    /// The strict path's outcome: the entry, or the error's description.
    static func strict(_ line: [UInt8]) -> Outcome {
        do {
            return .success(try JournalEntry(parsing: CanonicalJSON.parseCanonical(line)))
        } catch {
            return .failure("\(error)")
        }
    }

    /// The public fast entry point's outcome, in the same shape.
    static func fast(_ line: [UInt8]) -> Outcome {
        do {
            return .success(try line.withUnsafeBytes { try JournalEntry(canonicalLine: $0) })
        } catch {
            return .failure("\(error)")
        }
    }

    /// Whether two entries have byte-identical fields (the body compared by its canonical bytes,
    /// since `JSONValue` equality merges canonically equivalent strings).
    static func isSameBytes(_ a: JournalEntry, _ b: JournalEntry) -> Bool {
        a == b && Array(a.id.utf8) == Array(b.id.utf8) && Array(a.kind.utf8) == Array(b.kind.utf8)
            && a.scope.map { Array($0.utf8) } == b.scope.map { Array($0.utf8) }
            && CanonicalJSON.encode(a.body) == CanonicalJSON.encode(b.body)
    }

    /// Checks every agreement rule on one line; returns the first one broken.
    static func brokenAgreement(_ line: [UInt8]) -> String? {
        let strictOutcome = strict(line)
        let scanned = line.withUnsafeBytes { CanonicalEntryScanner.scan($0, buildsBody: true) }
        let scannedWithoutBody = line.withUnsafeBytes { CanonicalEntryScanner.scan($0, buildsBody: false) }
        switch strictOutcome {
        case .failure:
            if scanned != nil { return "scanner accepted a line the strict path refuses" }
            if scannedWithoutBody != nil { return "body-less scanner accepted a line the strict path refuses" }
        case .success(let expected):
            if let scanned, !isSameBytes(scanned.entry, expected) { return "scanner read different fields" }
            if let scannedWithoutBody {
                var entry = scannedWithoutBody.entry
                guard entry.body == .null else { return "body-less scan built a body" }
                entry.body = expected.body
                if !isSameBytes(entry, expected) { return "body-less scanner read different fields" }
                let range = scannedWithoutBody.bodyByteRange
                if Array(line[range]) != CanonicalJSON.encode(expected.body) { return "body range is not the body" }
            }
        }
        if let broken = brokenPlainEnvelopeAgreement(line, strict: strictOutcome, scanned: scannedWithoutBody) { return broken }
        switch (strictOutcome, fast(line)) {
        case (.success(let a), .success(let b)) where isSameBytes(a, b): return nil
        case (.failure(let a), .failure(let b)) where a == b: return nil
        default: return "JournalEntry(canonicalLine:) disagrees with the strict path"
        }
    }

    /// `scanPlainEnvelope` (replay's payment path, after a body it read itself) against the strict
    /// path: it accepts only lines the strict path accepts, with the same envelope fields as bytes,
    /// and it accepts every such line whose id, kind and scope have no escape.
    static func brokenPlainEnvelopeAgreement(_ line: [UInt8], strict: Outcome, scanned: ScannedEntryLine?) -> String? {
        // Its caller validated the body up to its end: the body is skipped here with the strict
        // parser's rules, and the line compared from where it ends.
        return line.withUnsafeBytes { buffer -> String? in
            let bodyStart = CanonicalEntryScanner.bodyStartOffset
            guard buffer.count > bodyStart, buffer.starts(with: Array(#"{"body":{"#.utf8)) else { return nil }
            var parser = CanonicalJSONParser(buffer, mode: .canonical)
            parser.position = bodyStart
            // A non-ASCII member name is judged only when the body is built (the payment decoder
            // reads none): such bodies are left out.
            guard (try? parser.skipValue(depth: CanonicalEntryScanner.bodyDepth)) != nil, !parser.hasNonASCIIName
            else { return nil }
            let bodyRange = bodyStart..<parser.position
            let plain = CanonicalEntryScanner.scanPlainEnvelope(buffer, bodyRange: bodyRange)
            guard case .success(let expected) = strict else {
                return plain == nil ? nil : "plain envelope accepted a line the strict path refuses"
            }
            guard let plain else {
                guard let scanned, scanned.bodyByteRange == bodyRange else { return nil }
                // Left to the strict path only for an escape in the id, kind or scope.
                let escaped = [#""id":""#, #""kind":""#, #""scope":""#].contains { name in
                    guard let start = line.indices(of: Array(name.utf8)).last else { return false }
                    var index = start + name.utf8.count
                    while index < line.count, line[index] != UInt8(ascii: "\""), line[index] != UInt8(ascii: "\\") { index += 1 }
                    return index < line.count && line[index] == UInt8(ascii: "\\")
                }
                return escaped ? nil : "plain envelope refused a plain line the strict path accepts"
            }
            let same = plain.sequence == expected.sequence && plain.previousHash == expected.previousHash
                && plain.time == expected.time && Array(plain.id) == Array(expected.id.utf8)
                && Array(plain.kind) == Array(expected.kind.utf8) && plain.scope.map(Array.init) == expected.scope.map { Array($0.utf8) }
                && Array(plain.signer) == Array(expected.signerKeyID.utf8)
            return same ? nil : "plain envelope read different fields"
        }
    }

    /// Signed seed lines: a fixture journal plus entries that exercise escapes, non-ASCII text,
    /// a missing scope, nested bodies and a non-ASCII member name.
    static func seedLines() throws -> [[UInt8]] {
        let fixture = try JournalFixture(noteCount: 3)
        defer { fixture.remove() }
        var lines = fixture.lines
        let key = try JournalFixture.key(7)
        let bodies: [JSONValue] = [
            [:],
            ["amount_fen": -9_007_199_254_740_991, "list": [1, "二", [true, nil], ["k": "v\u{1}\"\\"]]],
            ["名称": "沁源县", "a\u{7F}": "😀", "b": ["c": ["d": 0]]],
        ]
        for (index, body) in bodies.enumerated() {
            for scope in [nil, "140431"] as [String?] {
                var entry = JournalEntry(
                    sequence: index * 1_000_003, previousHash: EntryHash.ofLine(lines[index]),
                    time: Timestamp(secondsSinceEpoch: 1_735_689_600 + Int64(index)),
                    kind: "fund.disburse_2", id: "id \"\\ é \(index)", scope: scope, body: body, signerKeyID: "")
                try entry.sign(with: key)
                lines.append(entry.canonicalLine())
            }
        }
        return lines
    }

    @Test("signed lines: the scanner reads the same fields as the strict path")
    func seeds() throws {
        let lines = try Self.seedLines()
        for line in lines {
            #expect(Self.brokenAgreement(line) == nil, "\(String(decoding: line, as: UTF8.self))")
            // The fast path must really apply to valid entries, or this suite tests nothing.
            let scanned = line.withUnsafeBytes { CanonicalEntryScanner.scan($0, buildsBody: true) }
            #expect(scanned != nil, "\(String(decoding: line, as: UTF8.self))")
        }
    }

    @Test("a body with a non-ASCII member name is left to the strict path when the body is not built")
    func nonASCIIName() throws {
        let line = try Self.seedLines().last { $0.count > 0 && String(decoding: $0, as: UTF8.self).contains("名称") }!
        #expect(line.withUnsafeBytes { CanonicalEntryScanner.scan($0, buildsBody: false) } == nil)
        #expect(line.withUnsafeBytes { CanonicalEntryScanner.scan($0, buildsBody: true) } != nil)
    }

    @Test("JCS vectors and the saved JSON corpus: same accept or refuse as the strict path")
    func vectors() throws {
        let jcs = try TestVectors.data("Vectors/jcs.jsonl")
        var inputs = [UInt8](jcs).split(separator: 0x0A).map(Array.init)
        let directory = TestVectors.url("Vectors/json-corpus")
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        where name.hasSuffix(".json") {
            inputs.append([UInt8](try TestVectors.data("Vectors/json-corpus/" + name)))
        }
        inputs.append(jsonSampleEntryLine)
        #expect(inputs.count > 10)
        for input in inputs {
            #expect(Self.brokenAgreement(input) == nil, "\(jsonHex(input))")
        }
    }

    @Test("60,000 mutated signed lines: the scanner never accepts what the strict path refuses")
    func mutations() throws {
        let seeds = try Self.seedLines()
        var mutator = FuzzMutator(seed: 0x7363_616e_6e65_7231, structuralBytes: jsonInterestingBytes)
        var random = RandomJSON(generator: SeededRandomNumberGenerator(defaultSeed: 0x7363_616e_6e65_7232))
        var acceptedMutants = 0
        for round in 0..<60_000 {
            var line: [UInt8]
            if round % 2 == 0 {
                line = mutator.mutate(seeds)
            } else {
                line = seeds[random.int(0...seeds.count - 1)]
                for _ in 0..<random.int(1...3) { CanonicalJSONFuzzTests.mutate(&line, &random) }
            }
            if let broken = Self.brokenAgreement(line) {
                Issue.record("seeds \(mutator.random), \(random.generator), round \(round): \(broken): \(jsonHex(line))")
                return
            }
            if case .success = Self.strict(line) { acceptedMutants += 1 }
        }
        // Some mutants stay valid entries (a digit of the body changed); those exercise the
        // accepting side of the comparison.
        #expect(acceptedMutants > 100, "\(mutator.random), \(random.generator)")
    }
}

@Suite("Entry kind check")
struct EntryKindCheckTests {
    /// The rule as first written (split on dots), kept as the reference for the one-pass version.
    static func referenceIsValidKind(_ kind: String) -> Bool {
        let words = kind.split(separator: ".", omittingEmptySubsequences: false)
        guard kind.utf8.count <= 64, words.count >= 2 else { return false }
        return words.allSatisfy { word in
            guard let first = word.utf8.first, first >= 0x61, first <= 0x7A else { return false }
            return word.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
        }
    }

    @Test("the one-pass kind check agrees with the split-based rule on 50,000 random kinds")
    func agreesWithReference() {
        var generator = SeededRandomNumberGenerator(defaultSeed: 0x6b69_6e64)
        let alphabet = Array("ab.z09_.A-é".unicodeScalars)
        let fixed = ["", ".", "a", "a.", ".a", "a..b", "a.b", "fund.disburse", "a1.b_2", "1a.b", "a.b.", "_a.b",
                     String(repeating: "a.", count: 32) + "b", String(repeating: "a", count: 62) + ".b"]
        for kind in fixed {
            #expect(JournalEntry.isValidKind(kind) == Self.referenceIsValidKind(kind), "\(kind)")
        }
        for _ in 0..<50_000 {
            let length = Int.random(in: 0...12, using: &generator)
            var kind = ""
            for _ in 0..<length { kind.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
            if JournalEntry.isValidKind(kind) != Self.referenceIsValidKind(kind) {
                Issue.record("\(generator): \(kind)")
                return
            }
        }
    }
}

/// The byte-level checks the scanner uses instead of scanning and building strings first, against
/// the rules they stand for.
@Suite("Canonical entry scanner byte checks")
struct CanonicalEntryScannerByteCheckTests {
    /// The rule of `lowercaseHexBytes`, one byte at a time.
    static func isLowercaseHex(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    @Test("eight-at-a-time hex digits: every byte value at every place of 1 to 24 digits, and 20,000 seeded random runs")
    func hexDigits() {
        let valid = Array("0123456789abcdef0123456789abcdef".utf8)
        for length in 1...24 {
            for place in 0..<length {
                for value in 0...255 {
                    var digits = Array(valid.prefix(length))
                    digits[place] = UInt8(value)
                    let fast = digits.withUnsafeBufferPointer {
                        CanonicalJSONParser.areLowercaseHexDigits($0.baseAddress!, count: length)
                    }
                    #expect(fast == Self.isLowercaseHex(digits), "length \(length), place \(place), byte \(value)")
                }
            }
        }
        var random = SeededRandomNumberGenerator(seed: 0x6865_7864)
        for _ in 0..<20_000 {
            // Up to 140 digits: a signature's 128 are read two words a step.
            let length = Int(random.next() % 140) + 1
            // Mostly digits, sometimes any byte: the interesting inputs are almost valid.
            let digits = (0..<length).map { _ -> UInt8 in
                random.next() % 8 == 0 ? UInt8(truncatingIfNeeded: random.next()) : valid[Int(random.next() % 16)]
            }
            let fast = digits.withUnsafeBufferPointer {
                CanonicalJSONParser.areLowercaseHexDigits($0.baseAddress!, count: length)
            }
            if fast != Self.isLowercaseHex(digits) {
                Issue.record("\(random): \(digits)")
                return
            }
        }
    }

    @Test("hashes decoded eight digits at a time decode and refuse as digit by digit: every byte value at every place, and seeded random runs")
    func hexWords() {
        func decoded(_ digits: [UInt8], words: Bool) -> [UInt8]? {
            var output = [UInt8](repeating: 0, count: digits.count / 2)
            let isValid = digits.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBytes { bytes in
                    words
                        ? CanonicalJSONParser.decodeLowercaseHexWords(input.baseAddress!, into: bytes.baseAddress!, wordCount: digits.count / 8)
                        : CanonicalJSONParser.decodeLowercaseHex(input.baseAddress!, into: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                                                 byteCount: digits.count / 2)
                }
            }
            return isValid ? output : nil
        }
        let valid = Array("0123456789abcdef".utf8)
        var random = SeededRandomNumberGenerator(seed: 0x6865_7877)
        let base = (0..<64).map { _ in valid[Int(random.next() % 16)] }
        #expect(decoded(base, words: true) != nil)
        for place in 0..<64 {
            for value in 0...255 {
                var digits = base
                digits[place] = UInt8(value)
                #expect(decoded(digits, words: true) == decoded(digits, words: false), "place \(place), byte \(value)")
            }
        }
        for _ in 0..<20_000 {
            let digits = (0..<64).map { _ -> UInt8 in
                random.next() % 64 == 0 ? UInt8(truncatingIfNeeded: random.next()) : valid[Int(random.next() % 16)]
            }
            if decoded(digits, words: true) != decoded(digits, words: false) {
                Issue.record("\(random): \(digits)")
                return
            }
        }
    }

    @Test("ids, kinds and scopes checked on their bytes as on their strings")
    func envelopeTexts() {
        let texts = ["", "e1", "e\u{7F}", "e\u{1F}", "付款-1", String(repeating: "a", count: 128), String(repeating: "a", count: 129),
                     String(repeating: "付", count: 43), "fund.disburse", "fund", "fund.", ".fund", "fund..x", "Fund.x", "fund.x_1",
                     "fund.1x", "140431", "14043", "14043a", "１４０４３１"]
        for text in texts {
            var utf8 = text
            utf8.withUTF8 { bytes in
                #expect(JournalEntry.isValidID(utf8: bytes) == JournalEntry.isValidID(text), "\(text)")
                #expect(JournalEntry.isValidKind(utf8: bytes) == JournalEntry.isValidKind(text), "\(text)")
                #expect(JournalEntry.isValidScope(utf8: bytes) == JournalEntry.isValidScope(text), "\(text)")
            }
        }
    }
}

// JournalLineSearch: the line of entry N in O(log n) short reads. Goal: the search returns exactly
// the line a scan from the start returns, for every entry of journals whose line lengths are
// uniform, skewed or wild, and falls back to the scan (same answer) when the file does not behave
// like a journal. Method: seeded random journals of lines `{"pad":"…","seq":N}` (canonical JSON,
// all the search parses), every index checked against the scan; probe counts for a uniform journal
// are bounded (counted, not timed).
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("Journal line search by sequence")
struct JournalLineSearchTests {
    /// One journal-like line: canonical JSON with a padding string of `padding` bytes and the seq.
    static func line(sequence: Int, padding: Int) -> [UInt8] {
        Array("{\"pad\":\"\(String(repeating: "x", count: padding))\",\"seq\":\(sequence)}".utf8)
    }

    /// Writes lines with the given padding lengths and returns the journal's path and its lines.
    static func writeJournal(in directory: StorageTemporaryDirectory, paddings: [Int]) throws -> (String, [[UInt8]]) {
        let lines = paddings.enumerated().map { line(sequence: $0.offset, padding: $0.element) }
        let path = directory.file("j.jsonl")
        try storageWriteFile(path, lines.flatMap { $0 + [0x0A] })
        return (path, lines)
    }

    @Test("every entry of random journals is found, equal to the scan, by search", arguments: [0, 1, 2])
    func randomJournals(shape: Int) throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x51_7E_A2C + UInt64(shape))
        let directory = try StorageTemporaryDirectory()
        defer { directory.remove() }
        for _ in 0..<6 {
            // Wild lines are up to 70 KB each: fewer of them keep the test quick.
            let count = Int.random(in: 1...(shape == 2 ? 40 : 400), using: &random)
            let paddings: [Int] = (0..<count).map { _ in
                switch shape {
                case 0: return 600 + Int.random(in: 0...40, using: &random)  // uniform, like real entries
                case 1: return Int.random(in: 0...10, using: &random) == 0 ? 20_000 : 100  // a few huge entries
                default: return Int.random(in: 0...70_000, using: &random)  // wild, past the 64 KiB read chunk
                }
            }
            let (path, lines) = try Self.writeJournal(in: directory, paddings: paddings)
            for sequence in 0..<count {
                let found = try JournalLineSearch.line(journalPath: path, sequence: sequence)
                #expect(found.line == lines[sequence], "seed \(random.seed), shape \(shape), seq \(sequence) of \(count)")
                guard case .search = found.method else {
                    Issue.record("fell back to a scan: seed \(random.seed), shape \(shape), seq \(sequence) of \(count)")
                    return
                }
            }
            #expect(try JournalLineSearch.line(journalPath: path, sequence: count).line == nil)
        }
    }

    @Test("in 100,000 entries of similar length, any entry takes at most 8 probes")
    func fewProbes() throws {
        var random = SeededRandomNumberGenerator(defaultSeed: 0xB0B)
        let directory = try StorageTemporaryDirectory()
        defer { directory.remove() }
        let count = 100_000
        let (path, lines) = try Self.writeJournal(in: directory, paddings: (0..<count).map { _ in 500 + Int.random(in: 0...300, using: &random) })
        for _ in 0..<200 {
            let sequence = Int.random(in: 0..<count, using: &random)
            let found = try JournalLineSearch.line(journalPath: path, sequence: sequence)
            #expect(found.line == lines[sequence], "seed \(random.seed), seq \(sequence)")
            guard case .search(let probeCount) = found.method else {
                Issue.record("fell back to a scan: seed \(random.seed), seq \(sequence)")
                return
            }
            #expect(probeCount <= 8, "seed \(random.seed), seq \(sequence): \(probeCount) probes")
        }
    }

    @Test("a file whose seqs are out of order or unparsable gives the scan's answer, with the caller's check")
    func fallsBackToScan() throws {
        let directory = try StorageTemporaryDirectory()
        defer { directory.remove() }
        var lines = (0..<50).map { Self.line(sequence: $0, padding: 300) }
        lines[20] = Array("not json at all".utf8)
        lines[30] = Self.line(sequence: 7, padding: 299)  // a seq out of order, on a line unlike line 7
        let path = directory.file("j.jsonl")
        try storageWriteFile(path, lines.flatMap { $0 + [0x0A] })
        for sequence in 0..<50 {
            // The caller's check, as `prove` makes it: the line must hash to the tree's leaf.
            let expected = MerkleHasher.leafHash(of: lines[sequence])
            let found = try JournalLineSearch.line(journalPath: path, sequence: sequence,
                                                   isExpected: { MerkleHasher.leafHash(of: $0) == expected })
            #expect(found.line == lines[sequence], "seq \(sequence)")
        }
        #expect(try JournalLineSearch.line(journalPath: path, sequence: 50).line == nil)
        // Without a check, the search may answer with the out-of-order line that claims seq 7.
        let unchecked = try JournalLineSearch.line(journalPath: path, sequence: 7).line
        #expect(unchecked == lines[7] || unchecked == lines[30])
    }

    @Test("a torn tail is not a line; the entries before it are found")
    func tornTail() throws {
        let directory = try StorageTemporaryDirectory()
        defer { directory.remove() }
        let lines = (0..<30).map { Self.line(sequence: $0, padding: 200) }
        let path = directory.file("j.jsonl")
        try storageWriteFile(path, lines.flatMap { $0 + [0x0A] } + Array("{\"pad\":\"torn".utf8))
        for sequence in 0..<30 {
            #expect(try JournalLineSearch.line(journalPath: path, sequence: sequence).line == lines[sequence])
        }
        #expect(try JournalLineSearch.line(journalPath: path, sequence: 30).line == nil)
    }
}

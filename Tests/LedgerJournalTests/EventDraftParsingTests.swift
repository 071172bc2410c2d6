import Foundation
import LedgerTestSupport
import Testing
@testable import LedgerJournal

/// Goal: `append`'s input parses to the same drafts, and fails at the same line with the same error,
/// whether it is small (read line by line) or large (parsed on all cores). Method: a large seeded input
/// with blank lines, CR LF endings and a byte-order mark, compared line by line with parsing each
/// line alone; bad lines planted at random places (the seed is printed on failure).
@Suite("append input (JSON Lines)")
struct EventDraftParsingTests {
    static func eventLine(_ index: Int) -> String {
        #"{"id":"ev-\#(index)","kind":"note.add","scope":"140431","body":{"n":\#(index),"text":"第\#(index)笔 \"x\""}}"#
    }

    /// A large input: events, blank lines, CR LF endings and a BOM; returns the bytes and the line
    /// numbers of the events.
    static func largeInput(count: Int, generator: inout SeededRandomNumberGenerator) -> (bytes: [UInt8], eventLines: [Int]) {
        var text = "\u{FEFF}"
        var lineNumber = 0
        var eventLines: [Int] = []
        for index in 0..<count {
            if Int.random(in: 0..<20, using: &generator) == 0 {
                text += " \t\r\n"
                lineNumber += 1
            }
            text += eventLine(index) + (Bool.random(using: &generator) ? "\r\n" : "\n")
            lineNumber += 1
            eventLines.append(lineNumber)
        }
        return (Array(text.utf8), eventLines)
    }

    @Test("a large input gives the drafts of parsing each line alone, in order")
    func largeInputMatchesLineByLine() throws {
        var generator = SeededRandomNumberGenerator(defaultSeed: 0xD4AF7)
        let count = EventDraft.parsingChunkLineCount * 5 + 17
        let (bytes, _) = Self.largeInput(count: count, generator: &generator)
        let drafts = try EventDraft.parseJSONLines(bytes)
        #expect(drafts.count == count, "seed \(generator.seed)")
        for (index, draft) in drafts.enumerated() {
            let alone = try EventDraft.parseJSONLines(Array(Self.eventLine(index).utf8))
            #expect([draft] == alone, "seed \(generator.seed), event \(index)")
        }
    }

    @Test("a large input with bad lines fails at the first of them, with that line's error")
    func largeInputFailsAtFirstBadLine() throws {
        var generator = SeededRandomNumberGenerator(defaultSeed: 0x3E11)
        let count = EventDraft.parsingChunkLineCount * 4 + 3
        for _ in 0..<4 {
            let (bytes, eventLines) = Self.largeInput(count: count, generator: &generator)
            // Split as bytes: a String keeps CR LF together as one Character.
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            let first = Int.random(in: 0..<count, using: &generator)
            let second = Int.random(in: first..<count, using: &generator)
            // The later one is a JSON error, the earlier one an envelope error: only the earlier is reported.
            lines[eventLines[second] - 1] = Array("{\"id\":".utf8)
            lines[eventLines[first] - 1] = Array(#"{"id":"x","kind":"Not A Kind","body":{}}"#.utf8)
            let expected = JournalError.malformedInputEvent(line: eventLines[first], problem: .invalidKind)
            #expect(throws: expected, "seed \(generator.seed)") {
                try EventDraft.parseJSONLines(Array(lines.joined(separator: [0x0A])))
            }
        }
    }
}

// Decoding event bodies in place (from the journal line's bytes, through CanonicalObjectView) against
// decoding the parsed body (a JSONValue dictionary).
// Goal: both decoders accept the same bodies with equal events and refuse the same bodies with the
// same structured error, and `SupervisionReplay.PreparedEntry(canonicalLine:)` prepares what
// `PreparedEntry(JournalEntry(canonicalLine:))` prepares. Method: every sample body and every refusal
// of FundEventDecodingTests inside an entry line, then seeded byte mutations of those lines with
// LedgerTestSupport's FuzzMutator (seed printed on failure).
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Fund event decoding in place")
struct InPlaceDecodingTests {
    /// An entry line carrying `body`; the signature is well-formed but not valid (decoding does not check it).
    static func line(kind: FundEventKind, body: JSONValue, scope: String? = "140431") -> [UInt8] {
        JournalEntry(
            sequence: 7, previousHash: .zero, time: Timestamp(secondsSinceEpoch: 1_530_000_000), kind: kind.rawValue,
            id: "e1", scope: scope, body: body, signerKeyID: "0123456789abcdef",
            signature: [UInt8](repeating: 0xA5, count: 64)
        ).canonicalLine()
    }

    /// The outcome of a decoder: the event, or the error's description.
    enum Outcome: Equatable {
        case event(FundEvent)
        case refused(String)
        case notScanned
    }

    static func decodeParsed(_ line: [UInt8]) -> Outcome {
        guard let entry = try? line.withUnsafeBytes({ try JournalEntry(canonicalLine: $0) }),
            let kind = FundEventKind(rawValue: entry.kind)
        else { return .notScanned }
        do {
            return .event(try FundEvent(kind: kind, body: entry.body, entryID: entry.id))
        } catch {
            return .refused("\(error)")
        }
    }

    static func decodeInPlace(_ line: [UInt8]) -> Outcome {
        line.withUnsafeBytes { buffer in
            guard let scanned = CanonicalEntryScanner.scan(buffer, buildsBody: false),
                let kind = FundEventKind(rawValue: scanned.entry.kind),
                let view = CanonicalObjectView(line: buffer, range: scanned.bodyByteRange)
            else { return .notScanned }
            do {
                return .event(try FundEvent(kind: kind, bodyView: view, entryID: scanned.entry.id))
            } catch {
                return .refused("\(error)")
            }
        }
    }

    /// The lines of every sample body and every refusal body.
    static func lines() -> [[UInt8]] {
        var lines = SampleBodies.all.map { line(kind: $0.0, body: $0.1) }
        for refusal in FundEventDecodingTests.refusals {
            let valid = SampleBodies.all.first { $0.0 == refusal.kind }!.1
            lines.append(line(kind: refusal.kind, body: SampleBodies.replacing(valid, at: refusal.path, with: refusal.value)))
        }
        return lines
    }

    @Test("sample and refusal bodies: same event or same error in place as parsed")
    func samplesAndRefusals() {
        var events = 0
        for line in Self.lines() {
            let parsed = Self.decodeParsed(line)
            let inPlace = Self.decodeInPlace(line)
            #expect(parsed != .notScanned)
            // Bodies with Chinese member names are left to the parsed path by design; all samples use ASCII names.
            #expect(inPlace == parsed, "\(String(decoding: line, as: UTF8.self))")
            if case .event = parsed { events += 1 }
        }
        #expect(events >= SampleBodies.all.count)
    }

    @Test("a prepared replay entry decodes the same event from the line as from the parsed entry")
    func preparedEntry() throws {
        for line in Self.lines() {
            let fromLine = try line.withUnsafeBytes { try SupervisionReplay.PreparedEntry(canonicalLine: $0) }
            let fromEntry = SupervisionReplay.PreparedEntry(try line.withUnsafeBytes { try JournalEntry(canonicalLine: $0) })
            #expect(fromLine.decoded?.event == fromEntry.decoded?.event)
            #expect(fromLine.decoded?.context == fromEntry.decoded?.context)
            #expect(fromLine.sequence == fromEntry.sequence)
            if fromLine.decoded == nil {
                // An undecodable body is kept whole, so the replay can name the error.
                #expect(fromLine.entry == fromEntry.entry)
            }
        }
    }

    @Test("20,000 mutated entry lines: in-place decoding never disagrees with parsed decoding")
    func mutations() {
        let seeds = Self.lines()
        var mutator = FuzzMutator(seed: 0x696e_706c_6163_65, structuralBytes: Array(#"{}[],:"\-0123456789"#.utf8))
        var compared = 0
        for round in 0..<20_000 {
            let line = mutator.mutate(seeds)
            let inPlace = Self.decodeInPlace(line)
            guard inPlace != .notScanned else { continue }
            compared += 1
            let parsed = Self.decodeParsed(line)
            if inPlace != parsed {
                Issue.record("\(mutator.random), round \(round): \(String(decoding: line, as: UTF8.self))")
                return
            }
        }
        #expect(compared > 300, "\(mutator.random)")
    }
}

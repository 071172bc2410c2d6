// Known answers from RFC 8785 implementations: Vectors/jcs.jsonl (Python `rfc8785`).
// Goal: lenient parsing then encoding reproduces each `canonical` exactly, and `canonical` passes
// the strict parser. Method: read the vector file with Foundation's JSONSerialization (independent of
// the code under test), then run each line through the public API.
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("CanonicalJSON known answers")
struct CanonicalJSONVectorTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let lineNumber: Int
        let input: [UInt8]
        let canonical: [UInt8]
        var testDescription: String { "jcs.jsonl line \(lineNumber)" }
    }

    static func loadVectors() throws -> [Vector] {
        let text = try TestVectors.text("Vectors/jcs.jsonl")
        var vectors: [Vector] = []
        for (index, line) in text.split(separator: "\n").enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            let input = try #require(object?["input"])
            let canonical = try #require(object?["canonical"])
            vectors.append(Vector(lineNumber: index + 1, input: Array(input.utf8), canonical: Array(canonical.utf8)))
        }
        return vectors
    }

    @Test("every vector file line is read")
    func vectorFileIsComplete() throws {
        #expect(try Self.loadVectors().count == 13)
    }

    @Test("lenient parse then encode gives the canonical form, which the strict parser accepts",
          arguments: try loadVectors())
    func vectorRoundTrips(_ vector: Vector) throws {
        // Line 6 pairs "\u00e9" with "e\u0301": canonically equivalent names that one Swift
        // dictionary cannot hold apart (see Vectors/jcs.README).
        if vector.lineNumber == 6 {
            #expect(throws: CanonicalJSONError(.canonicallyEquivalentKeys, at: 17)) {
                try CanonicalJSON.parse(vector.input)
            }
            #expect(throws: CanonicalJSONError(.canonicallyEquivalentKeys, at: 15)) {
                try CanonicalJSON.parseCanonical(vector.canonical)
            }
            #expect(throws: CanonicalJSONError(.canonicallyEquivalentKeys, at: 15)) {
                try CanonicalJSON.validateCanonical(vector.canonical)
            }
            return
        }
        let value = try CanonicalJSON.parse(vector.input)
        #expect(CanonicalJSON.encode(value) == vector.canonical)
        #expect(try CanonicalJSON.parseCanonical(vector.canonical) == value)
        try CanonicalJSON.validateCanonical(vector.canonical)
        if vector.input != vector.canonical {
            #expect(throws: CanonicalJSONError.self) { try CanonicalJSON.parseCanonical(vector.input) }
        }
    }
}

// Property tests with a seeded PRNG (the seed is printed on failure; set FUNDLEDGER_TEST_SEED to
// replay). Goal: parse(format(x)) == x for the canonical format, and any valid re-spelling of x
// parses leniently back to x. Method: random values over tricky scalars, random re-formatting.
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("CanonicalJSON properties")
struct CanonicalJSONPropertyTests {
    @Test("random values survive encode then parseCanonical, byte for byte")
    func canonicalRoundTrip() throws {
        var random = RandomJSON(generator: SeededRandomNumberGenerator(defaultSeed: 0x726f_756e_6474_7269))
        for _ in 0..<2_000 {
            let value = random.value(depth: 4)
            let encoded = CanonicalJSON.encode(value)
            let context = "\(random.generator): \(String(decoding: encoded, as: UTF8.self))"
            let parsed = try CanonicalJSON.parseCanonical(encoded)
            #expect(parsed == value, "\(context)")
            #expect(CanonicalJSON.encode(parsed) == encoded, "\(context)")
            #expect(throws: Never.self, "\(context)") { try CanonicalJSON.validateCanonical(encoded) }
            #expect(try CanonicalJSON.parse(encoded) == value, "\(context)")
        }
    }

    @Test("random re-spellings parse leniently to the original value")
    func lenientReformatting() throws {
        var random = RandomJSON(generator: SeededRandomNumberGenerator(defaultSeed: 0x6c65_6e69_656e_7421))
        for _ in 0..<2_000 {
            let value = random.value(depth: 4)
            let spelling = random.reformatted(value)
            let canonical = CanonicalJSON.encode(value)
            let context = "\(random.generator): \(String(decoding: spelling, as: UTF8.self))"
            let parsed = try CanonicalJSON.parse(spelling)
            #expect(parsed == value, "\(context)")
            #expect(CanonicalJSON.encode(parsed) == canonical, "\(context)")
            if spelling != canonical {
                #expect(throws: CanonicalJSONError.self, "\(context)") { try CanonicalJSON.parseCanonical(spelling) }
                #expect(throws: CanonicalJSONError.self, "\(context)") { try CanonicalJSON.validateCanonical(spelling) }
            }
        }
    }

    @Test("swapping two adjacent members of a canonical object is refused as out of order")
    func swappedMembers() throws {
        var random = RandomJSON(generator: SeededRandomNumberGenerator(defaultSeed: 0x7377_6170_7065_6421))
        var checked = 0
        while checked < 500 {
            var members: [String: JSONValue] = [:]
            for _ in 0..<random.int(2...6) { members[random.string(maximumLength: 3)] = .integer(random.integer()) }
            guard members.count >= 2 else { continue }
            let sorted = members.sorted { CanonicalJSON.memberNamePrecedes($0.key, $1.key) }
            let swapIndex = random.int(0...sorted.count - 2)
            var order = sorted
            order.swapAt(swapIndex, swapIndex + 1)
            // Build the text by hand from canonical pieces, so only the order is wrong.
            var text = jsonUTF8("{")
            var offsetOfSecond = 0
            for (index, member) in order.enumerated() {
                if index > 0 { text.append(UInt8(ascii: ",")) }
                if index == swapIndex + 1 { offsetOfSecond = text.count }
                text += CanonicalJSON.encode(.string(member.key)) + jsonUTF8(":") + CanonicalJSON.encode(member.value)
            }
            text += jsonUTF8("}")
            #expect(throws: CanonicalJSONError(.keysOutOfOrder, at: offsetOfSecond), "\(random.generator)") {
                try CanonicalJSON.parseCanonical(text)
            }
            checked += 1
        }
    }

    @Test("a realistic journal line parses, validates and re-encodes to itself")
    func sampleEntry() throws {
        let value = try CanonicalJSON.parseCanonical(jsonSampleEntryLine)
        #expect(CanonicalJSON.encode(value) == jsonSampleEntryLine)
        #expect(value["body"]?["county"]?.stringValue == "沁源县")
        #expect(value["seq"]?.integerValue == 42)
        try CanonicalJSON.validateCanonical(jsonSampleEntryLine)
        try jsonSampleEntryLine.withUnsafeBytes { buffer in
            #expect(try CanonicalJSON.parseCanonical(buffer) == value)
            try CanonicalJSON.validateCanonical(buffer)
        }
        // A non-contiguous collection goes through the copying path.
        #expect(try CanonicalJSON.parseCanonical(jsonSampleEntryLine.lazy.map { $0 }) == value)
    }
}

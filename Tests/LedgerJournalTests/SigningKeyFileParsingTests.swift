import Foundation
import LedgerCrypto
import LedgerTestSupport
import Testing
@testable import LedgerJournal

/// Goal: a key file parses on its bytes (`SigningKeyFile.scanLines`, the fast way every written key
/// file takes) to exactly what the `Character`-based reference parser gives: the same name, the same
/// key, or the same error and line. Method: seeded mutations of real key files (carriage returns,
/// combining marks and zero-width joiners after the prefixes, invalid UTF-8, lines removed or doubled,
/// prefixes and hex damaged, canonically equivalent look-alikes), each parsed both ways.
@Suite("Key files: parsing on bytes")
struct SigningKeyFileParsingTests {
    static let seed = [UInt8](repeating: 7, count: 32)

    static func fileBytes(name: String, seedHex: String) -> [UInt8] {
        Array("\(SigningKeyFile.header)\nname: \(name)\nseed: \(seedHex)\n".utf8)
    }

    /// Both parsers' outcome as comparable text: name and public key, or the error.
    static func outcome(_ parse: () throws(SigningKeyFile.Failure) -> SigningKeyFile) -> String {
        do {
            let key = try parse()
            return "ok \(key.name.unicodeScalars.map { String($0.value, radix: 16) }) \(Hex.encode(key.privateKey.publicKey.rawRepresentation))"
        } catch {
            return "error \(error)"
        }
    }

    static func expectSameOutcome(_ bytes: [UInt8], _ note: String) {
        let fast = outcome { () throws(SigningKeyFile.Failure) in try SigningKeyFile.parse(bytes, path: "k") }
        let reference = outcome { () throws(SigningKeyFile.Failure) in try SigningKeyFile.parseCharacters(bytes, path: "k") }
        #expect(fast == reference, "\(note): \(bytes.map { String($0, radix: 16) })")
    }

    @Test("written key files take the byte path and read back their name and key")
    func writtenFilesTakeTheFastPath() throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Self.seed)
        for name in ["沁源县财政局", "bench clerk", "", "演示 — \(SigningKeyFile.demoKeyMarker)", "a\u{301}", " leading space"] {
            let bytes = Array(SigningKeyFile(name: name, privateKey: key).serialized().utf8)
            #expect(SigningKeyFile.scanLines(bytes) != nil, "\(name)")
            let parsed = try SigningKeyFile.parse(bytes, path: "k")
            #expect(parsed.name == name)
            #expect(parsed.privateKey.publicKey.rawRepresentation == key.publicKey.rawRepresentation)
            Self.expectSameOutcome(bytes, "written \(name)")
        }
    }

    @Test("hand-made edge cases parse the same both ways")
    func edgeCases() {
        let hex = Hex.encode(Self.seed)
        let header = SigningKeyFile.header
        let cases: [String] = [
            "", "\n", "\n\n", "\n\n\n", header, "\(header)\n", "\(header)\nname: x", "\(header)\nname: x\n",
            "\(header)\nname: x\nseed: \(hex)", "\(header)\r\nname: x\nseed: \(hex)\n",
            "\(header)\nname: x\r\nseed: \(hex)\n", "\(header)\nname: x\nseed: \(hex)\r\n",
            "\(header)\nname: \u{301}x\nseed: \(hex)\n", "\(header)\nname:\u{301} x\nseed: \(hex)\n",
            "\(header)\nname: \u{200D}x\nseed: \(hex)\n", "\(header)\nname: x\nseed: \u{301}\(hex)\n",
            "\(header)\nname: \u{0903}x\nseed: \(hex)\n", "\(header)\nname: \u{0600}x\nseed: \(hex)\n",
            "\(header)\nname: \u{1F1E8}\u{1F1F3}\nseed: \(hex)\n", "\(header)\nname: 沁\u{301}\nseed: \(hex)\n",
            "\(header)\nname: x\nseed: 沁\(hex)\n", "\(header)\nname: x\nseed: \u{200D}\(hex)\n",
            "\(header)\nname: x\nseed:  \(hex)\n", "\(header)\nname: x\nseed: \(hex.uppercased())\n",
            "\(header)\nname: x\nseed: \(hex)0\n", "\(header)\nname: x\nseed: \(hex.dropLast(2))\n",
            "\(header)\nName: x\nseed: \(hex)\n", "\(header)\nname:x\nseed: \(hex)\n",
            "\(header)\nnamé: x\nseed: \(hex)\n", "\(header)\n\u{212A}name: x\nseed: \(hex)\n",
            "\(header) \nname: x\nseed: \(hex)\n", "\(header)\u{301}\nname: x\nseed: \(hex)\n",
            "\(header)\nname: x\nseed: \(hex)\nextra\nlines\n", "\(header)\nname: 沁源县\nseed: \(hex)\n",
            "\(header)\nname: x\n\nseed: \(hex)\n", "\(header)\n\nname: x\nseed: \(hex)\n",
        ]
        for (index, text) in cases.enumerated() {
            Self.expectSameOutcome(Array(text.utf8), "case \(index)")
        }
        // Invalid UTF-8 in each line.
        for line in 0..<3 {
            var lines = ["\(header)", "name: x", "seed: \(hex)"].map { Array($0.utf8) }
            lines[line].insert(contentsOf: [0xE6, 0xB2], at: min(lines[line].count, line == 0 ? 3 : 7))
            Self.expectSameOutcome(Array(lines.joined(separator: [0x0A])) + [0x0A], "invalid UTF-8 in line \(line + 1)")
        }
    }

    @Test("seeded mutations of key files parse the same both ways")
    func mutationsMatchReference() throws {
        var generator = SeededRandomNumberGenerator(defaultSeed: 0x5EED_F11E)
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Self.seed)
        let names = ["沁源县财政局", "bench clerk", "x", "", "演示 — \(SigningKeyFile.demoKeyMarker)"]
        // Bytes whose insertion matters: CR, LF, combining acute, ZWJ, a spacing mark, a lone continuation,
        // a lead byte, space, a hex digit, a non-hex letter, the Kelvin sign (canonically K), a CJK
        // ideograph, CR LF.
        let interesting: [[UInt8]] = [[0x0D], [0x0A], [0xCC, 0x81], [0xE2, 0x80, 0x8D], [0xE0, 0xA4, 0x83], [0x80],
                                      [0xE6], [0x20], [0x61], [0x7A], [0xE2, 0x84, 0xAA], [0xE6, 0xB2, 0x81], [0x0D, 0x0A]]
        for round in 0..<3000 {
            var bytes = Array(SigningKeyFile(name: names[round % names.count], privateKey: key).serialized().utf8)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0...bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0, 1:
                    bytes.insert(contentsOf: interesting.randomElement(using: &generator)!, at: position)
                case 2:
                    if position < bytes.count { bytes.remove(at: position) }
                default:
                    if position < bytes.count { bytes[position] = UInt8.random(in: 0...255, using: &generator) }
                }
            }
            Self.expectSameOutcome(bytes, "round \(round), seed \(generator.seed)")
        }
    }
}

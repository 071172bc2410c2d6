import Foundation
import LedgerCrypto

/// `sign` and `verify`: Ed25519 over tab-separated hex records on standard input, one per line.
///
/// `sign` reads `seed_hex<TAB>message_hex` and prints `public_hex<TAB>signature_hex`; `verify` reads
/// `public_hex<TAB>message_hex<TAB>signature_hex` and prints `1` or `0` (a public key that does not
/// decode, or that our policy refuses, verifies nothing and prints `0`).
enum SignatureCommand {
    /// Output is flushed in pieces of about this many bytes.
    static let outputFlushByteCount = 1 << 16

    static func run(command: String, arguments: [String]) {
        guard arguments.isEmpty else { fail("\(command) takes no arguments\n" + usage, .usage) }
        var output = ""
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let expectedFieldCount = command == "sign" ? 2 : 3
            guard fields.count == expectedFieldCount else {
                fail("line \(lineNumber): \(fields.count) fields, expected \(expectedFieldCount)", .dataError)
            }
            let bytes: [[UInt8]]
            do {
                bytes = try fields.map { try Hex.decode($0) }
            } catch {
                fail("line \(lineNumber): \(error)", .dataError)
            }
            output += command == "sign" ? sign(bytes, lineNumber: lineNumber) : verify(bytes)
            output += "\n"
            if output.utf8.count >= outputFlushByteCount {
                print(output, terminator: "")
                output = ""
            }
        }
        print(output, terminator: "")
    }

    static func sign(_ fields: [[UInt8]], lineNumber: Int) -> String {
        do {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: fields[0])
            let signature = try key.signature(for: fields[1])
            return Hex.encode(key.publicKey.rawRepresentation) + "\t" + Hex.encode(signature)
        } catch {
            fail("line \(lineNumber): \(error)", .dataError)
        }
    }

    static func verify(_ fields: [[UInt8]]) -> String {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: fields[0]) else { return "0" }
        return key.isValidSignature(fields[2], for: fields[1]) ? "1" : "0"
    }
}

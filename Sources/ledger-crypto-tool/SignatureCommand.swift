import Foundation
import LedgerCrypto

/// `sign` and `verify`: Ed25519 over tab-separated hex records on standard input, one per line.
enum SignatureCommand {
    static func run(command: String, arguments: [String]) {
        fail("\(command): Ed25519 is not in LedgerCrypto yet", .usage)
    }
}

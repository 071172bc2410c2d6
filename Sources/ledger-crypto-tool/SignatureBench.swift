import Foundation
import LedgerCrypto

/// Ed25519 sign, verify and batch-verify rates for `bench`, once Ed25519 is in LedgerCrypto.
enum SignatureBench {
    static func results(minimumSeconds: Double) -> [(String, String)] {
        []
    }
}

import Foundation
import LedgerCrypto

/// Ed25519 sign, verify and batch-verify rates for `bench`, in operations (signatures) per second.
enum SignatureBench {
    /// Message size for the signature rates; a short journal entry's canonical bytes.
    static let messageByteCount = 64
    /// Message size for the entry signing rate: a bulk append's signed message (domain prefix and a
    /// `beneficiary.register` entry without `sig`) is about this long.
    static let entryMessageByteCount = 480
    /// Signatures per batch and distinct signers among them, as a journal verifier sees them.
    static let batchSignatureCount = 256
    static let batchSignerCount = 8

    static func results(minimumSeconds: Double) -> [(String, String)] {
        let keys = (0..<batchSignerCount).map { index in
            // Fixed seeds: the rates must not depend on the run.
            try! Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: UInt8(index + 1), count: 32))
        }
        let messages = (0..<batchSignatureCount).map { index in
            [UInt8]((0..<messageByteCount).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) })
        }
        let signatures = messages.indices.map { index in
            try! keys[index % batchSignerCount].signature(for: messages[index])
        }
        let publicKeys = keys.map(\.publicKey)
        var results: [(String, String)] = []

        let signRate = BenchCommand.measure(minimumSeconds: minimumSeconds) {
            for index in 0..<batchSignatureCount {
                BenchCommand.consume(try! keys[index % batchSignerCount].signature(for: messages[index]))
            }
            return Double(batchSignatureCount)
        }
        results.append(("ed25519_sign_per_s", BenchCommand.format(signRate)))

        let entryMessage = [UInt8]((0..<entryMessageByteCount).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        var entrySignature = [UInt8](repeating: 0, count: 64)
        let entrySignRate = BenchCommand.measure(minimumSeconds: minimumSeconds) {
            entryMessage.withUnsafeBytes { message in
                entrySignature.withUnsafeMutableBytes { output in
                    for _ in 0..<batchSignatureCount {
                        keys[0].signature(for: message, into: output)
                    }
                }
            }
            BenchCommand.consume(entrySignature)
            return Double(batchSignatureCount)
        }
        results.append(("ed25519_sign_\(entryMessageByteCount)_byte_per_s", BenchCommand.format(entrySignRate)))

        var allValid = true
        let verifyRate = BenchCommand.measure(minimumSeconds: minimumSeconds) {
            for index in 0..<batchSignatureCount {
                allValid = allValid
                    && publicKeys[index % batchSignerCount].isValidSignature(signatures[index], for: messages[index])
            }
            return Double(batchSignatureCount)
        }
        results.append(("ed25519_verify_per_s", BenchCommand.format(verifyRate)))

        let batchRate = BenchCommand.measure(minimumSeconds: minimumSeconds) {
            var batch = Ed25519BatchVerifier()
            for index in 0..<batchSignatureCount {
                batch.add(signatures[index], for: messages[index], publicKey: publicKeys[index % batchSignerCount])
            }
            allValid = allValid && batch.verifyAll()
            return Double(batchSignatureCount)
        }
        results.append(("ed25519_batch_verify_per_s", BenchCommand.format(batchRate)))
        results.append(("ed25519_batch_size", String(batchSignatureCount)))
        guard allValid else { fail("bench: a benchmark signature did not verify", .dataError) }
        return results
    }
}

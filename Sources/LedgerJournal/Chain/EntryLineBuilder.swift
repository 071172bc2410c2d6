// EntryLineBuilder: an entry's signed message and canonical line written straight from its parts,
// byte for byte what `JournalEntry.signedMessage()` and `canonicalLine()` give (differential tests),
// without building the envelope's JSONValue or encoding it twice. Append's batch signing uses it.
//
// RFC 8785 §3.2.3 orders the envelope's members by name: body, id, kind, prev, scope, seq, sig,
// signer, time. So a line is
//     head                                  chain                     batch
//     {"body":…,"id":…,"kind":…,"prev":"    HEX","scope":"…","seq":N  [,"sig":"HEX"] ,"signer":"…","time":"…"}
// The head depends only on the event and is built ahead of signing (on all cores); `prev`, `seq`
// and `sig` follow the chain; signer and time are the same for every entry of one append.
// What must never change: these bytes equal the generic encoder's (docs/FORMAT.md §3-§4).
import LedgerCrypto

/// The chain-independent parts of one entry's canonical line.
package struct PreparedEntryEvent: Sendable {
    /// `{"body":…,"id":…,"kind":…,"prev":"`: everything before the previous hash's digits.
    package var head: [UInt8]
    /// `","scope":"…","seq":` (or `","seq":` without a scope): from the end of `prev` to `seq`'s digits.
    package var scopeAndSequenceKey: [UInt8]

    /// Encodes the event's members; the body with the RFC 8785 encoder.
    package init(kind: String, id: String, scope: String?, body: JSONValue) {
        var head: [UInt8] = []
        head.reserveCapacity(512)
        CanonicalJSONEncoder.appendASCII(#"{"body":"#, to: &head)
        CanonicalJSONEncoder.append(body, to: &head)
        CanonicalJSONEncoder.appendASCII(#","id":"#, to: &head)
        CanonicalJSONEncoder.appendString(id, to: &head)
        CanonicalJSONEncoder.appendASCII(#","kind":"#, to: &head)
        CanonicalJSONEncoder.appendString(kind, to: &head)
        CanonicalJSONEncoder.appendASCII(#","prev":""#, to: &head)
        self.head = head
        var middle: [UInt8] = [UInt8(ascii: "\"")]
        if let scope {
            CanonicalJSONEncoder.appendASCII(#","scope":"#, to: &middle)
            CanonicalJSONEncoder.appendString(scope, to: &middle)
        }
        CanonicalJSONEncoder.appendASCII(#","seq":"#, to: &middle)
        scopeAndSequenceKey = middle
    }

    /// The parts of a draft.
    package init(_ draft: EventDraft) {
        self.init(kind: draft.kind, id: draft.id, scope: draft.scope, body: draft.body)
    }
}

/// Writes signed messages and canonical lines for the entries of one append (one signer, one time).
package struct EntryLineBuilder {
    /// `,"signer":"…","time":"…"}`: the members after `seq` (after `sig` in a line).
    private let batchTail: [UInt8]
    /// The signed message of the last entry built; reused so that signing allocates nothing.
    private var message: [UInt8] = []

    /// A builder for entries signed by the key `signerKeyID` at `time`.
    package init(signerKeyID: String, time: Timestamp) {
        var tail: [UInt8] = []
        CanonicalJSONEncoder.appendASCII(#","signer":"#, to: &tail)
        CanonicalJSONEncoder.appendString(signerKeyID, to: &tail)
        CanonicalJSONEncoder.appendASCII(#","time":"#, to: &tail)
        CanonicalJSONEncoder.appendString(time.rfc3339, to: &tail)
        tail.append(UInt8(ascii: "}"))
        batchTail = tail
    }

    /// Signs the entry `event` at `sequence` after `previousHash` with `key` and returns its canonical
    /// line (without line feed) and signature: the bytes of `JournalEntry.sign(with:)` followed by
    /// `canonicalLine()` for the same parts.
    package mutating func signedLine(
        _ event: PreparedEntryEvent, sequence: Int, previousHash: EntryHash, key: Curve25519.Signing.PrivateKey
    ) -> (line: [UInt8], signature: [UInt8]) {
        // docs/FORMAT.md §4: the signature covers the domain prefix and the entry without `sig`.
        message.removeAll(keepingCapacity: true)
        message.append(contentsOf: JournalEntry.signatureDomain)
        appendChainPart(of: event, sequence: sequence, previousHash: previousHash, to: &message)
        message.append(contentsOf: batchTail)
        var signature = [UInt8](repeating: 0, count: 64)
        message.withUnsafeBytes { messageBytes in
            signature.withUnsafeMutableBytes { key.signature(for: messageBytes, into: $0) }
        }
        var line: [UInt8] = []
        line.reserveCapacity(message.count - JournalEntry.signatureDomain.count + 137)
        appendChainPart(of: event, sequence: sequence, previousHash: previousHash, to: &line)
        CanonicalJSONEncoder.appendASCII(#","sig":""#, to: &line)
        Self.appendLowercaseHex(signature, to: &line)
        line.append(UInt8(ascii: "\""))
        line.append(contentsOf: batchTail)
        return (line, signature)
    }

    /// head ‖ prev digits ‖ `","scope":…,"seq":` ‖ seq digits.
    private func appendChainPart(
        of event: PreparedEntryEvent, sequence: Int, previousHash: EntryHash, to output: inout [UInt8]
    ) {
        output.append(contentsOf: event.head)
        previousHash.withUnsafeBytes { Self.appendLowercaseHex($0, to: &output) }
        output.append(contentsOf: event.scopeAndSequenceKey)
        CanonicalJSONEncoder.appendInteger(Int64(sequence), to: &output)
    }

    /// Appends `bytes` as lowercase hex digits (docs/FORMAT.md §3: `prev` and `sig`).
    private static func appendLowercaseHex(_ bytes: some Sequence<UInt8>, to output: inout [UInt8]) {
        CanonicalJSONEncoder.hexDigits.withUTF8Buffer { digits in
            for byte in bytes {
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            }
        }
    }
}

// EntryLineBuilder: an entry's signed message and canonical line written straight from its parts,
// byte for byte what `JournalEntry.signedMessage()` and `canonicalLine()` give (differential tests),
// without building the envelope's JSONValue or encoding it twice. Append's batch signing uses it.
//
// RFC 8785 §3.2.3 orders the envelope's members by name: body, id, kind, prev, scope, seq, sig,
// signer, time. So a line is
//     head                                  chain                     batch
//     {"body":…,"id":…,"kind":…,"prev":"    HEX","scope":"…","seq":N  [,"sig":"HEX"] ,"signer":"…","time":"…"}
// The head depends only on the event; `prev`, `seq` and `sig` follow the chain; signer and time are
// the same for every entry of one append. The batch signer encodes each head straight into the signed
// message and copies it into the line from there.
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
        Self.appendHead(kind: kind, id: id, body: body, to: &head)
        self.head = head
        var middle: [UInt8] = []
        Self.appendScopeAndSequenceKey(scope: scope, to: &middle)
        scopeAndSequenceKey = middle
    }

    /// Appends `{"body":…,"id":…,"kind":…,"prev":"` (RFC 8785 §3.2.3 member order).
    static func appendHead(kind: String, id: String, body: JSONValue, to output: inout [UInt8]) {
        CanonicalJSONEncoder.appendASCII(#"{"body":"#, to: &output)
        CanonicalJSONEncoder.append(body, to: &output)
        CanonicalJSONEncoder.appendASCII(#","id":"#, to: &output)
        CanonicalJSONEncoder.appendString(id, to: &output)
        CanonicalJSONEncoder.appendASCII(#","kind":"#, to: &output)
        CanonicalJSONEncoder.appendString(kind, to: &output)
        CanonicalJSONEncoder.appendASCII(#","prev":""#, to: &output)
    }

    /// Appends `","scope":"…","seq":` (or `","seq":` without a scope).
    static func appendScopeAndSequenceKey(scope: String?, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        if let scope {
            CanonicalJSONEncoder.appendASCII(#","scope":"#, to: &output)
            CanonicalJSONEncoder.appendString(scope, to: &output)
        }
        CanonicalJSONEncoder.appendASCII(#","seq":"#, to: &output)
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
        signedLine(sequence: sequence, previousHash: previousHash, key: key,
                   appendHead: { $0.append(contentsOf: event.head) },
                   appendScopeAndSequenceKey: { $0.append(contentsOf: event.scopeAndSequenceKey) })
    }

    /// `signedLine(PreparedEntryEvent(draft), …)`, with the draft's members encoded straight into the
    /// signed message (no prepared copy of them is kept): what the batch signer calls.
    package mutating func signedLine(
        _ draft: EventDraft, sequence: Int, previousHash: EntryHash, key: Curve25519.Signing.PrivateKey
    ) -> (line: [UInt8], signature: [UInt8]) {
        signedLine(sequence: sequence, previousHash: previousHash, key: key,
                   appendHead: { PreparedEntryEvent.appendHead(kind: draft.kind, id: draft.id, body: draft.body, to: &$0) },
                   appendScopeAndSequenceKey: { PreparedEntryEvent.appendScopeAndSequenceKey(scope: draft.scope, to: &$0) })
    }

    /// The message is domain ‖ chain part ‖ batch tail, and the line chain part ‖ `,"sig":"…"` ‖ batch
    /// tail: the chain part is encoded once, into the message, and copied into the line.
    @inline(__always)
    private mutating func signedLine(
        sequence: Int, previousHash: EntryHash, key: Curve25519.Signing.PrivateKey,
        appendHead: (inout [UInt8]) -> Void, appendScopeAndSequenceKey: (inout [UInt8]) -> Void
    ) -> (line: [UInt8], signature: [UInt8]) {
        // docs/FORMAT.md §4: the signature covers the domain prefix and the entry without `sig`.
        message.removeAll(keepingCapacity: true)
        message.append(contentsOf: JournalEntry.signatureDomain)
        let chainStart = message.count
        // head ‖ prev digits ‖ `","scope":…,"seq":` ‖ seq digits.
        appendHead(&message)
        previousHash.withUnsafeBytes { Self.appendLowercaseHex($0, to: &message) }
        appendScopeAndSequenceKey(&message)
        CanonicalJSONEncoder.appendInteger(Int64(sequence), to: &message)
        let chainEnd = message.count
        message.append(contentsOf: batchTail)
        var signature = [UInt8](repeating: 0, count: 64)
        message.withUnsafeBytes { messageBytes in
            signature.withUnsafeMutableBytes { key.signature(for: messageBytes, into: $0) }
        }
        var line: [UInt8] = []
        line.reserveCapacity(chainEnd - chainStart + Self.signatureMemberByteCount + batchTail.count)
        message.withUnsafeBufferPointer { line.append(contentsOf: $0[chainStart..<chainEnd]) }
        CanonicalJSONEncoder.appendASCII(#","sig":""#, to: &line)
        signature.withUnsafeBytes { Self.appendLowercaseHex($0, to: &line) }
        line.append(UInt8(ascii: "\""))
        line.append(contentsOf: batchTail)
        return (line, signature)
    }

    /// `,"sig":"` ‖ 128 hex digits ‖ `"`.
    private static let signatureMemberByteCount = 137

    /// Appends `bytes` as lowercase hex digits (docs/FORMAT.md §3: `prev` and `sig`), written in place
    /// after growing the array once (not appended digit by digit).
    private static func appendLowercaseHex(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: 2 * bytes.count))
        output.withUnsafeMutableBufferPointer { out in
            CanonicalJSONEncoder.hexDigits.withUTF8Buffer { digits in
                var position = start
                for byte in bytes {
                    out[position] = digits[Int(byte >> 4)]
                    out[position + 1] = digits[Int(byte & 0x0F)]
                    position += 2
                }
            }
        }
    }
}

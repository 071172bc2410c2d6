// PayeeKey: a payee as the key of a register looked up at every payment, without the id's text when
// the id is a household's pseudonym.
//
// Replay's in-order thread looks a payee up in several registers per payment (enrolments, payee-year
// totals, split-payment windows, household caps). Keyed by `Payee`, each probe compared 64-character
// pseudonyms held in separate string objects and retained them: at 1,000,000 entries those tables no
// longer fit in cache, and the string objects were a second miss per probe and a reference count
// written on another core's cache line. A pseudonym is 64 lowercase hex digits, so it packs into 32
// bytes kept inline in the key: a probe then reads one bucket and compares four words. Any other id
// (units, cooperatives, enterprises: a few hundred texts, under 1% of payments) is numbered by
// `PayeeTextNumbers`, so the key holds no reference at all: copying one (inside every rule event's
// `PaymentKeys`) is a plain copy of bytes. A key holding the text made every rule event a value with
// references to copy, which cost more than the probes saved (measured).
//
// The words are big-endian, so comparing them orders keys as their hex texts; the key's hash value
// uses this process's seed and is computed where the key is made (on the preparing cores in replay).
// Nothing of the packed form or the numbers is stored: snapshot codings write the kind and the id's text.

import Synchronization

/// A payee as a register key: equal, ordered and hashed as the payee, with a 64-hex id kept as bytes.
package struct PayeeKey: Hashable, Comparable, Sendable {
    /// The payee's kind.
    package let kind: PayeeKind
    /// Whether the id is a pseudonym held in the words (else `word0` is its `PayeeTextNumbers` number).
    private let isPacked: Bool
    // The 32 bytes a packed id spells, big-endian; for another id, its number and zeros.
    private let word0: UInt64
    private let word1: UInt64
    private let word2: UInt64
    private let word3: UInt64
    /// This key's hash value in this process (from the words, or the text's `hashValue`).
    package let hashInProcess: Int

    /// The key of `payee`.
    package init(_ payee: Payee) {
        self.init(kind: payee.kind, id: payee.id)
    }

    /// The key of `payment`'s payee. Not inlined on purpose: a caller that builds the key only when
    /// replay did not (`RuleEvent.payeeKey(of:)`) then does not copy the payee on every call.
    @inline(never)
    package init(payeeOf payment: FundDisbursement) {
        self.init(payment.payee)
    }

    /// The key of a payee of `kind` with `id`; `idHash`, when given and the id is not 64 lowercase hex
    /// digits, must be `id.hashValue` in this process.
    package init(kind: PayeeKind, id: String, idHash: Int? = nil) {
        var id = id
        if let words = id.withUTF8({ Self.packedWords(ofLowercaseHex: $0) }) {
            self.init(kind: kind, packing: words)
        } else {
            let number = UInt64(PayeeTextNumbers.shared.number(of: id))
            self.init(kind: kind, isPacked: false, words: (number, 0, 0, 0), hashInProcess: idHash ?? id.hashValue)
        }
    }

    private init(kind: PayeeKind, packing words: (UInt64, UInt64, UInt64, UInt64)) {
        self.init(kind: kind, isPacked: true, words: words, hashInProcess: Self.hash(ofPacked: words))
    }

    /// The key of a payee of `kind` whose id's digits pack into `words` (first digit most
    /// significant); `hash` must be `hash(ofPacked: words)` (the text cache keeps it per id).
    init(kind: PayeeKind, packedWords words: (UInt64, UInt64, UInt64, UInt64), hash: Int) {
        self.init(kind: kind, isPacked: true, words: words, hashInProcess: hash)
    }

    /// The hash value in this process of a key whose id packs into `words`.
    static func hash(ofPacked words: (UInt64, UInt64, UInt64, UInt64)) -> Int {
        var hasher = Hasher()
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
        return hasher.finalize()
    }

    private init(kind: PayeeKind, isPacked: Bool, words: (UInt64, UInt64, UInt64, UInt64), hashInProcess: Int) {
        self.kind = kind
        self.isPacked = isPacked
        (word0, word1, word2, word3) = words
        self.hashInProcess = hashInProcess
    }

    /// The payee's id: the pseudonym's 64 hex digits when packed.
    package var id: String {
        guard isPacked else { return PayeeTextNumbers.shared.text(numbered: Int(word0)) }
        return String(unsafeUninitializedCapacity: 64) { buffer in
            withHexDigits { digits in _ = buffer.initialize(from: digits) }
            return 64
        }
    }

    /// The payee.
    package var payee: Payee { Payee(kind: kind, id: id) }

    /// Equal when kind and id are (equal texts have one number); hash values first.
    package static func == (lhs: PayeeKey, rhs: PayeeKey) -> Bool {
        lhs.hashInProcess == rhs.hashInProcess && lhs.word0 == rhs.word0 && lhs.word1 == rhs.word1
            && lhs.word2 == rhs.word2 && lhs.word3 == rhs.word3 && lhs.kind == rhs.kind && lhs.isPacked == rhs.isPacked
    }

    /// Ordered as payees: by kind, then by id text (packed ids compare their words, in text order).
    package static func < (lhs: PayeeKey, rhs: PayeeKey) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kindRank < rhs.kindRank }
        guard lhs.isPacked, rhs.isPacked else { return lhs.id < rhs.id }
        return (lhs.word0, lhs.word1, lhs.word2, lhs.word3) < (rhs.word0, rhs.word1, rhs.word2, rhs.word3)
    }

    /// The kind's position in `PayeeKind.allCases` (`PayeeKind`'s order), without building that array.
    package var kindRank: Int {
        switch kind {
        case .unit: 0
        case .cooperative: 1
        case .enterprise: 2
        case .villageCollective: 3
        case .beneficiary: 4
        }
    }

    /// The id's first eight bytes as a big-endian number (zero-padded), when the id is ASCII: two
    /// different prefixes order two ids of one kind as `String` does (sorting reads this first).
    package var asciiIDPrefix: UInt64? {
        guard isPacked else {
            var prefix: UInt64 = 0
            var count = 0
            for byte in id.utf8 {
                if byte >= 0x80 { return nil }
                if count < 8 { prefix |= UInt64(byte) << (56 - 8 * count) }
                count += 1
            }
            return prefix
        }
        // The first eight digits are the first word's top 32 bits (the report sorts a key per payee and
        // year by this: spelling all 64 digits to read eight took about 600 instructions a key).
        var prefix: UInt64 = 0
        for position in 0..<8 {
            let nibble = UInt8(truncatingIfNeeded: word0 >> UInt64(60 - 4 * position)) & 0x0F
            prefix = prefix << 8 | UInt64(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
        }
        return prefix
    }

    /// Hashes the hash value (equal keys have equal ones).
    package func hash(into hasher: inout Hasher) { hasher.combine(hashInProcess) }

    /// The hash value mixed with a dictionary's seed, without a `Hasher` (`PrehashedString.mix`).
    package func _rawHashValue(seed: Int) -> Int { PrehashedString.mix(hashInProcess, seed: seed) }

    /// Writes the id as `SnapshotByteSink.writeString` writes `id`, without building the text.
    func writeID(to sink: SnapshotByteSink) {
        guard isPacked else { return sink.writeString(id) }
        sink.writeVarint(64)
        withHexDigits { sink.bytes.append(contentsOf: $0) }
    }

    /// Calls `body` with the 64 hex digits of a packed id, from the stack.
    private func withHexDigits<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &digits) { raw in
            for index in 0..<4 {
                let word = index == 0 ? word0 : index == 1 ? word1 : index == 2 ? word2 : word3
                for position in 0..<16 {
                    let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - 4 * position)) & 0x0F
                    raw[index * 16 + position] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
                }
            }
            return body(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 64))
        }
    }

    /// The four big-endian words that 64 lowercase hex digits spell (the text cache's packing, in
    /// text order); nil for any other text.
    static func packedWords(ofLowercaseHex digits: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64, UInt64)? {
        HexTextKey(digits)?.textOrderWords
    }
}

// Codable for the registers' `Codable` conformances: alone, a key codes as its payee; as a dictionary
// key, as the id alone (the register keyed this way, the enrolments, holds households only).
extension PayeeKey: Codable, CodingKeyRepresentable {
    package init(from decoder: any Decoder) throws { self.init(try Payee(from: decoder)) }

    package func encode(to encoder: any Encoder) throws { try payee.encode(to: encoder) }

    package var codingKey: any CodingKey { IDKey(stringValue: id) }

    package init?<T: CodingKey>(codingKey: T) { self.init(kind: .beneficiary, id: codingKey.stringValue) }

    private struct IDKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension PayeeKey: SnapshotSpecialCoding {
    /// Written as `Payee`'s snapshot form (kind index, id text): the same bytes as the payee's.
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        sink.writeVarint(UInt64(PayeeKind.allCases.firstIndex(of: kind) ?? 0))
        writeID(to: sink)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> PayeeKey {
        PayeeKey(kind: try source.readCase(PayeeKind.self), id: try source.readString())
    }
}

/// The ids of payees that are not pseudonyms, numbered in the order this process first keys them, so
/// that a `PayeeKey` holds a number instead of a text. Shared by every thread (a lock per number asked:
/// under 1% of payments); never emptied: it holds each distinct such id once, as many as the units,
/// cooperatives and enterprises paid.
final class PayeeTextNumbers: Sendable {
    static let shared = PayeeTextNumbers()

    private let table = Mutex<(texts: [String], numbers: [String: Int])>(([], [:]))

    /// The number of `text` (a new one the first time it is asked for).
    func number(of text: String) -> Int {
        table.withLock { table in
            if let number = table.numbers[text] { return number }
            table.texts.append(text)
            table.numbers[text] = table.texts.count - 1
            return table.texts.count - 1
        }
    }

    /// The text numbered `number`.
    func text(numbered number: Int) -> String {
        table.withLock { $0.texts[number] }
    }
}

// FlaggingValidator+Snapshot: the validator state stored in `JOURNAL.state` (docs/FORMAT.md §1).
//
// The payload is `FlaggingValidatorState` written by hand (`SnapshotSpecialCoding`: each type writes
// its fields in order with the primitives of `SnapshotByteSink`; no `Codable` containers, no member
// names, no dynamic casts). The format name binds it to this build's encoding and rule set: bump
// `snapshotFormatVersion` whenever a stored type changes shape (SnapshotCodingTests fail when a
// stored field is not written).

import LedgerCrypto
import LedgerJournal

/// What a `FlaggingValidator` has learned: the fund projection and the rule engine.
struct FlaggingValidatorState: Codable, SnapshotSpecialCoding {
    var validator: SupervisionValidator
    var engine: RuleEngine

    init(validator: SupervisionValidator, engine: RuleEngine) {
        self.validator = validator
        self.engine = engine
    }

    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try validator.snapshotEncode(to: sink)
        try engine.snapshotEncode(to: sink)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> FlaggingValidatorState {
        FlaggingValidatorState(validator: try SupervisionValidator.snapshotDecode(from: source),
                               engine: try RuleEngine.snapshotDecode(from: source))
    }

    /// The bytes of the state (no tables: every register whole).
    func encoded() throws -> [UInt8] {
        let sink = SnapshotByteSink()
        try snapshotEncode(to: sink)
        return sink.bytes
    }

    /// Reads a state `encoded()` or a tabled or delta sink wrote; the bytes must be consumed exactly.
    static func decode(_ bytes: [UInt8], tables: StateSnapshotTables? = nil) throws -> FlaggingValidatorState {
        let source = SnapshotByteSource(bytes, tables: tables)
        // The base's own payload (the same array, or equal bytes): its sections may be named by a delta.
        source.isBasePayload = tables?.isBasePayload(bytes) ?? false
        let state = try snapshotDecode(from: source)
        guard source.position == bytes.count else { throw SnapshotDecodingError.trailingBytes(byteOffset: source.position) }
        return state
    }
}

extension FlaggingValidator {
    /// The version of the snapshot encoding of the validator state; part of `snapshotFormat`.
    public static let snapshotFormatVersion = 14

    /// The rule catalogue this build runs, as a fingerprint: SHA-256 over each standard rule's id and
    /// its parameters' names and defaults, in order (first 8 bytes, hex).
    ///
    /// Written out: computing it builds every rule's descriptor, and an append checks the state file's
    /// format name, which holds it, in every process (about 6% of a single append with the descriptors
    /// the engine no longer builds, `RuleEngine.standardRuleIDs`). RuleEngineIDTests checks it against
    /// `computedRuleCatalogueFingerprint()`: a change to a rule's id, parameters or defaults fails that
    /// test until the value here is updated (and stored states of the old catalogue are then ignored).
    public static let ruleCatalogueFingerprint = "7e04b8ca1308223c"

    /// `ruleCatalogueFingerprint` computed from the standard rules' descriptors.
    package static func computedRuleCatalogueFingerprint() -> String {
        var text = ""
        for type in RuleEngine.standardRuleTypes {
            let descriptor = type.descriptor
            text += descriptor.id + "\n"
            for parameter in descriptor.parameters {
                text += "  \(parameter.name)=\(parameter.defaultValue.map(String.init) ?? "-")"
                // Appended one by one: `joined(separator:)` is generic over the element's
                // StringProtocol conformance, which the runtime first looks up by scanning every
                // conformance record of the binary (2% of a single append).
                text += "|"
                for (index, defaultText) in parameter.defaultTexts.enumerated() {
                    if index > 0 { text += "," }
                    text += defaultText
                }
                text += "\n"
            }
        }
        return Hex.encode(Array(SHA256.hash(data: Array(text.utf8)).prefix(8)))
    }

    /// Names the snapshot format: encoding version, rule count and rule catalogue fingerprint.
    public var snapshotFormat: String { Self.snapshotFormatName }

    /// `snapshotFormat`, built once (an append reads it for each state file it reads or writes).
    static let snapshotFormatName =
        "fundsupervision.flagging/v\(snapshotFormatVersion) rules=\(RuleEngine.standardRuleTypes.count)"
            + " catalogue=\(ruleCatalogueFingerprint)"

}

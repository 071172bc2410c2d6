// FlaggingValidator+Snapshot: the validator state stored in `JOURNAL.state` (docs/FORMAT.md §1).
//
// The payload is `FlaggingValidatorState` in the binary form of `SnapshotBinaryEncoder`. The format
// name binds it to this build's encoding and rule set: bump `snapshotFormatVersion` whenever a stored
// type changes shape (the decoder also checks every member name, so most changes fail safely anyway).

import LedgerCrypto
import LedgerJournal

/// What a `FlaggingValidator` has learned: the fund projection and the rule engine.
struct FlaggingValidatorState: Codable {
    var validator: SupervisionValidator
    var engine: RuleEngine
}

extension FlaggingValidator {
    /// The version of the snapshot encoding of the validator state; part of `snapshotFormat`.
    public static let snapshotFormatVersion = 8

    /// The rule catalogue this build runs, as a fingerprint: SHA-256 over each standard rule's id and
    /// its parameters' names and defaults, in order (first 8 bytes, hex).
    public static let ruleCatalogueFingerprint: String = {
        var text = ""
        for type in RuleEngine.standardRuleTypes {
            let descriptor = type.descriptor
            text += descriptor.id + "\n"
            for parameter in descriptor.parameters {
                text += "  \(parameter.name)=\(parameter.defaultValue.map(String.init) ?? "-")"
                text += "|\(parameter.defaultTexts.joined(separator: ","))\n"
            }
        }
        return Hex.encode(Array(SHA256.hash(data: Array(text.utf8)).prefix(8)))
    }()

    /// Names the snapshot format: encoding version, rule count and rule catalogue fingerprint.
    public var snapshotFormat: String {
        "fundsupervision.flagging/v\(Self.snapshotFormatVersion) rules=\(RuleEngine.standardRuleTypes.count)"
            + " catalogue=\(Self.ruleCatalogueFingerprint)"
    }
}

// Goal: the values an append uses instead of building the rule descriptors are the descriptors' own:
// the standard rule ids written out in `RuleEngine.standardRuleIDs`, and the rule catalogue
// fingerprint written out in `FlaggingValidator.ruleCatalogueFingerprint` (part of the state file's
// format name). A rule added, removed, reordered or renamed, or a parameter or default changed,
// fails here until the written-out value is updated.
//
// Method: compare with the descriptors of `RuleEngine.standardRuleTypes`, and with the fingerprint
// computed from them.
@testable import FundSupervision
import Testing

@Suite("Written-out rule ids and catalogue fingerprint")
struct RuleEngineIDTests {
    @Test("the written-out standard rule ids are the descriptors' ids, in order")
    func standardRuleIDsMatchTheDescriptors() {
        #expect(RuleEngine.standardRuleIDs == RuleEngine.standardRuleTypes.map { $0.descriptor.id })
    }

    @Test("the written-out rule catalogue fingerprint is the one computed from the descriptors")
    func fingerprintMatchesTheDescriptors() {
        #expect(FlaggingValidator.ruleCatalogueFingerprint == FlaggingValidator.computedRuleCatalogueFingerprint())
        #expect(FlaggingValidator().snapshotFormat.hasSuffix(" catalogue=\(FlaggingValidator.computedRuleCatalogueFingerprint())"))
    }
}

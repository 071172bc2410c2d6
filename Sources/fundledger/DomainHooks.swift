import FundSupervision
import LedgerJournal

/// Where the command-line tool plugs the fund layer into the journal layer.
enum DomainHooks {
    /// The validator that `append` and `verify` run for fund events (with the anomaly rules, so that
    /// `append` can show or refuse the flags new entries raise).
    static func makeValidator(refusesFlaggedEntries: Bool = false) -> any JournalEventValidator {
        FlaggingValidator(refusesFlaggedEntries: refusesFlaggedEntries)
    }

    /// The validator that `verify` runs: fund-event validation without the anomaly rules (flags are
    /// the business of `report`, not of verification).
    static func makeVerificationValidator() -> any JournalEventValidator {
        SupervisionValidator()
    }

    /// The report language matching the message language.
    static func reportLanguage(_ language: Language) -> ReportLanguage {
        language == .zh ? .chinese : .english
    }
}

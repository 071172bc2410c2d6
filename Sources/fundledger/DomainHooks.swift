import LedgerJournal

/// Where the command-line tool plugs the fund layer into the journal layer.
enum DomainHooks {
    /// The validator that `append` and `verify` run for fund events.
    static func makeValidator() -> (any JournalEventValidator)? { nil }
}

/// Wording of the fund layer's errors.
enum DomainMessages {
    static func describe(_ error: any Error, language: Language) -> MessageCatalog.Message? { nil }
}

// The append-time (and so `verify`-time) check of a `period.close` entry: its totals and report
// digest are recomputed from the validator's state, which at that point is exactly the journal
// before the entry (docs/EVENTS.md `period.close`). One streaming pass: nothing is replayed again.

extension SupervisionValidator {
    /// Throws unless `closing`, the body of the entry described by `context`, records what the
    /// journal before it says: `until_seq` equal to the entry's sequence, an effective date on or
    /// after the period's last day, exactly the totals of `PeriodTotals.totals(of:unit:)` and the
    /// digest of `PeriodClose.reportDigest(of:untilSequence:)`.
    func checkClosing(_ closing: PeriodClosing, _ context: EntryContext) throws {
        let entryID = context.id
        // The totals and the digest describe the entries before this one (seq < until_seq), the
        // state the validator holds now; any other value would need a second replay to check.
        guard closing.untilSequence == context.sequence else {
            throw SupervisionError.periodCloseStale(entryID: entryID, untilSequence: closing.untilSequence, sequence: context.sequence)
        }
        guard let period = FiscalPeriod(kind: closing.periodKind, text: closing.period) else {
            throw SupervisionError.invalidValue(entryID: entryID, path: "body.period", problem: .invalidDate(actual: closing.period))
        }
        guard closing.effectiveDate >= period.lastDay else {
            throw SupervisionError.invalidValue(
                entryID: entryID, path: "body.effective_date",
                problem: .earlierThan(actual: closing.effectiveDate.description, limit: period.lastDay.description, limitPath: "body.period"))
        }
        let expected = periodTotals.totals(of: period, unit: closing.unit)
        for name in Set(expected.keys).union(closing.totals.keys).sorted() where expected[name] != closing.totals[name] {
            throw SupervisionError.periodTotalMismatch(entryID: entryID, total: name, expected: expected[name], recorded: closing.totals[name])
        }
        let digest = PeriodClose.reportDigest(of: projection, untilSequence: context.sequence)
        guard digest == closing.reportDigest else {
            throw SupervisionError.periodReportDigestMismatch(entryID: entryID, expected: digest, recorded: closing.reportDigest)
        }
    }
}

// The journal's append input for imported events (LedgerJournal's EventDraft).
import LedgerJournal

extension ImportedEvent {
    /// The event as the journal's append input.
    public var draft: EventDraft {
        EventDraft(id: id, kind: event.kind.rawValue, scope: scope, body: event.body)
    }
}

extension SpreadsheetImport {
    /// Reads `bytes` as a CSV sheet of `kind` and returns the journal drafts, one per data row,
    /// in row order. Blank rows are skipped.
    ///
    /// Throws `ImportError` when the file cannot be read, its header is wrong, or any row is wrong
    /// (every bad row listed). Nothing partial is ever returned. `progress` is called as for
    /// `events(fromCSV:kind:progress:)`.
    public static func drafts(
        fromCSV bytes: [UInt8], kind: ImportKind, progress: ((Int, Int) -> Void)? = nil
    ) throws(ImportError) -> [EventDraft] {
        // Each event's body is encoded on its own: on all cores for a large sheet.
        ImportParallelMap.map(try events(fromCSV: bytes, kind: kind, progress: progress)) { $0.draft }
    }

}

// DemoFiles: small file helpers for the demo and generated journals (public keys, removal of the
// derived side files that appends leave beside a journal).
import Foundation

/// File helpers for writing demo and generated journals.
enum DemoFiles {
    /// The derived side files FundLedger keeps beside a journal (docs/FORMAT.md §1); never shipped.
    static let derivedSuffixes = [".ids", ".keys", ".tree", ".state", ".state.delta"]

    /// Writes a new text file with mode 0644; throws when it exists (`CocoaError.fileWriteFileExists`).
    static func writeNew(path: String, text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
    }

    /// Removes the derived side files of the journal at `journalPath`, if any.
    static func removeDerivedFiles(ofJournal journalPath: String) {
        for suffix in derivedSuffixes {
            try? FileManager.default.removeItem(atPath: journalPath + suffix)
        }
    }
}

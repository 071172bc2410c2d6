// Replacing a derived file (`JOURNAL.keys`, `JOURNAL.state`, `JOURNAL.state.delta`): the bytes go to a
// temporary file beside it, which is renamed over it, so a reader sees the old file or the new one,
// never a mixture. No fsync: a derived file lost in a crash is rebuilt from the journal, and one that
// does not match the journal is ignored (docs/FORMAT.md §1).

extension FileSystem {
    /// Writes `bytes` as the file at `target` (temporary file `target.tmp`, mode 0644, then rename).
    /// Returns false, leaving no temporary file, when any step fails: callers ignore the failure,
    /// since the file is derived.
    func replaceDerivedFile(at target: String, with bytes: [UInt8]) -> Bool {
        replaceDerivedFile(at: target, withParts: [bytes])
    }

    /// `replaceDerivedFile(at:with:)` for the concatenation of `parts`, written one after the other
    /// (a large state file is not copied into one array first).
    func replaceDerivedFile(at target: String, withParts parts: [[UInt8]]) -> Bool {
        let temporary = target + ".tmp"
        try? removeFile(temporary)
        guard let file = try? OpenFile(path: temporary, fileSystem: self, access: .writeOnly,
                                       options: [.create, .exclusive], permissions: 0o644) else { return false }
        var written = true
        for part in parts where written { written = (try? file.writeAll(part)) != nil }
        guard written, (try? rename(temporary, to: target)) != nil else {
            try? removeFile(temporary)
            return false
        }
        return true
    }
}

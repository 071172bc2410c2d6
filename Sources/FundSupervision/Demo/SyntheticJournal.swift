// SyntheticJournal: `fundledger generate`, a realistic synthetic journal at scale for practice and
// benchmarks: the demo's funds, counties and projects scaled up to every Shanxi county of the seed
// texts, deterministic for a seed, with a small share of planted anomalies.
//
// Streaming: events are produced one business day at a time (`SyntheticEventSource`), signed and
// written in batches of `batchSize` lines with one write and one fsync each (`JournalFile.append`),
// while the chain head is kept here. Memory is bounded by one day's events and the per-county state,
// independent of the number of entries; `fundledger verify` checks the result.
import LedgerCrypto
import LedgerJournal

/// Writes synthetic journals.
public enum SyntheticJournal {
    /// The journal's file name inside the output directory.
    public static let journalFileName = "journal.jsonl"
    /// The journal's origin.
    public static let origin = "fundledger.synthetic/140000"
    /// Lines per write and fsync.
    public static let defaultBatchSize = 10_000
    /// The most entries one call writes (a guard against a mistyped count filling the disk).
    public static let maximumEventCount = 100_000_000

    /// What was written.
    public struct Summary: Sendable, Equatable {
        /// Entries in the journal.
        public var entryCount: Int
        /// The journal's path.
        public var journalPath: String
        /// The key files written (`.key` with mode 0600, `.pub`).
        public var keyFileNames: [String]
        /// Household payments made deliberately anomalous (off-standard, unregistered payee, reused voucher).
        public var plantedAnomalyCount: Int
    }

    /// The signing keys of the journal generated with `seed` (authority first).
    public static func keys(seed: UInt64) -> [DemoKey] { SyntheticEventSource.keys(seed: seed) }

    /// Writes `events` entries (genesis included) generated from `seed` into `directory`, with the
    /// keys. `progress` is called after each batch with (entries written, entries in total).
    /// Requires 1 ≤ events ≤ `maximumEventCount` (a programmer error otherwise).
    /// Throws `StorageError` when a file exists or a write fails, `JournalError` for an invalid origin.
    @discardableResult
    public static func write(
        events: Int, seed: UInt64, directory: String, batchSize: Int = defaultBatchSize,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> Summary {
        try write(events: events, seed: seed, directory: directory, batchSize: batchSize, countyLimit: nil,
                  householdsPerCounty: nil, progress: progress)
    }

    /// `write(events:seed:directory:batchSize:progress:)` with the scale overridden: only the first
    /// `countyLimit` counties, each with `householdsPerCounty` households (for tests).
    package static func write(
        events: Int, seed: UInt64, directory: String, batchSize: Int, countyLimit: Int?, householdsPerCounty: Int?,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> Summary {
        precondition(events >= 1 && events <= maximumEventCount, "event count out of range")
        var source = SyntheticEventSource(seed: seed, targetEventCount: events, countyLimit: countyLimit,
                                          householdsPerCounty: householdsPerCounty)
        for key in source.keys { try key.write(to: directory) }
        let path = directory + "/" + journalFileName
        let authority = source.keys[0].privateKey
        var time = DemoRecorder.openingTime(of: source.startDay)
        var head = try JournalAppender.create(path: path, origin: origin, authority: authority, time: time).hash
        var sequence = 1
        let file = JournalFile(path: path)
        var batch: [[UInt8]] = []
        batch.reserveCapacity(min(batchSize, events))
        while sequence < events, let day = source.nextDay() {
            for item in day where sequence < events {
                time = max(DemoRecorder.openingTime(of: item.recordedOn), Timestamp(secondsSinceEpoch: time.secondsSinceEpoch + 1))
                var entry = JournalEntry(
                    sequence: sequence, previousHash: head, time: time, kind: item.kind, id: "e\(sequence)",
                    scope: item.scope, body: item.body, signerKeyID: "")
                try entry.sign(with: item.signer.privateKey)
                let line = entry.canonicalLine()
                head = EntryHash.ofLine(line)
                batch.append(line)
                sequence += 1
                if batch.count >= batchSize {
                    try file.append(lines: batch)
                    batch.removeAll(keepingCapacity: true)
                    progress?(sequence, events)
                }
            }
        }
        if !batch.isEmpty { try file.append(lines: batch) }
        progress?(sequence, events)
        DemoFiles.removeDerivedFiles(ofJournal: path)
        return Summary(entryCount: sequence, journalPath: path,
                       keyFileNames: source.keys.flatMap { [$0.stem + ".key", $0.stem + ".pub"] },
                       plantedAnomalyCount: source.plantedAnomalyCount)
    }
}

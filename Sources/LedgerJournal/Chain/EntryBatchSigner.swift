// EntryBatchSigner: the hash chain of one append's new entries, signed on a second thread while the
// caller checks them (issue #8, bulk append).
//
// Signing is sequential by nature: an entry's signature covers `prev`, the leaf hash of the line
// before, which contains that line's signature. Checking an entry (grants, the domain validator)
// needs the entry, not the next one. So the signer runs ahead along the chain and publishes each
// signed line; the caller takes them in order, and the wall time of a batch approaches the larger
// of the two rather than their sum. Each event's members (mostly the body's canonical encoding) are
// encoded by the signer just before it signs the entry: building them all first, on all cores, made the
// first signature wait for the whole batch and kept a second copy of every line's head in memory.
//
// The bytes are those of signing one entry at a time (`EntryLineBuilder`): Ed25519 is deterministic,
// and nothing here depends on timing. Small batches are signed on the calling thread.
import Dispatch
import Foundation
import LedgerCrypto

/// Signs a batch's new entries along the chain, ahead of the caller, and hands them out in order.
///
/// The signer starts as soon as the chain head is known (before the domain validator is restored).
final class EntryBatchSigner: @unchecked Sendable {
    /// One signed entry: its canonical line (without line feed), leaf hash and signature.
    struct SignedEntry {
        var line: [UInt8]
        var hash: EntryHash
        var signature: [UInt8]
    }

    /// Batches with fewer new entries than this are signed on the calling thread (a thread costs
    /// more than it saves, and a single append's latency matters).
    static let minimumPipelinedCount = 64
    /// Entries signed between two hand-overs to the caller (one lock round trip each).
    static let publishInterval = 16
    /// When the caller has caught up with the signer, it sleeps until this many more entries are
    /// signed (or all are): one wake-up per run instead of one per `publishInterval` entries, which
    /// matters when the machine is busy and every wake-up waits for a time slice.
    static let catchUpCount = 128

    private let drafts: [EventDraft]
    private let firstSequence: Int
    private let firstPreviousHash: EntryHash
    private let key: Curve25519.Signing.PrivateKey
    private let time: Timestamp
    private var builder: EntryLineBuilder
    /// `results[0..<publishedCount]` are initialized and never written again.
    private let results: UnsafeMutablePointer<SignedEntry>
    private var initializedCount = 0

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var publishedCount = 0
    private var isCancelled = false
    private var isRunning = false
    /// The published count the caller sleeps for (0 when it does not wait).
    private var wantedCount = 0
    /// The caller's copy of `publishedCount` (read without the lock: it only grows).
    private var knownPublishedCount = 0

    /// Prepares and starts signing `drafts` as entries `firstSequence...` chained on `previousHash`,
    /// signed by `key` (whose key id is `signerKeyID`) at `time`.
    init(drafts: [EventDraft], firstSequence: Int, previousHash: EntryHash, signerKeyID: String, time: Timestamp,
         key: Curve25519.Signing.PrivateKey) {
        self.drafts = drafts
        self.firstSequence = firstSequence
        self.firstPreviousHash = previousHash
        self.key = key
        self.time = time
        self.builder = EntryLineBuilder(signerKeyID: signerKeyID, time: time)
        self.results = .allocate(capacity: max(drafts.count, 1))
        if drafts.count < Self.minimumPipelinedCount {
            signAll()
        } else {
            isRunning = true
            DispatchQueue.global(qos: .userInitiated).async { self.signAll() }
        }
    }

    deinit {
        cancelAndWait()
        results.deinitialize(count: initializedCount)
        results.deallocate()
    }

    /// Signs every entry in chain order, publishing them every `publishInterval` entries; stops
    /// early when cancelled.
    private func signAll() {
        let events = drafts
        var previousHash = firstPreviousHash
        var index = 0
        while index < events.count {
            // Each event's members are encoded here, as it is signed: the first signature does not wait
            // for the whole batch to be prepared, and no prepared copy of the batch is kept.
            let (line, signature) = builder.signedLine(
                events[index], sequence: firstSequence + index, previousHash: previousHash, key: key)
            previousHash = EntryHash.ofLine(line)
            (results + index).initialize(to: SignedEntry(line: line, hash: previousHash, signature: signature))
            index += 1
            if index % Self.publishInterval == 0 || index == events.count {
                condition.lock()
                initializedCount = index
                publishedCount = index
                let stop = isCancelled
                let isLast = stop || index == events.count
                if isLast { isRunning = false }
                // Wake the caller only when what it waits for is there (or the signer stops).
                if isLast || (wantedCount > 0 && index >= wantedCount) { condition.broadcast() }
                condition.unlock()
                if stop { return }
            }
        }
        condition.lock()
        isRunning = false
        condition.broadcast()
        condition.unlock()
    }

    /// The signed entry at `index` (0-based in the batch), waiting for the signer if needed.
    /// Requires `index < drafts.count`.
    func entry(at index: Int) -> SignedEntry {
        precondition(index >= 0 && index < drafts.count)
        if index >= knownPublishedCount {
            condition.lock()
            if publishedCount <= index {
                wantedCount = min(index + Self.catchUpCount, drafts.count)
                while publishedCount < wantedCount { condition.wait() }
                wantedCount = 0
            }
            knownPublishedCount = publishedCount
            condition.unlock()
        }
        return results[index]
    }

    /// Whether this batch starts at `firstSequence` after `previousHash` at `time`.
    func matches(firstSequence: Int, previousHash: EntryHash, time: Timestamp) -> Bool {
        self.firstSequence == firstSequence && firstPreviousHash == previousHash && self.time == time
    }

    /// Stops the signer (when the batch is refused) and waits until it no longer runs.
    func cancelAndWait() {
        condition.lock()
        isCancelled = true
        while isRunning { condition.wait() }
        condition.unlock()
    }
}

// JournalLinePipeline: the loop behind verify and replay that uses both cores.
//
// Whatever can be computed from one line alone (its leaf hash, its envelope, the decoded event) is
// computed for a chunk of lines at once on every core, while the calling thread hands the previous
// chunk's results, in file order, to a consumer that keeps the state (chain, grants, projection).
// Only two chunks exist at a time, so memory is bounded by `linesPerChunk` whatever the journal's
// length; lines are copied out of `JournalReader`'s buffer into the chunk, never the whole file.
import Dispatch

/// Streams a journal's lines through a parallel `prepare` step and an in-order `consume` step.
public enum JournalLinePipeline {
    /// Lines per chunk: enough to keep both cores busy between hand-overs, few enough that two chunks
    /// and their prepared values stay a few megabytes (entries are about 650 bytes).
    public static let defaultLinesPerChunk = 4096
    /// Lines a worker takes at least, so a small chunk is not split across threads for nothing.
    static let minimumLinesPerWorker = 256

    /// Calls `prepare` on every complete line of `byteRange` (the whole file when nil) on all cores,
    /// and `consume` with each result on the calling thread, in file order.
    ///
    /// `prepare` must be a pure function of its line (it runs on other threads, in any order); the
    /// buffer it gets is valid only during the call. Returns the reader's scan summary (torn tail).
    /// Throws what `consume` throws (after the lines before it were consumed, none after) and
    /// `JournalReader`'s errors (`StorageError.lineTooLong`, I/O), after every line before the failure
    /// was consumed. Cost: O(bytes) time over the available cores, O(linesPerChunk) memory.
    @discardableResult
    public static func run<Prepared: Sendable>(
        reader: JournalReader, in byteRange: Range<Int64>? = nil,
        linesPerChunk: Int = defaultLinesPerChunk,
        prepare: @escaping @Sendable (UnsafeRawBufferPointer, JournalLineLocation) -> Prepared,
        consume: (consuming Prepared, JournalLineLocation) throws -> Void
    ) throws -> JournalScanSummary {
        precondition(linesPerChunk >= 1, "a chunk holds at least one line")
        var filling = LineBatch<Prepared>(capacity: linesPerChunk)
        var spare: LineBatch<Prepared>? = nil
        var inFlight: (batch: LineBatch<Prepared>, group: DispatchGroup)? = nil
        defer { inFlight?.group.wait() }

        func launch(_ batch: LineBatch<Prepared>) -> DispatchGroup {
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { batch.prepareAll(prepare) }
            return group
        }
        // Hands a prepared batch to `consume`; a consumer error is boxed so that it is not taken
        // for a reader error below.
        func drain(_ batch: LineBatch<Prepared>, _ group: DispatchGroup) throws(ConsumerFailure) {
            group.wait()
            defer { batch.removeAll() }
            for index in 0..<batch.count {
                do {
                    try consume(batch.takePrepared(at: index), batch.location(at: index))
                } catch {
                    throw ConsumerFailure(underlying: error)
                }
            }
        }
        // Starts preparing the full batch, then consumes the one prepared before it meanwhile.
        func handOver() throws(ConsumerFailure) {
            let launched = (batch: filling, group: launch(filling))
            let previous = inFlight
            inFlight = launched
            filling = spare ?? LineBatch(capacity: linesPerChunk)
            spare = nil
            if let previous {
                try drain(previous.batch, previous.group)
                spare = previous.batch
            }
        }
        func finish() throws(ConsumerFailure) {
            if filling.count > 0 { try handOver() }
            if let last = inFlight {
                inFlight = nil
                try drain(last.batch, last.group)
            }
        }

        do {
            let summary = try reader.forEachLine(in: byteRange) { line, location in
                filling.append(line, location: location)
                if filling.count >= linesPerChunk { try handOver() }
            }
            try finish()
            return summary
        } catch let failure as ConsumerFailure {
            throw failure.underlying
        } catch {
            // A reader error (a line too long, I/O): the lines before it are still consumed.
            do {
                try finish()
            } catch let failure {
                throw failure.underlying
            }
            throw error
        }
    }

    /// An error thrown by the consumer, kept apart from the reader's.
    struct ConsumerFailure: Error {
        var underlying: any Error
    }
}

/// A chunk of lines copied out of the read buffer, and their prepared values once `prepareAll` ran.
///
/// Shared with the preparing thread only between `prepareAll`'s start and the group's wait, and its
/// workers write disjoint slots, hence `@unchecked Sendable`.
final class LineBatch<Prepared: Sendable>: @unchecked Sendable {
    private var bytes: [UInt8] = []
    private var lines: [(start: Int, end: Int, location: JournalLineLocation)] = []
    private let prepared: UnsafeMutablePointer<Prepared>
    private let capacity: Int
    /// Slots `[takenCount, preparedCount)` hold initialized values.
    private var preparedCount = 0
    private var takenCount = 0

    init(capacity: Int) {
        self.capacity = capacity
        prepared = .allocate(capacity: capacity)
        lines.reserveCapacity(capacity)
    }

    deinit {
        removeAll()
        prepared.deallocate()
    }

    var count: Int { lines.count }

    func append(_ line: UnsafeRawBufferPointer, location: JournalLineLocation) {
        precondition(lines.count < capacity, "batch is full")
        let start = bytes.count
        bytes.append(contentsOf: line)
        lines.append((start, bytes.count, location))
    }

    func location(at index: Int) -> JournalLineLocation { lines[index].location }

    /// Prepares every line on all cores into its slot.
    func prepareAll(_ prepare: @Sendable (UnsafeRawBufferPointer, JournalLineLocation) -> Prepared) {
        let count = lines.count
        guard count > 0 else { return }
        let workers = max(1, min(System.activeProcessorCount, count / JournalLinePipeline.minimumLinesPerWorker))
        let slots = UncheckedSendable(value: prepared)
        bytes.withUnsafeBytes { buffer in
            let shared = UncheckedSendable(value: (buffer: buffer, lines: lines))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let share = (count + workers - 1) / workers
                let start = worker * share
                let end = min(count, start + share)
                guard start < end else { return }
                for index in start..<end {
                    let line = shared.value.lines[index]
                    let bytes = UnsafeRawBufferPointer(rebasing: shared.value.buffer[line.start..<line.end])
                    (slots.value + index).initialize(to: prepare(bytes, line.location))
                }
            }
        }
        preparedCount = count
    }

    /// Moves the prepared value of line `index` out; each index is taken once, in order.
    func takePrepared(at index: Int) -> Prepared {
        precondition(index == takenCount && index < preparedCount, "prepared values are taken once, in order")
        takenCount += 1
        return (prepared + index).move()
    }

    /// Forgets the lines and destroys the prepared values not taken.
    func removeAll() {
        if takenCount < preparedCount {
            (prepared + takenCount).deinitialize(count: preparedCount - takenCount)
        }
        preparedCount = 0
        takenCount = 0
        bytes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
    }
}

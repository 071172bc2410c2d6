// JournalLinePipeline: the loop behind verify and replay that uses both cores.
//
// Whatever can be computed from one line alone (its leaf hash, its envelope, the decoded event) is
// computed on other threads, while the calling thread hands the results, in file order, to a consumer
// that keeps the state (chain, grants, projection). The calling thread is the one that cannot be
// shared, so it does nothing else unless it would otherwise wait:
//
// - One worker thread reads the file: it copies lines into a chunk, publishes the chunk, and
//   prepares the chunk's lines a block (`linesPerBlock` lines) at a time; on a machine with more
//   than two cores, other workers only prepare. A chunk's values are destroyed by the reading
//   worker before it fills the chunk again (never on the calling thread).
// - The calling thread consumes the oldest chunk's blocks in order; when the next block is not
//   prepared yet, it prepares the lowest block nobody has claimed (its own, or one further on)
//   instead of waiting, and sleeps only when every published block is being prepared already.
//
// So on two cores exactly two threads run: the calling thread is never crowded out by two
// preparing threads (which starved it when preparing was split across all cores), reading the file
// is off its path, and the two share the preparing between them by claiming blocks. At most
// `chunksInFlight` chunks exist, so memory is bounded by `linesPerChunk` whatever the journal's
// length; lines are copied out of `JournalReader`'s buffer into the chunk, never the whole file.
import Dispatch
import Synchronization

/// Streams a journal's lines through a parallel `prepare` step and an in-order `consume` step.
public enum JournalLinePipeline {
    /// Lines per chunk: a few hundred kilobytes (entries are about 650 bytes), so that
    /// `chunksInFlight` of them and their prepared values stay a few megabytes.
    public static let defaultLinesPerChunk = 1024
    /// Lines one claim covers: enough that claims (a lock) cost nothing next to preparing them, few
    /// enough that the calling thread, when it prepares a block itself, is not held up for long.
    static let linesPerBlock = 32
    /// Chunks that exist at once (read, being prepared or consumed, or waiting to be refilled).
    static let chunksInFlight = 4

    /// Calls `prepare` on every complete line of `byteRange` (the whole file when nil) on other
    /// threads, and `consume` with each result on the calling thread, in file order.
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
        try run(reader: reader, in: byteRange, linesPerChunk: linesPerChunk,
                prepareInto: { line, location, slot in slot.initialize(to: prepare(line, location)) }) { batch, index in
            try consume(batch.takePrepared(at: index), batch.location(at: index))
        }
    }

    /// `run(reader:in:linesPerChunk:prepare:consume:)`, with each value prepared into its slot
    /// (`prepare` must initialize the memory it is given, once) and lent to `consume`
    /// where it lies (a pointer valid only during the call; `consume` may move parts out of the value
    /// but must leave it initialized)
    /// instead of moved out to it, and a chunk's values destroyed together on another thread once all
    /// of them were consumed: the calling thread neither copies nor frees them (a generic borrowed
    /// parameter was copied: measured). Throws and costs as that `run`.
    @discardableResult
    public static func run<Prepared: Sendable>(
        reader: JournalReader, in byteRange: Range<Int64>? = nil,
        linesPerChunk: Int = defaultLinesPerChunk,
        preparingInto prepare: @escaping @Sendable (UnsafeRawBufferPointer, JournalLineLocation, UnsafeMutablePointer<Prepared>) -> Void,
        lendingTo consume: (UnsafeMutablePointer<Prepared>, JournalLineLocation) throws -> Void
    ) throws -> JournalScanSummary {
        try run(reader: reader, in: byteRange, linesPerChunk: linesPerChunk, prepareInto: prepare) { batch, index in
            try batch.lend(at: index, to: consume)
        }
    }

    /// The loop of both `run`s: `consumeOne` hands line `index` of a prepared batch to the consumer.
    private static func run<Prepared: Sendable>(
        reader: JournalReader, in byteRange: Range<Int64>?, linesPerChunk: Int,
        prepareInto prepare: @escaping @Sendable (UnsafeRawBufferPointer, JournalLineLocation, UnsafeMutablePointer<Prepared>) -> Void,
        consumeOne: (LineBatch<Prepared>, Int) throws -> Void
    ) throws -> JournalScanSummary {
        precondition(linesPerChunk >= 1, "a chunk holds at least one line")
        let work = PipelineWork<Prepared>(
            reader: reader, byteRange: byteRange, linesPerChunk: linesPerChunk,
            linesPerBlock: min(linesPerChunk, linesPerBlock), prepare: prepare)
        // Two threads on two cores: the calling thread and the reading worker; more cores, more
        // preparing workers.
        work.start(preparingWorkers: max(0, System.activeProcessorCount - 2))
        do {
            while let batch = work.nextPublishedBatch() {
                for block in 0..<batch.blockCount {
                    work.waitUntilPrepared(batch, block: block)
                    for index in batch.lines(ofBlock: block) {
                        try consumeOne(batch, index)
                    }
                }
                work.retire(batch)
            }
        } catch {
            // A consumer error: no later line is consumed, and a reader error after it is not reported.
            work.shutDown()
            throw error
        }
        let end = work.shutDown()
        switch end {
        case .finished(let summary): return summary
        case .failed(let error): throw error
        }
    }
}

/// How the reading worker's pass over the file ended.
enum PipelineInputEnd: Sendable {
    case finished(JournalScanSummary)
    case failed(any Error)
}

/// The state the calling thread and the workers share: the chunks, who prepares which block, who
/// sleeps. Every field of `State` and the claim and done marks of the batches are read and written
/// only under `lock`; a batch's lines and values are written by one thread at a time (the reader
/// before publishing it, a block's claimant before marking it done, the calling thread while it
/// consumes it), and the lock orders those hand-overs, hence `@unchecked Sendable`.
final class PipelineWork<Prepared: Sendable>: @unchecked Sendable {
    typealias Prepare = @Sendable (UnsafeRawBufferPointer, JournalLineLocation, UnsafeMutablePointer<Prepared>) -> Void

    private struct State {
        /// Published batches not yet consumed, oldest first (the calling thread takes them in order).
        var published: [LineBatch<Prepared>] = []
        /// Published batches with blocks nobody has claimed, oldest first.
        var unclaimed: [LineBatch<Prepared>] = []
        /// Consumed batches whose values are still to be destroyed before the reader refills them.
        var retired: [LineBatch<Prepared>] = []
        /// Batches the reader may fill.
        var free: [LineBatch<Prepared>] = []
        /// Every batch made, to free them all at the end.
        var all: [LineBatch<Prepared>] = []
        /// Set when the reading worker's pass is over.
        var inputEnd: PipelineInputEnd?
        /// Set when the calling thread is done (or failed): the workers stop.
        var stopping = false
        var consumerIsWaiting = false
        var sleepingWorkers = 0
    }

    /// What a thread does next, decided under the lock and done after it.
    private enum Step {
        case ready, wait, stop, sleep, make
        case reuse(LineBatch<Prepared>)
        case destroy(LineBatch<Prepared>)
        case prepare(LineBatch<Prepared>, Int)
    }

    private let lock = Mutex(State())
    private let consumerWake = DispatchSemaphore(value: 0)
    private let workerWake = DispatchSemaphore(value: 0)
    private let workersDone = DispatchGroup()
    private let reader: JournalReader
    private let byteRange: Range<Int64>?
    private let linesPerChunk: Int
    private let linesPerBlock: Int
    private let prepare: Prepare

    init(reader: JournalReader, byteRange: Range<Int64>?, linesPerChunk: Int, linesPerBlock: Int, prepare: @escaping Prepare) {
        self.reader = reader
        self.byteRange = byteRange
        self.linesPerChunk = linesPerChunk
        self.linesPerBlock = linesPerBlock
        self.prepare = prepare
    }

    /// Starts the reading worker and `preparingWorkers` workers that only prepare.
    func start(preparingWorkers: Int) {
        DispatchQueue.global().async(group: workersDone) { self.readAndPrepare() }
        for _ in 0..<preparingWorkers {
            DispatchQueue.global().async(group: workersDone) { self.prepareUntilStopped() }
        }
    }

    // MARK: The calling thread

    /// The oldest published batch not consumed; nil once the input ended and every batch was consumed.
    func nextPublishedBatch() -> LineBatch<Prepared>? {
        while true {
            let next: LineBatch<Prepared>?? = lock.withLock { state in
                if !state.published.isEmpty { return .some(state.published.removeFirst()) }
                if state.inputEnd != nil { return .some(nil) }
                state.consumerIsWaiting = true
                return nil
            }
            if let next { return next }
            consumerWake.wait()
        }
    }

    /// Returns once `block` of `batch` is prepared, preparing the lowest unclaimed block (this one, or
    /// one further on) meanwhile rather than waiting.
    func waitUntilPrepared(_ batch: LineBatch<Prepared>, block: Int) {
        while true {
            let step: Step = lock.withLock { state in
                if batch.isDone(block) { return .ready }
                if let (claimed, claimedBlock) = Self.claim(&state) { return .prepare(claimed, claimedBlock) }
                state.consumerIsWaiting = true
                return .wait
            }
            switch step {
            case .ready: return
            case .prepare(let claimed, let claimedBlock): prepareClaimed(claimed, block: claimedBlock)
            case .wait: consumerWake.wait()
            default: preconditionFailure("not a step of the calling thread")
            }
        }
    }

    /// Hands a consumed batch back to the reader (which destroys its values before refilling it).
    func retire(_ batch: LineBatch<Prepared>) {
        let sleepers = lock.withLock { state in
            state.retired.append(batch)
            return Self.takeSleepingWorkers(&state)
        }
        wakeWorkers(sleepers)
    }

    /// Stops the workers, waits for them, destroys every value not consumed and returns how the
    /// input ended (a consumer failure may stop the reader before it ended: then `finished`
    /// with an empty summary, which the caller does not read).
    @discardableResult
    func shutDown() -> PipelineInputEnd {
        let sleepers = lock.withLock { state in
            state.stopping = true
            return Self.takeSleepingWorkers(&state)
        }
        wakeWorkers(sleepers)
        workersDone.wait()
        let (end, batches) = lock.withLock { state in
            (state.inputEnd ?? .finished(JournalScanSummary(lineCount: 0, completeEndByteOffset: 0, tornTail: nil)), state.all)
        }
        // The last chunks' values are destroyed on another thread, as the reader would have.
        let leftover = UncheckedSendable(value: batches)
        DispatchQueue.global().async { for batch in leftover.value { batch.destroyPrepared() } }
        return end
    }

    // MARK: The workers

    /// The reading worker: reads the file into chunks and publishes them; between chunks (when
    /// every chunk is in use) and after the end, prepares blocks.
    private func readAndPrepare() {
        var filling: LineBatch<Prepared>?
        let end: PipelineInputEnd
        do {
            let summary = try reader.forEachLine(in: byteRange) { line, location in
                if filling == nil { filling = try batchToFill() }
                filling!.append(line, location: location)
                if filling!.count == linesPerChunk {
                    publish(filling!)
                    filling = nil
                }
            }
            end = .finished(summary)
        } catch is PipelineStopped {
            return
        } catch {
            end = .failed(error)
        }
        if let filling, filling.count > 0 { publish(filling) }
        let consumerIsWaiting = lock.withLock { state in
            state.inputEnd = end
            return Self.takeConsumerIsWaiting(&state)
        }
        if consumerIsWaiting { consumerWake.signal() }
        prepareUntilStopped()
    }

    /// A batch to read lines into: a free one, a retired one (its values destroyed first) or a new
    /// one while fewer than `chunksInFlight` exist; otherwise prepares a block, or sleeps, until one is.
    /// Throws `PipelineStopped` once the calling thread stopped.
    private func batchToFill() throws(PipelineStopped) -> LineBatch<Prepared> {
        while true {
            let step: Step = lock.withLock { state in
                if state.stopping { return .stop }
                if let batch = state.free.popLast() { return .reuse(batch) }
                if !state.retired.isEmpty { return .destroy(state.retired.removeFirst()) }
                if state.all.count < JournalLinePipeline.chunksInFlight { return .make }
                if let (batch, block) = Self.claim(&state) { return .prepare(batch, block) }
                state.sleepingWorkers += 1
                return .sleep
            }
            switch step {
            case .stop: throw PipelineStopped()
            case .reuse(let batch): return batch
            case .destroy(let batch):
                batch.destroyPrepared()
                batch.removeAll()
                return batch
            case .make:
                let batch = LineBatch<Prepared>(capacity: linesPerChunk, linesPerBlock: linesPerBlock)
                lock.withLock { $0.all.append(batch) }
                return batch
            case .prepare(let batch, let block): prepareClaimed(batch, block: block)
            case .sleep: workerWake.wait()
            default: preconditionFailure("not a step of the reader")
            }
        }
    }

    /// Makes a filled batch's blocks claimable and hands it to the calling thread.
    private func publish(_ batch: LineBatch<Prepared>) {
        batch.resetClaims()
        let (consumerIsWaiting, sleepers) = lock.withLock { state in
            state.published.append(batch)
            state.unclaimed.append(batch)
            return (Self.takeConsumerIsWaiting(&state), Self.takeSleepingWorkers(&state))
        }
        if consumerIsWaiting { consumerWake.signal() }
        wakeWorkers(sleepers)
    }

    /// Prepares blocks while any are unclaimed, and destroys retired batches' values after the end
    /// of the input; sleeps otherwise, until the calling thread stops.
    private func prepareUntilStopped() {
        while true {
            let step: Step = lock.withLock { state in
                if state.stopping { return .stop }
                if let (batch, block) = Self.claim(&state) { return .prepare(batch, block) }
                if state.inputEnd != nil, !state.retired.isEmpty {
                    let batch = state.retired.removeFirst()
                    return .destroy(batch)
                }
                state.sleepingWorkers += 1
                return .sleep
            }
            switch step {
            case .stop: return
            case .prepare(let batch, let block): prepareClaimed(batch, block: block)
            case .destroy(let batch):
                batch.destroyPrepared()
                batch.removeAll()
                lock.withLock { $0.free.append(batch) }
            case .sleep: workerWake.wait()
            default: preconditionFailure("not a step of a preparing worker")
            }
        }
    }

    // MARK: Shared steps

    /// Claims the lowest unclaimed block of the oldest published batch that has one. A batch leaves
    /// `unclaimed` with its last block's claim, so that one consumed and refilled is never claimed
    /// from while it is being filled.
    private static func claim(_ state: inout State) -> (LineBatch<Prepared>, Int)? {
        guard let first = state.unclaimed.first, let block = first.claimNextBlock() else { return nil }
        if first.isFullyClaimed { state.unclaimed.removeFirst() }
        return (first, block)
    }

    /// Prepares a claimed block and marks it done (waking the calling thread if it waits).
    private func prepareClaimed(_ batch: LineBatch<Prepared>, block: Int) {
        batch.prepare(block: block, prepare)
        let consumerIsWaiting = lock.withLock { state in
            batch.markDone(block)
            return Self.takeConsumerIsWaiting(&state)
        }
        if consumerIsWaiting { consumerWake.signal() }
    }

    private static func takeConsumerIsWaiting(_ state: inout State) -> Bool {
        defer { state.consumerIsWaiting = false }
        return state.consumerIsWaiting
    }

    private static func takeSleepingWorkers(_ state: inout State) -> Int {
        defer { state.sleepingWorkers = 0 }
        return state.sleepingWorkers
    }

    private func wakeWorkers(_ count: Int) {
        for _ in 0..<count { workerWake.signal() }
    }
}

/// Thrown inside the reader's loop when the calling thread stopped (a consumer error).
struct PipelineStopped: Error {}

/// A chunk of lines copied out of the read buffer, and their prepared values.
///
/// Its lines are written by the reading worker before it is published; each block's values by the
/// thread that claimed it; claims and done marks only under the pipeline's lock. Hence
/// `@unchecked Sendable`. Its state lives in raw memory held by `let`s: a class's `var`s are
/// checked for exclusive access at run time on every access, which cost the calling thread about
/// 460 instructions a line (appending the line, reading its location, taking its value).
final class LineBatch<Prepared: Sendable>: @unchecked Sendable {
    /// One line: where its bytes lie in `State.bytes`, and where it lies in the file.
    private struct Line {
        var start: Int
        var end: Int
        var location: JournalLineLocation
    }

    /// The counts and the byte buffer, which `append` grows.
    private struct State {
        var bytes: UnsafeMutableRawPointer
        var byteCapacity: Int
        var byteCount = 0
        var lineCount = 0
        /// Blocks `[0, claimedBlocks)` were claimed by a thread that prepares them.
        var claimedBlocks = 0
        /// Values taken (moved out) by `takePrepared`: slots `[0, takenCount)` are uninitialized.
        var takenCount = 0
    }

    /// Bytes a new batch reserves for its lines' bytes (doubled whenever a line does not fit).
    static var initialByteCapacity: Int { 1 << 20 }

    private let state: UnsafeMutablePointer<State>
    private let lines: UnsafeMutablePointer<Line>
    private let prepared: UnsafeMutablePointer<Prepared>
    /// Whether each block's values are initialized.
    private let done: UnsafeMutablePointer<Bool>
    private let capacity: Int
    private let linesPerBlock: Int

    init(capacity: Int, linesPerBlock: Int) {
        self.capacity = capacity
        self.linesPerBlock = linesPerBlock
        prepared = .allocate(capacity: capacity)
        lines = .allocate(capacity: capacity)
        let blockCapacity = (capacity + linesPerBlock - 1) / linesPerBlock
        done = .allocate(capacity: blockCapacity)
        done.initialize(repeating: false, count: blockCapacity)
        state = .allocate(capacity: 1)
        state.initialize(to: State(bytes: .allocate(byteCount: Self.initialByteCapacity, alignment: 16),
                                   byteCapacity: Self.initialByteCapacity))
    }

    deinit {
        destroyPrepared()
        prepared.deallocate()
        lines.deallocate()
        done.deallocate()
        state.pointee.bytes.deallocate()
        state.deallocate()
    }

    var count: Int { state.pointee.lineCount }

    var blockCount: Int { (state.pointee.lineCount + linesPerBlock - 1) / linesPerBlock }

    /// The indices of the lines of `block`.
    func lines(ofBlock block: Int) -> Range<Int> {
        block * linesPerBlock..<min(state.pointee.lineCount, (block + 1) * linesPerBlock)
    }

    func append(_ line: UnsafeRawBufferPointer, location: JournalLineLocation) {
        precondition(state.pointee.lineCount < capacity, "batch is full")
        let start = state.pointee.byteCount
        let end = start + line.count
        if end > state.pointee.byteCapacity { grow(toHold: end) }
        if let source = line.baseAddress { (state.pointee.bytes + start).copyMemory(from: source, byteCount: line.count) }
        lines[state.pointee.lineCount] = Line(start: start, end: end, location: location)
        state.pointee.lineCount += 1
        state.pointee.byteCount = end
    }

    /// Moves the bytes into a buffer of at least twice the size that holds `byteCount` bytes.
    private func grow(toHold byteCount: Int) {
        var newCapacity = state.pointee.byteCapacity * 2
        while newCapacity < byteCount { newCapacity *= 2 }
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        bytes.copyMemory(from: state.pointee.bytes, byteCount: state.pointee.byteCount)
        state.pointee.bytes.deallocate()
        state.pointee.bytes = bytes
        state.pointee.byteCapacity = newCapacity
    }

    func location(at index: Int) -> JournalLineLocation { lines[index].location }

    // Claims and done marks: under the pipeline's lock.

    /// Makes every block of the (filled) batch claimable again.
    func resetClaims() { state.pointee.claimedBlocks = 0 }

    /// The lowest block not claimed, now claimed; nil when every block is.
    func claimNextBlock() -> Int? {
        let block = state.pointee.claimedBlocks
        guard block < blockCount else { return nil }
        state.pointee.claimedBlocks = block + 1
        return block
    }

    var isFullyClaimed: Bool { state.pointee.claimedBlocks == blockCount }

    func isDone(_ block: Int) -> Bool { done[block] }

    func markDone(_ block: Int) { done[block] = true }

    /// Prepares the lines of a block this thread claimed into their slots (`prepare` initializes them).
    func prepare(block: Int, _ prepare: (UnsafeRawBufferPointer, JournalLineLocation, UnsafeMutablePointer<Prepared>) -> Void) {
        let bytes = UnsafeRawPointer(state.pointee.bytes)
        for index in lines(ofBlock: block) {
            let line = lines[index]
            prepare(UnsafeRawBufferPointer(start: bytes + line.start, count: line.end - line.start), line.location, prepared + index)
        }
    }

    /// Moves the prepared value of line `index` out; each index is taken once, in order.
    func takePrepared(at index: Int) -> Prepared {
        precondition(index == state.pointee.takenCount && index < state.pointee.lineCount,
                     "prepared values are taken once, in order")
        state.pointee.takenCount += 1
        return (prepared + index).move()
    }

    /// Lends the prepared value of line `index`, where it lies, to `body`, with the line's location.
    func lend(at index: Int, to body: (UnsafeMutablePointer<Prepared>, JournalLineLocation) throws -> Void) rethrows {
        precondition(index >= state.pointee.takenCount && index < state.pointee.lineCount,
                     "only prepared values not taken are lent")
        try body(prepared + index, lines[index].location)
    }

    /// Destroys the values of the blocks marked done that were not taken, and unmarks them. Only
    /// when no other thread prepares a block of this batch.
    func destroyPrepared() {
        let taken = state.pointee.takenCount
        for block in 0..<blockCount where done[block] {
            let range = lines(ofBlock: block).clamped(to: taken..<Int.max)
            if !range.isEmpty { (prepared + range.lowerBound).deinitialize(count: range.count) }
            done[block] = false
        }
        state.pointee.takenCount = 0
    }

    /// Forgets the lines (their values must have been destroyed or taken).
    func removeAll() {
        state.pointee.byteCount = 0
        state.pointee.lineCount = 0
        state.pointee.claimedBlocks = 0
        state.pointee.takenCount = 0
    }
}

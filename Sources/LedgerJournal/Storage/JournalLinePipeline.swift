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
        try run(reader: reader, in: byteRange, linesPerChunk: linesPerChunk, destroysElsewhere: false,
                prepareInto: { line, location, slot in slot.initialize(to: prepare(line, location)) }) { batch, index in
            try consume(batch.takePrepared(at: index), batch.location(at: index))
        }
    }

    /// `run(reader:in:linesPerChunk:prepare:consume:)`, with each value prepared into its slot
    /// (`prepare` must initialize the memory it is given, once) and lent to `consume`
    /// where it lies (a pointer valid only during the call; `consume` may move parts out of the value
    /// but must leave it initialized)
    /// instead of moved out to it, and a chunk's values destroyed together on another core once all
    /// of them were consumed: the calling thread neither copies nor frees them (a generic borrowed
    /// parameter was copied: measured). Throws and costs as that `run`.
    @discardableResult
    public static func run<Prepared: Sendable>(
        reader: JournalReader, in byteRange: Range<Int64>? = nil,
        linesPerChunk: Int = defaultLinesPerChunk,
        preparingInto prepare: @escaping @Sendable (UnsafeRawBufferPointer, JournalLineLocation, UnsafeMutablePointer<Prepared>) -> Void,
        lendingTo consume: (UnsafeMutablePointer<Prepared>, JournalLineLocation) throws -> Void
    ) throws -> JournalScanSummary {
        try run(reader: reader, in: byteRange, linesPerChunk: linesPerChunk, destroysElsewhere: true,
                prepareInto: prepare) { batch, index in
            try batch.lend(at: index, to: consume)
        }
    }

    /// The loop of both `run`s: `consumeOne` hands line `index` of a prepared batch to the consumer;
    /// with `destroysElsewhere` the batch's values are destroyed on another core after the last one.
    private static func run<Prepared: Sendable>(
        reader: JournalReader, in byteRange: Range<Int64>?, linesPerChunk: Int, destroysElsewhere: Bool,
        prepareInto prepare: @escaping @Sendable (UnsafeRawBufferPointer, JournalLineLocation, UnsafeMutablePointer<Prepared>) -> Void,
        consumeOne: (LineBatch<Prepared>, Int) throws -> Void
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
                    try consumeOne(batch, index)
                } catch {
                    throw ConsumerFailure(underlying: error)
                }
            }
            if destroysElsewhere { batch.destroyPreparedElsewhere() }
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
/// workers write disjoint slots, hence `@unchecked Sendable`. Its state lives in raw memory held by
/// `let`s: a class's `var`s are checked for exclusive access at run time on every access, which cost
/// the calling thread about 460 instructions a line (appending the line, reading its location,
/// taking its value).
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
        /// Slots `[takenCount, preparedCount)` hold initialized values.
        var preparedCount = 0
        var takenCount = 0
    }

    /// Bytes a new batch reserves for its lines' bytes (doubled whenever a line does not fit).
    static var initialByteCapacity: Int { 1 << 20 }

    private let state: UnsafeMutablePointer<State>
    private let lines: UnsafeMutablePointer<Line>
    private let prepared: UnsafeMutablePointer<Prepared>
    private let capacity: Int
    /// Entered while the values of the previous use are destroyed on another core
    /// (`destroyPreparedElsewhere`); the slots are written again only after it is left.
    private let destruction = DispatchGroup()

    init(capacity: Int) {
        self.capacity = capacity
        prepared = .allocate(capacity: capacity)
        lines = .allocate(capacity: capacity)
        state = .allocate(capacity: 1)
        state.initialize(to: State(bytes: .allocate(byteCount: Self.initialByteCapacity, alignment: 16),
                                   byteCapacity: Self.initialByteCapacity))
    }

    deinit {
        removeAll()
        destruction.wait()
        prepared.deallocate()
        lines.deallocate()
        state.pointee.bytes.deallocate()
        state.deallocate()
    }

    var count: Int { state.pointee.lineCount }

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

    /// Prepares every line on all cores into its slot (`prepare` initializes it).
    func prepareAll(_ prepare: @Sendable (UnsafeRawBufferPointer, JournalLineLocation, UnsafeMutablePointer<Prepared>) -> Void) {
        let count = state.pointee.lineCount
        guard count > 0 else { return }
        // The slots' previous values may still be being destroyed.
        destruction.wait()
        let workers = max(1, min(System.activeProcessorCount, count / JournalLinePipeline.minimumLinesPerWorker))
        let shared = UncheckedSendable(value: (slots: prepared, lines: lines, bytes: UnsafeRawPointer(state.pointee.bytes)))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let share = (count + workers - 1) / workers
            let start = worker * share
            let end = min(count, start + share)
            guard start < end else { return }
            for index in start..<end {
                let line = shared.value.lines[index]
                let bytes = UnsafeRawBufferPointer(start: shared.value.bytes + line.start, count: line.end - line.start)
                prepare(bytes, line.location, shared.value.slots + index)
            }
        }
        state.pointee.preparedCount = count
    }

    /// Moves the prepared value of line `index` out; each index is taken once, in order.
    func takePrepared(at index: Int) -> Prepared {
        precondition(index == state.pointee.takenCount && index < state.pointee.preparedCount,
                     "prepared values are taken once, in order")
        state.pointee.takenCount += 1
        return (prepared + index).move()
    }

    /// Lends the prepared value of line `index`, where it lies, to `body`, with the line's location.
    func lend(at index: Int, to body: (UnsafeMutablePointer<Prepared>, JournalLineLocation) throws -> Void) rethrows {
        precondition(index >= state.pointee.takenCount && index < state.pointee.preparedCount,
                     "only prepared values not taken are lent")
        try body(prepared + index, lines[index].location)
    }

    /// Destroys the prepared values not taken on another core; the slots are reused (by
    /// `prepareAll`) only after that finished.
    func destroyPreparedElsewhere() {
        let first = state.pointee.takenCount
        let count = state.pointee.preparedCount - first
        state.pointee.preparedCount = 0
        state.pointee.takenCount = 0
        guard count > 0 else { return }
        let values = UncheckedSendable(value: prepared + first)
        DispatchQueue.global().async(group: destruction) { values.value.deinitialize(count: count) }
    }

    /// Forgets the lines and destroys the prepared values not taken.
    func removeAll() {
        let taken = state.pointee.takenCount
        let preparedCount = state.pointee.preparedCount
        if taken < preparedCount {
            (prepared + taken).deinitialize(count: preparedCount - taken)
        }
        state.pointee.preparedCount = 0
        state.pointee.takenCount = 0
        state.pointee.byteCount = 0
        state.pointee.lineCount = 0
    }
}

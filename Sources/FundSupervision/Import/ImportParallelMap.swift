// ImportParallelMap: the per-row steps of an import (mapping a row, encoding an event's body) are
// pure, so a large sheet's rows are processed in chunks on all cores; the results keep row order.
import Dispatch

/// Maps the rows of a sheet in order, on all cores when there are many.
enum ImportParallelMap {
    /// Rows per task; fewer than two tasks' worth are mapped on the calling thread.
    static let chunkCount = 256

    /// `items.map(transform)`, computed in chunks on all cores for a large input. `transform` must be
    /// pure (it runs on several threads at once).
    static func map<Item: Sendable, Result>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result] {
        guard items.count >= 2 * chunkCount else { return items.map(transform) }
        let taskCount = (items.count + chunkCount - 1) / chunkCount
        return [Result](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            // Each task initializes its own disjoint range of the buffer.
            nonisolated(unsafe) let output = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: taskCount) { task in
                let first = task * chunkCount
                for index in first..<min(first + chunkCount, items.count) {
                    (output + index).initialize(to: transform(items[index]))
                }
            }
            initialized = items.count
        }
    }
}

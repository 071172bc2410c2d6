// Report.release(elsewhere:): what a report was made from is freed on another thread, exactly once,
// and the caller keeps no reference that could make it free it itself.
// Method: values whose deinit records the freeing thread and counts; waits are bounded, nothing is timed.
import Foundation
@testable import FundSupervision
import Synchronization
import Testing

@Suite("Freeing on another thread")
struct ReleaseElsewhereTests {
    /// Where and how often `Tracked` values were freed.
    final class Frees: Sendable {
        let record = Mutex<(count: Int, onCaller: Int)>((0, 0))
        let caller: pthread_t

        init() { caller = pthread_self() }
    }

    final class Tracked: Sendable {
        let frees: Frees
        init(_ frees: Frees) { self.frees = frees }
        deinit {
            let onCaller = pthread_equal(pthread_self(), frees.caller) != 0
            frees.record.withLock { $0.count += 1; $0.onCaller += onCaller ? 1 : 0 }
        }
    }

    static func waitForFrees(_ frees: Frees, count: Int) {
        var spins = 0
        while frees.record.withLock({ $0.count }) < count, spins < 10_000 {
            usleep(1_000)
            spins += 1
        }
    }

    @Test("each value is freed once, never on the calling thread, whether the other thread runs first or not")
    func freedOnceElsewhere() {
        let frees = Frees()
        // Many values in a row: with a captured copy, the caller's own release would come last for
        // some of them (the other thread is often done first) and free them here.
        for _ in 0..<200 {
            Report.release(elsewhere: [Tracked(frees), Tracked(frees)])
        }
        Self.waitForFrees(frees, count: 400)
        let record = frees.record.withLock { $0 }
        #expect(record.count == 400)
        #expect(record.onCaller == 0)
    }

    @Test("takeFlagRecords returns flagRecords' records and leaves the rules empty")
    func takeFlagRecordsKeepsRecords() throws {
        let path = DemoJournalFixture.repositoryJournalDirectory + "/" + DemoJournal.journalFileName
        var replay = try SupervisionReplay.replay(journalPath: path)
        let expected = replay.flagRecords()
        #expect(!expected.isEmpty)
        #expect(replay.takeFlagRecords() == expected)
        #expect(replay.flagRecords().isEmpty)
    }
}

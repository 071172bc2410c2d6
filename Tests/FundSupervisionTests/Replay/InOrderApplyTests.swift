// The in-order half of replay: `SupervisionReplay.apply(preparedAt:lookingUpIn:)` reads a prepared
// entry where it lies in its chunk and must leave it as it found it, so that the chunk's values are
// destroyed (their texts released and freed) by the thread that prepared them.
// Goal: after applying, every slot still holds its rule event and context, equal to what was
// prepared; applying in place raises the same flags, entry by entry, and ends with the same
// projection, monthly totals and flag records as applying copies of the entries.
// Method: the synthetic journal (3,000 entries with planted anomalies) and the demo journal (a
// policy.set, a reversal, dispositions, journal-layer entries), each line prepared as replay does.
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("In-order apply")
struct InOrderApplyTests {
    @Test("applying in place leaves each entry's rule event and context in its slot, and flags as applying copies")
    func applyLeavesTheSlotAsItFoundIt() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-inorder")
        defer { scratch.remove() }
        var decoded = 0
        var flagged = 0
        var layerEntries = 0
        for path in try PaymentKeysTests.journals(in: scratch) {
            let lines = try PaymentKeysTests.lines(ofJournalAt: path)
            let entries = try lines.map { line in try line.withUnsafeBytes { try JournalEntry(canonicalLine: $0) } }
            var inPlace = SupervisionReplay()
            var byValue = SupervisionReplay()
            let slot = UnsafeMutablePointer<SupervisionReplay.PreparedEntry>.allocate(capacity: 1)
            defer { slot.deallocate() }
            for (index, line) in lines.enumerated() {
                line.withUnsafeBytes { SupervisionReplay.PreparedEntry.prepare($0, into: slot) }
                defer { slot.deinitialize(count: 1) }
                let prepared = slot.pointee
                let earlier = EarlierEntries(entries, count: index)
                let flags = inPlace.apply(preparedAt: slot, lookingUpIn: { earlier })
                #expect(flags == byValue.apply(prepared, earlierEntries: earlier), "seq \(index)")
                #expect(slot.pointee.ruleEvent == prepared.ruleEvent, "seq \(index)")
                #expect(slot.pointee.context == prepared.context, "seq \(index)")
                #expect(slot.pointee.entry == prepared.entry, "seq \(index)")
                if prepared.ruleEvent != nil {
                    decoded += 1
                    #expect(slot.pointee.ruleEvent?.paymentKeys?.fundIDHash == prepared.ruleEvent?.paymentKeys?.fundIDHash)
                } else {
                    layerEntries += 1
                }
                flagged += flags.count
            }
            #expect(inPlace.projection.figures == byValue.projection.figures, "\(path)")
            #expect(inPlace.monthlyDisbursements.months == byValue.monthlyDisbursements.months, "\(path)")
            #expect(inPlace.flagRecords() == byValue.flagRecords(), "\(path)")
            #expect(inPlace.flagRecords() == (try SupervisionReplay.replay(journalPath: path).flagRecords()), "\(path)")
        }
        // Both kinds of entry were applied, and some raised flags (the comparison is not of empty lists).
        #expect(decoded > 2_000)
        #expect(layerEntries > 0)
        #expect(flagged > 0)
    }
}

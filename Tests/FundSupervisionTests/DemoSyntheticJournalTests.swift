// `fundledger generate`'s synthetic journals: the same seed gives the same bytes, a different seed
// different ones, the result verifies against its authority key with every fund event valid, and
// the only flags are on the payments planted as anomalies.
//
// Method: small journals (a few thousand entries) written into temporary directories, removed
// after each test.
import Foundation
import LedgerJournal
import LedgerTestSupport
import Testing
import FundSupervision

@Suite("Synthetic journal")
struct DemoSyntheticJournalTests {
    static let eventCount = 3_000

    /// Writes a journal of `eventCount` events into a fresh scratch directory, removed when the
    /// returned `scratch` goes away.
    func write(seed: UInt64) throws -> (scratch: TemporaryDirectory, directory: String, summary: SyntheticJournal.Summary) {
        let scratch = try TemporaryDirectory(prefix: "fundledger-gen")
        let summary = try SyntheticJournal.write(events: Self.eventCount, seed: seed, directory: scratch.path, batchSize: 700)
        return (scratch, scratch.path, summary)
    }

    @Test("the same seed gives the same journal and keys, byte for byte; another seed another journal")
    func deterministic() throws {
        let first = try write(seed: 42)
        let second = try write(seed: 42)
        let other = try write(seed: 43)
        defer { [first, second, other].forEach { $0.scratch.remove() } }
        #expect(first.summary.entryCount == Self.eventCount)
        for name in [SyntheticJournal.journalFileName] + first.summary.keyFileNames {
            let a = try Data(contentsOf: URL(fileURLWithPath: first.directory + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: second.directory + "/" + name))
            #expect(a == b, "\(name) differs between two runs with seed 42")
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: first.summary.journalPath))
        let c = try Data(contentsOf: URL(fileURLWithPath: other.summary.journalPath))
        #expect(a != c)
        let attributes = try FileManager.default.attributesOfItem(atPath: first.directory + "/" + first.summary.keyFileNames[0])
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("a synthetic journal verifies, and only planted payments raise flags")
    func verifiesAndFlagsOnlyPlanted() throws {
        let (scratch, directory, summary) = try write(seed: 7)
        defer { scratch.remove() }
        var options = JournalVerifier.Options()
        options.pinnedAuthority = SyntheticJournal.keys(seed: 7)[0].privateKey.publicKey
        let report = try JournalVerification.verify(path: summary.journalPath, options: options, validator: FlaggingValidator())
        #expect(report.findings.isEmpty, "\(report.findings.prefix(3))")
        #expect(report.entryCount == Self.eventCount)
        let flags = try SupervisionReplay.replay(journalPath: directory + "/" + SyntheticJournal.journalFileName).flagRecords()
        let plantedRules: Set<String> = [AmountOffStandard.descriptor.id, PayeeNotEligible.descriptor.id, PaidTwice.descriptor.id]
        #expect(flags.allSatisfy { plantedRules.contains($0.flag.ruleID) }, "\(flags.map(\.flag.id))")
        #expect(flags.count == summary.plantedAnomalyCount)
    }

    @Test("two whole years of two counties with 40 households each (more than days in a month) verify, flagging only planted payments")
    func wholeYearsVerify() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-gen")
        defer { scratch.remove() }
        // Two years of 2 counties × 40 households × 11 months plus set-up: about 1,900 entries.
        let summary = try SyntheticJournal.write(events: 2_100, seed: 11, directory: scratch.path, batchSize: 500,
                                                 countyLimit: 2, householdsPerCounty: 40)
        var options = JournalVerifier.Options()
        options.pinnedAuthority = SyntheticJournal.keys(seed: 11)[0].privateKey.publicKey
        let report = try JournalVerification.verify(path: summary.journalPath, options: options, validator: FlaggingValidator())
        #expect(report.findings.isEmpty, "\(report.findings.prefix(3))")
        let replay = try SupervisionReplay.replay(journalPath: summary.journalPath)
        let flags = replay.flagRecords()
        let plantedRules: Set<String> = [AmountOffStandard.descriptor.id, PayeeNotEligible.descriptor.id, PaidTwice.descriptor.id]
        #expect(flags.allSatisfy { plantedRules.contains($0.flag.ruleID) }, "\(flags.map(\.flag.id))")
        #expect(flags.count == summary.plantedAnomalyCount)
        // The journal reaches the second year's returns: both counties handed back 2018's balance.
        #expect(summary.entryCount == 2_100)
    }
}

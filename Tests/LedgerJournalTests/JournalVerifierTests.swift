import Foundation
import LedgerCrypto
import Testing
@testable import LedgerJournal

/// Goal: every kind of change to a signed journal is detected and attributed to the right entry.
/// Method: build a small journal with fixed keys, mutate a copy, verify, and check the first finding.
@Suite("Journal verification and tampering")
struct JournalVerifierTests {
    @Test("a freshly written journal verifies, pinned and unpinned")
    func freshJournalVerifies() throws {
        let fixture = try JournalFixture()
        defer { fixture.remove() }
        let report = try fixture.verify()
        #expect(report.isValid, "\(report.findings)")
        #expect(report.entryCount == 6)
        #expect(report.origin == JournalFixture.origin)
        #expect(!report.isAuthorityPinned)
        let pinned = try fixture.verify(pinned: fixture.authority.publicKey)
        #expect(pinned.isValid && pinned.isAuthorityPinned)
    }

    @Test("a pinned authority that differs from the genesis is reported at entry 0")
    func replacedAuthorityIsDetected() throws {
        let fixture = try JournalFixture()
        defer { fixture.remove() }
        let report = try fixture.verify(pinned: fixture.outsider.publicKey)
        #expect(!report.isValid)
        guard case .journal(.authorityMismatch) = report.findings.first?.problem else {
            Issue.record("expected authorityMismatch, got \(report.findings)")
            return
        }
        #expect(report.findings.first?.sequence == 0)
    }

    @Test("flipping any bit of any byte of an entry is caught at that entry")
    func everyByteFlipIsDetected() throws {
        let fixture = try JournalFixture(noteCount: 2)
        defer { fixture.remove() }
        let original = fixture.lines
        let target = 2
        let lineStart = original[0..<target].reduce(0) { $0 + $1.count + 1 }
        let copy = fixture.directory + "/flipped.jsonl"
        for index in 0..<original[target].count {
            var lines = original
            lines[target][index] ^= index % 2 == 0 ? 0x01 : 0x20
            if lines[target][index] == 0x0A { lines[target][index] ^= 0x03 }
            fixture.write(lines: lines, to: copy)
            let report = try fixture.verify(copy)
            #expect(!report.isValid, "flip at byte \(index) of entry \(target) went unnoticed")
            #expect(report.findings.first?.sequence == target, "flip at byte \(index): \(report.findings.first.map { "\($0)" } ?? "none")")
            #expect(report.findings.first?.byteOffset ?? -1 >= lineStart)
        }
    }

    @Test("deleting, duplicating, swapping and inserting lines are each caught at the right entry")
    func lineEditsAreDetected() throws {
        let fixture = try JournalFixture(noteCount: 4)
        defer { fixture.remove() }
        let original = fixture.lines
        let copy = fixture.directory + "/edited.jsonl"
        var deleted = original; deleted.remove(at: 3)
        var duplicated = original; duplicated.insert(original[3], at: 4)
        var swapped = original; swapped.swapAt(3, 4)
        var inserted = original; inserted.insert(original[1], at: 3)
        for (name, lines, expected) in [("deleted", deleted, 3), ("duplicated", duplicated, 4), ("swapped", swapped, 3), ("inserted", inserted, 3)] {
            fixture.write(lines: lines, to: copy)
            let report = try fixture.verify(copy)
            #expect(!report.isValid, "\(name) went unnoticed")
            #expect(report.findings.first?.sequence == expected, "\(name): \(report.findings)")
        }
    }

    @Test("a journal truncated mid-entry reports the torn tail with its byte offset")
    func truncationMidEntryIsDetected() throws {
        let fixture = try JournalFixture()
        defer { fixture.remove() }
        let bytes = fixture.bytes
        let lastStart = bytes.dropLast().lastIndex(of: 0x0A)! + 1
        fixture.write(Array(bytes[0..<(lastStart + 17)]))
        let report = try fixture.verify()
        #expect(!report.isValid)
        guard case .tornTail(let count) = report.findings.first?.problem else {
            Issue.record("expected a torn tail, got \(report.findings)")
            return
        }
        #expect(count == 17)
        #expect(report.findings.first?.byteOffset == lastStart)
    }

    @Test("an entry re-signed by an ungranted key is attributed to that entry")
    func ungrantedSignerIsDetected() throws {
        let fixture = try JournalFixture(noteCount: 2)
        defer { fixture.remove() }
        var lines = fixture.lines
        var entry = try JournalEntry(parsing: CanonicalJSON.parseCanonical(lines[3]))
        try entry.sign(with: fixture.outsider)
        lines[3] = entry.canonicalLine()
        fixture.write(lines: lines)
        let report = try fixture.verify()
        guard case .journal(.signerNotGranted(let sequence, _)) = report.findings.first?.problem else {
            Issue.record("expected signerNotGranted, got \(report.findings)")
            return
        }
        #expect(sequence == 3)
    }

    @Test("a revoked key can no longer sign, and its earlier entries stay valid")
    func revocationTakesEffectAtItsEntry() throws {
        let fixture = try JournalFixture(noteCount: 1)
        defer { fixture.remove() }
        let revoke = EventDraft(id: "revoke-clerk", kind: "key.revoke",
                                body: .object(["public_key": .string(Hex.encode(fixture.clerk.publicKey.rawRepresentation)), "reason": "人员调离"]))
        _ = try JournalAppender.append(path: fixture.path, drafts: [revoke], signer: fixture.authority)
        #expect(throws: JournalError.self) {
            _ = try JournalAppender.append(path: fixture.path, drafts: [JournalFixture.note(9)], signer: fixture.clerk)
        }
        #expect(try fixture.verify().isValid)
    }
}

/// A domain validator that, like the fund rules, requires strictly increasing sequences.
private struct StrictOrderValidator: JournalEventValidator {
    var lastSequence = -1
    mutating func validate(_ candidate: JournalEntry, earlierEntries: any JournalEntryLookup) throws {
        precondition(candidate.sequence > lastSequence, "validator fed out of order")
    }
    mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) {
        precondition(entry.sequence > lastSequence, "validator fed out of order")
        lastSequence = entry.sequence
    }
}

@Suite("Verification with a domain validator")
struct JournalVerifierDomainTests {
    @Test("duplicated, swapped and inserted lines become findings and never reach the domain validator out of order")
    func outOfOrderLinesDoNotReachTheValidator() throws {
        let fixture = try JournalFixture(noteCount: 4)
        defer { fixture.remove() }
        let original = fixture.lines
        var duplicated = original; duplicated.insert(original[3], at: 4)
        var swapped = original; swapped.swapAt(3, 4)
        var inserted = original; inserted.insert(original[1], at: 3)
        for (name, lines) in [("duplicated", duplicated), ("swapped", swapped), ("inserted", inserted)] {
            fixture.write(lines: lines)
            let report = try JournalVerification.verify(path: fixture.path, validator: StrictOrderValidator())
            #expect(!report.isValid, "\(name) went unnoticed")
        }
    }
}

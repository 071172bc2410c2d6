import Dispatch
import LedgerCrypto

/// Checks a journal line by line (docs/FORMAT.md §9): canonical form, `seq`, `prev`, time order,
/// event-id uniqueness, authorization and signatures; optionally a domain validator too.
///
/// Feed it every complete line in order with `consume(line:byteOffset:)`, then call `finish()`.
/// Memory stays bounded: per entry it keeps only a 64-bit fingerprint of the event id and the
/// position where it was first seen (`EventIDFingerprints`); signatures are verified in batches on
/// all cores while the chain is checked in order. An earlier entry that a fingerprint hit or the
/// domain validator needs is read back through `entryLookup` (the journal file); a verifier made
/// without one remembers every entry it consumes instead (for journals held in memory).
public struct JournalVerifier {
    /// What the verifier checks besides the chain.
    public struct Options: Sendable {
        /// The authority public key known out of band; the genesis must name it.
        public var pinnedAuthority: Curve25519.Signing.PublicKey?
        /// Whether to verify Ed25519 signatures (off for `--no-signatures`).
        public var checksSignatures = true
        public init(pinnedAuthority: Curve25519.Signing.PublicKey? = nil, checksSignatures: Bool = true) {
            self.pinnedAuthority = pinnedAuthority
            self.checksSignatures = checksSignatures
        }
    }

    private let options: Options
    private var validator: (any JournalEventValidator)?
    private var report = VerificationReport()
    private var registry = KeyRegistry()
    private var previousHash = EntryHash.zero
    private var previousTime: Timestamp?
    private var eventIDs: EventIDFingerprints
    // Whether `eventIDs` uses the default fingerprint, which `prepare` computes on the preparing threads.
    private var precomputesIDFingerprints = false
    private let entryLookup: (any JournalEntryLookup)?
    // Without `entryLookup`: every in-sequence entry consumed, by sequence.
    private var rememberedEntries: [JournalEntry] = []
    private var pendingSignatures: [SignatureJob] = []
    private var tree = MerkleFrontier()

    /// Signatures are verified in groups of this many, spread over all cores.
    static let signatureBatchSize = 4096

    /// Creates a verifier; `validator` (the domain layer) sees every entry that passes the journal checks.
    /// `entryLookup` reads earlier entries back from the journal being verified (a
    /// `JournalLineLookup` over the same file, limited to the size being verified); without it the
    /// verifier keeps every entry in memory.
    public init(options: Options = Options(), validator: (any JournalEventValidator)? = nil,
                entryLookup: (any JournalEntryLookup)? = nil) {
        self.init(options: options, validator: validator, entryLookup: entryLookup,
                  idFingerprint: EventIDFingerprints.sha256Prefix)
        precomputesIDFingerprints = true
    }

    /// A verifier with the event-id fingerprint function replaced (tests force collisions with it).
    package init(options: Options, validator: (any JournalEventValidator)?, entryLookup: (any JournalEntryLookup)?,
                 idFingerprint: @escaping ([UInt8]) -> UInt64) {
        self.options = options
        self.validator = validator
        self.entryLookup = entryLookup
        eventIDs = EventIDFingerprints(fingerprint: idFingerprint)
        report.checkedSignatures = options.checksSignatures
        report.isAuthorityPinned = options.pinnedAuthority != nil
    }

    /// What can be computed from one line alone, in parallel with other lines: its leaf hash, its
    /// parsed envelope (or why it does not parse) and the message its signature covers.
    public struct PreparedLine: Sendable {
        let leafHash: EntryHash
        let byteOffset: Int
        let parsed: Result<JournalEntry, JournalError>
        let signedMessage: [UInt8]
        /// `EventIDFingerprints.sha256Prefix` of the entry's id (0 when it did not parse), hashed
        /// here so that the in-order thread does not.
        let idFingerprint: UInt64

        consuming func takeParts() -> (EntryHash, Int, Result<JournalEntry, JournalError>, [UInt8], UInt64) {
            (leafHash, byteOffset, parsed, signedMessage, idFingerprint)
        }
    }

    /// Parses and hashes one line; pure, so lines can be prepared on several cores.
    ///
    /// Without `needsBody` (no domain validator) only journal-layer bodies, which the key registry
    /// reads, are built; the others are validated in place and the entry carries `.null`.
    public static func prepare(line: UnsafeRawBufferPointer, byteOffset: Int, position: Int, needsSignedMessage: Bool,
                               needsBody: Bool = true) -> PreparedLine {
        let leafHash = EntryHash.ofLine(line)
        let parsed: Result<JournalEntry, JournalError>
        var message: [UInt8] = []
        var idFingerprint: UInt64 = 0
        if let scanned = CanonicalEntryScanner.scan(line, buildsBody: needsBody,
                                                    buildsBodyOfKind: KeyRegistry.readsBody(ofKind:)) {
            // The fast path accepts only what the strict path below accepts (same fields).
            if needsSignedMessage { message = signedMessage(ofCanonicalLine: line) }
            return PreparedLine(leafHash: leafHash, byteOffset: byteOffset, parsed: .success(scanned.entry),
                                signedMessage: message,
                                idFingerprint: EventIDFingerprints.sha256Prefix(utf8: scanned.entry.id))
        }
        do {
            let value = try CanonicalJSON.parseCanonical(line)
            do {
                let entry = try JournalEntry(parsing: value)
                parsed = .success(entry)
                idFingerprint = EventIDFingerprints.sha256Prefix(utf8: entry.id)
                if needsSignedMessage { message = signedMessage(ofCanonicalLine: line) }
            } catch {
                parsed = .failure(error)
            }
        } catch {
            parsed = .failure(.notCanonicalJSON(sequence: position, byteOffset: byteOffset + error.byteOffset,
                                                reason: "\(error.reason)"))
        }
        return PreparedLine(leafHash: leafHash, byteOffset: byteOffset, parsed: parsed, signedMessage: message,
                            idFingerprint: idFingerprint)
    }

    /// Checks one complete line (without its line feed) that starts at `byteOffset` in the file.
    public mutating func consume(line: UnsafeRawBufferPointer, byteOffset: Int) {
        consume(Self.prepare(line: line, byteOffset: byteOffset, position: report.entryCount,
                             needsSignedMessage: options.checksSignatures, needsBody: needsBodies))
    }

    /// Whether prepared lines need their signed message (signatures are checked).
    public var needsSignedMessages: Bool { options.checksSignatures }
    /// Whether prepared lines need every entry's body (a domain validator reads them).
    public var needsBodies: Bool { validator != nil }
    /// The number of lines consumed so far (the position of the next line).
    public var consumedLineCount: Int { report.entryCount }

    /// Checks one prepared line, in file order.
    public mutating func consume(_ prepared: consuming PreparedLine) {
        // Taken apart rather than read in place: matching the entry out of a borrowed line copied
        // it (a retain and release of each of its strings per line).
        let (leafHash, byteOffset, parsed, signedMessage, idFingerprint) = prepared.takeParts()
        let lineNumber = report.entryCount + 1
        let position = report.entryCount
        report.entryCount += 1
        _ = tree.append(leafHash: leafHash)
        defer {
            previousHash = leafHash
            report.headHash = leafHash
        }
        switch consume parsed {
        case .success(let entry):
            check(entry, byteOffset: byteOffset, signedMessage: signedMessage, idFingerprint: idFingerprint,
                  position: position, lineNumber: lineNumber)
        case .failure(let error):
            addFinding(VerificationFinding(sequence: position, lineNumber: lineNumber, byteOffset: byteOffset,
                                           problem: .journal(error)))
        }
    }

    private mutating func check(_ entry: borrowing JournalEntry, byteOffset: Int, signedMessage: [UInt8],
                                idFingerprint: UInt64, position: Int, lineNumber: Int) {
        func record(_ error: JournalError, sequence: Int? = position) {
            addFinding(VerificationFinding(sequence: sequence, lineNumber: lineNumber, byteOffset: byteOffset,
                                           problem: .journal(error)))
        }
        let isInSequence = entry.sequence == position
        if !isInSequence {
            record(.sequenceMismatch(expected: position, found: entry.sequence))
        }
        if entry.previousHash != previousHash {
            record(.previousHashMismatch(sequence: position, expected: previousHash.hex, found: entry.previousHash.hex))
        }
        if let previousTime, entry.time < previousTime {
            record(.timeWentBackwards(sequence: position, previous: previousTime.rfc3339, found: entry.time.rfc3339))
        }
        previousTime = entry.time
        report.lastTime = entry.time
        if entryLookup == nil, isInSequence { rememberedEntries.append(copy entry) }
        // Ids are compared byte for byte (Swift's String equality would merge canonically
        // equivalent spellings, which are different ids on the wire). A fingerprint hit is
        // confirmed by reading the earlier entry back.
        let id = entry.id
        let idFingerprint = precomputesIDFingerprints ? idFingerprint : eventIDs.fingerprint(Array(id.utf8))
        let lookup = entryLookup, remembered = rememberedEntries
        if let first = eventIDs.firstPosition(ofDuplicateWithFingerprint: idFingerprint, id: { Array(id.utf8) },
                                              at: position, idAt: { earlier in
            let earlierEntries = EarlierEntries(lookup ?? (remembered as any JournalEntryLookup), count: position)
            guard let found = try? earlierEntries.entry(atSequence: earlier) else { return nil }
            return Array(found.id.utf8)
        }) {
            record(.duplicateEventID(sequence: position, id: entry.id, firstSequence: first))
        }
        if position == 0, let pinned = options.pinnedAuthority,
           let named = entry.body["authority"]?.stringValue,
           named != Hex.encode(pinned.rawRepresentation) {
            record(.authorityMismatch(pinned: Hex.encode(pinned.rawRepresentation), found: named))
        }
        do {
            try registry.authorize(entry)
        } catch {
            record(error)
            return
        }
        if options.checksSignatures {
            if let key = registry.signingKey(for: entry) {
                pendingSignatures.append(SignatureJob(
                    key: key, message: signedMessage, signature: entry.signature,
                    sequence: position, lineNumber: lineNumber, byteOffset: byteOffset, signer: entry.signerKeyID))
                if pendingSignatures.count >= Self.signatureBatchSize { flushSignatures() }
            } else {
                record(.signerNotGranted(sequence: position, signer: entry.signerKeyID))
            }
        }
        do {
            try registry.apply(entry)
        } catch {
            record(error)
            return
        }
        if position == 0 {
            report.origin = registry.origin
            report.genesisAuthorityHex = registry.authority.map { Hex.encode($0.rawRepresentation) }
        }
        // The domain validator sees only entries in sequence: a duplicated, swapped or inserted line is
        // already a finding, and replaying it would feed the fund rules an impossible history.
        // Taken out while mutated so that its storage stays uniquely referenced (no copy per entry).
        if isInSequence, var validator = validator.take() {
            let earlierEntries = earlierEntries(count: position)
            let entry = copy entry
            do {
                try validator.validate(entry, earlierEntries: earlierEntries)
                validator.apply(entry, earlierEntries: earlierEntries)
            } catch {
                addFinding(VerificationFinding(sequence: position, lineNumber: lineNumber, byteOffset: byteOffset,
                                               problem: .refusedByValidator(reason: "\(error)"),
                                               refusal: error))
                validator.apply(entry, earlierEntries: earlierEntries)
            }
            self.validator = validator
        }
    }

    /// The entries before `count`, read back from the journal or remembered.
    private func earlierEntries(count: Int) -> EarlierEntries {
        EarlierEntries(entryLookup ?? (rememberedEntries as any JournalEntryLookup), count: count)
    }

    /// Records bytes at the end of the file that do not form a complete line.
    public mutating func noteTornTail(byteOffset: Int, byteCount: Int) {
        addFinding(VerificationFinding(sequence: nil, lineNumber: report.entryCount + 1, byteOffset: byteOffset,
                                       problem: .tornTail(byteCount: byteCount)))
    }

    /// Records a line that exceeds the length limit (it is not parsed).
    public mutating func noteOverlongLine(byteOffset: Int, byteCount: Int) {
        report.entryCount += 1
        addFinding(VerificationFinding(sequence: report.entryCount - 1, lineNumber: report.entryCount,
                                       byteOffset: byteOffset, problem: .lineTooLong(byteCount: byteCount)))
    }

    /// Verifies outstanding signatures and returns the report, findings sorted by position.
    public mutating func finish() -> VerificationReport {
        flushSignatures()
        report.findings.sort { ($0.byteOffset, $0.lineNumber) < ($1.byteOffset, $1.lineNumber) }
        report.rootHash = tree.rootHash.bytes
        report.authorityHex = registry.authority.map { Hex.encode($0.rawRepresentation) }
        if report.entryCount == 0 {
            report.headHash = .zero
        }
        return report
    }

    /// The validator's state after the last entry (for reports built during verification).
    public var currentValidator: (any JournalEventValidator)? { validator }
    /// The trust state after the last entry.
    public var currentRegistry: KeyRegistry { registry }

    private mutating func addFinding(_ finding: VerificationFinding) {
        if report.findings.count < VerificationReport.maximumFindingCount {
            report.findings.append(finding)
        } else {
            report.findingsTruncated = true
        }
    }

    private mutating func flushSignatures() {
        guard !pendingSignatures.isEmpty else { return }
        let jobs = pendingSignatures
        pendingSignatures.removeAll(keepingCapacity: true)
        let failures = SignatureJob.verifyInParallel(jobs)
        for job in failures {
            addFinding(VerificationFinding(sequence: job.sequence, lineNumber: job.lineNumber, byteOffset: job.byteOffset,
                                           problem: .journal(.badSignature(sequence: job.sequence, signer: job.signer))))
        }
    }

    /// The signed message of a line that is known to be canonical: the domain prefix followed by the
    /// line without its `,"sig":"…"` member.
    ///
    /// In canonical order `sig` is followed only by `signer` (16 hex digits) and `time` (20 characters),
    /// so the member sits at a fixed distance from the end of the line: removing those bytes yields the
    /// canonical encoding of the entry without `sig`, with no re-encoding.
    static func signedMessage(ofCanonicalLine line: UnsafeRawBufferPointer) -> [UInt8] {
        // ,"sig":"<128 hex>"  then  ,"signer":"<16 hex>","time":"<20 chars>"}
        let signatureMemberLength = 8 + 128 + 1
        let tailLength = 11 + 16 + 1 + 9 + 20 + 2
        var message = JournalEntry.signatureDomain
        message.reserveCapacity(message.count + line.count - signatureMemberLength)
        let signatureStart = line.count - tailLength - signatureMemberLength
        message.append(contentsOf: line[0..<signatureStart])
        message.append(contentsOf: line[(signatureStart + signatureMemberLength)...])
        return message
    }
}

/// One signature to check, with where to report it.
struct SignatureJob: Sendable {
    var key: Curve25519.Signing.PublicKey
    var message: [UInt8]
    var signature: [UInt8]
    var sequence: Int
    var lineNumber: Int
    var byteOffset: Int
    var signer: String

    /// Verifies all jobs on all cores; returns the ones that failed, in order.
    ///
    /// Each core checks its share as one Ed25519 batch (a random linear combination with a
    /// multi-scalar multiplication); only a batch that fails is re-checked signature by signature to
    /// name the bad ones. Batch and single verification accept exactly the same signatures.
    static func verifyInParallel(_ jobs: [SignatureJob]) -> [SignatureJob] {
        let workerCount = max(1, min(System.activeProcessorCount, jobs.count / 64 + 1))
        let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: jobs.count)
        defer { results.deallocate() }
        results.initialize(repeating: false)
        let sharedResults = UncheckedSendableBuffer(buffer: results)
        jobs.withUnsafeBufferPointer { jobBuffer in
            let sharedJobs = UncheckedSendableJobs(buffer: jobBuffer)
            DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
                let chunk = (sharedJobs.buffer.count + workerCount - 1) / workerCount
                let start = worker * chunk
                let end = min(sharedJobs.buffer.count, start + chunk)
                guard start < end else { return }
                var batch = Ed25519BatchVerifier()
                for index in start..<end {
                    let job = sharedJobs.buffer[index]
                    batch.add(job.signature, for: job.message, publicKey: job.key)
                }
                if batch.verifyAll() {
                    for index in start..<end { sharedResults.buffer[index] = true }
                    return
                }
                for index in start..<end {
                    let job = sharedJobs.buffer[index]
                    sharedResults.buffer[index] = job.key.isValidSignature(job.signature, for: job.message)
                }
            }
        }
        return jobs.indices.filter { !results[$0] }.map { jobs[$0] }
    }
}

/// Each worker writes a disjoint range of the buffer, so sharing it across threads is safe.
private struct UncheckedSendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Bool>
}
private struct UncheckedSendableJobs: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<SignatureJob>
}

/// The number of processors to use for parallel verification.
enum System {
    static var activeProcessorCount: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return max(1, Int(sysconf(_SC_NPROCESSORS_ONLN)))
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

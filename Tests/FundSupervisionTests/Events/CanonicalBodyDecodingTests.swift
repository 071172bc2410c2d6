// The fast path of payment decoding (`FundDisbursement(canonicalLine:bodyRange:)`, a byte-level walk
// over the canonical body) against the strict decoder (`FundEvent(kind:body:entryID:)` on the parsed
// body).
// Goal: the fast path never accepts a body the strict decoder refuses, and whatever it accepts it
// decodes to the same payment; it does accept the plain payments journals are made of (else replay
// would gain nothing). Method: the sample payment and every payment refusal of
// FundEventDecodingTests, hand-made variants (escapes, optional members, other payee kinds), every
// payment of the demo journal and of a generated journal, then seeded byte mutations of those lines
// with LedgerTestSupport's FuzzMutator (seed printed on failure). The texts the fast path takes from
// the thread's DecodedTextCache are checked against texts made afresh, with their hash values, and
// the cache alone on seeded random texts past its bounds.
import Foundation
import LedgerCrypto
import LedgerJournal
import LedgerTestSupport
import Testing
@testable import FundSupervision

@Suite("Payment decoding from the canonical line")
struct CanonicalBodyDecodingTests {
    /// What the strict decoder makes of `line`'s payment; nil when the line is no valid entry.
    static func strict(_ line: [UInt8]) -> InPlaceDecodingTests.Outcome? {
        let outcome = InPlaceDecodingTests.decodeParsed(line)
        return outcome == .notScanned ? nil : outcome
    }

    /// The fast path's payment for `line`; nil when the scanner refuses the line or the fast path
    /// leaves the body to the strict decoder.
    static func fast(_ line: [UInt8]) -> FundDisbursement? {
        line.withUnsafeBytes { buffer in
            guard let scanned = CanonicalEntryScanner.scan(buffer, buildsBody: false),
                scanned.entry.kind == FundEventKind.fundDisburse.rawValue
            else { return nil }
            guard let decoded = FundDisbursement.decode(canonicalLine: buffer, bodyRange: scanned.bodyByteRange,
                                                        textCache: .current)
            else { return nil }
            // The texts' hash values come from the thread's cache and the voucher's fingerprint is
            // hashed from the line's bytes: they are the payment's own.
            #expect(OnePassPaymentTests.haveSameValues(decoded.keys, PaymentKeys(decoded.payment)))
            return decoded.payment
        }
    }

    /// Checks one line: a payment the fast path accepts is the strict decoder's event. Returns
    /// whether the fast path accepted it.
    @discardableResult
    static func expectAgreement(_ line: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let payment = fast(line) else { return false }
        #expect(strict(line) == .event(.disburse(payment)), "\(String(decoding: line, as: UTF8.self))",
                sourceLocation: sourceLocation)
        return true
    }

    static func line(_ body: JSONValue) -> [UInt8] { InPlaceDecodingTests.line(kind: .fundDisburse, body: body) }

    /// Payments that differ from the sample in the members the fast path reads differently.
    static let variants: [JSONValue] = {
        let sample = SampleBodies.disburse
        func with(_ path: String, _ value: JSONValue?) -> JSONValue { SampleBodies.replacing(sample, at: path, with: value) }
        let subsidy = SampleBodies.replacing(with("project_id", nil), at: "category", with: "产业扶贫")
        let household = SampleBodies.replacing(
            subsidy, at: "payee", with: ["kind": "beneficiary", "id": .string(String(repeating: "ab", count: 32))])
        return [
            sample, subsidy, household,
            with("from_pool", false), with("from_pool", nil), with("from_pool", 1), with("from_pool", "true"),
            with("quantity", nil), with("quantity", ["value": 0, "unit": "head"]), with("quantity", ["value": 3, "unit": "mu"]),
            with("quantity", ["value": 3, "unit": "head", "note": "x"]), with("quantity", [3, "head"]),
            with("period_start", nil), with("period_end", nil), with("period_end", "2018-03-31"),
            with("period_end", "2018-02-30"), with("period_start", "2018-4-01"),
            with("labour_fen", nil), with("labour_fen", 19_500_001), with("poor_labour_fen", nil),
            with("poor_labour_fen", 1_950_001), with("amount_fen", 0), with("amount_fen", -5),
            with("amount_fen", .integer(Fen.maximumEventAmount.rawValue)),
            with("amount_fen", .integer(Fen.maximumEventAmount.rawValue + 1)), with("amount_fen", "100"),
            with("county", "000000"), with("county", "14043"), with("county", "14043a"), with("county", 140431),
            with("fund_id", ""), with("fund_id", .string(String(repeating: "F", count: 256))),
            with("fund_id", .string(String(repeating: "F", count: 257))), with("fund_id", "F\u{7F}"),
            with("fund_id", "F\u{85}"), with("fund_id", "F\"5"), with("fund_id", "F\\5"), with("fund_id", "F\n5"),
            with("voucher", "记-2018-\u{0412}"), with("voucher", nil), with("item", nil), with("item", ["道路"]),
            with("payee", ["kind": "beneficiary", "id": "某路桥公司"]),
            with("payee", ["kind": "beneficiary", "id": .string(String(repeating: "AB", count: 32))]),
            with("payee", ["kind": "person", "id": "x"]), with("payee", ["kind": "enterprise"]),
            with("payee", ["kind": "enterprise", "id": "x", "name": "y"]), with("payee", "某路桥公司"),
            with("effective_date", nil), with("effective_date", "2200-01-01"), with("effective_date", "1948-12-31"),
            with("category", "产业扶贫"), with("extra", 1), with("zzz", "x"), with("a", true),
        ]
    }()

    @Test("the sample payment, its variants and every payment refusal: the fast path accepts only what the strict decoder accepts, as the same payment")
    func samplesVariantsAndRefusals() {
        var lines = Self.variants.map(Self.line)
        for refusal in FundEventDecodingTests.refusals where refusal.kind == .fundDisburse {
            lines.append(Self.line(SampleBodies.replacing(SampleBodies.disburse, at: refusal.path, with: refusal.value)))
        }
        var accepted = 0
        for line in lines where Self.expectAgreement(line) { accepted += 1 }
        // The plain ones (the sample, the subsidy, the household and the harmless variants) take the fast path.
        #expect(accepted >= 10)
        #expect(Self.fast(Self.line(SampleBodies.disburse)) != nil)
        for line in lines where Self.fast(line) == nil {
            // Whatever the fast path leaves is decided by the strict decoder (accepted or refused).
            #expect(Self.strict(line) != nil)
        }
    }

    /// The payment lines of the journal at `path`.
    static func paymentLines(ofJournalAt path: String) throws -> [[UInt8]] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let marker = Array(#""kind":"fund.disburse""#.utf8)
        return bytes.split(separator: 0x0A).map(Array.init).filter { line in
            line.withUnsafeBytes { buffer in
                marker.withUnsafeBytes { needle in
                    buffer.count >= needle.count
                        && (0...(buffer.count - needle.count)).contains { memcmp(buffer.baseAddress! + $0, needle.baseAddress!, needle.count) == 0 }
                }
            }
        }
    }

    @Test("every payment of the demo journal and of a generated journal takes the fast path and decodes as the strict decoder decodes it")
    func journals() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-fastpay")
        defer { scratch.remove() }
        let summary = try SyntheticJournal.write(events: 2_000, seed: 11, directory: scratch.path, batchSize: 500)
        let demo = DemoJournalFixture.repositoryJournalDirectory + "/demo.jsonl"
        for path in [demo, summary.journalPath] {
            let lines = try Self.paymentLines(ofJournalAt: path)
            #expect(lines.count > 10, "\(path)")
            for line in lines {
                #expect(Self.expectAgreement(line), "the fast path left a journal payment: \(String(decoding: line, as: UTF8.self))")
            }
        }
    }

    @Test("30,000 mutated payment lines: the fast path never accepts what the strict decoder refuses, nor decodes otherwise")
    func mutations() throws {
        let demo = DemoJournalFixture.repositoryJournalDirectory + "/demo.jsonl"
        let seeds = Array(try Self.paymentLines(ofJournalAt: demo).prefix(20)) + Self.variants.map(Self.line)
        var mutator = FuzzMutator(seed: 0x6661_7374_7061_79, structuralBytes: Array(#"{}[],:"\-0123456789tfnu"#.utf8))
        var accepted = 0
        for round in 0..<30_000 {
            let line = mutator.mutate(seeds)
            guard let payment = Self.fast(line) else { continue }
            accepted += 1
            if Self.strict(line) != .event(.disburse(payment)) {
                Issue.record("\(mutator.random), round \(round): \(String(decoding: line, as: UTF8.self))")
                return
            }
        }
        #expect(accepted > 100, "\(mutator.random)")
    }
}

/// Replay's one-pass payment path (`SupervisionReplay.PreparedEntry.onePassPayment`: the body decoded
/// while it is validated, then the envelope after it) against the strict parser
/// (`CanonicalJSON.parseCanonical`, `JournalEntry(parsing:)`) and the strict decoder.
/// Goal: it accepts only lines the strict path accepts as a payment, with the same payment, envelope,
/// context and keys, so a tampered line is still refused by the strict path at the same offset.
@Suite("Payment lines read in one pass")
struct OnePassPaymentTests {
    /// The one-pass path's prepared entry for `line`; nil when it leaves the line to the two-pass path.
    static func onePass(_ line: [UInt8]) -> SupervisionReplay.PreparedEntry? {
        line.withUnsafeBytes { SupervisionReplay.PreparedEntry.onePassPayment($0, textCache: .current) }
    }

    /// Checks one line: what the one-pass path accepts, the strict parser and decoder accept as the
    /// same payment in the same envelope. Returns whether the one-pass path accepted it.
    @discardableResult
    static func expectAgreement(_ line: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let prepared = onePass(line) else { return false }
        let text = String(decoding: line, as: UTF8.self)
        guard let value = try? CanonicalJSON.parseCanonical(line), let entry = try? JournalEntry(parsing: value) else {
            Issue.record("the one-pass path accepted a line the strict parser refuses: \(text)", sourceLocation: sourceLocation)
            return true
        }
        let event = try? FundEvent(kind: entry.kind, body: entry.body, entryID: entry.id)
        let context = try? EntryContext(entry)
        #expect(entry.kind == FundEventKind.fundDisburse.rawValue, "\(text)", sourceLocation: sourceLocation)
        #expect(prepared.decoded?.event == event, "\(text)", sourceLocation: sourceLocation)
        #expect(prepared.decoded?.context == context, "\(text)", sourceLocation: sourceLocation)
        var envelope = entry
        envelope.body = .null
        envelope.signature = []
        #expect(prepared.entry == envelope, "\(text)", sourceLocation: sourceLocation)
        if case .disburse(let payment)? = event, let keys = prepared.paymentKeys {
            #expect(Self.haveSameValues(keys, PaymentKeys(payment)), "\(text)", sourceLocation: sourceLocation)
        } else {
            Issue.record("no payment keys: \(text)", sourceLocation: sourceLocation)
        }
        return true
    }

    /// Whether two payments' keys are the same values.
    static func haveSameValues(_ keys: PaymentKeys, _ fresh: PaymentKeys) -> Bool {
        keys.fundIDHash == fresh.fundIDHash && keys.payeeKey == fresh.payeeKey && keys.itemHash == fresh.itemHash
            && keys.categoryHash == fresh.categoryHash && keys.standardIndex == fresh.standardIndex
            && keys.voucherFingerprint == fresh.voucherFingerprint
    }

    @Test("every payment of the demo journal and of a generated journal is read in one pass, as the strict path reads it")
    func journals() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-onepass")
        defer { scratch.remove() }
        let summary = try SyntheticJournal.write(events: 2_000, seed: 12, directory: scratch.path, batchSize: 500)
        let demo = DemoJournalFixture.repositoryJournalDirectory + "/demo.jsonl"
        for path in [demo, summary.journalPath] {
            let lines = try CanonicalBodyDecodingTests.paymentLines(ofJournalAt: path)
            #expect(lines.count > 10, "\(path)")
            for line in lines {
                #expect(Self.expectAgreement(line), "left to the two-pass path: \(String(decoding: line, as: UTF8.self))")
            }
        }
    }

    @Test("the sample payment, its variants, every payment refusal and other kinds: one pass accepts only what the strict path accepts")
    func samplesVariantsAndOtherKinds() {
        var lines = CanonicalBodyDecodingTests.variants.map(CanonicalBodyDecodingTests.line)
        for refusal in FundEventDecodingTests.refusals where refusal.kind == .fundDisburse {
            lines.append(CanonicalBodyDecodingTests.line(
                SampleBodies.replacing(SampleBodies.disburse, at: refusal.path, with: refusal.value)))
        }
        var accepted = 0
        for line in lines where Self.expectAgreement(line) { accepted += 1 }
        #expect(accepted >= 10)
        // A payment's body under another kind, and other kinds' bodies, are never read as payments.
        for (kind, body) in SampleBodies.all where kind != .fundDisburse {
            #expect(Self.onePass(InPlaceDecodingTests.line(kind: kind, body: body)) == nil, "\(kind)")
        }
        #expect(Self.onePass(InPlaceDecodingTests.line(kind: .fundReturn, body: SampleBodies.disburse)) == nil)
        // Unscoped, and with a scope that is no division code: whatever one pass accepts, strict accepts.
        Self.expectAgreement(InPlaceDecodingTests.line(kind: .fundDisburse, body: SampleBodies.disburse, scope: nil))
        Self.expectAgreement(InPlaceDecodingTests.line(kind: .fundDisburse, body: SampleBodies.disburse, scope: "000000"))
    }

    /// A payment line with one byte of its body replaced by `byte` at `offset` (bytes that break
    /// UTF-8, controls, quotes, digits and signs are what the body's checks are about).
    static func replacing(_ line: [UInt8], at offset: Int, with byte: UInt8) -> [UInt8] {
        var mutated = line
        mutated[offset] = byte
        return mutated
    }

    @Test("40,000 mutated payment lines (seeded, anywhere and inside the body): one pass never accepts what the strict path refuses, nor reads otherwise")
    func mutations() throws {
        let demo = DemoJournalFixture.repositoryJournalDirectory + "/demo.jsonl"
        let seeds = Array(try CanonicalBodyDecodingTests.paymentLines(ofJournalAt: demo).prefix(20))
            + CanonicalBodyDecodingTests.variants.map(CanonicalBodyDecodingTests.line)
        var mutator = FuzzMutator(seed: 0x6f6e_6570_6173_73, structuralBytes: Array(#"{}[],:"\-0123456789tfnu"#.utf8))
        var accepted = 0
        for round in 0..<20_000 {
            let line = mutator.mutate(seeds)
            guard !line.isEmpty else { continue }
            if Self.expectAgreement(line) { accepted += 1 }
            _ = round
        }
        // Single bytes inside a plain payment's body: every value 0...255 at seeded offsets.
        let bodyBytes: [UInt8] = Array(0...255)
        var random = SeededRandomNumberGenerator(seed: 0x6279_7465)
        for round in 0..<20_000 {
            let seed = seeds[Int(random.next() % UInt64(seeds.count))]
            let bodyEnd = seed.withUnsafeBytes { buffer in
                FundDisbursement.decode(canonicalLine: buffer, bodyStart: CanonicalEntryScanner.bodyStartOffset,
                                        textCache: .current)?.bodyEnd
            } ?? seed.count
            let offset = CanonicalEntryScanner.bodyStartOffset + Int(random.next() % UInt64(bodyEnd - CanonicalEntryScanner.bodyStartOffset))
            let line = Self.replacing(seed, at: offset, with: bodyBytes[Int(random.next() % 256)])
            if Self.expectAgreement(line) { accepted += 1 }
            _ = round
        }
        #expect(accepted > 300, "seed 0x6f6e_6570_6173_73 / 0x6279_7465")
    }
}

@Suite("Voucher fingerprint from bytes")
struct VoucherFingerprintBytesTests {
    @Test("the fingerprint hashed from a county's digits and a voucher's bytes is R-DUPLICATE's, for vouchers of 1 to 120 bytes (one SHA-256 block up to 48), ASCII and Chinese, on both SHA-256 paths")
    func agreesWithStrings() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x766f_7563_6865_72)
        let counties = [DivisionCode(uncheckedRawValue: 140_122), DivisionCode(uncheckedRawValue: 10_101), .central]
        for length in 1...120 {
            for round in 0..<4 {
                var voucher = ""
                while voucher.utf8.count < length {
                    // A Chinese character is three bytes: some lengths are reached only with ASCII.
                    if round % 2 == 1, voucher.utf8.count + 3 <= length {
                        voucher.unicodeScalars.append(Unicode.Scalar(0x4E00 + UInt32(random.next() % 0x500))!)
                    } else {
                        voucher.unicodeScalars.append(Unicode.Scalar(0x21 + UInt8(random.next() % 94)))
                    }
                }
                let county = counties[round % counties.count]
                let expected = PaidTwice.voucherFingerprint(county: county, voucher: voucher)
                for implementation in SHA256.Implementation.allCases {
                    let fingerprint = Array(county.description.utf8).withUnsafeBufferPointer { digits in
                        Array(voucher.utf8).withUnsafeBufferPointer { bytes in
                            PaymentKeys.voucherFingerprint(countyDigits: digits, voucher: bytes, implementation: implementation)
                        }
                    }
                    #expect(fingerprint == expected, "\(voucher) (\(length) bytes), \(county), \(implementation), \(random)")
                }
            }
        }
    }

    @Test("the one-pass path's payment kind is the payment kind's raw value")
    func paymentKindBytes() {
        #expect(SupervisionReplay.PreparedEntry.paymentKindBytes.description == FundEventKind.fundDisburse.rawValue)
        #expect(SupervisionReplay.PreparedEntry.paymentKind == FundEventKind.fundDisburse.rawValue)
    }
}

@Suite("Decoded text cache")
struct DecodedTextCacheTests {
    /// A random valid UTF-8 text of 1...`maximumLength` scalars: ASCII, Chinese and a few others.
    static func randomText(_ random: inout SeededRandomNumberGenerator, maximumLength: Int) -> String {
        let pools: [ClosedRange<UInt32>] = [0x21...0x7E, 0x4E00...0x4FFF, 0xC0...0x17F, 0x1F600...0x1F64F]
        var text = ""
        for _ in 0..<(1 + Int(random.next() % UInt64(maximumLength))) {
            let pool = pools[Int(random.next() % UInt64(pools.count))]
            text.unicodeScalars.append(Unicode.Scalar(pool.lowerBound + UInt32(random.next() % UInt64(pool.count)))!)
        }
        return text
    }

    @Test("checkedText finds exactly the texts stored as checked texts, with their hash values; unchecked ones, unknown bytes and near misses are not found")
    func checkedTexts() {
        let cache = DecodedTextCache()
        let checked = ["产业扶贫", "C-2018-ZX", "养鸡奖补", String(repeating: "a", count: DecodedTextCache.maximumByteCount)]
        let unchecked = ["c91f4e986a638d0d", "140122"]
        func bytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            Array(text.utf8).withUnsafeBufferPointer(body)
        }
        for text in unchecked { _ = bytes(text) { cache.string($0) } }
        for text in checked {
            #expect(bytes(text) { cache.checkedText($0) } == nil, "\(text) before it is stored")
            _ = bytes(text) { cache.text($0, isCheckedText: true) }
        }
        for text in checked {
            let found = bytes(text) { cache.checkedText($0) }
            #expect(found?.text == text && found?.textHash == text.hashValue, "\(text)")
        }
        for text in unchecked {
            #expect(bytes(text) { cache.checkedText($0) } == nil, "\(text) was stored unchecked")
        }
        // A prefix, a longer text, one byte changed, too long for the cache: not found.
        for text in ["产业扶", "产业扶贫贫", "C-2018-ZY", "c-2018-ZX", String(repeating: "a", count: DecodedTextCache.maximumByteCount + 1), ""] {
            #expect(bytes(text) { cache.checkedText($0) } == nil, "\(text)")
        }
        // An unchecked text asked for as a checked one is found from then on.
        _ = bytes("140122") { cache.text($0, isCheckedText: true) }
        #expect(bytes("140122") { cache.checkedText($0) }?.text == "140122")
    }

    @Test("every text from the cache is the text made afresh with its hash value, before and after the cache is full, short and long")
    func textsEqualFreshOnes() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x7465_7874_6361_6368)
        let cache = DecodedTextCache()
        // More distinct texts than the cache keeps, each asked for several times in random order.
        let texts = (0..<(DecodedTextCache.maximumEntryCount + 1_500)).map { index in
            index % 7 == 0 ? Self.randomText(&random, maximumLength: 40) : Self.randomText(&random, maximumLength: 12)
        }
        for round in 0..<(texts.count * 3) {
            let text = texts[Int(random.next() % UInt64(texts.count))]
            var bytes = text
            let cached = bytes.withUTF8 { cache.text($0) }
            if cached.text != text || cached.textHash != text.hashValue || Array(cached.text.utf8) != Array(text.utf8) {
                Issue.record("\(random), round \(round): \(text) came back as \(cached.text)")
                return
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replay's one-pass registration path (`SupervisionReplay.PreparedEntry.onePassRegistration`) against
/// the strict parser and decoder, as `OnePassPaymentTests` holds the payment path.
@Suite("Registration lines read in one pass")
struct OnePassRegistrationTests {
    static func onePass(_ line: [UInt8]) -> SupervisionReplay.PreparedEntry? {
        line.withUnsafeBytes { SupervisionReplay.PreparedEntry.onePassRegistration($0, textCache: .current) }
    }

    /// The lines of kind `beneficiary.register` of a journal file.
    static func registrationLines(ofJournalAt path: String) throws -> [[UInt8]] {
        let marker = Array(#""kind":"beneficiary.register""#.utf8)
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))).split(separator: 0x0A).map(Array.init).filter { line in
            line.count >= marker.count && (0...(line.count - marker.count)).contains { line[$0..<($0 + marker.count)].elementsEqual(marker) }
        }
    }

    /// What one pass accepts, the strict path accepts as the same registration in the same envelope
    /// (the entry's body `.null` and its signature empty, as replay keeps them). Returns whether one
    /// pass accepted the line.
    @discardableResult
    static func expectAgreement(_ line: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let prepared = onePass(line) else { return false }
        let text = String(decoding: line, as: UTF8.self)
        guard let value = try? CanonicalJSON.parseCanonical(line), let entry = try? JournalEntry(parsing: value) else {
            Issue.record("the one-pass path accepted a line the strict parser refuses: \(text)", sourceLocation: sourceLocation)
            return true
        }
        let event = try? FundEvent(kind: entry.kind, body: entry.body, entryID: entry.id)
        #expect(entry.kind == FundEventKind.beneficiaryRegister.rawValue, "\(text)", sourceLocation: sourceLocation)
        #expect(event != nil && prepared.decoded?.event == event, "\(text)", sourceLocation: sourceLocation)
        #expect(prepared.decoded?.context == (try? EntryContext(entry)), "\(text)", sourceLocation: sourceLocation)
        #expect(prepared.paymentKeys == nil, "\(text)", sourceLocation: sourceLocation)
        var envelope = entry
        envelope.body = .null
        envelope.signature = []
        #expect(prepared.entry == envelope, "\(text)", sourceLocation: sourceLocation)
        return true
    }

    @Test("every registration of the demo journal and of a generated journal is read in one pass, as the strict path reads it")
    func journals() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-onepass-registration")
        defer { scratch.remove() }
        let summary = try SyntheticJournal.write(events: 2_000, seed: 12, directory: scratch.path, batchSize: 500)
        let demo = DemoJournalFixture.repositoryJournalDirectory + "/demo.jsonl"
        for path in [demo, summary.journalPath] {
            let lines = try Self.registrationLines(ofJournalAt: path)
            #expect(lines.count > 10, "\(path)")
            for line in lines {
                #expect(Self.expectAgreement(line), "left to the two-pass path: \(String(decoding: line, as: UTF8.self))")
            }
        }
    }

    @Test("the sample registration, its variants, every registration refusal and other kinds: one pass accepts only what the strict path accepts")
    func samplesVariantsAndOtherKinds() {
        let sample = SampleBodies.registerBeneficiary
        func with(_ path: String, _ value: JSONValue?) -> JSONValue { SampleBodies.replacing(sample, at: path, with: value) }
        let variants: [JSONValue] = [
            sample, with("township", nil), with("able_to_work", nil), with("able_to_work", false), with("household_size", 50),
            with("household_size", 1), with("household_size", 51), with("household_size", 0), with("county", "000000"),
            with("village", ""), with("village", .string(String(repeating: "村", count: 86))), with("village", "a\u{7F}"),
            with("pseudonym", .string(String(repeating: "ab", count: 31))), with("effective_date", "2018-02-30"),
            with("extra", 1), with("village", 7),
        ]
        var lines = variants.map { InPlaceDecodingTests.line(kind: .beneficiaryRegister, body: $0) }
        for refusal in FundEventDecodingTests.refusals where refusal.kind == .beneficiaryRegister {
            lines.append(InPlaceDecodingTests.line(kind: .beneficiaryRegister,
                                                   body: SampleBodies.replacing(sample, at: refusal.path, with: refusal.value)))
        }
        var accepted = 0
        for line in lines where Self.expectAgreement(line) { accepted += 1 }
        #expect(accepted >= 5)
        for (kind, body) in SampleBodies.all where kind != .beneficiaryRegister {
            #expect(Self.onePass(InPlaceDecodingTests.line(kind: kind, body: body)) == nil, "\(kind)")
        }
        #expect(Self.onePass(InPlaceDecodingTests.line(kind: .beneficiaryExit, body: sample)) == nil)
        #expect(SupervisionReplay.PreparedEntry.registrationKindBytes.description == FundEventKind.beneficiaryRegister.rawValue)
        #expect(SupervisionReplay.PreparedEntry.registrationKind == FundEventKind.beneficiaryRegister.rawValue)
        Self.expectAgreement(InPlaceDecodingTests.line(kind: .beneficiaryRegister, body: sample, scope: nil))
        Self.expectAgreement(InPlaceDecodingTests.line(kind: .beneficiaryRegister, body: sample, scope: "000000"))
    }

    @Test("30,000 mutated registration lines (seeded, anywhere and inside the body): one pass never accepts what the strict path refuses, nor reads otherwise")
    func mutations() throws {
        let demo = DemoJournalFixture.repositoryJournalDirectory + "/demo.jsonl"
        let seeds = Array(try Self.registrationLines(ofJournalAt: demo).prefix(20))
            + [InPlaceDecodingTests.line(kind: .beneficiaryRegister, body: SampleBodies.registerBeneficiary)]
        var mutator = FuzzMutator(seed: 0x7265_6769_7374_6572, structuralBytes: Array(#"{}[],:"\-0123456789tfnu"#.utf8))
        var accepted = 0
        for _ in 0..<10_000 {
            let line = mutator.mutate(seeds)
            guard !line.isEmpty else { continue }
            if Self.expectAgreement(line) { accepted += 1 }
        }
        var random = SeededRandomNumberGenerator(seed: 0x7265_6762_7974)
        for _ in 0..<20_000 {
            let seed = seeds[Int(random.next() % UInt64(seeds.count))]
            let bodyEnd = seed.withUnsafeBytes { buffer in
                BeneficiaryRegistration.decode(canonicalLine: buffer, bodyStart: CanonicalEntryScanner.bodyStartOffset,
                                               textCache: .current)?.bodyEnd
            } ?? seed.count
            let offset = CanonicalEntryScanner.bodyStartOffset + Int(random.next() % UInt64(bodyEnd - CanonicalEntryScanner.bodyStartOffset))
            let line = OnePassPaymentTests.replacing(seed, at: offset, with: UInt8(truncatingIfNeeded: random.next()))
            if Self.expectAgreement(line) { accepted += 1 }
        }
        #expect(accepted > 300, "seed 0x7265_6769_7374_6572 / 0x7265_6762_7974")
    }
}

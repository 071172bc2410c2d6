// FundDisbursement+CanonicalBody: the fast path of replay's commonest decoding, a `fund.disburse`
// body read straight from its canonical line (nine entries in ten of a county journal are payments).
//
// The strict decoder (`FundDisbursement(reading:)` over a `BodyReader`) looks each member up by
// name and builds a `JSONValue` per value. Here the members are walked once, in canonical order
// (RFC 8785 §3.2.3: names sorted), and each value is checked on its bytes with the same rules as
// `BodyReader`'s accessors; a `String` is made only for the texts the event keeps, and the ids,
// categories and items that recur from payment to payment come from the thread's
// `DecodedTextCache` with their hash values (`PaymentKeys` needs those).
//
// What must never change: this path only ever *accepts* what the strict decoder accepts, with the
// same value. On anything else (an unknown member, an escape in a string, a value of another type,
// a text too long, a date that is no day, any cross-field rule broken) it answers nil and the
// caller decodes with the strict decoder, which then reports the defect exactly as before. The
// differential tests (Tests/FundSupervisionTests/CanonicalBodyDecodingTests.swift) hold it to that.
//
// Replay reads a payment line in one pass: `decode(canonicalLine:bodyStart:textCache:)` walks a body
// no one has validated yet (the cursor checks every byte with the strict parser's rules), then
// `CanonicalEntryScanner.scanEnvelope` reads the members after it. The same tests run that path
// against the strict parser and decoder on the same lines and on mutated ones.
import LedgerJournal

extension FundDisbursement {
    /// The body's member names in canonical (sorted) order.
    static let canonicalMemberNames = CanonicalMemberNames([
        "amount_fen", "category", "county", "effective_date", "from_pool", "fund_id", "item", "labour_fen",
        "payee", "period_end", "period_start", "poor_labour_fen", "project_id", "quantity", "voucher",
    ])

    /// Decodes the body whose `{` is at `bodyRange.lowerBound` in a line that `CanonicalEntryScanner`
    /// validated; nil when the strict decoder must decide (see the file overview).
    init?(canonicalLine line: UnsafeRawBufferPointer, bodyRange: Range<Int>) {
        guard let decoded = Self.decode(canonicalLine: line, bodyRange: bodyRange, textCache: .current) else { return nil }
        self = decoded.payment
    }

    /// `init?(canonicalLine:bodyRange:)` with the payment's keys (`PaymentKeys`: its texts' hash
    /// values and its voucher's fingerprint); the ids, the category and the item are taken from
    /// `textCache` (the voucher, unique to the payment, is not).
    static func decode(canonicalLine line: UnsafeRawBufferPointer, bodyRange: Range<Int>, textCache: DecodedTextCache)
        -> (payment: FundDisbursement, keys: PaymentKeys)?
    {
        guard let decoded = decode(canonicalLine: line, bodyStart: bodyRange.lowerBound, textCache: textCache),
            decoded.bodyEnd == bodyRange.upperBound
        else { return nil }
        return (decoded.payment, decoded.keys)
    }

    /// Decodes the body whose `{` is at `bodyStart` in a line that no one validated yet: every byte
    /// of the body is checked with the strict parser's rules as it is read (`CanonicalMemberCursor`),
    /// so a body this accepts is one `CanonicalEntryScanner` accepts too. Also returns the offset
    /// just past the body's `}`, and the payment's keys, R-DUPLICATE's voucher fingerprint hashed from
    /// the county's and the voucher's bytes in the line (`PaymentKeys.voucherFingerprint(countyDigits:voucher:)`).
    /// Nil when the strict decoder must decide (see the file overview).
    static func decode(canonicalLine line: UnsafeRawBufferPointer, bodyStart: Int, textCache: DecodedTextCache)
        -> (payment: FundDisbursement, keys: PaymentKeys, bodyEnd: Int)?
    {
        withUnsafeTemporaryAllocation(of: FundDisbursement.self, capacity: 1) { buffer in
            let payment = buffer.baseAddress!
            guard let decoded = decode(canonicalLine: line, bodyStart: bodyStart, textCache: textCache, into: payment)
            else { return nil }
            return (payment.move(), decoded.keys, decoded.bodyEnd)
        }
    }

    /// `decode(canonicalLine:bodyStart:textCache:)` with the payment written into `payment`
    /// (uninitialized; initialized exactly when the result is not nil), so that the caller moves it
    /// where it keeps it: returned (in a tuple, in an optional), it was copied whole and the original
    /// destroyed (a retain and a release of each of its texts, measured).
    static func decode(canonicalLine line: UnsafeRawBufferPointer, bodyStart: Int, textCache: DecodedTextCache,
                       into payment: UnsafeMutablePointer<FundDisbursement>) -> (keys: PaymentKeys, bodyEnd: Int)?
    {
        guard var body = CanonicalMemberCursor(line: line, objectStart: bodyStart) else { return nil }
        var amount: Fen?
        // The texts apart from their hash values (a text read out of a tuple was copied).
        var category: String?
        var categoryHash: Int?
        var county: DivisionCode?
        var countyDigits: UnsafeBufferPointer<UInt8>?
        var effectiveDate: CivilDate?
        var isFromPool = false
        var fundID: String?
        var fundIDHash = 0
        var item: String?
        var itemHash: Int?
        var labour: Fen?
        var payee: Payee?
        var payeeKey: PayeeKey?
        var periodEnd: CivilDate?
        var periodStart: CivilDate?
        var poorLabour: Fen?
        var projectID: String?
        var quantity: Quantity?
        var voucher: String?
        var voucherBytes: UnsafeBufferPointer<UInt8>?
        var nextName = 0
        let names = Self.canonicalMemberNames
        while let field = body.nextMember(in: names, from: &nextName) {
            switch field {
            case 0: guard let value = body.amount() else { return nil }; amount = value
            case 1:
                guard let value = body.text(cachedIn: textCache) else { return nil }
                category = value.text
                categoryHash = value.textHash
            case 2:
                guard let digits = body.plainString(), let value = CanonicalMemberCursor.divisionCode(digits), value != .central
                else { return nil }
                county = value
                countyDigits = digits
            case 3: guard let value = body.date() else { return nil }; effectiveDate = value
            case 4: guard let value = body.bool() else { return nil }; isFromPool = value
            case 5:
                guard let value = body.text(cachedIn: textCache) else { return nil }
                fundID = value.text
                fundIDHash = value.textHash
            case 6:
                guard let value = body.text(cachedIn: textCache) else { return nil }
                item = value.text
                itemHash = value.textHash
            case 7: guard let value = body.amount() else { return nil }; labour = value
            case 8:
                guard var nested = body.object(), case let (value, key)? = Payee.decode(canonicalBody: &nested, textCache: textCache)
                else { return nil }
                body.skip(past: nested)
                payee = value
                payeeKey = key
            case 9: guard let value = body.date() else { return nil }; periodEnd = value
            case 10: guard let value = body.date() else { return nil }; periodStart = value
            case 11: guard let value = body.amount() else { return nil }; poorLabour = value
            case 12: guard let value = body.text(cachedIn: textCache) else { return nil }; projectID = value.text
            case 13:
                guard var nested = body.object(), let value = Quantity(canonicalBody: &nested) else { return nil }
                body.skip(past: nested)
                quantity = value
            default:
                guard let bytes = body.plainString(),
                    CanonicalMemberCursor.isText(bytes, maximumByteCount: BodyReader.maximumShortTextByteCount)
                else { return nil }
                // A voucher is unique to its payment (not cached); most are short ASCII (small strings).
                voucher = ImmortalText.smallASCII(bytes) ?? String(decoding: bytes, as: UTF8.self)
                voucherBytes = bytes
            }
        }
        guard body.hasEnded, let county, let countyDigits, fundID != nil, payee != nil, let payeeKey, let amount, voucher != nil,
            let voucherBytes, let effectiveDate
        else { return nil }
        // The cross-field rules of `init(reading:)`, in any order: a break of any of them goes to it.
        guard (projectID == nil) != (category == nil) else { return nil }
        switch (periodStart, periodEnd) {
        case (nil, nil): break
        case (let start?, let end?): guard end >= start else { return nil }
        default: return nil
        }
        if let labour, labour > amount { return nil }
        if let poorLabour {
            guard let labour, poorLabour <= labour else { return nil }
        }
        // The keys are made from the parts before they move into the payment.
        let keys = PaymentKeys(
            item: item,
            textHashes: PaymentTextHashes(fundID: fundIDHash, item: itemHash, category: categoryHash),
            payeeKey: payeeKey,
            voucherFingerprint: PaymentKeys.voucherFingerprint(countyDigits: countyDigits, voucher: voucherBytes))
        // Each text is moved out of its optional into the payment (`take()`), not copied, and the
        // payment written in place (`initialize`: the initializer's value was copied).
        FundDisbursement.initialize(
            payment, county: county, fundID: fundID.take()!, isFromPool: isFromPool, projectID: projectID.take(),
            category: category.take(), item: item.take(), payee: payee.take()!, amount: amount, voucher: voucher.take()!,
            quantity: quantity, periodStart: periodStart, periodEnd: periodEnd, labour: labour, poorLabour: poorLabour,
            effectiveDate: effectiveDate)
        return (keys, body.position)
    }
}

extension Payee {
    /// The member names of a payee object in canonical order.
    static let canonicalMemberNames = CanonicalMemberNames(["id", "kind"])

    /// `init(reading:)` on a payee object read in place (the id is taken from `textCache`), with its
    /// register key; nil when the strict decoder must decide.
    static func decode(canonicalBody body: inout CanonicalMemberCursor, textCache: DecodedTextCache)
        -> (payee: Payee, key: PayeeKey)?
    {
        var id: UnsafeBufferPointer<UInt8>?
        var hexKey: HexTextKey?
        var kind: PayeeKind?
        var nextName = 0
        let names = Self.canonicalMemberNames
        while let field = body.nextMember(in: names, from: &nextName) {
            if field == 0 {
                // A household's pseudonym (most payments) is 64 lowercase hex digits, checked as they
                // are packed (once, for the check, the text cache and the key).
                if let value = body.uncheckedQuotedBytes(byteCount: 64), let key = HexTextKey(value) {
                    body.skipString(value)
                    id = value
                    hexKey = key
                } else {
                    guard let value = body.plainString() else { return nil }
                    id = value
                }
            } else {
                guard let value = body.enumeration(PayeeKind.rawValueBytes) else { return nil }
                kind = value
            }
        }
        guard body.hasEnded, let kind, let id else { return nil }
        if kind == .beneficiary {
            guard hexKey != nil || CanonicalMemberCursor.isLowercaseHex64(id) else { return nil }
        } else {
            guard CanonicalMemberCursor.isText(id, maximumByteCount: BodyReader.maximumShortTextByteCount) else { return nil }
        }
        // A 64-hex id (a household's pseudonym) is packed once, for the text cache and the key, whose
        // hash value the cache keeps per id.
        if let hexKey {
            let pseudonym = textCache.payeeID(id, key: hexKey, kind: kind)
            return (Payee(kind: kind, id: pseudonym.text), pseudonym.key)
        }
        if let pseudonym = textCache.payeeID(id, kind: kind) { return (Payee(kind: kind, id: pseudonym.text), pseudonym.key) }
        let text = textCache.text(id)
        return (Payee(kind: kind, id: text.text), PayeeKey(kind: kind, id: text.text, idHash: text.textHash))
    }
}

extension Quantity {
    /// The member names of a quantity object in canonical order.
    static let canonicalMemberNames = CanonicalMemberNames(["unit", "value"])

    /// `init(reading:)` on a quantity object read in place; nil when the strict decoder must decide.
    init?(canonicalBody body: inout CanonicalMemberCursor) {
        var unit: QuantityUnit?
        var value: Int64?
        var nextName = 0
        let names = Self.canonicalMemberNames
        while let field = body.nextMember(in: names, from: &nextName) {
            if field == 0 {
                guard let member = body.enumeration(QuantityUnit.rawValueBytes) else { return nil }
                unit = member
            } else {
                guard let member = body.integer(), (1...Self.maximumValue).contains(member) else { return nil }
                value = member
            }
        }
        guard body.hasEnded, let unit, let value else { return nil }
        self.init(value: value, unit: unit)
    }
}

/// An enumeration's raw values as UTF-8 bytes, made once, for `CanonicalMemberCursor.enumeration(_:)`.
struct RawValueBytes<Value: RawRepresentable & CaseIterable & Sendable>: Sendable where Value.RawValue == String {
    /// Each case with its raw value's bytes, in `allCases` order.
    let entries: [(bytes: [UInt8], value: Value)]

    /// The table of `Value`'s cases.
    init() {
        entries = Value.allCases.map { (Array($0.rawValue.utf8), $0) }
    }
}

extension PayeeKind {
    /// The raw values' bytes (a payment's payee kind is read from them).
    static let rawValueBytes = RawValueBytes<PayeeKind>()
}

extension QuantityUnit {
    /// The raw values' bytes (a payment's quantity unit is read from them).
    static let rawValueBytes = RawValueBytes<QuantityUnit>()
}

extension CanonicalMemberCursor {
    /// `BodyReader.text`: a string of 1...`maximumByteCount` UTF-8 bytes without control characters.
    mutating func text(maximumByteCount: Int = BodyReader.maximumShortTextByteCount) -> String? {
        guard let bytes = plainString(), Self.isText(bytes, maximumByteCount: maximumByteCount) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text()` taken from `cache`, with its hash value. Bytes the cache holds as a text (they passed
    /// `plainString` and `isText` before: `DecodedTextCache.checkedText`) are recognised before they
    /// are checked again (a fund's id, a category, an item: Chinese text, whose UTF-8 the checks
    /// decode), and pass again as they stand.
    mutating func text(cachedIn cache: DecodedTextCache, maximumByteCount: Int = BodyReader.maximumShortTextByteCount)
        -> (text: String, textHash: Int)?
    {
        if let contents = uncheckedStringContents(), contents.count <= maximumByteCount,
            let cached = cache.checkedText(contents)
        {
            skipString(contents)
            return cached
        }
        guard let bytes = plainString(), Self.isText(bytes, maximumByteCount: maximumByteCount) else { return nil }
        return cache.text(bytes, isCheckedText: true)
    }

    /// `BodyReader.amount`: a positive integer of fen, at most `Fen.maximumEventAmount`.
    mutating func amount() -> Fen? {
        guard let integer = integer(), integer > 0, integer <= Fen.maximumEventAmount.rawValue else { return nil }
        return Fen(integer)
    }

    /// `BodyReader.date`: a string that is exactly `YYYY-MM-DD` and names a day.
    mutating func date() -> CivilDate? {
        guard let bytes = plainString() else { return nil }
        return CivilDate(parsingUTF8: bytes)
    }

    /// `BodyReader.divisionCode`: a string of exactly six ASCII digits (`000000` included).
    mutating func divisionCode() -> DivisionCode? {
        guard let bytes = plainString() else { return nil }
        return Self.divisionCode(bytes)
    }

    /// The code that a string's contents spell when they are exactly six ASCII digits; nil otherwise.
    static func divisionCode(_ bytes: UnsafeBufferPointer<UInt8>) -> DivisionCode? {
        guard bytes.count == 6 else { return nil }
        var value: Int32 = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int32(digit)
        }
        return DivisionCode(uncheckedRawValue: value)
    }

    /// `BodyReader.enumeration` against raw values made into bytes once (`RawValueBytes`): `allCases`
    /// builds an array and each `rawValue` a `String` on every call (about 600 instructions for a
    /// payee's kind, measured), and every payment has one or two such values.
    mutating func enumeration<Value>(_ table: RawValueBytes<Value>) -> Value? {
        guard let bytes = plainString() else { return nil }
        for entry in table.entries where entry.bytes.count == bytes.count {
            let isEqual = entry.bytes.withUnsafeBufferPointer { raw in
                raw.isEmpty || memcmp(raw.baseAddress!, bytes.baseAddress!, raw.count) == 0
            }
            if isEqual { return entry.value }
        }
        return nil
    }

    /// The rule of `BodyReader.checkText` on a text's UTF-8 bytes.
    static func isText(_ bytes: UnsafeBufferPointer<UInt8>, maximumByteCount: Int) -> Bool {
        guard bytes.count > 0, bytes.count <= maximumByteCount else { return false }
        // C0 controls and DEL are single bytes; C1 controls (U+0080-U+009F) are C2 80 ... C2 9F.
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) { return false }
            previous = byte
        }
        return true
    }

    /// The rule of `BodyReader.isLowercaseHex64` on a string's UTF-8 bytes.
    static func isLowercaseHex64(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 64 else { return false }
        // One branch per text, not per byte: a payee's pseudonym is 64 digits on most lines.
        var invalid: UInt8 = 0
        for byte in bytes {
            let isDigit = byte &- UInt8(ascii: "0") < 10
            let isLetter = byte &- UInt8(ascii: "a") < 6
            invalid |= (isDigit || isLetter) ? 0 : 1
        }
        return invalid == 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

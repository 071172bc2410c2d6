// PaymentKeys: what the rules derive from a payment alone, computed where the entry is prepared.
//
// Replay prepares entries on every core but applies them to the rules on one thread, in order
// (`SupervisionReplay`, `JournalLinePipeline`). Whatever a rule computes from the payment by itself,
// and not from the state before it, is computed here instead, in the parallel half: the voucher's
// fingerprint (a SHA-256), the item's standard, and the hash values of the item and category texts
// (Chinese text hashes through Unicode normalisation) and of the fund's id, and the payee's key (a
// pseudonym packed into 32 bytes, hashed). Nothing here is stored: the hash values use this process's
// seed and are compared only with keys hashed in the same process.

import LedgerCrypto

/// Per-payment values the rules would otherwise compute on the in-order thread.
package struct PaymentKeys: Sendable {
    /// R-DUPLICATE's voucher fingerprint: the first 128 bits of SHA-256(county ‖ 0x00 ‖ voucher).
    package var voucherFingerprint: (high: UInt64, low: UInt64)
    /// The index of the item's standard in `AmountOffStandard.standards`; nil when the item has none.
    package var standardIndex: Int?
    /// `item.hashValue`, nil when the payment names no item.
    package var itemHash: Int?
    /// `category.hashValue` of the payment's own category, nil when it names none.
    package var categoryHash: Int?
    /// `fundID.hashValue` (the rules key a unit's money by fund and unit).
    package var fundIDHash: Int
    /// The payee as a register key (a household's pseudonym packed into 32 bytes, hashed).
    package var payeeKey: PayeeKey

    /// Computes the keys of `payment`.
    package init(_ payment: FundDisbursement) {
        self.init(item: payment.item, textHashes: PaymentTextHashes(payment), payeeKey: PayeeKey(payment.payee),
                  voucherFingerprint: PaidTwice.voucherFingerprint(county: payment.county, voucher: payment.voucher))
    }

    /// The keys of a payment whose texts' hash values and voucher fingerprint are already known
    /// (the fast decoder takes the hash values from its `DecodedTextCache` and hashes the voucher
    /// from the line's bytes), before the payment is built. Requires `item == payment.item`,
    /// `textHashes == PaymentTextHashes(payment)`, `payeeKey == PayeeKey(payment.payee)` and
    /// `voucherFingerprint == PaidTwice.voucherFingerprint(county: payment.county, voucher: payment.voucher)`.
    init(item: String?, textHashes: PaymentTextHashes, payeeKey: PayeeKey, voucherFingerprint: (high: UInt64, low: UInt64)) {
        self.voucherFingerprint = voucherFingerprint
        self.payeeKey = payeeKey
        // The item's text is hashed once, for both its standard and the rules' text lists.
        let itemHash = textHashes.item
        standardIndex = item.flatMap { AmountOffStandard.standardIndex(ofItem: $0, itemHash: itemHash!) }
        self.itemHash = itemHash
        categoryHash = textHashes.category
        fundIDHash = textHashes.fundID
    }
}

extension PaymentKeys {
    /// `PaidTwice.voucherFingerprint(county:voucher:)` from the bytes the payment was decoded from: the
    /// county's six digits (what `DivisionCode.description` writes for the code they spell) and the
    /// voucher's UTF-8. County, separator and a voucher of up to 48 bytes make one SHA-256 block,
    /// hashed in one compression from the stack (`SHA256.oneShotDigest`); the strings' way built the
    /// county's `String` and streamed three pieces (about 1,300 instructions more per payment).
    static func voucherFingerprint(countyDigits: UnsafeBufferPointer<UInt8>, voucher: UnsafeBufferPointer<UInt8>,
                                   implementation: SHA256.Implementation = .hardware) -> (high: UInt64, low: UInt64) {
        precondition(countyDigits.count == 6, "a county code has six digits")
        let messageCount = countyDigits.count + 1 + voucher.count
        guard messageCount <= SHA256.blockByteCount - 9 else {
            var function = SHA256(implementation: implementation)
            function.update(bufferPointer: UnsafeRawBufferPointer(countyDigits))
            withUnsafeBytes(of: UInt8(0)) { function.update(bufferPointer: $0) }
            function.update(bufferPointer: UnsafeRawBufferPointer(voucher))
            return function.finalize().leadingWords
        }
        var message: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &message) { bytes in
            let base = bytes.baseAddress!
            base.copyMemory(from: countyDigits.baseAddress!, byteCount: countyDigits.count)
            base.storeBytes(of: 0, toByteOffset: countyDigits.count, as: UInt8.self)
            if !voucher.isEmpty {
                (base + countyDigits.count + 1).copyMemory(from: voucher.baseAddress!, byteCount: voucher.count)
            }
            return SHA256.oneShotDigest(UnsafeRawBufferPointer(start: base, count: messageCount),
                                        implementation: implementation).leadingWords
        }
    }
}

/// The hash values (`hashValue`, this process's seed) of the texts of a payment that the rules key by.
struct PaymentTextHashes: Equatable {
    /// `fundID.hashValue`.
    var fundID: Int
    /// `item?.hashValue`.
    var item: Int?
    /// `category?.hashValue`.
    var category: Int?

    /// The hash values of the given texts' hash values.
    init(fundID: Int, item: Int?, category: Int?) {
        self.fundID = fundID
        self.item = item
        self.category = category
    }

    /// Hashes `payment`'s texts.
    init(_ payment: FundDisbursement) {
        self.init(fundID: payment.fundID.hashValue,
                  item: payment.item?.hashValue, category: payment.category?.hashValue)
    }
}

extension RuleEvent {
    /// The key of `payment`'s payee: the one replay made while preparing the entry, else made now.
    /// The payee is read only in the separate function: written inline (or as `paymentKeys?.payeeKey
    /// ?? PayeeKey(payment.payee)`), the caller copied the payee on entry and destroyed the copy, a
    /// retain and release of its id, a text the preparing thread shares between payments (measured).
    @inline(__always)
    func payeeKey(of payment: FundDisbursement) -> PayeeKey {
        if let keys = paymentKeys { return keys.payeeKey }
        return PayeeKey(payeeOf: payment)
    }
}

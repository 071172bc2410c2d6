// PaymentKeys: what the rules derive from a payment alone, computed where the entry is prepared.
//
// Replay prepares entries on every core but applies them to the rules on one thread, in order
// (`SupervisionReplay`, `JournalLinePipeline`). Whatever a rule computes from the payment by itself,
// and not from the state before it, is computed here instead, in the parallel half: the voucher's
// fingerprint (a SHA-256), the item's standard, and the hash values of the item and category texts
// (Chinese text hashes through Unicode normalisation), of the payee's id (64 characters) and of the
// fund's id. Nothing here is stored: the hash values use this process's seed and are compared only
// with texts hashed in the same process.

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
    /// `payee.id.hashValue` (a pseudonym or a unit's id: 64 characters to hash for each table).
    package var payeeIDHash: Int
    /// `fundID.hashValue` (the rules key a unit's money by fund and unit).
    package var fundIDHash: Int

    /// Computes the keys of `payment`.
    package init(_ payment: FundDisbursement) {
        self.init(payment, textHashes: PaymentTextHashes(payment))
    }

    /// The keys of `payment` whose texts' hash values are already known (the fast decoder takes
    /// them from its `DecodedTextCache`). Requires `textHashes == PaymentTextHashes(payment)`.
    init(_ payment: FundDisbursement, textHashes: PaymentTextHashes) {
        voucherFingerprint = PaidTwice.voucherFingerprint(county: payment.county, voucher: payment.voucher)
        // The item's text is hashed once, for both its standard and the rules' text lists.
        let itemHash = textHashes.item
        standardIndex = payment.item.flatMap { AmountOffStandard.standardIndex(ofItem: $0, itemHash: itemHash!) }
        self.itemHash = itemHash
        categoryHash = textHashes.category
        payeeIDHash = textHashes.payeeID
        fundIDHash = textHashes.fundID
    }
}

/// The hash values (`hashValue`, this process's seed) of the texts of a payment that the rules key by.
struct PaymentTextHashes: Equatable {
    /// `fundID.hashValue`.
    var fundID: Int
    /// `payee.id.hashValue`.
    var payeeID: Int
    /// `item?.hashValue`.
    var item: Int?
    /// `category?.hashValue`.
    var category: Int?

    /// The hash values of the given texts' hash values.
    init(fundID: Int, payeeID: Int, item: Int?, category: Int?) {
        self.fundID = fundID
        self.payeeID = payeeID
        self.item = item
        self.category = category
    }

    /// Hashes `payment`'s texts.
    init(_ payment: FundDisbursement) {
        self.init(fundID: payment.fundID.hashValue, payeeID: payment.payee.id.hashValue,
                  item: payment.item?.hashValue, category: payment.category?.hashValue)
    }
}

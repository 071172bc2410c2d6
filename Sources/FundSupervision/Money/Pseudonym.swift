// Pseudonym: the keyed pseudonym that identifies a beneficiary in the journal.
//
// Names and national ID numbers never enter the journal. A county holds a secret; the pseudonym
// is HMAC-SHA256(key: secret, message: the ID number's UTF-8 bytes), in lowercase hex (RFC 2104,
// FIPS 198-1). Without the secret nobody can map a pseudonym back, yet the same ID always gives the
// same pseudonym in that county, so duplicate and eligibility checks work on the public journal.
import LedgerCrypto

/// Keyed pseudonyms for beneficiaries.
public enum Pseudonym {
    /// The pseudonym of `nationalID` under the county's `secret`: 64 lowercase hex characters.
    /// Surrounding whitespace is removed and a trailing check letter `x` is upper-cased, so that
    /// the usual ways of writing the same ID number give the same pseudonym.
    public static func make(nationalID: String, secret: [UInt8]) -> String {
        var normalized = nationalID.trimmingWhitespace
        if normalized.hasSuffix("x") { normalized = String(normalized.dropLast()) + "X" }
        let code = HMAC<SHA256>.authenticationCode(for: Array(normalized.utf8), using: SymmetricKey(data: secret))
        return Hex.encode(Array(code))
    }
}

private extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}

/// The errors that LedgerCrypto throws, with structured context; wording lives with the caller.
public enum CryptoError: Error, Equatable, Sendable {
    /// A key, seed or signature had the wrong number of bytes.
    case incorrectParameterSize(expected: Int, actual: Int)
    /// A public key's 32 bytes do not decode to a point on edwards25519 (RFC 8032 §5.1.3).
    case invalidPublicKeyEncoding
    /// A public key decodes to a point outside the prime-order subgroup: of small order (1, 2, 4 or 8)
    /// or with a small-order component ("mixed order"); refused by policy (see `Ed25519Keys.swift`).
    case smallOrderPublicKey
    /// Text that should be hexadecimal is not (odd length or a non-hex character at `offset`).
    case invalidHex(offset: Int)
    /// Text that should be base64 (RFC 4648 §4, padded) is not.
    case invalidBase64
    /// The system's secure random source failed.
    case randomSourceFailed(errno: Int32)
}

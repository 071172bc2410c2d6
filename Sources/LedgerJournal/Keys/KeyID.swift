import LedgerCrypto

/// A signer's short name in entries: the first 8 bytes of SHA-256(public key), in lowercase hex.
public struct KeyID: Hashable, Sendable, CustomStringConvertible {
    /// 16 lowercase hex digits.
    public let hex: String

    /// The key id of a public key.
    public init(publicKey: Curve25519.Signing.PublicKey) {
        // An array, for `Hex.encode`'s concrete overload (the generic one looks up types at run time).
        hex = Hex.encode(Array(SHA256.hash(data: publicKey.rawRepresentation).prefix(8)))
    }

    /// Whether `text` has the shape of a key id.
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy(isLowercaseHexDigit)
    }

    public var description: String { hex }
}

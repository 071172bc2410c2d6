import LedgerCrypto

/// What a signing key may sign: which event kinds (roles) for which administrative divisions (scope).
public struct Grant: Sendable {
    /// The granted key.
    public var publicKey: Curve25519.Signing.PublicKey
    /// The human name of the key holder, e.g. 沁源县财政局.
    public var name: String
    /// The event kinds the key may sign; nil means all kinds.
    public var roles: Set<String>?
    /// The division codes the key may sign for; nil means all.
    public var counties: [String]?
    /// The sequence of the `key.grant` entry.
    public var grantedAt: Int

    /// The word that stands for "every kind" or "every county" in grants and on the command line.
    public static let all = "all"
    /// The role that allows signing checkpoints (not an entry kind).
    public static let checkpointRole = "checkpoint"

    /// Whether the grant includes `kind` (or the checkpoint role).
    public func allows(kind: String) -> Bool { roles?.contains(kind) ?? true }

    /// Whether the grant covers `scope` (docs/FORMAT.md §5): equal codes, or a province (XX0000) or
    /// prefecture (XXXX00) code covering the codes below it; an unscoped entry needs "all".
    public func covers(scope: String?) -> Bool {
        guard let counties else { return true }
        guard let scope else { return false }
        let target = Self.packedSixBytes(scope)
        return counties.contains { Self.code($0, covers: scope, packed: target) }
    }

    /// Whether division code `granted` covers division code `scope`.
    public static func code(_ granted: String, covers scope: String) -> Bool {
        code(granted, covers: scope, packed: packedSixBytes(scope))
    }

    // Codes are compared packed into integers rather than copied into arrays: verify and append ask
    // this once per entry, and `covers` packs the entry's scope once for all the granted codes.
    private static func code(_ granted: String, covers scope: String, packed target: UInt64?) -> Bool {
        if granted == scope { return true }
        guard let target, let digits = packedSixBytes(granted) else { return false }
        if digits & 0xFFFF_FFFF == 0x3030_3030 { return digits >> 32 == target >> 32 }
        if digits & 0xFFFF == 0x3030 { return digits >> 16 == target >> 16 }
        return false
    }

    /// The six UTF-8 bytes of `code`, first byte highest; nil unless it has exactly six.
    private static func packedSixBytes(_ code: String) -> UInt64? {
        var code = code
        return code.withUTF8 { bytes in
            guard bytes.count == 6 else { return nil }
            var packed: UInt64 = 0
            for byte in bytes { packed = packed << 8 | UInt64(byte) }
            return packed
        }
    }
}

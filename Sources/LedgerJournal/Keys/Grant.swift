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
        return counties.contains { Self.code($0, covers: scope) }
    }

    /// Whether division code `granted` covers division code `scope`.
    public static func code(_ granted: String, covers scope: String) -> Bool {
        if granted == scope { return true }
        let digits = Array(granted.utf8)
        let target = Array(scope.utf8)
        guard digits.count == 6, target.count == 6 else { return false }
        if digits[2...] == [0x30, 0x30, 0x30, 0x30] { return digits[0..<2] == target[0..<2] }
        if digits[4...] == [0x30, 0x30] { return digits[0..<4] == target[0..<4] }
        return false
    }
}

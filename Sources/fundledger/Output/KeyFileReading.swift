import LedgerJournal

/// Reads the signing key files that commands are given, and warns on standard error when one is a
/// published demo key that others can read (docs/FORMAT.md §6); any other such key is refused.
enum KeyFileReading {
    /// Reads the key file at `path`; throws what `SigningKeyFile.read(from:)` throws.
    static func signingKey(at path: String, _ context: CommandContext) throws -> SigningKeyFile {
        let key = try SigningKeyFile.read(from: path)
        if let permissions = key.openPermissions {
            Console.error(demoKeyWarning(path: path, permissions: permissions, context.language))
        }
        return key
    }

    /// The one-line warning for a demo key readable by others.
    static func demoKeyWarning(path: String, permissions: UInt32, _ l: Language) -> String {
        let mode = String(permissions & 0o777, radix: 8)
        return l.pick(
            "fundledger: 警告：\(path) 是公开的演示密钥（DEMO KEY，权限 \(mode)，他人可读），仅供演示，切勿用于真实资金\n",
            "fundledger: warning: \(path) is a public DEMO key (mode \(mode), readable by others); use it for the demo only, never for real funds\n")
    }
}

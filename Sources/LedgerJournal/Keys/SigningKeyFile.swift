// Private key files (docs/FORMAT.md §6). A key file holds a secret: it is created 0600 with O_EXCL
// (never overwriting), refused when group- or world-readable, and its seed is never printed or logged.
// The one exception is a published demo key, whose name line ends with the demo marker: it is no
// secret, and git leaves it 0644 after a clone, so it is accepted and the caller warns.
import LedgerCrypto

/// An Ed25519 signing key with the human name of its holder, as stored in a key file.
public struct SigningKeyFile: Sendable {
    /// The holder's name, e.g. 沁源县财政局.
    public var name: String
    /// The private key.
    public var privateKey: Curve25519.Signing.PrivateKey

    /// The file's permission bits when it was read, if group or others could access it; nil when
    /// only its owner can. Set only for a demo key (`isDemoKey`): any other such key is refused.
    public var openPermissions: UInt32?

    /// The first line of every key file.
    public static let header = "fundledger-ed25519-private-key-v1"
    /// The end of the name line of a published demo key (docs/FORMAT.md §6): such a key protects
    /// nothing and may be readable by others.
    public static let demoKeyMarker = "DEMO KEY — not for real funds"

    /// Whether the name line marks this as a published demo key (it ends with `demoKeyMarker`).
    public var isDemoKey: Bool { name.hasSuffix(Self.demoKeyMarker) }

    /// A key file whose content is not a FundLedger key file (bad header, missing or malformed seed).
    public enum Failure: Error, Equatable, Sendable {
        case malformed(path: String, line: Int)
    }

    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.name = name
        self.privateKey = privateKey
    }

    /// The file's text.
    func serialized() -> String {
        "\(Self.header)\nname: \(name)\nseed: \(Hex.encode(privateKey.rawRepresentation))\n"
    }

    /// Writes a new key file with mode 0600; refuses to overwrite an existing file
    /// (`StorageError.fileAlreadyExists`).
    public func write(to path: String, fileSystem: any FileSystem = PosixFileSystem()) throws {
        try KeyFileStore(fileSystem: fileSystem).create(at: path, contents: Array(serialized().utf8))
    }

    /// Reads a key file, refusing one that group or others can read
    /// (`StorageError.keyFilePermissionsTooOpen`) unless it is a demo key (`isDemoKey`; then
    /// `openPermissions` is set so the caller can warn), and one that is not a key file (`Failure.malformed`).
    public static func read(from path: String, fileSystem: any FileSystem = PosixFileSystem()) throws -> SigningKeyFile {
        let (bytes, permissions) = try KeyFileStore(fileSystem: fileSystem).read(at: path, acceptingOpenPermissionsIf: {
            (try? parse($0, path: path))?.isDemoKey == true
        })
        var key = try parse(bytes, path: path)
        let open = permissions & KeyFileStore.forbiddenPermissions
        key.openPermissions = open == 0 ? nil : permissions
        return key
    }

    /// Decodes the text of a key file (header, name and seed lines): on its bytes when `scanLines` can
    /// (every key file `write` makes), otherwise on `Character`s; the same result and error either way.
    static func parse(_ bytes: [UInt8], path: String) throws(Failure) -> SigningKeyFile {
        if let fields = scanLines(bytes) {
            return try make(fields, path: path)
        }
        return try parseCharacters(bytes, path: path)
    }

    /// The three lines of a key file found on its bytes, for the text on which that gives exactly what
    /// `parseCharacters` (splitting on `Character`s) gives: without a carriage return (CR LF is one
    /// `Character`, which "\n" does not split) and without a scalar after the "name: " and "seed: "
    /// prefixes that joins their space (a combining mark). Nil for any other text: it goes the slow
    /// way. A file with fewer than three lines, or a line without its prefix that is not ASCII, also
    /// goes the slow way.
    /// Returns the header line, the name line and the seed line (nil when a prefix is missing).
    static func scanLines(_ bytes: [UInt8]) -> (header: Bool, name: String?, seed: [UInt8]?)? {
        bytes.withUnsafeBufferPointer { buffer -> (header: Bool, name: String?, seed: [UInt8]?)? in
            if buffer.contains(0x0D) { return nil }
            guard let firstEnd = buffer.firstIndex(of: 0x0A),
                  let secondEnd = buffer[(firstEnd + 1)...].firstIndex(of: 0x0A) else { return nil }
            let thirdEnd = buffer[(secondEnd + 1)...].firstIndex(of: 0x0A) ?? buffer.count
            let headerLine = buffer[0..<firstEnd], nameLine = buffer[(firstEnd + 1)..<secondEnd]
            let seedLine = buffer[(secondEnd + 1)..<thirdEnd]
            // The header is ASCII: no other byte string is canonically equivalent to it.
            let header = headerLine.elementsEqual(Self.header.utf8)
            func value(_ line: Slice<UnsafeBufferPointer<UInt8>>, prefix: StaticString) -> Slice<UnsafeBufferPointer<UInt8>>?? {
                let count = prefix.utf8CodeUnitCount
                guard line.count >= count,
                      line.prefix(count).elementsEqual(UnsafeBufferPointer(start: prefix.utf8Start, count: count)) else {
                    // No prefix; only for a line of ASCII is that certain.
                    return line.allSatisfy({ $0 < 0x80 }) ? .some(nil) : nil
                }
                let rest = line.dropFirst(count)
                // A non-ASCII scalar right after the prefix's space may join it into one `Character`
                // (a combining mark, ZWJ or spacing mark): then the prefix is not there for `Character`s.
                // Whether it joins depends on that scalar alone (at most 4 bytes).
                if let first = rest.first, first >= 0x80,
                   String(decoding: [0x20] + Array(rest.prefix(4)), as: UTF8.self).first != " " { return nil }
                return .some(rest)
            }
            guard let name = value(nameLine, prefix: "name: "), let seed = value(seedLine, prefix: "seed: ") else { return nil }
            return (header, name.map { String(decoding: $0, as: UTF8.self) }, seed.map(Array.init))
        }
    }

    /// A key file from the fields `scanLines` found, checked in the order of `parseCharacters`.
    private static func make(_ fields: (header: Bool, name: String?, seed: [UInt8]?), path: String) throws(Failure) -> SigningKeyFile {
        guard fields.header else { throw .malformed(path: path, line: 1) }
        guard let name = fields.name else { throw .malformed(path: path, line: 2) }
        guard let seedHex = fields.seed, let seed = try? Hex.decode(String(decoding: seedHex, as: UTF8.self)), seed.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .malformed(path: path, line: 3)
        }
        return SigningKeyFile(name: name, privateKey: key)
    }

    /// `parse` on `Character`s: the reference, and the way for text `scanLines` leaves to it.
    static func parseCharacters(_ bytes: [UInt8], path: String) throws(Failure) -> SigningKeyFile {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == header else { throw .malformed(path: path, line: 1) }
        guard lines.count > 2, lines[1].hasPrefix("name: ") else { throw .malformed(path: path, line: 2) }
        let name = String(lines[1].dropFirst(6))
        guard lines[2].hasPrefix("seed: "), let seed = try? Hex.decode(lines[2].dropFirst(6)), seed.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .malformed(path: path, line: 3)
        }
        return SigningKeyFile(name: name, privateKey: key)
    }
}

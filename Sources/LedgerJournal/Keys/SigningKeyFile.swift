// Private key files (docs/FORMAT.md §6). A key file holds a secret: it is created 0600 with O_EXCL
// (never overwriting), refused when group- or world-readable, and its seed is never printed or logged.
import LedgerCrypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An Ed25519 signing key with the human name of its holder, as stored in a key file.
public struct SigningKeyFile: Sendable {
    /// The holder's name, e.g. 沁源县财政局.
    public var name: String
    /// The private key.
    public var privateKey: Curve25519.Signing.PrivateKey

    /// The first line of every key file.
    public static let header = "fundledger-ed25519-private-key-v1"
    /// Key files are tiny; anything larger is not a key file.
    public static let maximumByteCount = 4096

    /// The errors of reading and writing key files.
    public enum Failure: Error, Equatable, Sendable {
        /// The file exists already; keys are never overwritten.
        case alreadyExists(path: String)
        /// The file is readable by group or others (`mode` in octal); it must be 0600.
        case tooPermissive(path: String, mode: UInt32)
        /// The file is not a FundLedger key file (bad header, missing or malformed seed).
        case malformed(path: String, line: Int)
        /// The operating system refused (errno).
        case io(path: String, operation: String, errno: Int32)
    }

    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.name = name
        self.privateKey = privateKey
    }

    /// The file's text.
    func serialized() -> String {
        "\(Self.header)\nname: \(name)\nseed: \(Hex.encode(privateKey.rawRepresentation))\n"
    }

    /// Writes a new key file with mode 0600; refuses to overwrite an existing file.
    public func write(to path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw .alreadyExists(path: path) }
            throw .io(path: path, operation: "create", errno: errno)
        }
        defer { close(descriptor) }
        // The umask may have narrowed the mode further; never widen it, but make sure it is 0600 at most.
        fchmod(descriptor, 0o600)
        let bytes = Array(serialized().utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc_write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let code = errno
                unlink(path)
                throw .io(path: path, operation: "write", errno: code)
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            unlink(path)
            throw .io(path: path, operation: "fsync", errno: code)
        }
    }

    /// Reads a key file, refusing one that group or others can read.
    public static func read(from path: String) throws(Failure) -> SigningKeyFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        let mode = UInt32(status.st_mode) & 0o777
        guard mode & 0o077 == 0 else { throw .tooPermissive(path: path, mode: mode) }
        var bytes = [UInt8](repeating: 0, count: maximumByteCount + 1)
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc_read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read", errno: errno)
            }
            if count == 0 { break }
            total += count
        }
        guard total <= maximumByteCount else { throw .malformed(path: path, line: 1) }
        let text = String(decoding: bytes[0..<total], as: UTF8.self)
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

#if canImport(Glibc)
private let Glibc_write = Glibc.write
private let Glibc_read = Glibc.read
#else
private let Glibc_write = Darwin.write
private let Glibc_read = Darwin.read
#endif

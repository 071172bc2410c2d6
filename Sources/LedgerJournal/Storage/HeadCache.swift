// The head cache: `<journal>.head`, a derived file that remembers the chain head so an append
// does not re-read the journal.
//
// It is only ever a hint. It is written atomically (temp file + rename) and is trusted only
// after it is checked against the journal's actual tail: same size, same last-line offset, and
// the last line's hash (computed by the caller's hash function) equal to the cached one. On
// any mismatch or parse failure it is ignored and the caller rebuilds it. Deleting it is
// always safe. Format: one ASCII line
//   fundledger-head/v1 entries=<n> bytes=<n> last-offset=<n> last-hash=<hex> last-time=<n>\n

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The chain head as last recorded: what an append needs to know about the journal's end.
public struct JournalHead: Sendable, Equatable {
    /// Number of entries (lines) in the journal; the next entry's sequence number.
    public var entryCount: Int
    /// The journal's size in bytes.
    public var byteCount: Int64
    /// Offset of the last line.
    public var lastLineByteOffset: Int64
    /// The caller's hash of the last line (the entry hash); opaque to storage.
    public var lastLineHash: [UInt8]
    /// The last entry's time in seconds since 1970 UTC; opaque to storage.
    public var lastTime: Int64

    /// Creates a head value.
    public init(entryCount: Int, byteCount: Int64, lastLineByteOffset: Int64, lastLineHash: [UInt8], lastTime: Int64) {
        self.entryCount = entryCount
        self.byteCount = byteCount
        self.lastLineByteOffset = lastLineByteOffset
        self.lastLineHash = lastLineHash
        self.lastTime = lastTime
    }
}

/// Reads and writes `<journal>.head`, and validates it against the journal's tail.
public struct HeadCache: Sendable {
    /// The first word of the cache line; a different word means another format and the cache is ignored.
    static let formatTag = "fundledger-head/v1"
    /// The longest cache file read: 4 KiB (the line is about 200 bytes).
    static let maximumByteCount = 4_096

    /// The journal this cache belongs to.
    public let journalPath: String
    /// The file system used for every call.
    public let fileSystem: any FileSystem

    /// Describes the cache of the journal at `journalPath`.
    public init(journalPath: String, fileSystem: any FileSystem = PosixFileSystem()) {
        self.journalPath = journalPath
        self.fileSystem = fileSystem
    }

    /// The cache file's path: `<journal>.head`.
    public var path: String { journalPath + ".head" }

    /// The cached head, or nil when the file is missing, unreadable or malformed.
    public func load() -> JournalHead? {
        guard let file = try? OpenFile(path: path, fileSystem: fileSystem, access: .readOnly),
            let byteCount = try? file.byteCount(), byteCount > 0, byteCount <= Int64(Self.maximumByteCount),
            let bytes = try? file.readBytes(atByteOffset: 0, byteCount: Int(byteCount))
        else { return nil }
        return Self.parse(bytes)
    }

    /// The cached head if it matches `tail` (size, last-line offset and last-line hash), else nil.
    ///
    /// `lineHash` must be the same function used when the head was stored.
    public func loadValidated(
        against tail: JournalTail, lineHash: (UnsafeRawBufferPointer) -> [UInt8]
    ) -> JournalHead? {
        guard let head = load(), let lastLine = tail.lastLine, tail.tornTail == nil,
            head.byteCount == tail.byteCount, head.lastLineByteOffset == lastLine.byteOffset,
            head.entryCount > 0
        else { return nil }
        let hash = lastLine.bytes.withUnsafeBytes { lineHash($0) }
        guard hash == head.lastLineHash else { return nil }
        return head
    }

    /// Writes `head` atomically: a temporary file in the same directory, then `rename`.
    ///
    /// The cache is not synchronized: after a crash it may be stale or missing, which validation
    /// catches. Throws `StorageError` when the temporary file cannot be written or renamed.
    public func store(_ head: JournalHead) throws {
        let temporaryPath = "\(path).tmp-\(getpid())"
        let bytes = Array(Self.format(head).utf8)
        do {
            let file = try OpenFile(
                path: temporaryPath, fileSystem: fileSystem, access: .writeOnly, options: [.create, .truncate],
                permissions: JournalFile.journalPermissions)
            do {
                try file.writeAll(bytes)
            } catch {
                throw StorageError.systemCallFailed(.write, path: temporaryPath, errno: error.errno)
            }
            do {
                try fileSystem.rename(temporaryPath, to: path)
            } catch {
                throw StorageError.systemCallFailed(.rename, path: path, errno: error.errno)
            }
        } catch {
            try? fileSystem.removeFile(temporaryPath)
            throw error
        }
    }

    /// Deletes the cache; a missing file is not an error.
    public func remove() throws {
        do {
            try fileSystem.removeFile(path)
        } catch {
            if error.errno != ENOENT { throw StorageError.systemCallFailed(.remove, path: path, errno: error.errno) }
        }
    }

    // MARK: - Format

    static func format(_ head: JournalHead) -> String {
        let hex = head.lastLineHash.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
        return "\(formatTag) entries=\(head.entryCount) bytes=\(head.byteCount) "
            + "last-offset=\(head.lastLineByteOffset) last-hash=\(hex) last-time=\(head.lastTime)\n"
    }

    static func parse(_ bytes: [UInt8]) -> JournalHead? {
        guard bytes.last == newlineByte, let text = String(validating: bytes.dropLast(), as: UTF8.self) else {
            return nil
        }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let keys = ["entries", "bytes", "last-offset", "last-hash", "last-time"]
        guard words.count == keys.count + 1, words[0] == formatTag else { return nil }
        var values: [String: Substring] = [:]
        for (key, word) in zip(keys, words.dropFirst()) {
            guard word.hasPrefix(key + "=") else { return nil }
            values[key] = word.dropFirst(key.count + 1)
        }
        guard let entryCount = Int(values["entries"]!), entryCount >= 0,
            let byteCount = Int64(values["bytes"]!), byteCount >= 0,
            let lastOffset = Int64(values["last-offset"]!), lastOffset >= 0, lastOffset < byteCount || byteCount == 0,
            let lastTime = Int64(values["last-time"]!),
            let hash = decodeHex(values["last-hash"]!)
        else { return nil }
        return JournalHead(
            entryCount: entryCount, byteCount: byteCount, lastLineByteOffset: lastOffset, lastLineHash: hash,
            lastTime: lastTime)
    }

    static func decodeHex(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

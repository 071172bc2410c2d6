// Checkpoint: the C2SP tlog-checkpoint note text, the statement "the log identified by `origin`
// had `treeSize` entries with Merkle root `rootHash`". A published checkpoint (gazette, public
// notice board, 公示) is how a county commits to its history, so the text form is normative:
//   <origin>\n<decimal tree size, no leading zeros>\n<base64 root hash>\n[<extension line>\n]...
// Parsing is strict and stops at the first defect, naming its line.

/// A C2SP tlog-checkpoint: origin, tree size, root hash and optional extension lines.
public struct Checkpoint: Hashable, Sendable {
    /// The largest tree size accepted; sizes are Int and must stay exact in every tool.
    public static let maximumTreeSize = Int(Int64.max)
    /// The longest checkpoint text accepted, in bytes (a checkpoint is a few lines).
    public static let maximumBodyByteCount = 16 * 1024

    /// The log's identity (the journal's origin string).
    public var origin: String
    /// The number of entries the root covers.
    public var treeSize: Int
    /// The RFC 6962 root hash of the first `treeSize` entries.
    public var rootHash: TreeHash
    /// Opaque, non-empty extension lines (not recommended by the spec).
    public var extensionLines: [String]

    /// Creates a checkpoint. Requires a non-empty origin without newlines, `treeSize >= 0`, and
    /// non-empty extension lines without newlines (programmer errors, so they trap).
    public init(origin: String, treeSize: Int, rootHash: TreeHash, extensionLines: [String] = []) {
        precondition(Checkpoint.isValidLine(origin), "origin is one non-empty line")
        precondition(treeSize >= 0, "tree size is non-negative")
        precondition(extensionLines.allSatisfy(Checkpoint.isValidLine), "extension lines are non-empty lines")
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.extensionLines = extensionLines
    }

    /// Parses a checkpoint note text (the signed-note body, ending with a newline).
    /// Throws `TransparencyError.malformedCheckpoint(line:)` naming the first bad line (1-based).
    public init(parsing text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count <= Checkpoint.maximumBodyByteCount else {
            throw TransparencyError.malformedCheckpoint(line: 0)
        }
        // C2SP tlog-checkpoint: the note text ends with a newline.
        guard bytes.last == UInt8(ascii: "\n") else {
            throw TransparencyError.malformedCheckpoint(line: text.split(separator: "\n", omittingEmptySubsequences: false).count)
        }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // At least three non-empty lines: origin, tree size, root hash.
        for (offset, line) in lines.enumerated() where !Checkpoint.isValidLine(line) {
            throw TransparencyError.malformedCheckpoint(line: offset + 1)
        }
        guard lines.count >= 3 else { throw TransparencyError.malformedCheckpoint(line: lines.count + 1) }
        // Tree size: ASCII decimal, no leading zeros unless it is "0".
        guard let treeSize = Checkpoint.parseDecimal(lines[1]), treeSize <= Checkpoint.maximumTreeSize else {
            throw TransparencyError.malformedCheckpoint(line: 2)
        }
        // Root hash: standard base64 of the 32-byte RFC 6962 root.
        guard let rootHash = TreeHash(base64: lines[2]) else { throw TransparencyError.malformedCheckpoint(line: 3) }
        self.origin = lines[0]
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.extensionLines = Array(lines[3...])
    }

    /// The note text: origin, size, root and extension lines, each ending with a newline.
    public var text: String {
        var result = "\(origin)\n\(treeSize)\n\(rootHash.base64EncodedString)\n"
        for line in extensionLines { result += line + "\n" }
        return result
    }

    /// Returns whether `line` can be a checkpoint line: non-empty, no ASCII control characters
    /// below U+0020 (signed notes forbid them; newline separates lines).
    static func isValidLine(_ line: String) -> Bool {
        !line.isEmpty && line.unicodeScalars.allSatisfy { $0.value >= 0x20 }
    }

    /// Parses ASCII decimal digits without leading zeros (except "0"); nil otherwise or on overflow.
    static func parseDecimal(_ text: some StringProtocol) -> Int? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count == 1 || digits[0] != UInt8(ascii: "0") else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}

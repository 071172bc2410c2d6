// The text form of a consistency proof, as `fundledger prove --from --to` prints it and
// `fundledger verify-consistency` reads it:
//   fundledger/consistency-proof@v1
//   old <old tree size>
//   new <new tree size>
//   <base64 hash, deepest first>...
// Sizes are decimal without leading zeros; every line ends with a newline.

extension ConsistencyProof {
    /// The first line of a consistency proof file.
    public static let textHeader = "fundledger/consistency-proof@v1"

    /// The proof's text form.
    public var text: String {
        var result = "\(ConsistencyProof.textHeader)\nold \(oldTreeSize)\nnew \(newTreeSize)\n"
        for hash in hashes { result += hash.base64EncodedString + "\n" }
        return result
    }

    /// Parses the text form. Throws `TransparencyError.malformedTlogProof(line:)` at the first bad line.
    public init(parsingText text: String) throws {
        guard text.hasSuffix("\n") else { throw TransparencyError.malformedTlogProof(line: 0) }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[0] == ConsistencyProof.textHeader else { throw TransparencyError.malformedTlogProof(line: 1) }
        guard lines[1].hasPrefix("old "), let old = Checkpoint.parseDecimal(lines[1].dropFirst(4)) else {
            throw TransparencyError.malformedTlogProof(line: 2)
        }
        guard lines[2].hasPrefix("new "), let new = Checkpoint.parseDecimal(lines[2].dropFirst(4)), old <= new else {
            throw TransparencyError.malformedTlogProof(line: 3)
        }
        var hashes: [TreeHash] = []
        for (offset, line) in lines.dropFirst(3).enumerated() {
            guard let hash = TreeHash(base64: line), hashes.count < TlogProof.maximumProofHashCount else {
                throw TransparencyError.malformedTlogProof(line: offset + 4)
            }
            hashes.append(hash)
        }
        self.init(oldTreeSize: old, newTreeSize: new, hashes: hashes)
    }
}

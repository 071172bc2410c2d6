/// An event as a client submits it for appending: id, kind, optional scope and body. The journal
/// adds the envelope (seq, prev, time, signer, sig).
public struct EventDraft: Sendable, Equatable {
    public var id: String
    public var kind: String
    public var scope: String?
    public var body: JSONValue

    public init(id: String, kind: String, scope: String? = nil, body: JSONValue) {
        self.id = id
        self.kind = kind
        self.scope = scope
        self.body = body
    }

    /// The most events one append call accepts; more is refused rather than held in memory.
    public static let maximumBatchCount = 1_000_000

    /// Parses `append`'s input: one JSON object per line, `{"id":…, "kind":…, "scope":…, "body":{…}}`
    /// (`scope` optional), in any valid JSON formatting. Blank lines are skipped. Stops at the first
    /// bad line and names it (1-based).
    public static func parseJSONLines(_ bytes: [UInt8]) throws(JournalError) -> [EventDraft] {
        var drafts: [EventDraft] = []
        var lineNumber = 0
        var start = 0
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3; index = 3 }
        while start < bytes.count {
            while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            lineNumber += 1
            var line = bytes[start..<index]
            if line.last == 0x0D { line = line.dropLast() }
            start = index + 1
            index = start
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard drafts.count < maximumBatchCount else {
                throw .malformedInputEvent(line: lineNumber, problem: .tooManyEvents(limit: maximumBatchCount))
            }
            let value: JSONValue
            do {
                value = try CanonicalJSON.parse(Array(line))
            } catch {
                throw .malformedInputEvent(line: lineNumber, problem: .invalidJSON(reason: "\(error.reason)", column: error.byteOffset + 1))
            }
            drafts.append(try EventDraft(parsing: value, lineNumber: lineNumber))
        }
        return drafts
    }

    /// Decodes one input object, checking its members' names, types and shapes.
    public init(parsing value: JSONValue, lineNumber: Int) throws(JournalError) {
        guard let members = value.objectValue else {
            throw .malformedInputEvent(line: lineNumber, problem: .notAnObject)
        }
        if let extra = members.keys.sorted().first(where: { !["body", "id", "kind", "scope"].contains($0) }) {
            throw .malformedInputEvent(line: lineNumber, problem: .unexpectedMember(extra))
        }
        guard let id = members["id"]?.stringValue, JournalEntry.isValidID(id) else {
            throw .malformedInputEvent(line: lineNumber, problem: .invalidID)
        }
        guard let kind = members["kind"]?.stringValue, JournalEntry.isValidKind(kind) else {
            throw .malformedInputEvent(line: lineNumber, problem: .invalidKind)
        }
        var scope: String?
        if let scopeValue = members["scope"] {
            guard let text = scopeValue.stringValue, JournalEntry.isValidScope(text) else {
                throw .malformedInputEvent(line: lineNumber, problem: .invalidScope)
            }
            scope = text
        }
        guard let body = members["body"], body.objectValue != nil else {
            throw .malformedInputEvent(line: lineNumber, problem: .bodyNotAnObject)
        }
        self.init(id: id, kind: kind, scope: scope, body: body)
    }
}

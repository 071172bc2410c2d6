import Dispatch

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

    /// Whether `name` is one of the members an input object may have.
    static func isMemberName(_ name: String) -> Bool {
        switch name {
        case "body", "id", "kind", "scope": true
        default: false
        }
    }

    /// Lines per task when a large input is parsed on all cores.
    static let parsingChunkLineCount = 512

    /// Parses `append`'s input: one JSON object per line, `{"id":…, "kind":…, "scope":…, "body":{…}}`
    /// (`scope` optional), in any valid JSON formatting. Blank lines are skipped. Stops at the first
    /// bad line and names it (1-based). A large input is parsed on all cores; the error reported is
    /// still the one a line-by-line reading meets first.
    public static func parseJSONLines(_ bytes: [UInt8]) throws(JournalError) -> [EventDraft] {
        // The non-blank lines: (1-based line number, byte range without CR LF).
        var nonBlankLines: [(number: Int, range: Range<Int>)] = []
        var lineNumber = 0
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        bytes.withUnsafeBufferPointer { buffer in
            while start < buffer.count {
                var index = start
                while index < buffer.count, buffer[index] != 0x0A { index += 1 }
                lineNumber += 1
                var end = index
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                if !buffer[start..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    nonBlankLines.append((lineNumber, start..<end))
                }
                start = index + 1
            }
        }
        let lines = nonBlankLines
        // A line-by-line reading refuses the first line past the limit, unless an earlier line is bad.
        let parsedCount = min(lines.count, maximumBatchCount)
        @Sendable func parse(_ index: Int) -> Result<EventDraft, JournalError> {
            let (number, range) = lines[index]
            let value: JSONValue
            do {
                value = try CanonicalJSON.parse(bytes[range])  // a slice of the array: parsed in place
            } catch {
                return .failure(.malformedInputEvent(
                    line: number, problem: .invalidJSON(reason: "\(error.reason)", column: error.byteOffset + 1)))
            }
            do throws(JournalError) {
                return .success(try EventDraft(parsing: value, lineNumber: number))
            } catch {
                return .failure(error)
            }
        }
        var results: [Result<EventDraft, JournalError>]
        if parsedCount < 2 * parsingChunkLineCount {
            results = (0..<parsedCount).map(parse)
        } else {
            let chunkCount = (parsedCount + parsingChunkLineCount - 1) / parsingChunkLineCount
            results = [Result<EventDraft, JournalError>](unsafeUninitializedCapacity: parsedCount) { buffer, initialized in
                // Each task initializes its own disjoint range of the buffer.
                nonisolated(unsafe) let output = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                    let first = chunk * parsingChunkLineCount
                    for index in first..<min(first + parsingChunkLineCount, parsedCount) {
                        (output + index).initialize(to: parse(index))
                    }
                }
                initialized = parsedCount
            }
        }
        var drafts: [EventDraft] = []
        drafts.reserveCapacity(parsedCount)
        for result in results {
            switch result {
            case .success(let draft): drafts.append(draft)
            case .failure(let error): throw error
            }
        }
        if lines.count > maximumBatchCount {
            throw .malformedInputEvent(line: lines[maximumBatchCount].number,
                                       problem: .tooManyEvents(limit: maximumBatchCount))
        }
        return drafts
    }

    /// Decodes one input object, checking its members' names, types and shapes.
    public init(parsing value: JSONValue, lineNumber: Int) throws(JournalError) {
        guard let members = value.objectValue else {
            throw .malformedInputEvent(line: lineNumber, problem: .notAnObject)
        }
        // The first unexpected name in sorted order, without sorting the (usually four, all expected) names.
        if let extra = members.keys.filter({ !Self.isMemberName($0) }).min() {
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

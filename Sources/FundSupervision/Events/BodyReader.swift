// BodyReader: strict field-by-field decoding of an event body (a JSON object).
//
// Every accessor consumes one member; `finish()` refuses members the schema did not read, so a
// body with an unknown or misspelt field is refused rather than silently half-read. Optional
// fields are absent, never `null`.
import LedgerJournal

/// Reads the members of one JSON object with the schema's rules and reports the first defect.
struct BodyReader {
    /// Longest name-like text (names, ids, categories, voucher and document numbers), in UTF-8 bytes.
    static let maximumShortTextByteCount = 256
    /// Longest free text (reasons, explanations), in UTF-8 bytes.
    static let maximumLongTextByteCount = 4_096
    /// Most elements in a list field (purposes, tranches, funding sources).
    static let maximumListCount = 256

    /// Where the members are: a parsed object, or a view over the canonical line's bytes.
    enum Members {
        case dictionary([String: JSONValue])
        case view(CanonicalObjectView)

        var count: Int {
            switch self {
            case .dictionary(let members): return members.count
            case .view(let view): return view.memberCount
            }
        }

        /// Every member name (for naming an unexpected member).
        var names: [String] {
            switch self {
            case .dictionary(let members): return Array(members.keys)
            case .view(let view): return (0..<view.memberCount).map(view.name(at:))
            }
        }
    }

    let storage: Members
    /// Every member as a dictionary (built for a view: only for open-ended objects such as
    /// policy parameters and period totals).
    var members: [String: JSONValue] {
        switch storage {
        case .dictionary(let members): return members
        case .view(let view):
            // Canonical names are unique and, on this path, ASCII: no two are equivalent.
            return Dictionary((0..<view.memberCount).map { (view.name(at: $0), view.value(at: $0)) },
                              uniquingKeysWith: { first, _ in first })
        }
    }
    let path: String
    let entryID: String
    /// Whether to remember which members were read, to name an unexpected one. Off on the fast
    /// path (no allocation per body); `FundEvent` decodes again with it on when a body has a
    /// member too many (`NeedsKeyTracking`).
    let tracksKeys: Bool
    private var consumedCount = 0
    private var consumedKeys: [String] = []

    /// Thrown by `finish()` without key tracking when a body has an unexpected member.
    struct NeedsKeyTracking: Error {}

    /// Opens `value` as an object at `path`; throws `wrongType` when it is not one.
    init(_ value: JSONValue, path: String, entryID: String, tracksKeys: Bool = false) throws {
        guard case .object(let members) = value else {
            throw SupervisionError.wrongType(entryID: entryID, path: path, expected: .object, actual: value.jsonType)
        }
        self.storage = .dictionary(members)
        self.path = path
        self.entryID = entryID
        self.tracksKeys = tracksKeys
    }

    /// Opens an object read in place from a validated canonical line, at `path`.
    init(view: CanonicalObjectView, path: String, entryID: String, tracksKeys: Bool = false) {
        self.storage = .view(view)
        self.path = path
        self.entryID = entryID
        self.tracksKeys = tracksKeys
    }

    func fieldPath(_ key: String) -> String { path + "." + key }

    /// Refuses every member that no accessor consumed (the alphabetically first is reported).
    func finish() throws {
        guard consumedCount < storage.count else { return }
        guard tracksKeys else { throw NeedsKeyTracking() }
        let unexpected = storage.names.sorted().first { !consumedKeys.contains($0) } ?? ""
        throw SupervisionError.unexpectedField(entryID: entryID, path: fieldPath(unexpected))
    }

    private mutating func take(_ key: String) -> JSONValue? {
        let value: JSONValue
        switch storage {
        case .dictionary(let dictionary):
            guard let member = dictionary[key] else { return nil }
            value = member
        case .view(let view):
            guard let index = view.index(of: key) else { return nil }
            value = view.value(at: index)
        }
        consumedCount += 1
        if tracksKeys { consumedKeys.append(key) }
        return value
    }

    /// Takes member `key` as a nested reader when it is an object read in place; nil when absent
    /// or when the storage is a dictionary (the caller then takes it as a value).
    private mutating func takeObjectView(_ key: String) -> CanonicalObjectView?? {
        guard case .view(let view) = storage else { return nil }
        guard let index = view.index(of: key) else { return .some(nil) }
        guard let nested = view.objectView(at: index) else { return nil }
        consumedCount += 1
        if tracksKeys { consumedKeys.append(key) }
        return .some(nested)
    }

    private func missing(_ key: String) -> SupervisionError {
        .missingField(entryID: entryID, path: fieldPath(key))
    }

    private func wrongType(_ key: String, _ expected: JSONType, _ value: JSONValue) -> SupervisionError {
        .wrongType(entryID: entryID, path: fieldPath(key), expected: expected, actual: value.jsonType)
    }

    func invalid(_ key: String, _ problem: ValueProblem) -> SupervisionError {
        .invalidValue(entryID: entryID, path: fieldPath(key), problem: problem)
    }

    /// Whether the body has a member named `key` (does not consume it).
    func has(_ key: String) -> Bool {
        switch storage {
        case .dictionary(let dictionary): return dictionary[key] != nil
        case .view(let view): return view.index(of: key) != nil
        }
    }

    // MARK: - Scalars

    mutating func optionalRawString(_ key: String) throws -> String? {
        guard let value = take(key) else { return nil }
        guard case .string(let string) = value else { throw wrongType(key, .string, value) }
        return string
    }

    mutating func rawString(_ key: String) throws -> String {
        guard let string = try optionalRawString(key) else { throw missing(key) }
        return string
    }

    /// A non-empty string without control characters, at most `maximumByteCount` UTF-8 bytes.
    mutating func optionalText(_ key: String, maximumByteCount: Int = BodyReader.maximumShortTextByteCount) throws -> String? {
        guard let string = try optionalRawString(key) else { return nil }
        try checkText(string, key: key, maximumByteCount: maximumByteCount)
        return string
    }

    mutating func text(_ key: String, maximumByteCount: Int = BodyReader.maximumShortTextByteCount) throws -> String {
        guard let string = try optionalText(key, maximumByteCount: maximumByteCount) else { throw missing(key) }
        return string
    }

    func checkText(_ string: String, key: String, maximumByteCount: Int) throws {
        let utf8 = string.utf8
        let byteCount = utf8.count
        guard byteCount > 0 else { throw invalid(key, .empty) }
        guard byteCount <= maximumByteCount else {
            throw invalid(key, .tooLong(byteCount: byteCount, maximumByteCount: maximumByteCount))
        }
        // C0 controls and DEL are single bytes; C1 controls (U+0080-U+009F) are C2 80 ... C2 9F.
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) {
                throw invalid(key, .controlCharacter)
            }
            previous = byte
        }
    }

    mutating func optionalInteger(_ key: String) throws -> Int64? {
        guard let value = take(key) else { return nil }
        guard case .integer(let integer) = value else { throw wrongType(key, .integer, value) }
        return integer
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int64>) throws -> Int64 {
        guard let value = try optionalInteger(key, in: range) else { throw missing(key) }
        return value
    }

    mutating func optionalInteger(_ key: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let integer = try optionalInteger(key) else { return nil }
        guard range.contains(integer) else {
            throw invalid(key, .outOfRange(actual: integer, minimum: range.lowerBound, maximum: range.upperBound))
        }
        return integer
    }

    mutating func optionalBool(_ key: String) throws -> Bool? {
        guard let value = take(key) else { return nil }
        guard case .bool(let bool) = value else { throw wrongType(key, .bool, value) }
        return bool
    }

    /// A positive amount in fen, at most `Fen.maximumEventAmount`.
    mutating func optionalAmount(_ key: String) throws -> Fen? {
        guard let integer = try optionalInteger(key) else { return nil }
        guard integer > 0 else { throw invalid(key, .notPositive(actual: integer)) }
        let maximum = Fen.maximumEventAmount.rawValue
        guard integer <= maximum else { throw invalid(key, .outOfRange(actual: integer, minimum: 1, maximum: maximum)) }
        return Fen(integer)
    }

    mutating func amount(_ key: String) throws -> Fen {
        guard let amount = try optionalAmount(key) else { throw missing(key) }
        return amount
    }

    /// A non-negative amount in fen (zero allowed), at most `Fen.maximumEventAmount`.
    mutating func nonNegativeAmount(_ key: String) throws -> Fen {
        let maximum = Fen.maximumEventAmount.rawValue
        return Fen(try integer(key, in: 0...maximum))
    }

    mutating func optionalDate(_ key: String) throws -> CivilDate? {
        guard let string = try optionalRawString(key) else { return nil }
        guard let date = CivilDate(parsing: string) else { throw invalid(key, .invalidDate(actual: string)) }
        return date
    }

    mutating func date(_ key: String) throws -> CivilDate {
        guard let date = try optionalDate(key) else { throw missing(key) }
        return date
    }

    /// A 6-digit division code; `000000` (central) only when `allowsCentral`.
    mutating func optionalDivisionCode(_ key: String, allowsCentral: Bool = false) throws -> DivisionCode? {
        guard let string = try optionalRawString(key) else { return nil }
        guard let code = DivisionCode(string), allowsCentral || code != .central else {
            throw invalid(key, .invalidDivisionCode(actual: string))
        }
        return code
    }

    mutating func divisionCode(_ key: String, allowsCentral: Bool = false) throws -> DivisionCode {
        guard let code = try optionalDivisionCode(key, allowsCentral: allowsCentral) else { throw missing(key) }
        return code
    }

    mutating func optionalEnumeration<Value: RawRepresentable & CaseIterable>(_ key: String, as type: Value.Type) throws -> Value?
    where Value.RawValue == String {
        guard let string = try optionalRawString(key) else { return nil }
        guard let value = Value(rawValue: string) else {
            throw invalid(key, .notAllowed(actual: string, allowed: Value.allCases.map(\.rawValue)))
        }
        return value
    }

    mutating func enumeration<Value: RawRepresentable & CaseIterable>(_ key: String, as type: Value.Type) throws -> Value
    where Value.RawValue == String {
        guard let value = try optionalEnumeration(key, as: type) else { throw missing(key) }
        return value
    }

    /// 64 lowercase hexadecimal characters (a pseudonym or a SHA-256 digest).
    static func isLowercaseHex64(_ string: String) -> Bool {
        var count = 0
        for byte in string.utf8 {
            let isDigit = byte >= 48 && byte <= 57
            let isLetter = byte >= 97 && byte <= 102
            guard isDigit || isLetter else { return false }
            count += 1
        }
        return count == 64
    }

    // MARK: - Composites

    mutating func optionalArray(_ key: String) throws -> [JSONValue]? {
        guard let value = take(key) else { return nil }
        guard case .array(let elements) = value else { throw wrongType(key, .array, value) }
        guard elements.count <= Self.maximumListCount else {
            throw invalid(key, .tooManyElements(count: elements.count, maximumCount: Self.maximumListCount))
        }
        return elements
    }

    mutating func array(_ key: String, allowsEmpty: Bool = false) throws -> [JSONValue] {
        guard let elements = try optionalArray(key) else { throw missing(key) }
        if !allowsEmpty, elements.isEmpty { throw invalid(key, .empty) }
        return elements
    }

    /// A non-empty list of distinct texts.
    mutating func textList(_ key: String) throws -> [String] {
        let elements = try array(key)
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let elementKey = key + "[\(index)]"
            guard case .string(let string) = element else { throw wrongType(elementKey, .string, element) }
            try checkText(string, key: elementKey, maximumByteCount: Self.maximumShortTextByteCount)
            if result.contains(string) { throw invalid(elementKey, .duplicate(actual: string)) }
            result.append(string)
        }
        return result
    }

    mutating func optionalObject(_ key: String) throws -> BodyReader? {
        if let nested = takeObjectView(key) {
            // In place: absent (nil) or an object view; any other value type falls through below.
            guard let nested else { return nil }
            return BodyReader(view: nested, path: fieldPath(key), entryID: entryID, tracksKeys: tracksKeys)
        }
        guard let value = take(key) else { return nil }
        return try BodyReader(value, path: fieldPath(key), entryID: entryID, tracksKeys: tracksKeys)
    }

    mutating func object(_ key: String) throws -> BodyReader {
        guard let reader = try optionalObject(key) else { throw missing(key) }
        return reader
    }

    /// Opens the element `index` of the array at `key` as an object.
    func element(_ value: JSONValue, of key: String, at index: Int) throws -> BodyReader {
        try BodyReader(value, path: fieldPath(key) + "[\(index)]", entryID: entryID, tracksKeys: tracksKeys)
    }
}

extension JSONValue {
    /// The JSON type of this value.
    var jsonType: JSONType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .integer: return .integer
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }
}

/// Helpers for building bodies in canonical member names.
struct BodyWriter {
    private(set) var members: [String: JSONValue] = [:]

    mutating func set(_ key: String, _ value: JSONValue) { members[key] = value }
    mutating func set(_ key: String, _ value: String) { members[key] = .string(value) }
    mutating func set(_ key: String, _ value: Fen) { members[key] = .integer(value.rawValue) }
    mutating func set(_ key: String, _ value: Int64) { members[key] = .integer(value) }
    mutating func set(_ key: String, _ value: Int) { members[key] = .integer(Int64(value)) }
    mutating func set(_ key: String, _ value: Bool) { members[key] = .bool(value) }
    mutating func set(_ key: String, _ value: CivilDate) { members[key] = .string(value.description) }
    mutating func set(_ key: String, _ value: DivisionCode) { members[key] = .string(value.description) }
    mutating func set(_ key: String, _ value: [String]) { members[key] = .array(value.map { .string($0) }) }
    mutating func setIfPresent(_ key: String, _ value: String?) { if let value { set(key, value) } }
    mutating func setIfPresent(_ key: String, _ value: Fen?) { if let value { set(key, value) } }
    mutating func setIfPresent(_ key: String, _ value: Int64?) { if let value { set(key, value) } }
    mutating func setIfPresent(_ key: String, _ value: Bool?) { if let value { set(key, value) } }
    mutating func setIfPresent(_ key: String, _ value: CivilDate?) { if let value { set(key, value) } }
    mutating func setIfPresent(_ key: String, _ value: DivisionCode?) { if let value { set(key, value) } }

    var value: JSONValue { .object(members) }
}

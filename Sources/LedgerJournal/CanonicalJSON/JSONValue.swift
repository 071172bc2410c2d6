// JSONValue: the in-memory form of a JSON document as FundLedger uses it.
//
// Money is integer fen, so the only number this type can hold is an integer (`Int64`); the parsers
// refuse fractions and exponents, and refuse integers outside ±(2^53 − 1) so that every value stays
// exactly representable by other JSON implementations (RFC 8785 §3.2.2.3, I-JSON RFC 7493 §2.2).
// Objects are unordered dictionaries: member order is a property of the canonical *encoding*
// (RFC 8785 §3.2.3), not of the value.
//
// Strings and member names are Swift `String`s, which compare and hash by Unicode canonical
// equivalence: `.string("\u{E9}") == .string("e\u{301}")` although their canonical encodings differ,
// and one object cannot hold both names (the parsers refuse such objects with
// `.canonicallyEquivalentKeys`). Compare canonical bytes, not values, when byte identity matters.

/// A JSON value restricted to integers: null, Boolean, 64-bit integer, string, array or object.
///
/// Equality follows `String`: canonically equivalent strings are equal even when their bytes differ.
public enum JSONValue: Hashable, Sendable {
    /// The JSON literal `null`.
    case null
    /// The JSON literal `true` or `false`.
    case bool(Bool)
    /// An integer. The parsers only produce values within ±(2^53 − 1).
    case integer(Int64)
    /// A string of Unicode scalars.
    case string(String)
    /// An ordered array of values.
    case array([JSONValue])
    /// An object: member names map to values; names are unique.
    case object([String: JSONValue])
}

extension JSONValue {
    /// The member named `key` when this value is an object that has it; otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index` when this value is an array and `0 ≤ index < count`; otherwise `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self else { return nil }
        guard index >= 0, index < elements.count else { return nil }
        return elements[index]
    }

    /// The string when this value is a string; otherwise `nil`.
    public var stringValue: String? {
        guard case .string(let string) = self else { return nil }
        return string
    }

    /// The integer when this value is an integer; otherwise `nil`.
    public var integerValue: Int64? {
        guard case .integer(let integer) = self else { return nil }
        return integer
    }

    /// The Boolean when this value is `true` or `false`; otherwise `nil`.
    public var boolValue: Bool? {
        guard case .bool(let bool) = self else { return nil }
        return bool
    }

    /// The elements when this value is an array; otherwise `nil`.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The members when this value is an object; otherwise `nil`.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// Whether this value is the literal `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension JSONValue: ExpressibleByNilLiteral {
    /// Creates `.null` from the literal `nil`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// Creates `.bool` from a Boolean literal.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// Creates `.integer` from an integer literal.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// Creates `.string` from a string literal.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// Creates `.array` from an array literal.
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Creates `.object` from a dictionary literal. Requires unique keys (a repeated key traps).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(uniqueKeysWithValues: elements))
    }
}

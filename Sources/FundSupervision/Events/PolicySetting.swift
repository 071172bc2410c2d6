// policy.set: rule parameters in force from a date, citing the document they come from, so that
// a replay years later applies the rules that were in force. The rules engine interprets them.
import LedgerJournal

/// The body of a `policy.set` entry. Scope: `unit` when present (parameters for that region),
/// otherwise unscoped (national).
public struct PolicySetting: Hashable, Sendable, Codable {
    /// Most parameters in one entry.
    public static let maximumParameterCount = 64

    /// The rule the parameters belong to (a rule id such as `withholding`, or a seed rule id).
    public var ruleID: String
    /// Parameter name → value; values are integers, strings, Booleans or lists of strings.
    public var parameters: [String: JSONValue]
    /// The document the values come from (title or 文号).
    public var document: String
    /// The clause within the document, when cited.
    public var clause: String?
    /// The region the parameters apply to; `nil` means nationwide.
    public var unit: DivisionCode?
    /// The date from which the parameters are in force.
    public var effectiveDate: CivilDate

    /// Creates a policy body.
    public init(ruleID: String, parameters: [String: JSONValue], document: String, clause: String? = nil,
                unit: DivisionCode? = nil, effectiveDate: CivilDate) {
        self.ruleID = ruleID
        self.parameters = parameters
        self.document = document
        self.clause = clause
        self.unit = unit
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        ruleID = try reader.text("rule_id")
        let parameterReader = try reader.object("parameters")
        guard !parameterReader.members.isEmpty else { throw reader.invalid("parameters", .empty) }
        guard parameterReader.members.count <= Self.maximumParameterCount else {
            throw reader.invalid("parameters", .tooManyElements(count: parameterReader.members.count, maximumCount: Self.maximumParameterCount))
        }
        for (name, value) in parameterReader.members.sorted(by: { $0.key < $1.key }) {
            try parameterReader.checkText(name, key: name, maximumByteCount: BodyReader.maximumShortTextByteCount)
            let path = parameterReader.fieldPath(name)
            switch value {
            case .integer, .bool: break
            case .string(let text): try parameterReader.checkText(text, key: name, maximumByteCount: BodyReader.maximumLongTextByteCount)
            case .array(let elements):
                for (index, element) in elements.enumerated() {
                    guard case .string(let text) = element else {
                        throw SupervisionError.wrongType(entryID: reader.entryID, path: path + "[\(index)]", expected: .string, actual: element.jsonType)
                    }
                    try parameterReader.checkText(text, key: name + "[\(index)]", maximumByteCount: BodyReader.maximumShortTextByteCount)
                }
            case .null, .object:
                throw SupervisionError.wrongType(entryID: reader.entryID, path: path, expected: .integer, actual: value.jsonType)
            }
        }
        parameters = parameterReader.members
        document = try reader.text("document")
        clause = try reader.optionalText("clause")
        unit = try reader.optionalDivisionCode("unit")
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
    }

    /// The body as JSON.
    public var json: JSONValue {
        var writer = BodyWriter()
        writer.set("rule_id", ruleID)
        writer.set("parameters", .object(parameters))
        writer.set("document", document)
        writer.setIfPresent("clause", clause)
        writer.setIfPresent("unit", unit)
        writer.set("effective_date", effectiveDate)
        return writer.value
    }
}

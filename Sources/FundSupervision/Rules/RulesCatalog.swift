// RulesCatalog: every rule with its source and the parameter values in force on a date, for
// `fundledger rules` and for the documentation. Deterministic: rules in engine order, parameters
// in declaration order.

import LedgerJournal

/// The rules an engine runs, with each parameter's default and the value in force on a date.
public struct RulesCatalog: Sendable {
    /// One parameter with its documented default and the value in force.
    public struct ParameterValue: Sendable, Hashable {
        /// The parameter's description (name, unit, default, origin).
        public var parameter: RuleParameter
        /// The integer value in force, or `nil` when the check is off (integer parameters).
        public var value: Int64?
        /// The text-list value in force (text-list parameters).
        public var texts: [String]
        /// Whether a `policy.set` entry changed the value from its default.
        public var isOverridden: Bool

        /// The value as printed: `30 days`, `45.00%`, `3,000.00 元`, a comma-separated list, or `off`.
        public func text(in language: ReportLanguage) -> String {
            if parameter.unit == .texts { return texts.joined(separator: language == .chinese ? "、" : ", ") }
            guard let value else { return language == .chinese ? "未启用" : "off" }
            switch parameter.unit {
            case .fen: return language == .chinese ? "\(Fen(value).yuanText) 元" : "\(Fen(value).yuanText) yuan"
            case .fenPerUnit: return language == .chinese ? "\(Fen(value).yuanText) 元/单位" : "\(Fen(value).yuanText) yuan/unit"
            case .basisPoints: return RuleText.percent(basisPoints: value)
            case .days: return language == .chinese ? "\(value) 天" : "\(value) days"
            case .years: return language == .chinese ? "\(value) 年" : "\(value) years"
            case .month: return language == .chinese ? "\(value) 月" : "month \(value)"
            case .count, .texts: return String(value)
            }
        }
    }

    /// One rule with its parameter values.
    public struct Entry: Sendable, Hashable {
        /// The rule's descriptor.
        public var descriptor: RuleDescriptor
        /// Its parameters with the values in force.
        public var parameters: [ParameterValue]
    }

    /// The date the values are in force on; `nil` means the documented defaults only.
    public var date: CivilDate?
    /// The rules, in engine order.
    public var entries: [Entry]

    /// The catalog of `engine`'s rules with the values its `policy.set` entries put in force on `date`
    /// for `unit` (nationwide when `nil`); without a date, the documented defaults.
    public init(engine: RuleEngine = RuleEngine(), on date: CivilDate? = nil, for unit: DivisionCode? = nil) {
        self.date = date
        entries = engine.descriptors.map { descriptor in
            Entry(descriptor: descriptor, parameters: descriptor.parameters.map { parameter in
                guard let date else {
                    return ParameterValue(parameter: parameter, value: parameter.defaultValue, texts: parameter.defaultTexts, isOverridden: false)
                }
                let values = engine.parameters
                if parameter.unit == .texts {
                    let texts = values.texts(parameter.name, of: descriptor, on: date, for: unit)
                    return ParameterValue(parameter: parameter, value: nil, texts: texts, isOverridden: texts != parameter.defaultTexts)
                }
                let value = values.integer(parameter.name, of: descriptor, on: date, for: unit)
                return ParameterValue(parameter: parameter, value: value, texts: [], isOverridden: value != parameter.defaultValue)
            })
        }
    }

    /// The catalog as text: one block per rule (table), or a canonical JSON document (json); ends with a line feed.
    public func render(_ format: AnomalyReport.Format, language: ReportLanguage) -> String {
        switch format {
        case .json: return renderJSON()
        case .csv: return renderCSV(language)
        case .table: return renderText(language)
        }
    }

    private func renderText(_ language: ReportLanguage) -> String {
        var lines: [String] = []
        for entry in entries {
            let descriptor = entry.descriptor
            lines.append("\(descriptor.id)  \(descriptor.name.zh) / \(descriptor.name.en)  [\(descriptor.severity.label(in: language))]")
            lines.append("  \(descriptor.summary.text(in: language))")
            for source in descriptor.sources {
                let label = language == .chinese ? "出处" : "source"
                lines.append("  \(label): \(source.document) 「\(source.clause)」 (\(source.domainIDs.joined(separator: ", ")))")
            }
            for value in entry.parameters {
                let marker = value.isOverridden ? (language == .chinese ? " [policy.set]" : " [policy.set]") : ""
                lines.append("  \(value.parameter.name) = \(value.text(in: language))\(marker)  — \(value.parameter.summary.text(in: language)); \(value.parameter.origin)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func renderCSV(_ language: ReportLanguage) -> String {
        var text = "rule,name_zh,name_en,severity,parameter,unit,default,value,origin\r\n"
        func field(_ value: String) -> String {
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            var quoted = "\""
            for character in value {
                if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
            }
            return quoted + "\""
        }
        for entry in entries {
            let descriptor = entry.descriptor
            let head = [descriptor.id, descriptor.name.zh, descriptor.name.en, descriptor.severity.name]
            if entry.parameters.isEmpty {
                text += (head + ["", "", "", "", ""]).map(field).joined(separator: ",") + "\r\n"
            }
            for value in entry.parameters {
                let parameter = value.parameter
                let defaultText = parameter.unit == .texts ? parameter.defaultTexts.joined(separator: ";") : parameter.defaultValue.map(String.init) ?? ""
                let current = parameter.unit == .texts ? value.texts.joined(separator: ";") : value.value.map(String.init) ?? ""
                text += (head + [parameter.name, parameter.unit.rawValue, defaultText, current, parameter.origin]).map(field).joined(separator: ",") + "\r\n"
            }
        }
        return text
    }

    private func renderJSON() -> String {
        let rules: [JSONValue] = entries.map { entry in
            let descriptor = entry.descriptor
            let parameters: [JSONValue] = entry.parameters.map { value in
                let parameter = value.parameter
                var members: [String: JSONValue] = [
                    "name": .string(parameter.name), "unit": .string(parameter.unit.rawValue), "origin": .string(parameter.origin),
                    "summary": .object(["zh": .string(parameter.summary.zh), "en": .string(parameter.summary.en)]),
                    "overridden": .bool(value.isOverridden),
                ]
                if parameter.unit == .texts {
                    members["default"] = .array(parameter.defaultTexts.map { .string($0) })
                    members["value"] = .array(value.texts.map { .string($0) })
                } else {
                    members["default"] = parameter.defaultValue.map { .integer($0) } ?? .null
                    members["value"] = value.value.map { .integer($0) } ?? .null
                }
                return .object(members)
            }
            let sources: [JSONValue] = descriptor.sources.map { source in
                .object(["document": .string(source.document), "clause": .string(source.clause),
                         "domain_ids": .array(source.domainIDs.map { .string($0) })])
            }
            return .object([
                "id": .string(descriptor.id),
                "name": .object(["zh": .string(descriptor.name.zh), "en": .string(descriptor.name.en)]),
                "summary": .object(["zh": .string(descriptor.summary.zh), "en": .string(descriptor.summary.en)]),
                "severity": .string(descriptor.severity.name),
                "sources": .array(sources),
                "parameters": .array(parameters),
            ])
        }
        var document: [String: JSONValue] = ["rules": .array(rules)]
        if let date { document["date"] = .string(date.description) }
        return String(decoding: CanonicalJSON.encode(.object(document)), as: UTF8.self) + "\n"
    }
}

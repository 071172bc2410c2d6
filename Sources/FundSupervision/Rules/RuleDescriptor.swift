// RuleDescriptor: what a rule is, where it comes from and which numbers it uses.
//
// The descriptor is the rule's public identity. Its `id` appears in every flag id and in
// `flag.dispose` entries written years later, so an id must never change once released;
// a rule whose meaning changes gets a new id.

/// How serious a flag of a rule is (严重程度).
public enum RuleSeverity: Int, Sendable, Comparable, CaseIterable, Codable {
    /// 一般: a management failing, such as idle funds or a missed ratio.
    case minor = 1
    /// 较重: money paid beyond what the rules allow.
    case major = 2
    /// 严重: money taken away from its designated recipients or purposes (截留, 挪用, 虚报冒领).
    case critical = 3

    /// The stable lowercase name used in CSV and JSON output.
    public var name: String {
        switch self {
        case .minor: "minor"
        case .major: "major"
        case .critical: "critical"
        }
    }

    /// The label in `language`.
    public func label(in language: ReportLanguage) -> String {
        switch (self, language) {
        case (.minor, .chinese): "一般"
        case (.major, .chinese): "较重"
        case (.critical, .chinese): "严重"
        case (.minor, .english): "minor"
        case (.major, .english): "major"
        case (.critical, .english): "critical"
        }
    }

    /// Orders severities from minor to critical.
    public static func < (lhs: RuleSeverity, rhs: RuleSeverity) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// The policy text a rule implements: document, clause and the ids in `seed-domain.md`.
public struct RuleSource: Sendable, Hashable {
    /// The document title with its issuer and 文号 where it has one.
    public var document: String
    /// The clause, quoted verbatim (under 40 characters per quote).
    public var clause: String
    /// The seed-domain rule and violation ids, e.g. `["R70", "V13"]`.
    public var domainIDs: [String]

    /// Creates a source citation.
    public init(document: String, clause: String, domainIDs: [String]) {
        self.document = document
        self.clause = clause
        self.domainIDs = domainIDs
    }
}

/// The unit a rule parameter is counted in.
public enum ParameterUnit: String, Sendable, Hashable {
    /// Money in fen (分).
    case fen
    /// Money in fen per unit of quantity (per 0.01 亩 quantities are scaled by the rule).
    case fenPerUnit = "fen/unit"
    /// Calendar days.
    case days
    /// Calendar years.
    case years
    /// A month of the year, 1...12.
    case month
    /// Basis points: 1 bp = 0.01%, 10 000 bp = 100%.
    case basisPoints = "bp"
    /// A count of things.
    case count
    /// A list of texts (item names, categories).
    case texts
}

/// One number a rule uses, with its documented default and where the default comes from.
public struct RuleParameter: Sendable, Hashable {
    /// The name used in `policy.set` entries (`"<rule id>.<name>"`), lowercase with underscores.
    public var name: String
    /// The unit of the value.
    public var unit: ParameterUnit
    /// The default when no `policy.set` entry is in force; `nil` means the check is off until one is.
    public var defaultValue: Int64?
    /// The default of a text-list parameter (unit `.texts`); empty otherwise.
    public var defaultTexts: [String] { didSet { defaultTextHashes = Set(defaultTexts.map(\.hashValue)) } }
    /// The hash values of `defaultTexts` in this process (membership tests compare hashes first).
    public private(set) var defaultTextHashes: Set<Int>
    /// Where the default comes from: a seed clause, or "[not in seeds]" with the reason for the choice.
    public var origin: String
    /// What the parameter means.
    public var summary: BilingualText

    /// Creates an integer parameter description.
    public init(
        name: String, unit: ParameterUnit, defaultValue: Int64?, origin: String, summary: BilingualText
    ) {
        self.name = name
        self.unit = unit
        self.defaultValue = defaultValue
        self.defaultTexts = []
        self.defaultTextHashes = []
        self.origin = origin
        self.summary = summary
    }

    /// Creates a text-list parameter description.
    public init(name: String, defaultTexts: [String], origin: String, summary: BilingualText) {
        self.name = name
        self.unit = .texts
        self.defaultValue = nil
        self.defaultTexts = defaultTexts
        self.defaultTextHashes = Set(defaultTexts.map(\.hashValue))
        self.origin = origin
        self.summary = summary
    }
}

/// The public identity of an anomaly rule: id, names, source, parameters and severity.
public struct RuleDescriptor: Sendable, Hashable {
    /// The stable id, e.g. `R-WITHHOLDING`; it appears in flag ids and `flag.dispose` entries.
    public var id: String
    /// The rule's name: Chinese term (e.g. 截留) and English name.
    public var name: BilingualText
    /// The policy texts the rule implements.
    public var sources: [RuleSource]
    /// The parameters, in the order the catalog lists them.
    public var parameters: [RuleParameter]
    /// How serious a flag of this rule is.
    public var severity: RuleSeverity
    /// One sentence saying what raises a flag.
    public var summary: BilingualText

    /// Creates a descriptor.
    public init(
        id: String, name: BilingualText, sources: [RuleSource], parameters: [RuleParameter],
        severity: RuleSeverity, summary: BilingualText
    ) {
        self.id = id
        self.name = name
        self.sources = sources
        self.parameters = parameters
        self.severity = severity
        self.summary = summary
    }

    /// The parameter named `name`. Requires that the rule declares it (a missing name is a programmer error and traps).
    public func parameter(named name: String) -> RuleParameter {
        guard let index = parameterIndex(named: name) else {
            preconditionFailure("rule \(id) declares no parameter \(name)")
        }
        return parameters[index]
    }

    /// The index in `parameters` of the parameter called `name`, nil when the rule declares none.
    func parameterIndex(named name: String) -> Int? {
        // Every rule asks for its parameters per event: names of another length are passed over
        // without a string comparison (a length is stored; comparing texts is not free), and no
        // parameter is copied on the way (a copy retains its texts).
        let length = name.utf8.count
        for index in parameters.indices where parameters[index].name.utf8.count == length && parameters[index].name == name {
            return index
        }
        return nil
    }

    /// The default integer value of the parameter called `name` (nil: no default, the check is off).
    func defaultValue(ofParameter name: String) -> Int64? {
        guard let index = parameterIndex(named: name) else {
            preconditionFailure("rule \(id) declares no parameter \(name)")
        }
        return parameters[index].defaultValue
    }
}

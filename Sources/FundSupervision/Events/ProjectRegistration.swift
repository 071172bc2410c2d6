// project.register (立项/批复): a project with its budget, funding sources and tranche plan.
import LedgerJournal

/// The body of a `project.register` entry.
public struct ProjectRegistration: Hashable, Sendable, Codable {
    /// Client-chosen project id, unique across the journal.
    public var projectID: String
    /// The project's name, when recorded.
    public var name: String?
    /// The county (the envelope's scope).
    public var county: DivisionCode
    /// The township (乡镇), when the project is below county level.
    public var township: String?
    /// The village (村), when the project is in one village.
    public var village: String?
    /// The project category, e.g. 退耕还林 (see `ProjectCategory`).
    public var category: String
    /// The implementing unit (实施单位).
    public var implementingUnit: String
    /// The approved budget.
    public var budget: Fen
    /// The funds that finance it.
    public var fundingSources: [FundingSource]
    /// The tranche plan: cumulative payment allowed per accepted milestone; non-decreasing, ≤ budget.
    public var tranches: [Tranche]
    /// The approval document (批复文号), when recorded.
    public var approvalDocument: String?
    /// The effective date (approval date).
    public var effectiveDate: CivilDate

    /// Creates a registration body.
    public init(projectID: String, name: String? = nil, county: DivisionCode, township: String? = nil,
                village: String? = nil, category: String, implementingUnit: String, budget: Fen,
                fundingSources: [FundingSource], tranches: [Tranche], approvalDocument: String? = nil,
                effectiveDate: CivilDate) {
        self.projectID = projectID
        self.name = name
        self.county = county
        self.township = township
        self.village = village
        self.category = category
        self.implementingUnit = implementingUnit
        self.budget = budget
        self.fundingSources = fundingSources
        self.tranches = tranches
        self.approvalDocument = approvalDocument
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        projectID = try reader.text("project_id")
        name = try reader.optionalText("name")
        county = try reader.divisionCode("county")
        township = try reader.optionalText("township")
        village = try reader.optionalText("village")
        category = try reader.text("category")
        implementingUnit = try reader.text("implementing_unit")
        budget = try reader.amount("budget_fen")
        var sources: [FundingSource] = []
        for (index, element) in try reader.array("funding_sources").enumerated() {
            var sourceReader = try reader.element(element, of: "funding_sources", at: index)
            let source = FundingSource(fundID: try sourceReader.text("fund_id"), amount: try sourceReader.amount("amount_fen"))
            try sourceReader.finish()
            if sources.contains(where: { $0.fundID == source.fundID }) {
                throw sourceReader.invalid("fund_id", .duplicate(actual: source.fundID))
            }
            sources.append(source)
        }
        fundingSources = sources
        var plan: [Tranche] = []
        for (index, element) in try reader.array("tranches").enumerated() {
            var trancheReader = try reader.element(element, of: "tranches", at: index)
            let tranche = Tranche(milestone: try trancheReader.text("milestone"), cumulative: try trancheReader.amount("cumulative_fen"))
            try trancheReader.finish()
            if plan.contains(where: { $0.milestone == tranche.milestone }) {
                throw trancheReader.invalid("milestone", .duplicate(actual: tranche.milestone))
            }
            if let previous = plan.last, tranche.cumulative < previous.cumulative {
                throw trancheReader.invalid("cumulative_fen", .decreasing(actual: tranche.cumulative.rawValue, previous: previous.cumulative.rawValue))
            }
            if tranche.cumulative > budget {
                throw trancheReader.invalid("cumulative_fen", .exceeds(actual: tranche.cumulative.rawValue, limit: budget.rawValue, limitPath: reader.fieldPath("budget_fen")))
            }
            plan.append(tranche)
        }
        tranches = plan
        approvalDocument = try reader.optionalText("approval_document")
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
    }

    /// The body as JSON.
    public var json: JSONValue {
        var writer = BodyWriter()
        writer.set("project_id", projectID)
        writer.setIfPresent("name", name)
        writer.set("county", county)
        writer.setIfPresent("township", township)
        writer.setIfPresent("village", village)
        writer.set("category", category)
        writer.set("implementing_unit", implementingUnit)
        writer.set("budget_fen", budget)
        writer.set("funding_sources", .array(fundingSources.map(\.json)))
        writer.set("tranches", .array(tranches.map(\.json)))
        writer.setIfPresent("approval_document", approvalDocument)
        writer.set("effective_date", effectiveDate)
        return writer.value
    }
}

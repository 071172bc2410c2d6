// project.milestone (进度/验收): progress reached, acceptance passed or failed.
import LedgerJournal

/// The body of a `project.milestone` entry. Its scope is the project's county.
public struct ProjectMilestone: Hashable, Sendable, Codable {
    /// Basis points in 100%: progress is an integer in `0...10_000`.
    public static let fullProgressBasisPoints: Int64 = 10_000

    /// The registered project.
    public var projectID: String
    /// The milestone's name (a tranche plan's milestone, or any other progress step).
    public var milestone: String
    /// Reached, accepted or failed.
    public var status: MilestoneStatus
    /// Physical progress in basis points of the whole project (0...10000), when reported.
    public var progressBasisPoints: Int64?
    /// The accepting unit (验收单位); required for `accepted` and `failed`.
    public var acceptingUnit: String?
    /// The quantity reached or accepted (e.g. area planted), when measured.
    public var quantity: Quantity?
    /// A short note, when recorded.
    public var note: String?
    /// The effective date (date of the inspection or report).
    public var effectiveDate: CivilDate

    /// Creates a milestone body.
    public init(projectID: String, milestone: String, status: MilestoneStatus, progressBasisPoints: Int64? = nil,
                acceptingUnit: String? = nil, quantity: Quantity? = nil, note: String? = nil, effectiveDate: CivilDate) {
        self.projectID = projectID
        self.milestone = milestone
        self.status = status
        self.progressBasisPoints = progressBasisPoints
        self.acceptingUnit = acceptingUnit
        self.quantity = quantity
        self.note = note
        self.effectiveDate = effectiveDate
    }

    init(reading reader: inout BodyReader) throws {
        projectID = try reader.text("project_id")
        milestone = try reader.text("milestone")
        status = try reader.enumeration("status", as: MilestoneStatus.self)
        progressBasisPoints = try reader.optionalInteger("progress_bp", in: 0...Self.fullProgressBasisPoints)
        acceptingUnit = try reader.optionalText("accepting_unit")
        if let quantityReader = try reader.optionalObject("quantity") {
            var quantityReader = quantityReader
            quantity = try Quantity(reading: &quantityReader)
        }
        note = try reader.optionalText("note", maximumByteCount: BodyReader.maximumLongTextByteCount)
        effectiveDate = try reader.date("effective_date")
        try reader.finish()
        if status != .reached, acceptingUnit == nil {
            throw SupervisionError.missingField(entryID: reader.entryID, path: reader.fieldPath("accepting_unit"))
        }
    }

    /// The body as JSON.
    public var json: JSONValue {
        var writer = BodyWriter()
        writer.set("project_id", projectID)
        writer.set("milestone", milestone)
        writer.set("status", status.rawValue)
        writer.setIfPresent("progress_bp", progressBasisPoints)
        writer.setIfPresent("accepting_unit", acceptingUnit)
        if let quantity { writer.set("quantity", quantity.json) }
        writer.setIfPresent("note", note)
        writer.set("effective_date", effectiveDate)
        return writer.value
    }
}

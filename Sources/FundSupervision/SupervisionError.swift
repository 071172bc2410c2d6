// SupervisionError: every refusal of the FundSupervision module, as structured data.
//
// Cases carry the entry id, the JSON path of the field ("body.fund.channel") and the
// expected/actual values; the wording in Chinese and English lives in the CLI's message catalog.

/// The JSON type of a value, used to report what a field held and what it should hold.
public enum JSONType: String, Sendable, Equatable, CaseIterable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool
    /// An integer (the only number FundLedger knows).
    case integer
    /// A string.
    case string
    /// An array.
    case array
    /// An object.
    case object
}

/// What is wrong with a field whose type is right but whose value is not acceptable.
public enum ValueProblem: Sendable, Equatable {
    /// An amount or count that must be positive was zero or negative.
    case notPositive(actual: Int64)
    /// An integer outside `[minimum, maximum]` (both inclusive).
    case outOfRange(actual: Int64, minimum: Int64, maximum: Int64)
    /// A date that is not a valid `YYYY-MM-DD` calendar date within the supported years.
    case invalidDate(actual: String)
    /// A division code that is not six ASCII digits (or is the central code where a unit is required).
    case invalidDivisionCode(actual: String)
    /// A pseudonym that is not 64 lowercase hexadecimal characters.
    case invalidPseudonym(actual: String)
    /// A digest that is not 64 lowercase hexadecimal characters.
    case invalidDigest(actual: String)
    /// A string that must not be empty was empty.
    case empty
    /// A string longer than its limit, in UTF-8 bytes.
    case tooLong(byteCount: Int, maximumByteCount: Int)
    /// An array with more elements than its limit.
    case tooManyElements(count: Int, maximumCount: Int)
    /// A string containing a control character (U+0000-U+001F, U+007F-U+009F).
    case controlCharacter
    /// A string that is not one of the allowed values.
    case notAllowed(actual: String, allowed: [String])
    /// A value that repeats an earlier element of the same list.
    case duplicate(actual: String)
    /// An amount that exceeds another amount it is part of (`limitPath`).
    case exceeds(actual: Int64, limit: Int64, limitPath: String)
    /// A date earlier than another date it must follow (`limitPath`).
    case earlierThan(actual: String, limit: String, limitPath: String)
    /// A cumulative amount that decreases from one list element to the next.
    case decreasing(actual: Int64, previous: Int64)
    /// A division code that does not lie within the unit at `unitPath`.
    case outsideUnit(actual: String, unitPath: String)
    /// A field that must be absent when the field at `otherPath` is present.
    case conflictsWith(otherPath: String)
}

/// An error raised when an event body or entry cannot be a fact: malformed bodies, unknown
/// references, scope mismatches. Violations of policy are never errors; the rules flag them.
public enum SupervisionError: Error, Sendable, Equatable {
    /// The entry's kind is not a FundSupervision or journal-layer kind.
    case unknownKind(entryID: String, kind: String)
    /// A required field is absent.
    case missingField(entryID: String, path: String)
    /// A field that the schema does not define is present.
    case unexpectedField(entryID: String, path: String)
    /// A field holds a value of the wrong JSON type.
    case wrongType(entryID: String, path: String, expected: JSONType, actual: JSONType)
    /// A field has the right type but an unacceptable value.
    case invalidValue(entryID: String, path: String, problem: ValueProblem)
    /// The envelope's `scope` is not the unit the body concerns (`nil` means unscoped).
    case scopeMismatch(entryID: String, expected: String?, actual: String?)
    /// A well-formed division code that is not in the GB/T 2260 table FundLedger ships.
    case unknownDivision(entryID: String, path: String, code: String)
    /// A fund id that the journal has never allocated to anyone.
    case unknownFund(entryID: String, fundID: String)
    /// A fund that exists but was never (or is no longer) allocated to the paying unit.
    case fundNotAllocatedToUnit(entryID: String, fundID: String, unit: String)
    /// A fund re-allocated with a name, source level or channel different from its first allocation.
    case fundDefinitionConflict(entryID: String, fundID: String, path: String, expected: String, actual: String)
    /// A project id that no `project.register` entry introduced.
    case unknownProject(entryID: String, projectID: String)
    /// A `project.register` whose project id is already registered.
    case duplicateProject(entryID: String, projectID: String)
    /// A beneficiary pseudonym that is not registered in the county named.
    case unknownBeneficiary(entryID: String, pseudonym: String, county: String)
    /// A `beneficiary.register` for a pseudonym already registered (and not exited) in that county.
    case duplicateBeneficiary(entryID: String, pseudonym: String, county: String)
    /// An `entry.reverse` naming a sequence/id pair that does not exist in the journal.
    case unknownEntry(entryID: String, reversedSequence: Int, reversedID: String)
    /// An `entry.reverse` naming an entry whose kind cannot be reversed.
    case entryNotReversible(entryID: String, reversedSequence: Int, kind: String)
    /// An `entry.reverse` naming an entry that an earlier reversal already undid.
    case entryAlreadyReversed(entryID: String, reversedSequence: Int, reversingSequence: Int)
    /// A `period.close` whose `until_seq` is not its own sequence: it was computed before other
    /// entries were appended (or by hand). docs/EVENTS.md `period.close`.
    case periodCloseStale(entryID: String, untilSequence: Int, sequence: Int)
    /// A `period.close` total that differs from the one recomputed from the journal; `nil` means the
    /// total is absent on that side (an unknown or a missing name).
    case periodTotalMismatch(entryID: String, total: String, expected: Int64?, recorded: Int64?)
    /// A `period.close` whose `report_digest` differs from the digest of the report recomputed from
    /// the journal (`PeriodClose.reportDigest`).
    case periodReportDigestMismatch(entryID: String, expected: String, recorded: String)
}

// RuleParameterValues: the rule parameters in force on a date, from `policy.set` entries.
//
// A `policy.set` entry states values "in force from" an effective date, nationwide or for one unit
// and everything inside it. A replay years later must apply the value that was in force on each
// event's effective date, not today's: lookups are by date, a unit-specific setting beats a wider
// one, and among settings with the same date and reach the later entry (higher sequence) wins.

import LedgerJournal

/// The values of rule parameters over time: the documented defaults overridden by `policy.set` entries.
public struct RuleParameterValues: Sendable, Codable {
    /// One setting from one `policy.set` entry.
    struct Setting: Sendable, Codable {
        var effectiveDate: CivilDate
        var sequence: Int
        var unit: DivisionCode?
        var value: JSONValue
    }

    /// Settings per qualified name `<rule id>.<parameter>`, in sequence order.
    private var settings: [String: [Setting]] = [:]

    /// Creates an empty set of overrides: every parameter has its default.
    public init() {}

    /// Records the parameters of a `policy.set` entry at `sequence`.
    public mutating func apply(_ policy: PolicySetting, sequence: Int) {
        for (name, value) in policy.parameters {
            let setting = Setting(effectiveDate: policy.effectiveDate, sequence: sequence, unit: policy.unit, value: value)
            settings["\(policy.ruleID).\(name)", default: []].append(setting)
        }
    }

    /// The setting in force on `date` for `unit`: among settings dated on or before `date` whose unit
    /// is absent or contains `unit`, the one with the narrowest unit, then the latest date, then sequence.
    private func setting(_ parameter: String, of rule: RuleDescriptor, on date: CivilDate, for unit: DivisionCode?) -> JSONValue? {
        // Most journals set no parameter at all: skip building the qualified name then.
        guard !settings.isEmpty, let list = settings["\(rule.id).\(parameter)"] else { return nil }
        var best: (reach: Int, date: CivilDate, sequence: Int, value: JSONValue)?
        for setting in list where setting.effectiveDate <= date {
            let reach: Int
            if let settingUnit = setting.unit {
                guard let unit, Self.contains(settingUnit, unit) else { continue }
                reach = settingUnit.level.rawValueRank
            } else {
                reach = 0
            }
            let candidate = (reach, setting.effectiveDate, setting.sequence, setting.value)
            if let current = best, (current.reach, current.date, current.sequence) > (reach, setting.effectiveDate, setting.sequence) {
                continue
            }
            best = candidate
        }
        return best?.value
    }

    // docs/journal-format: a grant for C covers S when S == C, or C is a province (XX0000) and S
    // starts with XX, or C is a prefecture (XXXX00) and S starts with XXXX. Policies reach the same way.
    private static func contains(_ outer: DivisionCode, _ inner: DivisionCode) -> Bool {
        if outer == inner { return true }
        switch outer.level {
        case .province: return outer.rawValue / 10_000 == inner.rawValue / 10_000
        case .prefecture: return outer.rawValue / 100 == inner.rawValue / 100
        default: return false
        }
    }

    /// The integer `parameter` of `rule` in force on `date` for `unit`, else its documented default.
    /// `false` switches a check off (`nil`); a value of the wrong type is ignored in favour of the default.
    public func integer(_ parameter: String, of rule: RuleDescriptor, on date: CivilDate, for unit: DivisionCode?) -> Int64? {
        switch setting(parameter, of: rule, on: date, for: unit) {
        case .integer(let value)?: return value
        case .bool(false)?: return nil
        default: return rule.defaultValue(ofParameter: parameter)
        }
    }

    /// The text-list `parameter` of `rule` in force on `date` for `unit`, else its documented default.
    public func texts(_ parameter: String, of rule: RuleDescriptor, on date: CivilDate, for unit: DivisionCode?) -> [String] {
        switch setting(parameter, of: rule, on: date, for: unit) {
        case .array(let elements)?: return elements.compactMap(\.stringValue)
        case .string(let text)?: return [text]
        default:
            guard let index = rule.parameterIndex(named: parameter) else {
                preconditionFailure("rule \(rule.id) declares no parameter \(parameter)")
            }
            return rule.parameters[index].defaultTexts
        }
    }

    /// Whether no `policy.set` entry set anything: every parameter has its documented default.
    public var isEmpty: Bool { settings.isEmpty }

    /// Every qualified name `<rule id>.<parameter>` that some `policy.set` entry has set, sorted.
    public var overriddenNames: [String] { settings.keys.sorted() }
}

extension AdministrativeLevel {
    /// How narrow a unit of this level is: central 0, province 1, prefecture 2, county 3.
    fileprivate var rawValueRank: Int {
        switch self {
        case .central: 0
        case .province: 1
        case .prefecture: 2
        case .county: 3
        }
    }
}

// The snapshot form (`JOURNAL.state`), by hand: per qualified name its settings, each value as its
// canonical JSON bytes. Bump `FlaggingValidator.snapshotFormatVersion` with any change here.
extension RuleParameterValues: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeDictionary(settings) { name, list in
            sink.writeString(name)
            sink.writeArray(list) { setting in
                sink.writeDate(setting.effectiveDate)
                sink.writeInt(setting.sequence)
                sink.writeOptional(setting.unit, sink.writeDivisionCode)
                let json = CanonicalJSON.encode(setting.value)
                sink.writeVarint(UInt64(json.count))
                sink.bytes += json
            }
        }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> RuleParameterValues {
        var values = RuleParameterValues()
        values.settings = try source.readDictionary {
            (try source.readString(), try source.readArray {
                let effectiveDate = try source.readDate()
                let sequence = try source.readInt()
                let unit = try source.readOptional(source.readDivisionCode)
                let start = source.position
                guard let value = try? CanonicalJSON.parse(try source.readByteString()) else {
                    throw SnapshotDecodingError.malformed(byteOffset: start)
                }
                return Setting(effectiveDate: effectiveDate, sequence: sequence, unit: unit, value: value)
            })
        }
        return values
    }
}

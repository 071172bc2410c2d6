// Hand-written snapshot coding of the engine's flags, their statuses and the rule context. Fields in
// declaration order; a new stored field must be added here (SnapshotCodingTests compare every stored
// field after a round trip) and `FlaggingValidator.snapshotFormatVersion` bumped.

extension AnomalyFlag: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeString(id)
        sink.writeString(ruleID)
        sink.writeInt(anchorSequence)
        sink.writeCase(severity)
        sink.writeOptional(county, sink.writeDivisionCode)
        sink.writeOptional(projectID, sink.writeString)
        sink.writeOptional(fundID, sink.writeString)
        sink.writeOptional(payee, sink.writeString)
        sink.writeFen(amountAtStake)
        sink.writeArray(evidenceSequences, sink.writeInt)
        sink.writeDate(effectiveDate)
        sink.writeInt(raisedAtSequence)
        sink.writeString(explanation.zh)
        sink.writeString(explanation.en)
    }

    /// Throws `SnapshotDecodingError.malformed` for a negative amount or empty evidence (which the
    /// initializer would trap on).
    package static func snapshotDecode(from source: SnapshotByteSource) throws -> AnomalyFlag {
        let start = source.position
        let id = try source.readString()
        let ruleID = try source.readString()
        let anchorSequence = try source.readInt()
        let severity = try source.readCase(RuleSeverity.self)
        let county = try source.readOptional(source.readDivisionCode)
        let projectID = try source.readOptional(source.readString)
        let fundID = try source.readOptional(source.readString)
        let payee = try source.readOptional(source.readString)
        let amountAtStake = try source.readFen()
        let evidenceSequences = try source.readArray(source.readInt)
        guard amountAtStake >= .zero, !evidenceSequences.isEmpty else { throw SnapshotDecodingError.malformed(byteOffset: start) }
        return AnomalyFlag(
            id: id, ruleID: ruleID, anchorSequence: anchorSequence, severity: severity, county: county, projectID: projectID,
            fundID: fundID, payee: payee, amountAtStake: amountAtStake, evidenceSequences: evidenceSequences,
            effectiveDate: try source.readDate(), raisedAtSequence: try source.readInt(),
            explanation: BilingualText(zh: try source.readString(), en: try source.readString()))
    }
}

extension FlagStatus: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        switch self {
        case .open:
            sink.writeVarint(0)
        case .confirmed(let sequence):
            sink.writeVarint(1)
            sink.writeInt(sequence)
        case .rectified(let sequence, let correctingSequence):
            sink.writeVarint(2)
            sink.writeInt(sequence)
            sink.writeInt(correctingSequence)
        case .dismissed(let sequence, let reason):
            sink.writeVarint(3)
            sink.writeInt(sequence)
            sink.writeString(reason)
        case .reversed(let sequence):
            sink.writeVarint(4)
            sink.writeInt(sequence)
        }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> FlagStatus {
        let start = source.position
        switch try source.readVarint() {
        case 0: return .open
        case 1: return .confirmed(sequence: try source.readInt())
        case 2: return .rectified(sequence: try source.readInt(), correctingSequence: try source.readInt())
        case 3: return .dismissed(sequence: try source.readInt(), reason: try source.readString())
        case 4: return .reversed(sequence: try source.readInt())
        default: throw SnapshotDecodingError.malformed(byteOffset: start)
        }
    }
}

extension RuleEngine.UnrecognizedSetting: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeInt(sequence)
        sink.writeString(qualifiedName)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> RuleEngine.UnrecognizedSetting {
        RuleEngine.UnrecognizedSetting(sequence: try source.readInt(), qualifiedName: try source.readString())
    }
}

extension RuleContext: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try facts.snapshotEncode(to: sink)
        parameters.snapshotEncode(to: sink)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> RuleContext {
        RuleContext(facts: try RuleFacts.snapshotDecode(from: source), parameters: try RuleParameterValues.snapshotDecode(from: source))
    }
}

// Hand-written snapshot coding of the rule facts' register values (projects and milestone records;
// the registers themselves are tables, RuleFacts.swift). Fields in declaration order; a new stored
// field must be added here (SnapshotCodingTests compare every stored field after a round trip) and
// `FlaggingValidator.snapshotFormatVersion` bumped.

extension RuleFacts.Project: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        registration.snapshotEncode(to: sink)
        sink.writeInt(sequence)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> RuleFacts.Project {
        RuleFacts.Project(registration: try ProjectRegistration.snapshotDecode(from: source), sequence: try source.readInt())
    }
}

extension RuleFacts.MilestoneRecord: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        milestone.snapshotEncode(to: sink)
        sink.writeInt(sequence)
        sink.writeString(signerKeyID)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> RuleFacts.MilestoneRecord {
        RuleFacts.MilestoneRecord(milestone: try ProjectMilestone.snapshotDecode(from: source), sequence: try source.readInt(),
                                  signerKeyID: try source.readString())
    }
}

// Hand-written snapshot coding of the event vocabulary kept in the validator state: fund
// descriptors, project registrations (with funding sources and tranches) and milestones. Fields in
// declaration order; a new stored field must be added here (SnapshotCodingTests compare every stored
// field after a round trip) and `FlaggingValidator.snapshotFormatVersion` bumped.

extension FundDescriptor: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeString(id)
        sink.writeString(name)
        sink.writeCase(sourceLevel)
        sink.writeString(channel)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> FundDescriptor {
        FundDescriptor(id: try source.readString(), name: try source.readString(),
                       sourceLevel: try source.readCase(AdministrativeLevel.self), channel: try source.readString())
    }
}

extension FundingSource: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeString(fundID)
        sink.writeFen(amount)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> FundingSource {
        FundingSource(fundID: try source.readString(), amount: try source.readFen())
    }
}

extension Tranche: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeString(milestone)
        sink.writeFen(cumulative)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> Tranche {
        Tranche(milestone: try source.readString(), cumulative: try source.readFen())
    }
}

extension Quantity: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeSigned(value)
        sink.writeCase(unit)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> Quantity {
        Quantity(value: try source.readSigned(), unit: try source.readCase(QuantityUnit.self))
    }
}

extension ProjectRegistration: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeString(projectID)
        sink.writeOptional(name, sink.writeString)
        sink.writeDivisionCode(county)
        sink.writeOptional(township, sink.writeString)
        sink.writeOptional(village, sink.writeString)
        sink.writeString(category)
        sink.writeString(implementingUnit)
        sink.writeFen(budget)
        sink.writeArray(fundingSources) { $0.snapshotEncode(to: sink) }
        sink.writeArray(tranches) { $0.snapshotEncode(to: sink) }
        sink.writeOptional(approvalDocument, sink.writeString)
        sink.writeDate(effectiveDate)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> ProjectRegistration {
        ProjectRegistration(
            projectID: try source.readString(), name: try source.readOptional(source.readString),
            county: try source.readDivisionCode(), township: try source.readOptional(source.readString),
            village: try source.readOptional(source.readString), category: try source.readString(),
            implementingUnit: try source.readString(), budget: try source.readFen(),
            fundingSources: try source.readArray { try FundingSource.snapshotDecode(from: source) },
            tranches: try source.readArray { try Tranche.snapshotDecode(from: source) },
            approvalDocument: try source.readOptional(source.readString), effectiveDate: try source.readDate())
    }
}

extension ProjectMilestone: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeString(projectID)
        sink.writeString(milestone)
        sink.writeCase(status)
        sink.writeOptional(progressBasisPoints, sink.writeSigned)
        sink.writeOptional(acceptingUnit, sink.writeString)
        sink.writeOptional(quantity) { $0.snapshotEncode(to: sink) }
        sink.writeOptional(note, sink.writeString)
        sink.writeDate(effectiveDate)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> ProjectMilestone {
        ProjectMilestone(
            projectID: try source.readString(), milestone: try source.readString(),
            status: try source.readCase(MilestoneStatus.self), progressBasisPoints: try source.readOptional(source.readSigned),
            acceptingUnit: try source.readOptional(source.readString),
            quantity: try source.readOptional { try Quantity.snapshotDecode(from: source) },
            note: try source.readOptional(source.readString), effectiveDate: try source.readDate())
    }
}

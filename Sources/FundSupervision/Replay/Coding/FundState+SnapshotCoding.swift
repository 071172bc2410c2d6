// Hand-written snapshot coding of the projection's small members: funds with their accounts,
// projects with their milestones, per-unit totals and late entries. Fields in declaration order; a
// new stored field must be added here (SnapshotCodingTests compare every stored field after a round
// trip) and `FlaggingValidator.snapshotFormatVersion` bumped.

extension FundAccount: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        for amount in [received, issued, forwarded, integrated, disbursed, poolDisbursed, returnedOut, returnedIn] {
            sink.writeFen(amount)
        }
        sink.writeDictionary(designatedByRecipient) { sink.writeDivisionCode($0); sink.writeFen($1) }
        sink.writeDictionary(forwardedByRecipient) { sink.writeDivisionCode($0); sink.writeFen($1) }
        sink.writeInt(allocationCount)
        sink.writeDictionary(purposeCounts) { sink.writeString($0); sink.writeInt($1) }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> FundAccount {
        var account = FundAccount()
        account.received = try source.readFen()
        account.issued = try source.readFen()
        account.forwarded = try source.readFen()
        account.integrated = try source.readFen()
        account.disbursed = try source.readFen()
        account.poolDisbursed = try source.readFen()
        account.returnedOut = try source.readFen()
        account.returnedIn = try source.readFen()
        account.designatedByRecipient = try source.readDictionary { (try source.readDivisionCode(), try source.readFen()) }
        account.forwardedByRecipient = try source.readDictionary { (try source.readDivisionCode(), try source.readFen()) }
        account.allocationCount = try source.readInt()
        account.purposeCounts = try source.readDictionary { (try source.readString(), try source.readInt()) }
        return account
    }
}

extension FundState: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        descriptor.snapshotEncode(to: sink)
        sink.writeDictionary(accounts) { unit, account in
            sink.writeDivisionCode(unit)
            account.snapshotEncode(to: sink)
        }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> FundState {
        var state = FundState(descriptor: try FundDescriptor.snapshotDecode(from: source))
        state.accounts = try source.readDictionary { (try source.readDivisionCode(), try FundAccount.snapshotDecode(from: source)) }
        return state
    }
}

extension MilestoneRecord: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeInt(sequence)
        sink.writeDate(effectiveDate)
        sink.writeCase(status)
        sink.writeOptional(progressBasisPoints, sink.writeSigned)
        sink.writeBool(isReversed)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> MilestoneRecord {
        MilestoneRecord(sequence: try source.readInt(), effectiveDate: try source.readDate(),
                        status: try source.readCase(MilestoneStatus.self),
                        progressBasisPoints: try source.readOptional(source.readSigned), isReversed: try source.readBool())
    }
}

extension ProjectStatus: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        registration.snapshotEncode(to: sink)
        sink.writeInt(registeredSequence)
        sink.writeFen(paid)
        sink.writeInt(paymentCount)
        sink.writeDictionary(milestones) { name, records in
            sink.writeString(name)
            sink.writeArray(records) { $0.snapshotEncode(to: sink) }
        }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> ProjectStatus {
        var status = ProjectStatus(registration: try ProjectRegistration.snapshotDecode(from: source),
                                   registeredSequence: try source.readInt())
        status.paid = try source.readFen()
        status.paymentCount = try source.readInt()
        status.milestones = try source.readDictionary {
            (try source.readString(), try source.readArray { try MilestoneRecord.snapshotDecode(from: source) })
        }
        return status
    }
}

extension CountyTotals: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        for byName in [receivedByChannel, integratedByChannel, disbursedByCategory, poolSpentByCategory, poolSpentByChannel] {
            sink.writeDictionary(byName) { sink.writeString($0); sink.writeFen($1) }
        }
        for byLevel in [receivedBySourceLevel, integratedBySourceLevel] {
            sink.writeDictionary(byLevel) { sink.writeCase($0); sink.writeFen($1) }
        }
        for byYear in [receivedByYear, integratedByYear, disbursedByYear] {
            sink.writeDictionary(byYear) { sink.writeInt($0); sink.writeFen($1) }
        }
        for amount in [received, forwarded, integrated, disbursed, poolSpent, returnedOut, returnedIn] { sink.writeFen(amount) }
        sink.writeInt(lateEntryCount)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> CountyTotals {
        func byName() throws -> [String: Fen] { try source.readDictionary { (try source.readString(), try source.readFen()) } }
        func byLevel() throws -> [AdministrativeLevel: Fen] {
            try source.readDictionary { (try source.readCase(AdministrativeLevel.self), try source.readFen()) }
        }
        func byYear() throws -> [Int: Fen] { try source.readDictionary { (try source.readInt(), try source.readFen()) } }
        var totals = CountyTotals()
        totals.receivedByChannel = try byName()
        totals.integratedByChannel = try byName()
        totals.disbursedByCategory = try byName()
        totals.poolSpentByCategory = try byName()
        totals.poolSpentByChannel = try byName()
        totals.receivedBySourceLevel = try byLevel()
        totals.integratedBySourceLevel = try byLevel()
        totals.receivedByYear = try byYear()
        totals.integratedByYear = try byYear()
        totals.disbursedByYear = try byYear()
        totals.received = try source.readFen()
        totals.forwarded = try source.readFen()
        totals.integrated = try source.readFen()
        totals.disbursed = try source.readFen()
        totals.poolSpent = try source.readFen()
        totals.returnedOut = try source.readFen()
        totals.returnedIn = try source.readFen()
        totals.lateEntryCount = try source.readInt()
        return totals
    }
}

extension LateEntry: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) {
        sink.writeInt(sequence)
        sink.writeString(id)
        sink.writeCase(kind)
        sink.writeOptional(scope, sink.writeDivisionCode)
        sink.writeDate(effectiveDate)
        sink.writeDate(recordedDate)
        sink.writeOptional(amount, sink.writeFen)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> LateEntry {
        LateEntry(sequence: try source.readInt(), id: try source.readString(), kind: try source.readCase(FundEventKind.self),
                  scope: try source.readOptional(source.readDivisionCode), effectiveDate: try source.readDate(),
                  recordedDate: try source.readDate(), amount: try source.readOptional(source.readFen))
    }
}

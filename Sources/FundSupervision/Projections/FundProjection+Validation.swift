// Append-time validation: what cannot be a fact is refused; everything else is recorded.
//
// Checked here, against the state replayed so far (never the as-of filtered view): division codes
// known (AdministrativeDivision), the envelope's scope, and references — a fund allocated to the
// unit that integrates, pays or returns it; a registered project; a registered beneficiary for an
// exit; a reversible, not yet reversed entry for a reversal. Body shape is checked by decoding.

extension FundProjection {
    /// Throws the first reason the entry cannot be appended after the entries applied so far.
    /// Requires a projection without filters (validation sees the whole journal). For an
    /// `entry.reverse`, `target` is the entry it names, read back from the journal
    /// (`ReversalTarget.of(_:in:)`); nil means there is no such entry.
    public func check(_ event: FundEvent, _ context: EntryContext, reversing target: ReversalTarget? = nil) throws {
        let entryID = context.id
        func known(_ code: DivisionCode?, _ path: String) throws {
            guard let code else { return }
            guard AdministrativeDivision.isKnown(code) else {
                throw SupervisionError.unknownDivision(entryID: entryID, path: path, code: code.description)
            }
        }
        func scope(_ expected: DivisionCode?) throws {
            guard context.scope == expected else {
                throw SupervisionError.scopeMismatch(entryID: entryID, expected: expected?.description, actual: context.scope?.description)
            }
        }
        func allocated(_ fundID: String, to unit: DivisionCode) throws {
            guard let fund = funds[fundID] else { throw SupervisionError.unknownFund(entryID: entryID, fundID: fundID) }
            guard fund.accounts[unit]?.isAllocated == true else {
                throw SupervisionError.fundNotAllocatedToUnit(entryID: entryID, fundID: fundID, unit: unit.description)
            }
        }
        switch event {
        case .allocate(let allocation):
            try known(allocation.fromUnit, "body.from_unit")
            try known(allocation.toUnit, "body.to_unit")
            try known(allocation.designatedRecipient, "body.designated_recipient")
            try scope(allocation.fromUnit == .central ? nil : allocation.fromUnit)
            if let existing = funds[allocation.fund.id]?.descriptor {
                let fund = allocation.fund
                let pairs = [("name", existing.name, fund.name),
                             ("source_level", existing.sourceLevel.rawValue, fund.sourceLevel.rawValue),
                             ("channel", existing.channel, fund.channel)]
                for (field, expected, actual) in pairs where expected != actual {
                    throw SupervisionError.fundDefinitionConflict(entryID: entryID, fundID: fund.id, path: "body.fund." + field,
                                                                  expected: expected, actual: actual)
                }
            }
        case .integrate(let integration):
            try known(integration.county, "body.county")
            try scope(integration.county)
            try allocated(integration.fundID, to: integration.county)
        case .registerProject(let registration):
            try known(registration.county, "body.county")
            try scope(registration.county)
            guard projects[registration.projectID] == nil else {
                throw SupervisionError.duplicateProject(entryID: entryID, projectID: registration.projectID)
            }
            for source in registration.fundingSources where funds[source.fundID] == nil {
                throw SupervisionError.unknownFund(entryID: entryID, fundID: source.fundID)
            }
        case .milestone(let milestone):
            guard let project = projects[milestone.projectID] else {
                throw SupervisionError.unknownProject(entryID: entryID, projectID: milestone.projectID)
            }
            try scope(project.registration.county)
        case .registerBeneficiary(let registration):
            try known(registration.county, "body.county")
            try scope(registration.county)
            let key = BeneficiaryKey(county: registration.county, pseudonym: registration.pseudonym)
            if beneficiaries[key]?.isRegistered == true {
                throw SupervisionError.duplicateBeneficiary(entryID: entryID, pseudonym: registration.pseudonym, county: registration.county.description)
            }
        case .exitBeneficiary(let exit):
            try known(exit.county, "body.county")
            try scope(exit.county)
            let key = BeneficiaryKey(county: exit.county, pseudonym: exit.pseudonym)
            guard beneficiaries[key]?.isRegistered == true else {
                throw SupervisionError.unknownBeneficiary(entryID: entryID, pseudonym: exit.pseudonym, county: exit.county.description)
            }
        case .disburse(let payment):
            try known(payment.county, "body.county")
            try scope(payment.county)
            try allocated(payment.fundID, to: payment.county)
            if let projectID = payment.projectID, projects[projectID] == nil {
                throw SupervisionError.unknownProject(entryID: entryID, projectID: projectID)
            }
        case .returnFunds(let fundReturn):
            try known(fundReturn.fromUnit, "body.from_unit")
            try known(fundReturn.toUnit, "body.to_unit")
            try scope(fundReturn.fromUnit)
            try allocated(fundReturn.fundID, to: fundReturn.fromUnit)
        case .reverse(let reversal):
            guard reversal.reversedSequence < context.sequence, let target,
                  target.context.sequence == reversal.reversedSequence, target.context.id == reversal.reversedID else {
                throw SupervisionError.unknownEntry(entryID: entryID, reversedSequence: reversal.reversedSequence, reversedID: reversal.reversedID)
            }
            guard target.event != nil else {
                throw SupervisionError.entryNotReversible(entryID: entryID, reversedSequence: reversal.reversedSequence, kind: target.kind)
            }
            if let reversing = reversingSequences[reversal.reversedSequence] {
                throw SupervisionError.entryAlreadyReversed(entryID: entryID, reversedSequence: reversal.reversedSequence, reversingSequence: reversing)
            }
            try scope(target.context.scope)
        case .setPolicy(let policy):
            try known(policy.unit, "body.unit")
            try scope(policy.unit)
        case .disposeFlag(let disposal):
            try known(disposal.unit, "body.unit")
            try scope(disposal.unit)
        case .closePeriod(let closing):
            try known(closing.unit, "body.unit")
            try scope(closing.unit)
        }
    }
}

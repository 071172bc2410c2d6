// RowMapping: one spreadsheet row to one event body, per import kind (docs/IMPORT.md has the
// table; docs/EVENTS.md the bodies). Every cell is read even after a defect, so that the clerk
// sees all of a row's problems at once.

/// Builds the event of one data row; `nil` when the row has problems (recorded in the reader).
enum RowMapping {
    /// `fund.allocate`. Scope: the allocating unit, unscoped when it is central (000000).
    static func allocation(_ row: inout ImportRowReader) -> (event: FundEvent, scope: DivisionCode?)? {
        let date = row.date(.date, isRequired: true)
        let fromUnit = row.divisionCode(.fromUnit, isRequired: true, allowsCentral: true)
        let toUnit = row.divisionCode(.toUnit, isRequired: true)
        let fundID = row.text(.fundID, isRequired: true)
        let fundName = row.text(.fundName, isRequired: true)
        let sourceLevel = row.choice(.sourceLevel, isRequired: true, in: ImportValue.sourceLevels)
        let channel = row.text(.channel, isRequired: true)
        let fiscalYear = row.integer(.fiscalYear, in: Int64(CivilDate.minimumYear)...Int64(CivilDate.maximumYear))
        let documentNumber = row.text(.documentNumber, isRequired: true)
        let amount = row.amount(.amountYuan, isRequired: true)
        let designatedRecipient = row.divisionCode(.designatedRecipient, isRequired: false)
        let purposes = row.textList(.purposes, isRequired: true)
        let forwardBy = row.date(.forwardBy, isRequired: false)
        let useBy = row.date(.useBy, isRequired: false)
        _ = row.text(.voucher, isRequired: false, maximumByteCount: SpreadsheetImport.maximumIDByteCount)
        if let toUnit, let designatedRecipient, !toUnit.contains(designatedRecipient) {
            row.report(.designatedRecipient, .outsideUnit(.toUnit))
        }
        if let date, let forwardBy, forwardBy < date { row.report(.forwardBy, .earlierThan(.date)) }
        if let date, let useBy, useBy < date { row.report(.useBy, .earlierThan(.date)) }
        guard row.problems.isEmpty, let date, let fromUnit, let toUnit, let fundID, let fundName, let sourceLevel,
              let channel, let documentNumber, let amount, let purposes else { return nil }
        let body = FundAllocation(
            fromUnit: fromUnit, toUnit: toUnit,
            fund: FundDescriptor(id: fundID, name: fundName, sourceLevel: sourceLevel, channel: channel),
            // The fiscal year is the calendar year (docs/EVENTS.md), so the date's year is the default.
            fiscalYear: fiscalYear.map { Int($0) } ?? date.year,
            documentNumber: documentNumber, amount: amount, designatedRecipient: designatedRecipient,
            purposes: purposes, forwardBy: forwardBy, useBy: useBy, effectiveDate: date)
        return (.allocate(body), fromUnit == .central ? nil : fromUnit)
    }

    /// `fund.disburse`. Scope: the paying county.
    static func disbursement(_ row: inout ImportRowReader) -> (event: FundEvent, scope: DivisionCode?)? {
        let date = row.date(.date, isRequired: true)
        let county = row.divisionCode(.countyCode, isRequired: true)
        let fundID = row.text(.fundID, isRequired: true)
        let projectID = row.text(.projectID, isRequired: false)
        let category = row.text(.category, isRequired: false)
        let item = row.text(.item, isRequired: false)
        let payeeKind = row.choice(.payeeKind, isRequired: true, in: ImportValue.payeeKinds)
        var payeeID = row.text(.payee, isRequired: true)
        let amount = row.amount(.amountYuan, isRequired: true)
        let voucher = row.text(.voucher, isRequired: true, maximumByteCount: SpreadsheetImport.maximumIDByteCount)
        let quantity = row.quantity()
        let period = row.period()
        let labour = row.amount(.labourYuan, isRequired: false)
        let poorLabour = row.amount(.poorLabourYuan, isRequired: false)
        var isFromPool = false
        if let cell = row.cell(.fromPool) {
            if let value = ImportValue.yesNo(cell) {
                isFromPool = value
            } else {
                row.report(.fromPool, .notAllowed(allowed: ["是", "否", "yes", "no"]))
            }
        }
        // docs/EVENTS.md: exactly one of project_id and category.
        if projectID != nil, category != nil {
            row.report(.category, .conflictsWithColumn(.projectID))
        } else if projectID == nil, category == nil, row.cell(.projectID) == nil, row.cell(.category) == nil {
            row.report(nil, .missingOneOf([.projectID, .category]))
        }
        // A beneficiary is paid by pseudonym only: names and ID numbers never enter the journal.
        if payeeKind == .beneficiary, let id = payeeID {
            let lowercased = id.lowercased()
            if lowercased.utf8.count == 64, lowercased.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) {
                payeeID = lowercased
            } else {
                row.report(.payee, .notAPseudonym)
            }
        }
        if let labour, let amount, labour > amount { row.report(.labourYuan, .exceedsColumn(.amountYuan)) }
        if let poorLabour {
            if let labour {
                if poorLabour > labour { row.report(.poorLabourYuan, .exceedsColumn(.labourYuan)) }
            } else if row.cell(.labourYuan) == nil {
                row.report(.poorLabourYuan, .requiresColumn(.labourYuan))
            }
        }
        guard row.problems.isEmpty, let date, let county, let fundID, let payeeKind, let payeeID, let amount,
              let voucher else { return nil }
        let body = FundDisbursement(
            county: county, fundID: fundID, isFromPool: isFromPool, projectID: projectID, category: category,
            item: item, payee: Payee(kind: payeeKind, id: payeeID), amount: amount, voucher: voucher,
            quantity: quantity, periodStart: period?.start, periodEnd: period?.end, labour: labour,
            poorLabour: poorLabour, effectiveDate: date)
        return (.disburse(body), county)
    }

    /// `project.milestone`. Scope: the project's county, from the 县/区划代码 column (the body
    /// does not carry it; append checks it against the project's registration).
    static func milestone(_ row: inout ImportRowReader) -> (event: FundEvent, scope: DivisionCode?)? {
        let date = row.date(.date, isRequired: true)
        let county = row.divisionCode(.countyCode, isRequired: true)
        let projectID = row.text(.projectID, isRequired: true)
        let milestone = row.text(.milestone, isRequired: true)
        let status = row.choice(.status, isRequired: true, in: ImportValue.milestoneStatuses)
        var progress: Int64?
        if let cell = row.cell(.progressPercent) {
            // Percent with up to two decimals is exactly basis points: 70.5% = 7050 bp.
            var text = ImportValue.foldingFullWidth(cell)
            if text.hasSuffix("%") { text = ImportValue.trimmed(String(text.dropLast())) }
            if let basisPoints = ImportValue.scaledDecimal(text, scaleDigits: 2),
               basisPoints <= ProjectMilestone.fullProgressBasisPoints {
                progress = basisPoints
            } else {
                row.report(.progressPercent, .numberOutOfRange(minimum: "0", maximum: "100.00"))
            }
        }
        let acceptingUnit = row.text(.acceptingUnit, isRequired: false)
        let quantity = row.quantity()
        let note = row.text(.note, isRequired: false, maximumByteCount: ImportRowReader.maximumLongTextByteCount)
        // docs/EVENTS.md: an acceptance (passed or failed) names the accepting unit.
        if let status, status != .reached, acceptingUnit == nil, row.cell(.acceptingUnit) == nil {
            if row.has(.acceptingUnit) {
                row.report(.acceptingUnit, .emptyRequiredValue)
            } else {
                row.report(.status, .requiresColumn(.acceptingUnit))
            }
        }
        guard row.problems.isEmpty, let date, let county, let projectID, let milestone, let status else { return nil }
        let body = ProjectMilestone(
            projectID: projectID, milestone: milestone, status: status, progressBasisPoints: progress,
            acceptingUnit: acceptingUnit, quantity: quantity, note: note, effectiveDate: date)
        return (.milestone(body), county)
    }
}

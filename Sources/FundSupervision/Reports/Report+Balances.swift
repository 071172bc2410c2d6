// The balances report: per fund, per fund and unit, per project, per payee and year, and the
// entries recorded late.

extension Report {
    /// The parameters every report prints: the filters and the late-recording threshold.
    static func parameters(of projection: FundProjection) -> [ReportParameter] {
        [
            ReportParameter(key: "as_of", label: BilingualText(zh: "截至日期", en: "As of"),
                            value: projection.asOf.map { .date($0) } ?? .label(key: "all", BilingualText(zh: "全部", en: "all"))),
            ReportParameter(key: "until_seq", label: BilingualText(zh: "序号上限（不含）", en: "Until sequence (exclusive)"),
                            value: projection.untilSequence.map { .integer(Int64($0)) } ?? .label(key: "all", BilingualText(zh: "全部", en: "all"))),
            ReportParameter(key: "entries", label: BilingualText(zh: "计入条目数", en: "Entries counted"),
                            value: .integer(Int64(projection.appliedEntryCount))),
            ReportParameter(key: "late_threshold_days", label: BilingualText(zh: "补录判定天数", en: "Late-recording threshold (days)"),
                            value: .integer(Int64(projection.lateRecordingThresholdDays))),
        ]
    }

    static func levelLabel(_ level: AdministrativeLevel) -> ReportCell {
        switch level {
        case .central: return .label(key: "central", BilingualText(zh: "中央", en: "central"))
        case .province: return .label(key: "province", BilingualText(zh: "省级", en: "province"))
        case .prefecture: return .label(key: "prefecture", BilingualText(zh: "市级", en: "prefecture"))
        case .county: return .label(key: "county", BilingualText(zh: "县级", en: "county"))
        }
    }

    static func payeeKindLabel(_ kind: PayeeKind) -> ReportCell {
        let label: BilingualText
        switch kind {
        case .unit: label = BilingualText(zh: "单位", en: "unit")
        case .cooperative: label = BilingualText(zh: "合作社", en: "cooperative")
        case .enterprise: label = BilingualText(zh: "企业", en: "enterprise")
        case .villageCollective: label = BilingualText(zh: "村集体", en: "village collective")
        case .beneficiary: label = BilingualText(zh: "受益户", en: "beneficiary")
        }
        return .label(key: kind.rawValue, label)
    }

    static func unitName(_ code: DivisionCode) -> ReportCell { .text(AdministrativeDivision.displayName(of: code)) }

    /// The balances report (资金余额): funds, fund accounts by unit, projects, payees per year, late entries.
    public static func balances(_ projection: FundProjection) -> Report {
        let funds = projection.funds.values.sorted { $0.descriptor.id < $1.descriptor.id }
        var total = FundAccount()
        var totalAllocated = Fen.zero
        let fundRows: [[ReportCell]] = funds.map { fund in
            totalAllocated += fund.allocated
            for account in fund.accounts.values {
                total.integrated += account.integrated
                total.disbursed += account.disbursed
                total.returnedOut += account.returnedOut
            }
            return [.text(fund.descriptor.id), .text(fund.descriptor.name), .text(fund.descriptor.channel), levelLabel(fund.descriptor.sourceLevel),
                    .amount(fund.allocated), .amount(fund.integrated), .amount(fund.disbursed), .amount(fund.returned), .amount(fund.available)]
        }
        let fundsSection = ReportSection(
            key: "funds", title: BilingualText(zh: "资金余额", en: "Fund balances"),
            columns: [ReportColumn("fund_id", zh: "资金编号", en: "Fund"), ReportColumn("name", zh: "资金名称", en: "Name"),
                      ReportColumn("channel", zh: "渠道", en: "Channel"), ReportColumn("source_level", zh: "来源层级", en: "Source level"),
                      ReportColumn("allocated_fen", zh: "下达", en: "Allocated"), ReportColumn("integrated_fen", zh: "统筹整合", en: "Integrated"),
                      ReportColumn("disbursed_fen", zh: "拨付", en: "Disbursed"), ReportColumn("returned_fen", zh: "收回缴回", en: "Returned"),
                      ReportColumn("available_fen", zh: "结余", en: "Available")],
            rows: fundRows)
        let totalsSection = ReportSection(
            key: "totals", title: BilingualText(zh: "合计", en: "Totals"),
            columns: [ReportColumn("allocated_fen", zh: "下达", en: "Allocated"), ReportColumn("integrated_fen", zh: "统筹整合", en: "Integrated"),
                      ReportColumn("disbursed_fen", zh: "拨付", en: "Disbursed"), ReportColumn("returned_fen", zh: "收回缴回", en: "Returned"),
                      ReportColumn("available_fen", zh: "结余", en: "Available")],
            rows: [[.amount(totalAllocated), .amount(total.integrated), .amount(total.disbursed), .amount(total.returnedOut),
                    .amount(totalAllocated - total.disbursed)]])
        var accountRows: [[ReportCell]] = []
        for fund in funds {
            for (code, account) in fund.accounts.sorted(by: { $0.key < $1.key }) where !account.isEmpty {
                accountRows.append([.text(fund.descriptor.id), .text(code.description), unitName(code), .amount(account.issued),
                                    .amount(account.received), .amount(account.forwarded), .amount(account.integrated),
                                    .amount(account.disbursed), .amount(account.poolDisbursed), .amount(account.returnedOut),
                                    .amount(account.returnedIn), .amount(account.available), .amount(account.poolAvailable)])
            }
        }
        let accountsSection = ReportSection(
            key: "fund_accounts", title: BilingualText(zh: "各级资金账户", en: "Fund accounts by unit"),
            columns: [ReportColumn("fund_id", zh: "资金编号", en: "Fund"), ReportColumn("unit", zh: "区划代码", en: "Code"),
                      ReportColumn("unit_name", zh: "单位", en: "Unit"), ReportColumn("issued_fen", zh: "本级安排", en: "Issued"),
                      ReportColumn("received_fen", zh: "收到", en: "Received"), ReportColumn("forwarded_fen", zh: "转拨", en: "Forwarded"),
                      ReportColumn("integrated_fen", zh: "整合", en: "Integrated"), ReportColumn("disbursed_fen", zh: "拨付", en: "Disbursed"),
                      ReportColumn("pool_disbursed_fen", zh: "整合资金拨付", en: "From pool"),
                      ReportColumn("returned_out_fen", zh: "缴回", en: "Returned out"), ReportColumn("returned_in_fen", zh: "收回", en: "Returned in"),
                      ReportColumn("available_fen", zh: "结余", en: "Available"), ReportColumn("pool_available_fen", zh: "整合结余", en: "Pool left")],
            rows: accountRows)
        let projectRows: [[ReportCell]] = projection.projects.values.sorted { $0.registration.projectID < $1.registration.projectID }.map { project in
            let registration = project.registration
            return [.text(registration.projectID), .text(registration.name ?? ""), .text(registration.county.description), unitName(registration.county),
                    .text(registration.category), .amount(registration.budget), .amount(project.paid), .basisPoints(project.progressBasisPoints),
                    .amount(project.allowedNow), .text(project.acceptedMilestones.joined(separator: ";"))]
        }
        let projectsSection = ReportSection(
            key: "projects", title: BilingualText(zh: "项目", en: "Projects"),
            columns: [ReportColumn("project_id", zh: "项目编号", en: "Project"), ReportColumn("name", zh: "项目名称", en: "Name"),
                      ReportColumn("county", zh: "区划代码", en: "Code"), ReportColumn("county_name", zh: "县", en: "County"),
                      ReportColumn("category", zh: "类别", en: "Category"), ReportColumn("budget_fen", zh: "预算", en: "Budget"),
                      ReportColumn("paid_fen", zh: "已拨付", en: "Paid"), ReportColumn("progress_bp", zh: "进度", en: "Progress"),
                      ReportColumn("allowed_fen", zh: "按进度可拨", en: "Allowed now"),
                      ReportColumn("accepted_milestones", zh: "已验收节点", en: "Accepted milestones")],
            rows: projectRows)
        let payeeRows: [[ReportCell]] = sortedPayeeYears(projection.payeeYears).filter { $0.value.paymentCount != 0 || $0.value.paid != .zero }.map { key, total in
            [payeeKindLabel(key.payeeKey.kind), .text(key.payeeKey.id), .integer(Int64(key.year)), .integer(Int64(total.paymentCount)), .amount(total.paid)]
        }
        let payeesSection = ReportSection(
            key: "payees", title: BilingualText(zh: "收款人年度汇总", en: "Payees per year"),
            columns: [ReportColumn("payee_kind", zh: "收款人类型", en: "Kind"), ReportColumn("payee_id", zh: "收款人", en: "Payee"),
                      ReportColumn("year", zh: "年度", en: "Year"), ReportColumn("payments", zh: "笔数", en: "Payments"),
                      ReportColumn("paid_fen", zh: "金额", en: "Paid")],
            rows: payeeRows)
        return Report(kind: "balances", title: BilingualText(zh: "扶贫资金余额表", en: "Poverty-alleviation fund balances"),
                      parameters: parameters(of: projection),
                      sections: [fundsSection, totalsSection, accountsSection, projectsSection, payeesSection, lateEntriesSection(projection)])
    }

    /// The payee-year register in `PayeeYear` order (kind, id, year). What is sorted is a small key
    /// per entry: the kind's rank, the id's first 8 bytes as a big-endian number (zero-padded) and the
    /// entry's position. Two ids whose first bytes differ are ordered by them, which is `String`'s order
    /// when both ids are ASCII (every pseudonym); any other pair is compared in full, as `String`s.
    static func sortedPayeeYears(_ register: SnapshotMap<PayeeYear, PayeeYearTotal>) -> [(key: PayeeYear, value: PayeeYearTotal)] {
        let entries = Array(register)
        var keys = entries.indices.map { index in
            let payee = entries[index].key.payeeKey
            return SortKey(rank: payee.kindRank, prefix: payee.asciiIDPrefix, position: index)
        }
        keys.sort { lhs, rhs in
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            if let left = lhs.prefix, let right = rhs.prefix, left != right { return left < right }
            let left = entries[lhs.position].key, right = entries[rhs.position].key
            return left.payeeKey != right.payeeKey ? left.payeeKey < right.payeeKey : left.year < right.year
        }
        return keys.map { entries[$0.position] }
    }

    /// The part of a payee-year key that the sort compares first; `prefix` is nil for a non-ASCII id.
    private struct SortKey {
        var rank: Int
        var prefix: UInt64?
        var position: Int
    }

    static func lateEntriesSection(_ projection: FundProjection) -> ReportSection {
        ReportSection(
            key: "late_entries", title: BilingualText(zh: "补录条目", en: "Entries recorded late"),
            columns: [ReportColumn("seq", zh: "序号", en: "Seq"), ReportColumn("id", zh: "条目编号", en: "Entry"),
                      ReportColumn("kind", zh: "类型", en: "Kind"), ReportColumn("scope", zh: "区划代码", en: "Scope"),
                      ReportColumn("effective_date", zh: "生效日期", en: "Effective"), ReportColumn("recorded_date", zh: "记录日期", en: "Recorded"),
                      ReportColumn("delay_days", zh: "滞后天数", en: "Days late"), ReportColumn("amount_fen", zh: "金额", en: "Amount")],
            rows: projection.lateEntries.map { entry in
                [.integer(Int64(entry.sequence)), .text(entry.id), .text(entry.kind.rawValue), .text(entry.scope?.description ?? ""),
                 .date(entry.effectiveDate), .date(entry.recordedDate), .integer(Int64(entry.delayDays)), entry.amount.map { .amount($0) } ?? .empty]
            })
    }
}

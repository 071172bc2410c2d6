// The counties report: per-unit integration totals (统筹整合) by channel, source level, year and
// project category, and how much of each integrated pool has been spent.

extension Report {
    /// The counties report (县级统筹整合): one block per breakdown, rows sorted by unit code then key.
    public static func counties(_ projection: FundProjection) -> Report {
        // Units and breakdown rows whose figures are all zero (left only by reversed entries) are omitted.
        let units = projection.units.filter { $0.key != .central && !$0.value.isEmpty }.sorted { $0.key < $1.key }
        let unitRows: [[ReportCell]] = units.map { code, totals in
            [.text(code.description), unitName(code), levelLabel(code.level), .amount(totals.received), .amount(totals.forwarded),
             .amount(totals.integrated), .amount(totals.poolSpent), .amount(totals.poolAvailable), .amount(totals.disbursed),
             .amount(totals.returnedOut), .amount(totals.returnedIn), .amount(totals.available), .integer(Int64(totals.lateEntryCount))]
        }
        let unitColumns = [ReportColumn("unit", zh: "区划代码", en: "Code"), ReportColumn("unit_name", zh: "单位", en: "Unit")]
        let summary = ReportSection(
            key: "units", title: BilingualText(zh: "各单位统筹整合与支出", en: "Integration and spending by unit"),
            columns: unitColumns + [ReportColumn("level", zh: "层级", en: "Level"), ReportColumn("received_fen", zh: "收到", en: "Received"),
                                    ReportColumn("forwarded_fen", zh: "转拨", en: "Forwarded"), ReportColumn("integrated_fen", zh: "整合", en: "Integrated"),
                                    ReportColumn("pool_spent_fen", zh: "整合已支出", en: "Pool spent"),
                                    ReportColumn("pool_available_fen", zh: "整合结余", en: "Pool left"),
                                    ReportColumn("disbursed_fen", zh: "拨付", en: "Disbursed"), ReportColumn("returned_out_fen", zh: "缴回", en: "Returned out"),
                                    ReportColumn("returned_in_fen", zh: "收回", en: "Returned in"), ReportColumn("available_fen", zh: "结余", en: "Available"),
                                    ReportColumn("late_entries", zh: "补录条目", en: "Late entries")],
            rows: unitRows)

        var channelRows: [[ReportCell]] = []
        var levelRows: [[ReportCell]] = []
        var yearRows: [[ReportCell]] = []
        var categoryRows: [[ReportCell]] = []
        for (code, totals) in units {
            let unit: [ReportCell] = [.text(code.description), unitName(code)]
            for channel in Set(totals.receivedByChannel.keys).union(totals.integratedByChannel.keys).union(totals.poolSpentByChannel.keys).sorted()
            where totals.receivedByChannel[channel, default: .zero] != .zero || totals.integratedByChannel[channel, default: .zero] != .zero
                || totals.poolSpentByChannel[channel, default: .zero] != .zero {
                channelRows.append(unit + [.text(channel), .amount(totals.receivedByChannel[channel] ?? .zero),
                                           .amount(totals.integratedByChannel[channel] ?? .zero), .amount(totals.poolSpentByChannel[channel] ?? .zero)])
            }
            for level in AdministrativeLevel.allCases
            where totals.receivedBySourceLevel[level, default: .zero] != .zero || totals.integratedBySourceLevel[level, default: .zero] != .zero {
                levelRows.append(unit + [levelLabel(level), .amount(totals.receivedBySourceLevel[level] ?? .zero),
                                         .amount(totals.integratedBySourceLevel[level] ?? .zero)])
            }
            for year in Set(totals.receivedByYear.keys).union(totals.integratedByYear.keys).union(totals.disbursedByYear.keys).sorted()
            where totals.receivedByYear[year, default: .zero] != .zero || totals.integratedByYear[year, default: .zero] != .zero
                || totals.disbursedByYear[year, default: .zero] != .zero {
                yearRows.append(unit + [.integer(Int64(year)), .amount(totals.receivedByYear[year] ?? .zero),
                                        .amount(totals.integratedByYear[year] ?? .zero), .amount(totals.disbursedByYear[year] ?? .zero)])
            }
            for category in Set(totals.disbursedByCategory.keys).union(totals.poolSpentByCategory.keys).sorted()
            where totals.disbursedByCategory[category, default: .zero] != .zero || totals.poolSpentByCategory[category, default: .zero] != .zero {
                categoryRows.append(unit + [.text(category), .amount(totals.disbursedByCategory[category] ?? .zero),
                                            .amount(totals.poolSpentByCategory[category] ?? .zero)])
            }
        }
        let byChannel = ReportSection(
            key: "by_channel", title: BilingualText(zh: "按资金渠道", en: "By channel"),
            columns: unitColumns + [ReportColumn("channel", zh: "渠道", en: "Channel"), ReportColumn("received_fen", zh: "收到", en: "Received"),
                                    ReportColumn("integrated_fen", zh: "整合", en: "Integrated"), ReportColumn("pool_spent_fen", zh: "整合已支出", en: "Pool spent")],
            rows: channelRows)
        let byLevel = ReportSection(
            key: "by_source_level", title: BilingualText(zh: "按资金来源层级", en: "By source level"),
            columns: unitColumns + [ReportColumn("source_level", zh: "来源层级", en: "Source level"), ReportColumn("received_fen", zh: "收到", en: "Received"),
                                    ReportColumn("integrated_fen", zh: "整合", en: "Integrated")],
            rows: levelRows)
        let byYear = ReportSection(
            key: "by_year", title: BilingualText(zh: "按年度", en: "By year"),
            columns: unitColumns + [ReportColumn("year", zh: "年度", en: "Year"), ReportColumn("received_fen", zh: "收到", en: "Received"),
                                    ReportColumn("integrated_fen", zh: "整合", en: "Integrated"), ReportColumn("disbursed_fen", zh: "拨付", en: "Disbursed")],
            rows: yearRows)
        let byCategory = ReportSection(
            key: "by_category", title: BilingualText(zh: "按项目类别", en: "By project category"),
            columns: unitColumns + [ReportColumn("category", zh: "类别", en: "Category"), ReportColumn("disbursed_fen", zh: "拨付", en: "Disbursed"),
                                    ReportColumn("pool_spent_fen", zh: "整合已支出", en: "Pool spent")],
            rows: categoryRows)
        return Report(kind: "counties", title: BilingualText(zh: "县级统筹整合汇总表", en: "County integration totals"),
                      parameters: parameters(of: projection), sections: [summary, byChannel, byLevel, byYear, byCategory])
    }
}

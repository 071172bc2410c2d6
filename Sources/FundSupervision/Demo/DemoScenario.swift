// DemoScenario: the events of the demo journal, in recording order.
//
// Facts and where they come from (Journal/README.md has the full table):
// - 沁源县 140431, 武乡县 140429, 沁县 140430 in 长治市 140400, 山西省 140000 (seed 002; codes GB/T 2260).
// - 退耕还林 1500元/亩 = 1200 central + 300 provincial (002 R01), paid 500/150/300/150/400 over five
//   years (004 四(三)8, R26); 种苗造林 800元/亩 = 300 central + 500 provincial (002 R04, 004 R06) with
//   labour ≥ 45% and poor labour ≥ 60% of it (004, R46-R47); 未成林管护 10元/亩 and 森林管护 8元/亩 (002 R09-R10).
// - 以工代赈 split by the province to poor counties, labour ≥ 10% (002 R48, R69).
// - 产业扶贫 奖补 of 沁源县 (004 四(三)6: 牛 3000元/头, 猪 300元/头, 羊 300元/只, 鸡 3元/只, 中药材 400元/亩,
//   日光温室 2万元/亩) and 每户奖补金额不超过3000元 (R40); 资产收益 ≥ 6% distributed 年初 (004 四(二)4, R54, R28).
// - 光伏扶贫 and 生态护林员 as project categories and funds the texts name (000, 002).
// Quantities, amounts not fixed by a standard, names of operators and villages (乡镇A, 村A1, 合作社甲,
// 经营主体乙, 丙) are illustrative placeholders (seed-domain §5).

/// The demo scenario: allocations, integration, projects, households, payments and planted violations.
enum DemoScenario {
    static let central = DivisionCode.central
    static let shanxi = DivisionCode("140000")!
    static let changzhi = DivisionCode("140400")!
    static let qinyuan = DivisionCode("140431")!
    static let wuxiang = DivisionCode("140429")!
    static let qinxian = DivisionCode("140430")!

    static let f1 = FundDescriptor(id: "F1", name: "中央新一轮退耕还林补助", sourceLevel: .central, channel: "退耕还林")
    static let f2 = FundDescriptor(id: "F2", name: "省级退耕还林配套资金", sourceLevel: .province, channel: "退耕还林")
    static let f3 = FundDescriptor(id: "F3", name: "中央种苗造林补助", sourceLevel: .central, channel: "退耕还林")
    static let f4 = FundDescriptor(id: "F4", name: "省级种苗造林配套资金", sourceLevel: .province, channel: "退耕还林")
    static let f5 = FundDescriptor(id: "F5", name: "中央以工代赈资金", sourceLevel: .central, channel: FundChannel.workForRelief)
    static let f6 = FundDescriptor(id: "F6", name: "省级森林管护补助", sourceLevel: .province, channel: FundChannel.ecologicalCompensation)
    static let f7 = FundDescriptor(id: "F7", name: "沁源县财政专项扶贫资金", sourceLevel: .county, channel: FundChannel.specialPovertyFund)
    static let f8 = FundDescriptor(id: "F8", name: "省级财政专项扶贫资金", sourceLevel: .province, channel: FundChannel.specialPovertyFund)
    static let f9 = FundDescriptor(id: "F9", name: "中央生态护林员补助资金", sourceLevel: .central, channel: FundChannel.ecologicalCompensation)
    static let f10 = FundDescriptor(id: "F10", name: "沁源县资产收益扶贫收益资金", sourceLevel: .county, channel: FundChannel.specialPovertyFund)
    static let f11 = FundDescriptor(id: "F11", name: "村A1村级光伏扶贫电站发电收益", sourceLevel: .county, channel: "光伏扶贫收益")

    static func day(_ text: String) -> CivilDate { CivilDate(parsing: text)! }
    static func yuan(_ amount: Int64) -> Fen { Fen(amount * 100) }
    static func mu(_ amount: Int64) -> Quantity { Quantity(value: amount * 100, unit: .centimu) }
    static func household(_ label: String, _ county: DivisionCode = qinyuan) -> Payee {
        Payee(kind: .beneficiary, id: DemoJournal.pseudonym(label, county: county.description))
    }

    /// Records every scenario event after the genesis and grants.
    static func record(into recorder: inout DemoRecorder) throws {
        var documentNumber = 0
        var vouchers: [DivisionCode: Int] = [:]
        func voucher(_ county: DivisionCode, _ year: Int = 2018) -> String {
            vouchers[county, default: 0] += 1
            let number = String(vouchers[county]!)
            let prefix = AdministrativeDivision.displayName(of: county).prefix(2)
            return "\(prefix)记-\(year)-" + String(repeating: "0", count: 4 - number.count) + number
        }
        func allocate(_ from: DivisionCode, _ to: DivisionCode, _ fund: FundDescriptor, _ amount: Int64, _ date: String,
                      purposes: [String], designated: DivisionCode? = nil, forwardBy: String? = nil, useBy: String? = nil,
                      by key: DemoKey) throws {
            documentNumber += 1
            let effective = day(date)
            try recorder.record(.allocate(FundAllocation(
                fromUnit: from, toUnit: to, fund: fund, fiscalYear: effective.year,
                documentNumber: "示例〔\(effective.year)〕\(documentNumber)号", amount: yuan(amount), designatedRecipient: designated,
                purposes: purposes, forwardBy: forwardBy.map(day), useBy: useBy.map(day), effectiveDate: effective)), by: key)
        }
        func pay(_ county: DivisionCode, _ fund: FundDescriptor, _ payee: Payee, _ amount: Int64, _ date: String,
                 project: String? = nil, category: String? = nil, item: String? = nil, quantity: Quantity? = nil,
                 fromPool: Bool = false, labour: Int64? = nil, poorLabour: Int64? = nil, period: (String, String)? = nil,
                 voucherNumber: String? = nil, recordedOn: String? = nil, by key: DemoKey) throws -> Int {
            try recorder.record(.disburse(FundDisbursement(
                county: county, fundID: fund.id, isFromPool: fromPool, projectID: project, category: category, item: item,
                payee: payee, amount: yuan(amount), voucher: voucherNumber ?? voucher(county, day(date).year), quantity: quantity,
                periodStart: period.map { day($0.0) }, periodEnd: period.map { day($0.1) },
                labour: labour.map(yuan), poorLabour: poorLabour.map(yuan), effectiveDate: day(date))),
                by: key, recordedOn: recordedOn.map(day))
        }
        func milestone(_ project: String, _ name: String, _ status: MilestoneStatus, _ date: String, unit: String,
                       progress: Int64? = nil, quantity: Quantity? = nil, note: String? = nil, by key: DemoKey) throws {
            try recorder.record(.milestone(ProjectMilestone(
                projectID: project, milestone: name, status: status, progressBasisPoints: progress, acceptingUnit: unit,
                quantity: quantity, note: note, effectiveDate: day(date))), by: key)
        }
        let authority = DemoJournal.authority, province = DemoJournal.province, prefecture = DemoJournal.prefecture
        let qy = DemoJournal.qinyuan, wx = DemoJournal.wuxiang, qx = DemoJournal.qinxian
        let acceptance = DemoJournal.acceptance, inspector = DemoJournal.inspector

        // 004 四(三)6 restated as a county policy in force from the document's date.
        try recorder.record(.setPolicy(PolicySetting(
            ruleID: HouseholdCapExceeded.descriptor.id, parameters: ["household_cap_fen": .integer(300_000)],
            document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》", clause: "四(三)6 贫困户每户奖补金额不超过3000元",
            unit: qinyuan, effectiveDate: day("2017-11-13"))), by: authority, recordedOn: day("2018-01-02"))

        // 建档立卡 households (004 三(一)): twelve of 沁源县's 3999, four 护林员 households of 沁县.
        let sizes = [4, 3, 5, 2, 4, 3, 6, 3, 2, 4, 1, 2]
        for (index, size) in sizes.enumerated() {
            let label = "H" + (index < 9 ? "0" : "") + String(index + 1)
            try recorder.record(.registerBeneficiary(BeneficiaryRegistration(
                pseudonym: DemoJournal.pseudonym(label, county: "140431"), county: qinyuan, township: "乡镇A",
                village: index < 6 ? "村A1" : "村A2", householdSize: size, isAbleToWork: index < 10,
                effectiveDate: day("2018-01-05"))), by: qy)
        }
        for index in 1...4 {
            try recorder.record(.registerBeneficiary(BeneficiaryRegistration(
                pseudonym: DemoJournal.pseudonym("Q0\(index)", county: "140430"), county: qinxian, township: "乡镇B",
                village: "村B1", householdSize: 2 + index, isAbleToWork: true, effectiveDate: day("2018-01-05"))), by: qx)
        }

        // Central money reaches the province (100亩 of 退耕还林 at 1200 + 300, 种苗造林 at 300 + 500).
        try allocate(central, shanxi, f1, 120_000, "2018-02-01", purposes: ["退耕还林"], forwardBy: "2018-03-31", by: authority)
        try allocate(central, shanxi, f3, 30_000, "2018-02-01", purposes: ["种苗造林"], forwardBy: "2018-03-31", by: authority)
        try allocate(central, shanxi, f5, 3_000_000, "2018-02-01", purposes: ["以工代赈"], forwardBy: "2018-03-31", by: authority)
        try allocate(central, shanxi, f9, 48_000, "2018-02-01", purposes: ["生态护林员"], forwardBy: "2018-03-31", by: authority)
        try recorder.record(.exitBeneficiary(BeneficiaryExit(
            pseudonym: DemoJournal.pseudonym("H11", county: "140431"), county: qinyuan, reason: .naturalAttrition,
            effectiveDate: day("2018-02-10"))), by: qy)

        // The province forwards to 长治市; 以工代赈 is split by county (因素法, 002 R69) and designated.
        try allocate(shanxi, changzhi, f1, 120_000, "2018-02-20", purposes: ["退耕还林"], forwardBy: "2018-03-31", by: province)
        try allocate(shanxi, changzhi, f3, 30_000, "2018-02-20", purposes: ["种苗造林"], forwardBy: "2018-03-31", by: province)
        for (county, amount) in [(qinyuan, Int64(1_000_000)), (wuxiang, 1_200_000), (qinxian, 800_000)] {
            try allocate(shanxi, changzhi, f5, amount, "2018-02-20", purposes: ["以工代赈"], designated: county,
                         forwardBy: "2018-04-30", by: province)
        }
        try allocate(shanxi, changzhi, f9, 48_000, "2018-02-20", purposes: ["生态护林员"], forwardBy: "2018-03-31", by: province)

        // Provincial money straight to 沁源县; 长治市 forwards the central 退耕 and 护林员 money.
        try allocate(shanxi, qinyuan, f2, 30_000, "2018-03-01", purposes: ["退耕还林"], useBy: "2022-12-31", by: province)
        try allocate(shanxi, qinyuan, f4, 50_000, "2018-03-01", purposes: ["种苗造林"], useBy: "2018-12-31", by: province)
        try allocate(shanxi, qinyuan, f6, 100_000, "2018-03-01", purposes: ["森林管护"], useBy: "2018-12-31", by: province)
        try allocate(shanxi, qinyuan, f8, 600_000, "2018-03-01", purposes: ["产业扶贫", "光伏扶贫"], useBy: "2018-12-31", by: province)
        try allocate(changzhi, qinyuan, f1, 120_000, "2018-03-01", purposes: ["退耕还林"], useBy: "2022-12-31", by: prefecture)
        try allocate(changzhi, qinyuan, f3, 30_000, "2018-03-01", purposes: ["种苗造林"], useBy: "2018-12-31", by: prefecture)
        try allocate(changzhi, qinxian, f9, 48_000, "2018-03-01", purposes: ["生态护林员"], useBy: "2018-12-31", by: prefecture)
        try allocate(qinyuan, qinyuan, f7, 800_000, "2018-03-05", purposes: ["产业扶贫", "资产收益扶贫"], useBy: "2019-12-31", by: qy)

        // PLANTED R-WITHHOLDING: 长治市 forwards 800,000 of the 1,000,000 designated for 沁源县.
        try allocate(changzhi, qinyuan, f5, 800_000, "2018-03-10", purposes: ["以工代赈"], useBy: "2018-12-31", by: prefecture)
        try allocate(changzhi, wuxiang, f5, 1_200_000, "2018-03-10", purposes: ["以工代赈"], useBy: "2018-12-31", by: prefecture)
        try allocate(changzhi, qinxian, f5, 800_000, "2018-03-10", purposes: ["以工代赈"], useBy: "2018-12-31", by: prefecture)

        // 统筹整合: "多个渠道引水、一个龙头放水" (002).
        let plan = "沁源县2018年统筹整合使用财政涉农资金实施方案（示例）"
        for (fund, amount) in [(f3, Int64(30_000)), (f4, 50_000), (f8, 600_000), (f7, 200_000)] {
            try recorder.record(.integrate(FundIntegration(county: qinyuan, fundID: fund.id, amount: yuan(amount), fiscalYear: 2018,
                                                           planDocument: plan, effectiveDate: day("2018-03-20"))), by: qy)
        }
        try recorder.record(.integrate(FundIntegration(county: wuxiang, fundID: f5.id, amount: yuan(1_200_000), fiscalYear: 2018,
                                                       planDocument: "武乡县2018年统筹整合使用财政涉农资金实施方案（示例）",
                                                       effectiveDate: day("2018-03-20"))), by: wx)

        // Projects of 沁源县.
        try recorder.record(.registerProject(ProjectRegistration(
            projectID: "QY-2018-P4", name: "食用菌基地资产收益扶贫", county: qinyuan, township: "乡镇A", village: "村A1",
            category: ProjectCategory.assetIncome, implementingUnit: "经营主体乙", budget: yuan(500_000),
            fundingSources: [FundingSource(fundID: f7.id, amount: yuan(500_000))],
            tranches: [Tranche(milestone: Tranche.approvalMilestone, cumulative: yuan(500_000))],
            approvalDocument: "示例〔2018〕20号", effectiveDate: day("2018-04-01"))), by: qy)
        try recorder.record(.registerProject(ProjectRegistration(
            projectID: "QY-2018-P3", name: "村A1通村道路（以工代赈）", county: qinyuan, township: "乡镇A", village: "村A1",
            category: ProjectCategory.workForRelief, implementingUnit: "乡镇A人民政府", budget: yuan(650_000),
            fundingSources: [FundingSource(fundID: f5.id, amount: yuan(650_000))],
            tranches: [Tranche(milestone: Tranche.approvalMilestone, cumulative: yuan(195_000)),
                       Tranche(milestone: "progress_70", cumulative: yuan(455_000)),
                       Tranche(milestone: "completed", cumulative: yuan(650_000))],
            approvalDocument: "示例〔2018〕21号", effectiveDate: day("2018-04-10"))), by: qy)
        try recorder.record(.registerProject(ProjectRegistration(
            projectID: "QY-2018-P2", name: "退耕地种苗造林100亩", county: qinyuan, township: "乡镇A",
            category: ProjectCategory.afforestation, implementingUnit: "合作社甲（扶贫造林专业合作社）", budget: yuan(80_000),
            fundingSources: [FundingSource(fundID: f3.id, amount: yuan(30_000)), FundingSource(fundID: f4.id, amount: yuan(50_000))],
            tranches: [Tranche(milestone: "planted", cumulative: yuan(80_000))],
            approvalDocument: "示例〔2018〕22号", effectiveDate: day("2018-04-10"))), by: qy)
        let operatorB = Payee(kind: .enterprise, id: "经营主体乙")
        _ = try pay(qinyuan, f7, operatorB, 500_000, "2018-04-15", project: "QY-2018-P4", by: qy)
        try recorder.record(.registerProject(ProjectRegistration(
            projectID: "QY-2018-P6", name: "村A1村级光伏扶贫电站", county: qinyuan, township: "乡镇A", village: "村A1",
            category: ProjectCategory.photovoltaic, implementingUnit: "沁源县扶贫开发办公室", budget: yuan(400_000),
            fundingSources: [FundingSource(fundID: f8.id, amount: yuan(400_000))],
            tranches: [Tranche(milestone: Tranche.approvalMilestone, cumulative: yuan(200_000)),
                       Tranche(milestone: "grid_connected", cumulative: yuan(400_000))],
            approvalDocument: "示例〔2018〕23号", effectiveDate: day("2018-04-20"))), by: qy)

        // 退耕还林 first instalment, 500元/亩 (004 四(三)8). PLANTED R-OFF-STANDARD: H04's 5亩 paid 4,000.
        let areas: [Int64] = [12, 10, 8, 5, 15, 10, 10, 10, 10, 10]
        for (index, area) in areas.enumerated() {
            let label = "H" + (index < 9 ? "0" : "") + String(index + 1)
            let amount = label == "H04" ? 4_000 : area * 500
            _ = try pay(qinyuan, f1, household(label), amount, "2018-04-25", category: ProjectCategory.croplandToForest,
                        item: "退耕还林补助第1年", quantity: mu(area), by: qy)
        }

        let solarBuilder = Payee(kind: .enterprise, id: "光伏施工企业丁")
        _ = try pay(qinyuan, f8, solarBuilder, 100_000, "2018-05-10", project: "QY-2018-P6", fromPool: true, by: qy)
        // PLANTED R-AHEAD-OF-PROGRESS: the whole road paid before any acceptance; labour only 8% (R-LABOUR-SHARE at completion).
        _ = try pay(qinyuan, f5, Payee(kind: .enterprise, id: "某路桥公司"), 650_000, "2018-05-20", project: "QY-2018-P3",
                    labour: 52_000, poorLabour: 40_000, by: qy)
        try milestone("QY-2018-P2", "planted", .accepted, "2018-05-20", unit: "沁源县林业局", progress: 10_000, quantity: mu(100),
                      by: acceptance)
        // 800元/亩 paid out of the pool in the two shares that were pooled (500 provincial, 300 central); labour
        // exactly 45% and poor labour exactly 60% of it: at the thresholds, not flagged.
        let cooperativeA = Payee(kind: .cooperative, id: "合作社甲")
        _ = try pay(qinyuan, f4, cooperativeA, 50_000, "2018-05-25", project: "QY-2018-P2", item: "造林补助",
                    quantity: Quantity(value: 6_250, unit: .centimu), fromPool: true, labour: 22_500, poorLabour: 13_500, by: qy)
        _ = try pay(qinyuan, f3, cooperativeA, 30_000, "2018-05-25", project: "QY-2018-P2", item: "造林补助",
                    quantity: Quantity(value: 3_750, unit: .centimu), fromPool: true, labour: 13_500, poorLabour: 8_100, by: qy)

        // PLANTED R-SPLIT-PAYMENT: 武乡县 pays one cooperative three times 20,000 within 15 days (threshold 50,000).
        let wuxiangCooperative = Payee(kind: .cooperative, id: "武乡县某农机专业合作社")
        func splitPart(_ date: String) throws {
            _ = try pay(wuxiang, f5, wuxiangCooperative, 20_000, date, category: ProjectCategory.workForRelief, fromPool: true, by: wx)
        }
        try splitPart("2018-06-01")
        // A mistyped chicken subsidy (3,000 for 100 chickens at 3元) is reversed the next day and paid again.
        let mistyped = try pay(qinyuan, f7, household("H09"), 3_000, "2018-06-05", category: ProjectCategory.industry,
                               item: "养鸡奖补", quantity: Quantity(value: 100, unit: .head), by: qy)
        try recorder.record(.reverse(EntryReversal(reversedSequence: mistyped, reversedID: recorder.ids[mistyped] ?? "",
                                                   reason: "金额录入错误（应为300元）", effectiveDate: day("2018-06-06"))), by: qy)
        _ = try pay(qinyuan, f7, household("H09"), 300, "2018-06-06", category: ProjectCategory.industry,
                    item: "养鸡奖补", quantity: Quantity(value: 100, unit: .head), by: qy)
        try splitPart("2018-06-08")
        _ = try pay(qinxian, f5, Payee(kind: .enterprise, id: "沁县某路桥公司"), 500_000, "2018-06-10",
                    category: ProjectCategory.workForRelief, by: qx)
        try splitPart("2018-06-15")
        // PLANTED R-DIVERSION: 以工代赈 money paid to a 农家乐 (乡村旅游 is not a 以工代赈 work, 002 E10).
        _ = try pay(qinyuan, f5, Payee(kind: .enterprise, id: "农家乐经营户丙"), 150_000, "2018-06-15", category: "乡村旅游", by: qy)

        // 产业扶贫 奖补 (004 四(三)6).
        _ = try pay(qinyuan, f7, household("H02"), 3_000, "2018-06-20", category: ProjectCategory.industry, item: "养牛奖补",
                    quantity: Quantity(value: 1, unit: .head), by: qy)
        // PLANTED R-HOUSEHOLD-CAP: H03 paid 6,000 for two head of cattle (cap 3,000 per household).
        _ = try pay(qinyuan, f7, household("H03"), 6_000, "2018-06-20", category: ProjectCategory.industry, item: "养牛奖补",
                    quantity: Quantity(value: 2, unit: .head), by: qy)
        // PLANTED R-INELIGIBLE-PAYEE: H99 was never registered; H11 left the register (自然减员) in February.
        _ = try pay(qinyuan, f7, household("H99"), 3_000, "2018-06-20", category: ProjectCategory.industry, item: "养牛奖补",
                    quantity: Quantity(value: 1, unit: .head), by: qy)
        _ = try pay(qinyuan, f7, household("H11"), 300, "2018-06-20", category: ProjectCategory.industry, item: "养猪奖补",
                    quantity: Quantity(value: 1, unit: .head), by: qy)
        // PLANTED R-DUPLICATE: H06's payment reuses the voucher number of H10's.
        let herbVoucher = voucher(qinyuan)
        _ = try pay(qinyuan, f7, household("H10"), 800, "2018-06-20", category: ProjectCategory.industry, item: "中药材奖补",
                    quantity: mu(2), voucherNumber: herbVoucher, by: qy)
        _ = try pay(qinyuan, f7, household("H06"), 600, "2018-06-20", category: ProjectCategory.industry, item: "养羊奖补",
                    quantity: Quantity(value: 2, unit: .head), voucherNumber: herbVoucher, by: qy)
        // 未成林管护 10元/亩 for 2000亩 (002 R10); the 80,000 for 森林管护 stays unused (R-IDLE, below).
        _ = try pay(qinyuan, f6, cooperativeA, 20_000, "2018-06-30", category: ProjectCategory.forestProtection,
                    item: "未成林管护补助", quantity: mu(2_000), by: qy)
        // 生态护林员 of 沁县, paid by half year (the amount per person is illustrative; no standard in the seeds).
        for index in 1...4 {
            _ = try pay(qinxian, f9, household("Q0\(index)", qinxian), 6_000, "2018-07-05", category: ProjectCategory.ecologicalRanger,
                        item: "生态护林员补助", quantity: Quantity(value: 6, unit: .personMonth),
                        period: ("2018-01-01", "2018-06-30"), by: qx)
        }
        _ = try pay(qinyuan, f7, household("H05"), 20_000, "2018-07-10", category: ProjectCategory.industry, item: "日光温室奖补",
                    quantity: mu(1), by: qy)
        // PLANTED R-LOAN-ELIGIBILITY: an interest-subsidised poverty loan (at the 2万 ceiling, 004 四(三)9) to H07,
        // which has not exited poverty; only households that exited in 2014 or 2015 qualify.
        _ = try pay(qinyuan, f7, household("H07"), 20_000, "2018-07-20", category: ProjectCategory.industry, item: "扶贫贷款", by: qy)
        try milestone("QY-2018-P3", "progress_70", .accepted, "2018-08-01", unit: "沁源县交通运输局", progress: 7_000, by: acceptance)
        // PLANTED R-OVERDRAW: 沁县 pays 850,000 of 以工代赈 money having received 800,000.
        _ = try pay(qinxian, f5, Payee(kind: .enterprise, id: "沁县某路桥公司"), 350_000, "2018-08-10",
                    category: ProjectCategory.workForRelief, by: qx)
        // PLANTED R-BACKDATED: a payment effective 2018-04-15 recorded on 2018-08-20 (127 days later).
        let waterCompany = Payee(kind: .enterprise, id: "武乡县某水利公司")
        _ = try pay(wuxiang, f5, waterCompany, 600_000, "2018-04-15", category: ProjectCategory.workForRelief, fromPool: true,
                    recordedOn: "2018-08-20", by: wx)
        // PLANTED R-PAID-AFTER-FAILED: the station fails grid acceptance and is paid anyway.
        try milestone("QY-2018-P6", "grid_connected", .failed, "2018-09-10", unit: "沁源县扶贫开发办公室",
                      note: "并网验收未通过", by: acceptance)
        _ = try pay(qinyuan, f8, solarBuilder, 100_000, "2018-09-20", project: "QY-2018-P6", fromPool: true, by: qy)
        _ = try pay(wuxiang, f5, waterCompany, 500_000, "2018-10-15", category: ProjectCategory.workForRelief, fromPool: true, by: wx)
        // PLANTED R-SEPARATION-OF-DUTIES: the county finance key, which paid the road, signs its final acceptance.
        try milestone("QY-2018-P3", "completed", .accepted, "2018-10-30", unit: "沁源县交通运输局", progress: 10_000, by: qy)
        try milestone("QY-2018-P6", "grid_connected", .accepted, "2018-11-10", unit: "沁源县扶贫开发办公室",
                      quantity: Quantity(value: 100, unit: .kilowatt), by: acceptance)
        _ = try pay(qinyuan, f8, solarBuilder, 200_000, "2018-11-20", project: "QY-2018-P6", fromPool: true, by: qy)
        // PLANTED R-PV-INCOME: the station's 2018 income gives H12, unable to work, 2,400 (at least 3,000 a year, 002 R23).
        try allocate(qinyuan, qinyuan, f11, 2_400, "2018-12-15", purposes: [ProjectCategory.photovoltaic], by: qy)
        _ = try pay(qinyuan, f11, household("H12"), 2_400, "2018-12-20", category: ProjectCategory.photovoltaic,
                    item: "光伏收益分配", by: qy)
        for index in 1...4 {
            _ = try pay(qinxian, f9, household("Q0\(index)", qinxian), 6_000, "2018-12-28", category: ProjectCategory.ecologicalRanger,
                        item: "生态护林员补助", quantity: Quantity(value: 6, unit: .personMonth),
                        period: ("2018-07-01", "2018-12-31"), by: qx)
        }
        try recorder.record(.exitBeneficiary(BeneficiaryExit(
            pseudonym: DemoJournal.pseudonym("H08", county: "140431"), county: qinyuan, reason: .exited,
            effectiveDate: day("2018-12-31"))), by: qy)
        // 年结: the authority closes fiscal 2018 nationwide in January; `verify` recomputes its totals
        // and the digest of the balances and counties report (docs/EVENTS.md `period.close`).
        try recorder.close(FiscalPeriod(year: 2018)!, by: authority, recordedOn: day("2019-01-15"))

        // 2019. PLANTED R-IDLE: the 80,000 of 森林管护 money was not used by 2018-12-31; it is handed back,
        // and the inspector records the flag as rectified by that return.
        let refund = try recorder.record(.returnFunds(FundReturn(
            fromUnit: qinyuan, toUnit: shanxi, fundID: f6.id, amount: yuan(80_000), reason: "森林管护补助结余缴回",
            documentNumber: "示例〔2019〕1号", effectiveDate: day("2019-01-20"))), by: qy)
        if let idle = try recorder.flagID(ruleID: FundsIdleTooLong.descriptor.id, fundID: f6.id) {
            try recorder.record(.disposeFlag(FlagDisposal(
                flagID: idle, disposition: .rectified, correctingSequence: refund, inspector: inspector.holder, unit: qinyuan,
                effectiveDate: day("2019-01-25"))), by: inspector)
        }
        if let withheld = try recorder.flagID(ruleID: FundsWithheldByIntermediateLevel.descriptor.id, fundID: f5.id) {
            try recorder.record(.disposeFlag(FlagDisposal(
                flagID: withheld, disposition: .confirmed, inspector: inspector.holder, unit: changzhi,
                effectiveDate: day("2019-01-25"))), by: inspector)
        }
        // 退耕还林 second instalment, 150元/亩; H08 exited in 2018 and is still within its 3-year consolidation period.
        for (index, area) in areas.enumerated() {
            let label = "H" + (index < 9 ? "0" : "") + String(index + 1)
            _ = try pay(qinyuan, f1, household(label), area * 150, "2019-04-20", category: ProjectCategory.croplandToForest,
                        item: "退耕还林补助第2年", quantity: mu(area), by: qy)
        }
        // PLANTED R-ASSET-INCOME: 经营主体乙 hands over 20,000 (4% of 500,000) at the end of June instead of
        // at least 30,000 (6%) by the end of March.
        try allocate(qinyuan, qinyuan, f10, 20_000, "2019-06-28", purposes: [ProjectCategory.assetIncome], by: qy)
        _ = try pay(qinyuan, f10, Payee(kind: .villageCollective, id: "村A1村集体"), 20_000, "2019-06-30", project: "QY-2018-P4", by: qy)
    }
}

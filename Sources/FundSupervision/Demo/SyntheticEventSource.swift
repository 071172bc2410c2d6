// SyntheticEventSource: the events of a synthetic journal, one business day at a time.
//
// Each year (from 2018): central → 山西省 → 市 → 县 allocations of 中央财政专项扶贫资金 and 以工代赈, a county
// budget appropriation pooled (统筹整合) for a 光伏扶贫 project, a 以工代赈 project paid tranche by tranche
// after acceptance by a separate key with 12% labour, and — dominating — monthly 产业扶贫 subsidies to
// registered households at the standards of 004 四(三)6 (livestock once a year within the 3000元 cap),
// the unused balance handed back on 29 December. About one household payment in 2,000 is planted as an
// anomaly (off-standard amount, unregistered payee or reused voucher number). Everything else is clean.

import LedgerJournal

/// One event to sign: kind, scope, body, signer and recording day.
struct SyntheticItem {
    var kind: String
    var scope: String?
    var body: JSONValue
    var signer: DemoKey
    var recordedOn: CivilDate
}

/// Produces the synthetic events day by day; state is bounded by the number of counties and households.
struct SyntheticEventSource {
    /// The most households per county (and payments per county and month): beyond it the journal spans more years.
    static let maximumHouseholdsPerCounty = 1_000
    /// One household payment in this many is planted as an anomaly.
    static let anomalyOneIn = 2_000
    /// The first business year.
    static let firstYear = 2018

    let keys: [DemoKey]
    let counties: [AdministrativeDivision]
    /// The prefectures of `counties`, in code order.
    let prefectures: [DivisionCode]
    /// Every Shanxi prefecture, in the order of the county keys.
    private let keyPrefectures: [DivisionCode]
    let householdsPerCounty: Int
    private var random: SyntheticRandom
    private var year = SyntheticEventSource.firstYear
    private var slot = 0
    private var countyFunds: [DivisionCode: Fen] = [:]
    private var workReliefBudgets: [DivisionCode: Fen] = [:]
    private var solarBudgets: [DivisionCode: Fen] = [:]
    private var voucherCounts: [DivisionCode: Int] = [:]
    private var lastVouchers: [DivisionCode: String] = [:]
    private(set) var plantedAnomalyCount = 0

    /// The recording day of the genesis.
    var startDay: CivilDate { CivilDate(year: Self.firstYear, month: 1, day: 2)! }

    static let shanxi = DivisionCode("140000")!

    static func shanxiCounties() -> [AdministrativeDivision] {
        AdministrativeDivision.all.filter { $0.level == .county && shanxi.contains($0.code) }
    }

    static func keys(seed: UInt64) -> [DemoKey] {
        let label = "synthetic/\(seed)/"
        let counties = shanxiCounties()
        let prefectures = Array(Set(counties.map(\.parent))).sorted()
        var keys = [
            DemoKey(stem: "demo-synthetic-authority", holder: "合成日志授权机构", counties: [], roles: [], label: label),
            DemoKey(stem: "demo-synthetic-province", holder: "山西省财政厅", counties: ["140000"],
                    roles: ["fund.allocate", "fund.return"], label: label),
            DemoKey(stem: "demo-synthetic-prefectures", holder: "山西省各市财政局", counties: prefectures.map(\.description),
                    roles: ["fund.allocate", "fund.return"], label: label),
            DemoKey(stem: "demo-synthetic-acceptance", holder: "山西省各县项目验收组", counties: ["140000"],
                    roles: ["project.milestone"], label: label),
        ]
        for prefecture in prefectures {
            keys.append(DemoKey(
                stem: "demo-synthetic-counties-\(prefecture)", holder: "\(AdministrativeDivision.displayName(of: prefecture))所辖县财政局",
                counties: counties.filter { $0.parent == prefecture }.map(\.code.description), roles: DemoJournal.countyRoles, label: label))
        }
        return keys
    }

    /// Creates the source. `countyLimit` and `householdsPerCounty` override the scale (for tests: a
    /// small journal that still spans whole years with more households than days in a month).
    init(seed: UInt64, targetEventCount: Int, countyLimit: Int? = nil, householdsPerCounty: Int? = nil) {
        keys = Self.keys(seed: seed)
        let all = Self.shanxiCounties()
        keyPrefectures = Array(Set(all.map(\.parent))).sorted()
        counties = Array(all.prefix(countyLimit ?? all.count))
        prefectures = Array(Set(counties.map(\.parent))).sorted()
        random = SyntheticRandom(seed: seed)
        // Payments dominate: about half the entries fall in the first year when the count allows.
        let perCountyYear = max(1, targetEventCount / 2 / max(1, counties.count) / 11)
        self.householdsPerCounty = householdsPerCounty ?? min(Self.maximumHouseholdsPerCounty, perCountyYear)
    }

    private var authority: DemoKey { keys[0] }
    private var province: DemoKey { keys[1] }
    private var prefectureKey: DemoKey { keys[2] }
    private var acceptance: DemoKey { keys[3] }
    private func countyKey(_ county: AdministrativeDivision) -> DemoKey {
        keys[4 + (keyPrefectures.firstIndex(of: county.parent) ?? 0)]
    }

    /// The business days of a year in order: January's set-up days, then days 1-28 of February to
    /// December, then 29 December for the year-end returns.
    static let slots: [(month: Int, day: Int)] = [(1, 2), (1, 3), (1, 5), (1, 15), (1, 25), (1, 28)]
        + (2...12).flatMap { month in (1...28).map { (month, $0) } } + [(12, 29)]

    /// The events of the next business day (never empty after the first), or `nil` past the last year.
    mutating func nextDay() -> [SyntheticItem]? {
        while year <= CivilDate.maximumYear - 1 {
            if slot == Self.slots.count {
                slot = 0
                year += 1
            }
            let (month, dayOfMonth) = Self.slots[slot]
            slot += 1
            let items = events(month: month, day: dayOfMonth)
            if !items.isEmpty { return items }
        }
        return nil
    }

    private func fundEvent(_ event: FundEvent, by key: DemoKey, scope: DivisionCode? = nil) -> SyntheticItem {
        let resolved: DivisionCode? = scope ?? (event.scopeFromBody ?? nil)
        return SyntheticItem(kind: event.kind.rawValue, scope: resolved?.description, body: event.body, signer: key,
                             recordedOn: event.effectiveDate)
    }

    private func fund(_ kind: String, _ unit: DivisionCode? = nil) -> FundDescriptor {
        switch kind {
        case "ZX": FundDescriptor(id: "C-\(year)-ZX", name: "中央财政专项扶贫资金", sourceLevel: .central, channel: FundChannel.specialPovertyFund)
        case "YG": FundDescriptor(id: "C-\(year)-YGDZ", name: "中央以工代赈资金", sourceLevel: .central, channel: FundChannel.workForRelief)
        default: FundDescriptor(id: "K-\(year)-\(unit?.description ?? "")", name: "县级财政专项扶贫资金", sourceLevel: .county,
                                channel: FundChannel.specialPovertyFund)
        }
    }

    private func pseudonym(_ county: DivisionCode, _ household: Int) -> String {
        Pseudonym.make(nationalID: "DEMO-\(county)-H\(household)", secret: DemoJournal.pseudonymSecret)
    }

    private mutating func voucher(_ county: DivisionCode) -> String {
        voucherCounts[county, default: 0] += 1
        let text = "\(county)-\(year)-\(voucherCounts[county]!)"
        lastVouchers[county] = text
        return text
    }

    private mutating func events(month: Int, day: Int) -> [SyntheticItem] {
        let date = CivilDate(year: year, month: month, day: day)!
        let yearEnd = CivilDate(year: year, month: 12, day: 31)!
        var items: [SyntheticItem] = []
        switch (month, day) {
        case (1, 2) where year == Self.firstYear:
            for key in keys.dropFirst() {
                let draft = key.grantDraft(id: "")
                items.append(SyntheticItem(kind: draft.kind, scope: nil, body: draft.body, signer: authority, recordedOn: date))
            }
        case (1, 3) where year == Self.firstYear:
            for county in counties {
                for household in 0..<householdsPerCounty {
                    items.append(fundEvent(.registerBeneficiary(BeneficiaryRegistration(
                        pseudonym: pseudonym(county.code, household), county: county.code, village: "村\(household / 50 + 1)",
                        householdSize: 1 + household % 6, isAbleToWork: household % 7 != 0, effectiveDate: date)), by: countyKey(county)))
                }
            }
        case (1, 5):
            for county in counties {
                // Upper bound of a year's subsidies (11 months × 3000元 per household); the rest is handed back.
                countyFunds[county.code] = Fen(Int64(householdsPerCounty) * 11 * 300_000 + 10_000)
                workReliefBudgets[county.code] = Fen(Int64(random.int(in: 50...200)) * 1_000_000)
                solarBudgets[county.code] = Fen(Int64(random.int(in: 40...100)) * 1_000_000)
            }
            for kind in ["ZX", "YG"] {
                let total = counties.reduce(Fen.zero) { $0 + amount(kind, $1.code) }
                items.append(fundEvent(allocation(.central, Self.shanxi, kind, total, date, forwardBy: date.adding(days: 30)), by: authority))
            }
        case (1, 15):
            for prefecture in prefectures {
                for kind in ["ZX", "YG"] {
                    let total = counties.filter { $0.parent == prefecture }.reduce(Fen.zero) { $0 + amount(kind, $1.code) }
                    items.append(fundEvent(allocation(Self.shanxi, prefecture, kind, total, date, forwardBy: date.adding(days: 30)), by: province))
                }
            }
        case (1, 25):
            for county in counties {
                for kind in ["ZX", "YG"] {
                    items.append(fundEvent(allocation(county.parent, county.code, kind, amount(kind, county.code), date, useBy: yearEnd),
                                           by: prefectureKey))
                }
                items.append(fundEvent(allocation(county.code, county.code, "K", solarBudgets[county.code]!, date, useBy: yearEnd),
                                       by: countyKey(county)))
            }
        case (1, 28):
            for county in counties {
                items.append(fundEvent(.integrate(FundIntegration(
                    county: county.code, fundID: fund("K", county.code).id, amount: solarBudgets[county.code]!, fiscalYear: year,
                    planDocument: "\(county.name)\(year)年统筹整合使用财政涉农资金实施方案（合成）", effectiveDate: date)), by: countyKey(county)))
            }
        case (12, 29):
            for county in counties where countyFunds[county.code, default: .zero] > .zero {
                items.append(fundEvent(.returnFunds(FundReturn(
                    fromUnit: county.code, toUnit: .central, fundID: fund("ZX").id, amount: countyFunds[county.code]!,
                    reason: "年度结余缴回", effectiveDate: date)), by: countyKey(county)))
                countyFunds[county.code] = .zero
            }
        default:
            break
        }
        // Payments fall on days 1-28 only: 29 December is for the year-end returns.
        if month >= 2, day <= 28 {
            for county in counties {
                items += projectEvents(county, month: month, day: day, date: date)
                var household = day - 1
                while household < householdsPerCounty {
                    items.append(householdPayment(county, household: household, month: month, date: date))
                    household += 28
                }
            }
        }
        return items
    }

    private func amount(_ kind: String, _ county: DivisionCode) -> Fen {
        kind == "ZX" ? countyFunds[county]! : workReliefBudgets[county]!
    }

    private func allocation(_ from: DivisionCode, _ to: DivisionCode, _ kind: String, _ amount: Fen, _ date: CivilDate,
                            forwardBy: CivilDate? = nil, useBy: CivilDate? = nil) -> FundEvent {
        let descriptor = fund(kind, to)
        let purposes = kind == "YG" ? [ProjectCategory.workForRelief] : kind == "ZX" ? [ProjectCategory.industry] : [ProjectCategory.photovoltaic]
        return .allocate(FundAllocation(
            fromUnit: from, toUnit: to, fund: descriptor, fiscalYear: year, documentNumber: "合成〔\(year)〕\(kind)\(to)号",
            amount: amount, purposes: purposes, forwardBy: forwardBy, useBy: useBy, effectiveDate: date))
    }

    /// The 以工代赈 and 光伏 project steps of `county` on this day.
    private mutating func projectEvents(_ county: AdministrativeDivision, month: Int, day: Int, date: CivilDate) -> [SyntheticItem] {
        let code = county.code
        let key = countyKey(county)
        let roadID = "\(code)-\(year)-YGDZ"
        let solarID = "\(code)-\(year)-GF"
        let road = workReliefBudgets[code]!
        let solar = solarBudgets[code]!
        func share(_ total: Fen, _ percent: Int64) -> Fen { Fen(total.rawValue / 100 * percent) }
        func roadPayment(_ amount: Fen) -> SyntheticItem {
            fundEvent(.disburse(FundDisbursement(
                county: code, fundID: fund("YG").id, projectID: roadID, payee: Payee(kind: .enterprise, id: "\(county.name)某建设公司"),
                amount: amount, voucher: voucher(code), labour: share(amount, 12), effectiveDate: date)), by: key)
        }
        func solarPayment(_ amount: Fen) -> SyntheticItem {
            fundEvent(.disburse(FundDisbursement(
                county: code, fundID: fund("K", code).id, isFromPool: true, projectID: solarID,
                payee: Payee(kind: .enterprise, id: "\(county.name)某光伏企业"), amount: amount, voucher: voucher(code), effectiveDate: date)), by: key)
        }
        func accept(_ project: String, _ milestone: String) -> SyntheticItem {
            fundEvent(.milestone(ProjectMilestone(projectID: project, milestone: milestone, status: .accepted,
                                                  acceptingUnit: "\(county.name)项目验收组", effectiveDate: date)),
                      by: acceptance, scope: code)
        }
        switch (month, day) {
        case (2, 10):
            return [fundEvent(.registerProject(ProjectRegistration(
                projectID: roadID, name: "\(county.name)\(year)年以工代赈通村道路", county: code, category: ProjectCategory.workForRelief,
                implementingUnit: "\(county.name)发展和改革局", budget: road, fundingSources: [FundingSource(fundID: fund("YG").id, amount: road)],
                tranches: [Tranche(milestone: Tranche.approvalMilestone, cumulative: share(road, 30)),
                           Tranche(milestone: "progress_70", cumulative: share(road, 70)), Tranche(milestone: "completed", cumulative: road)],
                effectiveDate: date)), by: key)]
        case (2, 12):
            return [fundEvent(.registerProject(ProjectRegistration(
                projectID: solarID, name: "\(county.name)\(year)年村级光伏扶贫电站", county: code, category: ProjectCategory.photovoltaic,
                implementingUnit: "\(county.name)扶贫开发办公室", budget: solar,
                fundingSources: [FundingSource(fundID: fund("K", code).id, amount: solar)],
                tranches: [Tranche(milestone: Tranche.approvalMilestone, cumulative: share(solar, 50)),
                           Tranche(milestone: "grid_connected", cumulative: solar)],
                effectiveDate: date)), by: key)]
        case (3, 1): return [roadPayment(share(road, 30))]
        case (4, 1): return [solarPayment(share(solar, 50))]
        case (6, 10): return [accept(roadID, "progress_70")]
        case (6, 20): return [roadPayment(share(road, 40))]
        case (9, 10): return [accept(solarID, "grid_connected")]
        case (9, 20): return [solarPayment(solar - share(solar, 50))]
        case (10, 10): return [accept(roadID, "completed")]
        case (10, 20): return [roadPayment(road - share(road, 70))]
        default: return []
        }
    }

    /// One 产业扶贫 subsidy to a household at the standard of 004 四(三)6; livestock once a year.
    private mutating func householdPayment(_ county: AdministrativeDivision, household: Int, month: Int, date: CivilDate) -> SyntheticItem {
        let item: String
        var amount: Int64
        let quantity: Quantity
        if month == 2 + household % 11 {
            switch random.int(in: 0...3) {
            case 0: (item, amount, quantity) = Self.perHead("养羊奖补", 30_000, random.int(in: 1...10))
            case 1: (item, amount, quantity) = Self.perHead("养猪奖补", 30_000, random.int(in: 1...10))
            case 2: (item, amount, quantity) = Self.perHead("养牛奖补", 300_000, 1)
            default: (item, amount, quantity) = Self.perHead("养鸡奖补", 300, random.int(in: 10...1_000))
            }
        } else {
            switch random.int(in: 0...3) {
            case 0: (item, amount, quantity) = Self.perMu("中药材奖补", 40_000, random.int(in: 1...5))
            case 1: (item, amount, quantity) = Self.perMu("小杂粮奖补", 20_000, random.int(in: 1...10))
            case 2: (item, amount, quantity) = Self.perMu("商品薯补贴", 5_000, random.int(in: 1...20))
            default: (item, amount, quantity) = Self.perMu("土地流转奖补", 5_000, random.int(in: 1...20))
            }
        }
        var payee = pseudonym(county.code, household)
        var voucherNumber: String?
        // Planted only on crop subsidies, so that no livestock cap is touched.
        if quantity.unit == .centimu, random.oneIn(Self.anomalyOneIn) {
            plantedAnomalyCount += 1
            switch random.int(in: 0...2) {
            case 0: amount += 100
            case 1: payee = Pseudonym.make(nationalID: "DEMO-\(county.code)-X\(year)-\(month)-\(household)", secret: DemoJournal.pseudonymSecret)
            default: voucherNumber = lastVouchers[county.code]
            }
        }
        countyFunds[county.code, default: .zero] -= Fen(amount)
        return fundEvent(.disburse(FundDisbursement(
            county: county.code, fundID: fund("ZX").id, category: ProjectCategory.industry, item: item,
            payee: Payee(kind: .beneficiary, id: payee), amount: Fen(amount), voucher: voucherNumber ?? voucher(county.code),
            quantity: quantity, effectiveDate: date)), by: countyKey(county))
    }

    private static func perHead(_ item: String, _ rateFen: Int64, _ count: Int) -> (String, Int64, Quantity) {
        (item, rateFen * Int64(count), Quantity(value: Int64(count), unit: .head))
    }

    private static func perMu(_ item: String, _ rateFen: Int64, _ mu: Int) -> (String, Int64, Quantity) {
        (item, rateFen * Int64(mu), Quantity(value: Int64(mu) * 100, unit: .centimu))
    }
}

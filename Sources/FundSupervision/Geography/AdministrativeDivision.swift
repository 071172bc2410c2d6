// AdministrativeDivision: the 6-digit administrative division codes FundLedger knows.
//
// Source: 中华人民共和国民政部《中华人民共和国县以上行政区划代码》(GB/T 2260 maintenance list),
// the list in force at 2017-12-31 (the seed documents date from 2016-2018), as transcribed in the
// public dataset github.com/yescallop/areacodes, file data/2017.txt; every code below was checked
// against that list. Scope: the 69 counties named in the seed texts (shared/domain/seed-counties.csv:
// 58 in Shanxi, 7 in Guizhou, 4 in Jiangxi), their prefectures and provinces, and 湘西土家族苗族自治州
// (Hunan) with its 8 county-level units (seed 003_cc818b42d7286c95.txt). Designations and planned exit
// years are copied from seed-counties.csv (seed 002_48a3f09b502b8565.txt).
// Later changes not reflected here: 大同县 140227 became 云州区 140215 in 2018; 平鲁区 and the 长治市
// districts kept their codes used here. 000000 (中央) is FundLedger's own code for the central level.
// What must never change: a code once listed keeps its meaning; add codes, never renumber.

/// One administrative unit: its GB/T 2260 code, name, level and parent.
public struct AdministrativeDivision: Sendable, Hashable {
    /// The 6-digit code.
    public let code: DivisionCode
    /// The official name (as in the 民政部 list; the seeds sometimes abbreviate, e.g. 威宁).
    public let name: String
    /// Province, prefecture or county level.
    public let level: AdministrativeLevel
    /// The unit directly above (`000000` for provinces).
    public let parent: DivisionCode
    /// Poverty designations from the seed texts (e.g. 国家级扶贫开发工作重点县), when any.
    public let designations: [String]
    /// The planned exit year (摘帽年份) from the seed texts, when given.
    public let plannedExitYear: Int?

    init(code: Int32, name: String, level: AdministrativeLevel, parent: Int32, designations: [String], plannedExitYear: Int?) {
        self.code = DivisionCode(uncheckedRawValue: code)
        self.name = name
        self.level = level
        self.parent = DivisionCode(uncheckedRawValue: parent)
        self.designations = designations
        self.plannedExitYear = plannedExitYear
    }

    /// The central level (中央), FundLedger's code 000000.
    public static let central = AdministrativeDivision(code: 0, name: "中央", level: .central, parent: 0, designations: [], plannedExitYear: nil)

    /// Every unit FundLedger knows, sorted by code (central first).
    public static let all: [AdministrativeDivision] = [central] + table

    private static let byCode: [DivisionCode: AdministrativeDivision] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// The unit with `code`, or `nil` when FundLedger does not know it.
    public static func named(_ code: DivisionCode) -> AdministrativeDivision? {
        byCode[code]
    }

    /// Whether `code` is in the table (the central code 000000 included).
    public static func isKnown(_ code: DivisionCode) -> Bool {
        byCode[code] != nil
    }

    /// The unit's name, or the code's digits when the unit is unknown.
    public static func displayName(of code: DivisionCode) -> String {
        byCode[code]?.name ?? code.description
    }

    private static let table: [AdministrativeDivision] = [
        AdministrativeDivision(code: 140000, name: "山西省", level: .province, parent: 0, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 140100, name: "太原市", level: .prefecture, parent: 140000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 140122, name: "阳曲县", level: .county, parent: 140100, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 140123, name: "娄烦县", level: .county, parent: 140100, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 140200, name: "大同市", level: .prefecture, parent: 140000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 140221, name: "阳高县", level: .county, parent: 140200, designations: ["国家级扶贫开发工作重点县", "燕山-太行山集中连片特困地区"], plannedExitYear: 2018),
        AdministrativeDivision(code: 140222, name: "天镇县", level: .county, parent: 140200, designations: ["国家级扶贫开发工作重点县", "燕山-太行山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140223, name: "广灵县", level: .county, parent: 140200, designations: ["国家级扶贫开发工作重点县", "燕山-太行山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140224, name: "灵丘县", level: .county, parent: 140200, designations: ["国家级扶贫开发工作重点县", "燕山-太行山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140225, name: "浑源县", level: .county, parent: 140200, designations: ["国家级扶贫开发工作重点县", "燕山-太行山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140227, name: "大同县", level: .county, parent: 140200, designations: ["国家级扶贫开发工作重点县", "燕山-太行山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140400, name: "长治市", level: .prefecture, parent: 140000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 140425, name: "平顺县", level: .county, parent: 140400, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140427, name: "壶关县", level: .county, parent: 140400, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140429, name: "武乡县", level: .county, parent: 140400, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 140430, name: "沁县", level: .county, parent: 140400, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140431, name: "沁源县", level: .county, parent: 140400, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 140500, name: "晋城市", level: .prefecture, parent: 140000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 140521, name: "沁水县", level: .county, parent: 140500, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 140524, name: "陵川县", level: .county, parent: 140500, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 140600, name: "朔州市", level: .prefecture, parent: 140000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 140603, name: "平鲁区", level: .county, parent: 140600, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 140621, name: "山阴县", level: .county, parent: 140600, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 140623, name: "右玉县", level: .county, parent: 140600, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140700, name: "晋中市", level: .prefecture, parent: 140000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 140721, name: "榆社县", level: .county, parent: 140700, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140722, name: "左权县", level: .county, parent: 140700, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140723, name: "和顺县", level: .county, parent: 140700, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140724, name: "昔阳县", level: .county, parent: 140700, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 140800, name: "运城市", level: .prefecture, parent: 140000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 140822, name: "万荣县", level: .county, parent: 140800, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 140823, name: "闻喜县", level: .county, parent: 140800, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 140827, name: "垣曲县", level: .county, parent: 140800, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 140828, name: "夏县", level: .county, parent: 140800, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 140829, name: "平陆县", level: .county, parent: 140800, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140900, name: "忻州市", level: .prefecture, parent: 140000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 140922, name: "五台县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县", "燕山-太行山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140923, name: "代县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140924, name: "繁峙县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县", "燕山-太行山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140925, name: "宁武县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140926, name: "静乐县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140927, name: "神池县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140928, name: "五寨县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2018),
        AdministrativeDivision(code: 140929, name: "岢岚县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 140930, name: "河曲县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 140931, name: "保德县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 140932, name: "偏关县", level: .county, parent: 140900, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 141000, name: "临汾市", level: .prefecture, parent: 140000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 141025, name: "古县", level: .county, parent: 141000, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 141026, name: "安泽县", level: .county, parent: 141000, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 141027, name: "浮山县", level: .county, parent: 141000, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 141028, name: "吉县", level: .county, parent: 141000, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2017),
        AdministrativeDivision(code: 141029, name: "乡宁县", level: .county, parent: 141000, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 141030, name: "大宁县", level: .county, parent: 141000, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 141031, name: "隰县", level: .county, parent: 141000, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2018),
        AdministrativeDivision(code: 141032, name: "永和县", level: .county, parent: 141000, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 141033, name: "蒲县", level: .county, parent: 141000, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 141034, name: "汾西县", level: .county, parent: 141000, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 141100, name: "吕梁市", level: .prefecture, parent: 140000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 141102, name: "离石区", level: .county, parent: 141100, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 141122, name: "交城县", level: .county, parent: 141100, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 141123, name: "兴县", level: .county, parent: 141100, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 141124, name: "临县", level: .county, parent: 141100, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 141125, name: "柳林县", level: .county, parent: 141100, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 141126, name: "石楼县", level: .county, parent: 141100, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 141127, name: "岚县", level: .county, parent: 141100, designations: ["国家级扶贫开发工作重点县", "吕梁山集中连片特困地区"], plannedExitYear: 2019),
        AdministrativeDivision(code: 141128, name: "方山县", level: .county, parent: 141100, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2017),
        AdministrativeDivision(code: 141129, name: "中阳县", level: .county, parent: 141100, designations: ["国家级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 141130, name: "交口县", level: .county, parent: 141100, designations: ["省级扶贫开发工作重点县"], plannedExitYear: 2018),
        AdministrativeDivision(code: 360000, name: "江西省", level: .province, parent: 0, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 360300, name: "萍乡市", level: .prefecture, parent: 360000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 360321, name: "莲花县", level: .county, parent: 360300, designations: ["生态扶贫试验区"], plannedExitYear: nil),
        AdministrativeDivision(code: 360700, name: "赣州市", level: .prefecture, parent: 360000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 360724, name: "上犹县", level: .county, parent: 360700, designations: ["生态扶贫试验区"], plannedExitYear: nil),
        AdministrativeDivision(code: 360800, name: "吉安市", level: .prefecture, parent: 360000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 360827, name: "遂川县", level: .county, parent: 360800, designations: ["生态扶贫试验区"], plannedExitYear: nil),
        AdministrativeDivision(code: 361000, name: "抚州市", level: .prefecture, parent: 360000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 361025, name: "乐安县", level: .county, parent: 361000, designations: ["生态扶贫试验区"], plannedExitYear: nil),
        AdministrativeDivision(code: 430000, name: "湖南省", level: .province, parent: 0, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 433100, name: "湘西土家族苗族自治州", level: .prefecture, parent: 430000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 433101, name: "吉首市", level: .county, parent: 433100, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 433122, name: "泸溪县", level: .county, parent: 433100, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 433123, name: "凤凰县", level: .county, parent: 433100, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 433124, name: "花垣县", level: .county, parent: 433100, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 433125, name: "保靖县", level: .county, parent: 433100, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 433126, name: "古丈县", level: .county, parent: 433100, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 433127, name: "永顺县", level: .county, parent: 433100, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 433130, name: "龙山县", level: .county, parent: 433100, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 520000, name: "贵州省", level: .province, parent: 0, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 520200, name: "六盘水市", level: .prefecture, parent: 520000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 520281, name: "盘州市", level: .county, parent: 520200, designations: ["光伏发电指标优先配置地区", "光伏扶贫规划编制地区"], plannedExitYear: nil),
        AdministrativeDivision(code: 520400, name: "安顺市", level: .prefecture, parent: 520000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 520422, name: "普定县", level: .county, parent: 520400, designations: ["水电资源开发资产收益扶贫改革试点县"], plannedExitYear: nil),
        AdministrativeDivision(code: 520500, name: "毕节市", level: .prefecture, parent: 520000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 520526, name: "威宁彝族回族苗族自治县", level: .county, parent: 520500, designations: ["光伏发电指标优先配置地区", "光伏扶贫规划编制地区"], plannedExitYear: nil),
        AdministrativeDivision(code: 520527, name: "赫章县", level: .county, parent: 520500, designations: ["光伏扶贫规划编制地区"], plannedExitYear: nil),
        AdministrativeDivision(code: 522300, name: "黔西南布依族苗族自治州", level: .prefecture, parent: 520000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 522323, name: "普安县", level: .county, parent: 522300, designations: ["光伏发电指标优先配置地区", "光伏扶贫规划编制地区"], plannedExitYear: nil),
        AdministrativeDivision(code: 522600, name: "黔东南苗族侗族自治州", level: .prefecture, parent: 520000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 522622, name: "黄平县", level: .county, parent: 522600, designations: ["水电资源开发资产收益扶贫改革试点县"], plannedExitYear: nil),
        AdministrativeDivision(code: 522700, name: "黔南布依族苗族自治州", level: .prefecture, parent: 520000, designations: [], plannedExitYear: nil),
        AdministrativeDivision(code: 522723, name: "贵定县", level: .county, parent: 522700, designations: ["水电资源开发资产收益扶贫改革试点县"], plannedExitYear: nil),
    ]
}

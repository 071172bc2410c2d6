// The division table covers every county the seed texts name, under the right parents, and
// refuses codes it does not know.
import Foundation
import Testing
@testable import FundSupervision

@Suite("Administrative divisions")
struct AdministrativeDivisionTests {
    static let csvURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Vectors/seed-counties.csv")

    // The seed abbreviates four Guizhou names; the table keeps the official ones.
    static let officialNames = ["威宁": "威宁彝族回族苗族自治县", "盘州": "盘州市", "普安": "普安县", "赫章": "赫章县"]

    @Test("every county in seed-counties.csv has a code with its province and prefecture as parents")
    func seedCountiesCovered() throws {
        let text = try String(contentsOf: Self.csvURL, encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 69)
        let byName = Dictionary(grouping: AdministrativeDivision.all, by: \.name)
        for row in rows {
            let (province, prefecture, county) = (row[0], row[1], row[2])
            let name = Self.officialNames[county] ?? county
            let matches = try #require(byName[name], "\(county) missing")
            #expect(matches.count == 1, "\(county) ambiguous")
            let unit = matches[0]
            #expect(unit.level == .county)
            let parent = try #require(AdministrativeDivision.named(unit.parent))
            if !prefecture.isEmpty { #expect(parent.name == prefecture, "\(county)") }
            #expect(AdministrativeDivision.named(unit.code.provinceCode)?.name == province, "\(county)")
            #expect(parent.parent == unit.code.provinceCode)
            if let year = Int(row[4]) { #expect(unit.plannedExitYear == year, "\(county)") }
        }
    }

    @Test("known codes: 沁源县 140431 in 长治市, 湘西州 and its 8 county-level units")
    func knownCodes() throws {
        let qinyuan = try #require(AdministrativeDivision.named(DivisionCode("140431")!))
        #expect(qinyuan.name == "沁源县")
        #expect(qinyuan.parent == DivisionCode("140400"))
        #expect(qinyuan.designations == ["省级扶贫开发工作重点县"])
        #expect(AdministrativeDivision.named(DivisionCode("433100")!)?.name == "湘西土家族苗族自治州")
        #expect(AdministrativeDivision.all.filter { $0.parent == DivisionCode("433100") }.count == 8)
        #expect(AdministrativeDivision.displayName(of: .central) == "中央")
        #expect(AdministrativeDivision.displayName(of: DivisionCode("110101")!) == "110101")
        #expect(!AdministrativeDivision.isKnown(DivisionCode("110101")!))
    }

    @Test("the table is sorted, unique, and every parent is in it")
    func consistent() {
        let codes = AdministrativeDivision.all.map(\.code)
        #expect(codes == codes.sorted())
        #expect(Set(codes).count == codes.count)
        for unit in AdministrativeDivision.all where unit.level != .central {
            #expect(AdministrativeDivision.isKnown(unit.parent), "\(unit.code)")
            #expect(unit.code.level == unit.level, "\(unit.code)")
        }
    }
}

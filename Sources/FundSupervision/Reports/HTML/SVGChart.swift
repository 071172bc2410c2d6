// SVGChart: the two inline SVG charts of the HTML report, drawn with integer geometry.
//
// Bars are proportional to fen amounts computed with 128-bit intermediate products, so the
// picture is exact and identical on every machine; no floating point, no scripts, no external
// references (not even an xmlns URL: inline SVG in HTML needs none).

/// Inline SVG charts for the HTML report.
enum SVGChart {
    /// Colours (WCAG AA contrast against white for text; bars distinguishable in greyscale).
    static let integratedColour = "#9cc3e6"
    static let spentColour = "#1d5a94"
    static let monthColour = "#2e7d5b"
    static let gridColour = "#d9dee4"
    static let textColour = "#1f2933"
    static let mutedTextColour = "#52606d"

    /// The widest column of the time chart, in SVG units.
    static let maximumColumnWidth = 64

    /// The most months the time chart draws; a longer span shows its latest months.
    static let maximumMonthCount = 120

    /// `value / maximum` of `pixels`, rounded down; 0 for non-positive values, `pixels` at most.
    static func scaled(_ value: Int64, of maximum: Int64, pixels: Int) -> Int {
        guard value > 0, maximum > 0 else { return 0 }
        guard value < maximum else { return pixels }
        let product = value.multipliedFullWidth(by: Int64(pixels))
        let (quotient, _) = maximum.dividingFullWidth(product)
        return Int(quotient)
    }

    /// Per-county integrated pool (light bar) with the part spent from it (dark bar over it).
    static func countyBars(_ counties: [HTMLReportInput.CountyIntegration], language: ReportLanguage) -> String {
        let width = 1000
        let labelWidth = 150
        let barX = 160
        let barWidth = 560
        let rowHeight = 40
        let top = 36
        let height = top + counties.count * rowHeight + 8
        let maximum = counties.map { max($0.integrated.rawValue, $0.spent.rawValue) }.max() ?? 0
        let zh = language == .chinese
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\"\(zh ? "各县统筹整合资金及支出" : "Integrated funds and spending per county")\">\n"
        // Legend.
        svg += "<rect x=\"\(barX)\" y=\"8\" width=\"16\" height=\"16\" fill=\"\(integratedColour)\"/>"
        svg += "<text x=\"\(barX + 22)\" y=\"21\" class=\"legend\">\(zh ? "统筹整合" : "Integrated")</text>"
        svg += "<rect x=\"\(barX + 140)\" y=\"8\" width=\"16\" height=\"16\" fill=\"\(spentColour)\"/>"
        svg += "<text x=\"\(barX + 162)\" y=\"21\" class=\"legend\">\(zh ? "已从整合资金支出" : "Spent from the pool")</text>\n"
        for (index, county) in counties.enumerated() {
            let y = top + index * rowHeight
            let integratedWidth = scaled(county.integrated.rawValue, of: maximum, pixels: barWidth)
            let spentWidth = scaled(county.spent.rawValue, of: maximum, pixels: barWidth)
            svg += "<text x=\"\(labelWidth)\" y=\"\(y + 20)\" text-anchor=\"end\" class=\"label\">\(HTMLEscaping.escaped(county.name))</text>"
            svg += "<text x=\"\(labelWidth)\" y=\"\(y + 35)\" text-anchor=\"end\" class=\"code\">\(HTMLEscaping.escaped(county.code))</text>"
            svg += "<rect x=\"\(barX)\" y=\"\(y + 6)\" width=\"\(barWidth)\" height=\"26\" fill=\"#f3f5f7\"/>"
            svg += "<rect x=\"\(barX)\" y=\"\(y + 6)\" width=\"\(integratedWidth)\" height=\"26\" fill=\"\(integratedColour)\"/>"
            svg += "<rect x=\"\(barX)\" y=\"\(y + 12)\" width=\"\(spentWidth)\" height=\"14\" fill=\"\(spentColour)\"/>"
            let share = county.integrated.rawValue > 0
                ? String(scaled(county.spent.rawValue, of: county.integrated.rawValue, pixels: 100)) + "%"
                : "—"
            svg += "<text x=\"\(barX + barWidth + 12)\" y=\"\(y + 20)\" class=\"value\">\(county.integrated.yuanText)</text>"
            svg += "<text x=\"\(barX + barWidth + 12)\" y=\"\(y + 35)\" class=\"code\">\(zh ? "已支出" : "spent") \(county.spent.yuanText) (\(share))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// The smallest step of 1, 2 or 5 × 10^k fen that reaches `maximum` in at most `maximumTickCount` steps.
    static func tickStep(for maximum: Int64, maximumTickCount: Int64 = 6) -> Int64 {
        var magnitude: Int64 = 1
        while true {
            for factor: Int64 in [1, 2, 5] {
                let (step, overflow) = magnitude.multipliedReportingOverflow(by: factor)
                if overflow { return Int64.max / maximumTickCount }
                if step * maximumTickCount >= maximum { return step }
            }
            let (next, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return Int64.max / maximumTickCount }
            magnitude = next
        }
    }

    /// A tick label: whole yuan with separators (`50,000`), or with fen when the step needs them.
    static func tickLabel(_ fen: Int64) -> String {
        let text = Fen(fen).yuanText
        return fen % 100 == 0 ? String(text.dropLast(3)) : text
    }

    /// Disbursements per month as columns, every month from the first to the last shown.
    static func monthlyColumns(_ months: [HTMLReportInput.MonthlyAmount], language: ReportLanguage) -> String {
        let zh = language == .chinese
        // Fill the span so that the time axis is linear: a month without payments is a gap.
        var amounts: [(year: Int, month: Int, amount: Int64)] = []
        if let first = months.min(by: { ($0.year, $0.month) < ($1.year, $1.month) }),
           let last = months.max(by: { ($0.year, $0.month) < ($1.year, $1.month) }) {
            var totals: [Int: Int64] = [:]
            for entry in months { totals[entry.year * 12 + entry.month - 1, default: 0] &+= entry.amount.rawValue }
            let start = max(first.year * 12 + first.month - 1, last.year * 12 + last.month - maximumMonthCount)
            for index in start...(last.year * 12 + last.month - 1) {
                amounts.append((index / 12, index % 12 + 1, totals[index] ?? 0))
            }
        }
        let width = 1000
        let height = 346
        let plotLeft = 110
        let plotRight = 985
        let plotTop = 36
        let plotBottom = 276
        let plotHeight = plotBottom - plotTop
        let maximumAmount = amounts.map(\.amount).max() ?? 0
        let step = tickStep(for: max(maximumAmount, 1))
        let tickCount = max(1, Int((maximumAmount + step - 1) / step))
        let axisMaximum = step * Int64(tickCount)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\"\(zh ? "每月拨付金额" : "Disbursements per month")\">\n"
        for tick in 0...tickCount {
            let y = plotBottom - scaled(step * Int64(tick), of: axisMaximum, pixels: plotHeight)
            svg += "<line x1=\"\(plotLeft)\" y1=\"\(y)\" x2=\"\(plotRight)\" y2=\"\(y)\" stroke=\"\(gridColour)\"/>"
            svg += "<text x=\"\(plotLeft - 8)\" y=\"\(y + 5)\" text-anchor=\"end\" class=\"code\">\(tickLabel(step * Int64(tick)))</text>\n"
        }
        svg += "<text x=\"\(plotLeft - 8)\" y=\"14\" text-anchor=\"end\" class=\"code\">\(zh ? "元" : "yuan")</text>\n"
        let slot = amounts.isEmpty ? 0 : (plotRight - plotLeft) / amounts.count
        // Columns fill 70% of their slot, at most `maximumColumnWidth` so that a short span
        // does not draw slabs.
        let columnWidth = max(1, min(slot * 7 / 10, maximumColumnWidth))
        for (index, entry) in amounts.enumerated() {
            let x = plotLeft + index * slot + (slot - columnWidth) / 2
            let columnHeight = scaled(entry.amount, of: axisMaximum, pixels: plotHeight)
            let monthText = entry.month < 10 ? "0\(entry.month)" : "\(entry.month)"
            svg += "<rect x=\"\(x)\" y=\"\(plotBottom - columnHeight)\" width=\"\(columnWidth)\" height=\"\(columnHeight)\" fill=\"\(monthColour)\">"
            svg += "<title>\(entry.year)-\(monthText): \(Fen(entry.amount).yuanText)</title></rect>"
            // Label every month when there is room, otherwise every third; the year under its first month.
            let center = plotLeft + index * slot + slot / 2
            if slot >= 28 || entry.month % 3 == 1 {
                svg += "<text x=\"\(center)\" y=\"\(plotBottom + 18)\" text-anchor=\"middle\" class=\"code\">\(monthText)</text>"
            }
            if index == 0 || entry.month == 1 {
                svg += "<text x=\"\(center)\" y=\"\(plotBottom + 36)\" text-anchor=\"middle\" class=\"label\">\(entry.year)</text>"
            }
            svg += "\n"
        }
        svg += "<line x1=\"\(plotLeft)\" y1=\"\(plotBottom)\" x2=\"\(plotRight)\" y2=\"\(plotBottom)\" stroke=\"\(mutedTextColour)\"/>\n"
        svg += "<text x=\"\(plotLeft)\" y=\"\(height - 6)\" class=\"code\">\(zh ? "月份（按拨付日期）" : "Month (by payment date)")</text>\n"
        svg += "</svg>"
        return svg
    }
}

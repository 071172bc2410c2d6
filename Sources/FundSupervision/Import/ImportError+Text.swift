// The wording of import refusals, in Chinese and English, kept in one place next to the cases.
// The CLI prints these lines after its `fundledger: error:` prefix; values and headers are quoted
// exactly as the clerk wrote them.

extension ImportError {
    /// The refusal as lines for a clerk in `language`: a summary line, then one line per problem.
    public func messageLines(in language: ReportLanguage) -> [String] {
        let zh = language == .chinese
        switch self {
        case .fileTooLarge(let byteCount, let maximumByteCount):
            return [zh ? "文件过大：\(byteCount) 字节，上限 \(maximumByteCount) 字节；请拆分为多个文件导入"
                       : "file too large: \(byteCount) bytes, the limit is \(maximumByteCount); split it into several files"]
        case .undecodableText(let byteOffset, let bytes, let encoding):
            let hex = bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true) }.joined(separator: " ")
            return [zh ? "无法识别文件编码：第 \(byteOffset) 字节（从 0 起）处的字节 \(hex) 不是有效的 \(encoding.rawValue)；请在 Excel 中另存为“CSV UTF-8”"
                       : "cannot decode the file: the bytes \(hex) at byte offset \(byteOffset) are not valid \(encoding.rawValue); save it from Excel as \"CSV UTF-8\""]
        case .malformedCSV(let error):
            return [zh ? "CSV 格式错误：第 \(error.rowNumber) 行（文本第 \(error.lineNumber) 行，第 \(error.byteOffset) 字节）：\(Self.text(error.problem, zh: true))"
                       : "malformed CSV: row \(error.rowNumber) (text line \(error.lineNumber), byte \(error.byteOffset)): \(Self.text(error.problem, zh: false))"]
        case .missingHeader:
            return [zh ? "文件没有表头行" : "the file has no header row"]
        case .noDataRows:
            return [zh ? "文件只有表头，没有数据行" : "the file has a header but no data rows"]
        case .invalidHeader(let problems):
            return [zh ? "表头有误，未导入任何数据：" : "the header is wrong; nothing was imported:"]
                + problems.map { "  " + Self.text($0, zh: zh) }
        case .invalidRows(let problems):
            let rows = Set(problems.map(\.rowNumber)).count
            return [zh ? "\(rows) 行有误，整个文件未导入（全部改正后重新导入）：" : "\(rows == 1 ? "1 row is" : "\(rows) rows are") wrong; nothing was imported (fix them all and import again):"]
                + problems.map { "  " + Self.text($0, zh: zh) }
        }
    }

    private static func text(_ problem: CSVSyntaxError.Problem, zh: Bool) -> String {
        switch problem {
        case .quoteInUnquotedField: return zh ? "未加引号的单元格中出现双引号" : "a double quote inside an unquoted field"
        case .textAfterClosingQuote: return zh ? "右引号后还有文字" : "text after a closing quote"
        case .unterminatedQuotedField(let line): return zh ? "第 \(line) 行开始的引号没有闭合" : "the quote opened on line \(line) is never closed"
        case .bareCarriageReturn: return zh ? "单独的回车符（CR）" : "a carriage return without a line feed"
        case .tooManyRows(let maximum): return zh ? "超过 \(maximum) 行" : "more than \(maximum) rows"
        case .fieldTooLong(let maximum): return zh ? "单元格超过 \(maximum) 字节" : "a field longer than \(maximum) bytes"
        case .tooManyFields(let maximum): return zh ? "一行超过 \(maximum) 列" : "more than \(maximum) fields in a row"
        }
    }

    private static func text(_ problem: HeaderProblem, zh: Bool) -> String {
        switch problem {
        case .unknownColumn(let header, let columnNumber, let accepted):
            let list = accepted.map { "\($0.chineseHeader)/\($0.englishHeader)" }.joined(separator: zh ? "、" : ", ")
            return zh ? "第 \(columnNumber) 列「\(header)」不是可接受的列；可用的列：\(list)"
                      : "column \(columnNumber) \"\(header)\" is not accepted; accepted columns: \(list)"
        case .duplicateColumn(let header, let columnNumber, let firstColumnNumber):
            return zh ? "第 \(columnNumber) 列「\(header)」与第 \(firstColumnNumber) 列重复"
                      : "column \(columnNumber) \"\(header)\" repeats column \(firstColumnNumber)"
        case .missingColumn(let column):
            return zh ? "缺少必填列「\(column.chineseHeader)」（\(column.englishHeader)）"
                      : "the required column \"\(column.englishHeader)\" (\(column.chineseHeader)) is missing"
        case .emptyHeader(let columnNumber):
            return zh ? "第 \(columnNumber) 列有数据但没有表头" : "column \(columnNumber) has values but no header"
        }
    }

    private static func text(_ problem: RowProblem, zh: Bool) -> String {
        var place = zh ? "第 \(problem.rowNumber) 行" : "row \(problem.rowNumber)"
        if let header = problem.header {
            place += zh ? "，列「\(header)」，值「\(problem.value)」" : ", column \"\(header)\", value \"\(problem.value)\""
        }
        return place + (zh ? "：" : ": ") + text(problem.reason, zh: zh)
    }

    private static func name(_ column: ImportColumn, zh: Bool) -> String {
        zh ? "「\(column.chineseHeader)」" : "\"\(column.englishHeader)\""
    }

    private static func text(_ reason: RowProblemReason, zh: Bool) -> String {
        switch reason {
        case .wrongFieldCount(let expected, let actual):
            return zh ? "有 \(actual) 个单元格，表头有 \(expected) 列" : "\(actual) fields, but the header has \(expected)"
        case .emptyRequiredValue: return zh ? "必填，不能为空" : "required, must not be empty"
        case .requiresColumn(let column): return zh ? "需要同时填写\(name(column, zh: true))" : "needs \(name(column, zh: false)) too"
        case .conflictsWithColumn(let column): return zh ? "不能与\(name(column, zh: true))同时填写" : "must not be filled together with \(name(column, zh: false))"
        case .missingOneOf(let columns):
            return zh ? "须填写" + columns.map { name($0, zh: true) }.joined(separator: "或") + "之一"
                      : "fill in one of " + columns.map { name($0, zh: false) }.joined(separator: " or ")
        case .tooManyDecimals(let count):
            return zh ? "小数超过两位（\(count) 位）；金额以分为最小单位，不做四舍五入" : "more than two decimals (\(count)); amounts are in fen and never rounded"
        case .negativeAmount: return zh ? "金额不能为负；更正请用缴回或冲正" : "the amount must not be negative; record corrections as returns or reversals"
        case .zeroAmount: return zh ? "金额不能为零" : "the amount must not be zero"
        case .exponentNotation: return zh ? "科学计数法；请把单元格格式设为数值" : "exponent notation; format the cell as a number"
        case .malformedThousandsSeparators: return zh ? "千位分隔符位置不对" : "thousands separators not in groups of three"
        case .notANumber: return zh ? "不是数字" : "not a number"
        case .amountTooLarge(let maximumFen):
            return zh ? "金额超过上限 \(Fen(maximumFen).yuanText) 元" : "more than the limit of \(Fen(maximumFen).yuanText) yuan"
        case .numberOutOfRange(let minimum, let maximum):
            return zh ? "须为 \(minimum) 到 \(maximum) 之间的数" : "must be a number from \(minimum) to \(maximum)"
        case .invalidDate: return zh ? "不是有效日期（如 2018-04-20、2018/4/20、2018年4月20日）" : "not a valid date (such as 2018-04-20, 2018/4/20)"
        case .invalidPeriod: return zh ? "不是有效期间（如 2018-04-01至2018-06-30、2018-05、2018）" : "not a valid period (such as 2018-04-01至2018-06-30, 2018-05, 2018)"
        case .earlierThan(let column): return zh ? "早于\(name(column, zh: true))" : "earlier than \(name(column, zh: false))"
        case .invalidDivisionCode: return zh ? "不是 6 位行政区划代码" : "not a 6-digit administrative division code"
        case .unknownDivisionCode: return zh ? "行政区划代码不在 FundLedger 的代码表中" : "a division code FundLedger does not know"
        case .outsideUnit(let column): return zh ? "不在\(name(column, zh: true))的辖区内" : "not within \(name(column, zh: false))"
        case .notAllowed(let allowed):
            return zh ? "可填：" + allowed.joined(separator: "、") : "allowed: " + allowed.joined(separator: ", ")
        case .controlCharacter: return zh ? "含有换行或其他控制字符" : "contains a line break or another control character"
        case .tooLong(let byteCount, let maximumByteCount):
            return zh ? "过长（\(byteCount) 字节，上限 \(maximumByteCount)）" : "too long (\(byteCount) bytes, the limit is \(maximumByteCount))"
        case .notAPseudonym:
            return zh ? "农户须以 64 位化名填写（fundledger pseudonym 生成），不得填写姓名或身份证号"
                      : "a household is identified by its 64-hex pseudonym (fundledger pseudonym), never by name or ID number"
        case .duplicateVoucher(let first): return zh ? "凭证号与第 \(first) 行重复" : "the same voucher as row \(first)"
        case .duplicateRow(let first): return zh ? "与第 \(first) 行完全相同" : "identical to row \(first)"
        case .duplicateListElement: return zh ? "列表中有重复项" : "an element repeats"
        case .tooManyElements(let maximum): return zh ? "超过 \(maximum) 项" : "more than \(maximum) elements"
        case .exceedsColumn(let column): return zh ? "大于\(name(column, zh: true))" : "larger than \(name(column, zh: false))"
        case .refusedByEventSchema(let error): return zh ? "事件格式拒绝：\(error)" : "refused by the event schema: \(error)"
        }
    }
}

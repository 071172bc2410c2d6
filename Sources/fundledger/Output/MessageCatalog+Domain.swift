// Wording of the fund layer's refusals (SupervisionError, ImportError, append refusals) in Chinese
// and English. Each sentence says what went wrong, where (event id, JSON field path, spreadsheet row
// and column) and what to do. Ids, names, codes and values are printed verbatim, never escaped or
// transliterated: the clerk must recognise what they typed.
import FundSupervision
import LedgerJournal

/// Wording of the fund layer's errors (SupervisionError, ImportError, append refusals).
enum DomainMessages {
    static func describe(_ error: any Error, language l: Language) -> MessageCatalog.Message? {
        switch error {
        case let refusal as AppendRefusal:
            let inner = MessageCatalog.describe(refusal.underlying, language: l)
            return MessageCatalog.Message(
                text: l.pick("输入第 \(refusal.line) 行（\(refusal.id)）被拒绝：\(inner.text)", "input line \(refusal.line) (\(refusal.id)) refused: \(inner.text)"),
                hint: inner.hint.map { l.pick("\($0)；日志未作任何改动", "\($0); the journal was not changed") }
                    ?? l.pick("日志未作任何改动", "the journal was not changed"),
                status: .dataError)
        case let refusal as FlaggedEntryRefusal:
            let language = DomainHooks.reportLanguage(l)
            let flags = refusal.flags.map { "[\($0.ruleID)] \($0.explanation.text(in: language))" }.joined(separator: "; ")
            return MessageCatalog.Message(text: l.pick("该条目触发异常标记：\(flags)", "the entry raises anomaly flags: \(flags)"),
                                          hint: l.pick("按 --refuse-flagged 的要求拒绝；日志未作任何改动", "refused because of --refuse-flagged; the journal was not changed"),
                                          status: .dataError)
        case let error as SupervisionError:
            let (text, hint) = SupervisionWording.message(error, l)
            return MessageCatalog.Message(text: text, hint: hint, status: .dataError)
        case let error as ImportError:
            return MessageCatalog.Message(text: SupervisionWording.sentence(error, l),
                                          hint: l.pick("日志未作任何改动", "the journal was not changed"), status: .dataError)
        default:
            return nil
        }
    }
}

/// Sentences for fund-layer errors in both languages.
enum SupervisionWording {
    /// The sentence for a refusal, without its hint.
    static func sentence(_ error: SupervisionError, _ l: Language) -> String {
        message(error, l).text
    }

    /// The sentence for a refusal and a hint saying what to do next (docs/EVENTS.md "Errors").
    static func message(_ error: SupervisionError, _ l: Language) -> (text: String, hint: String?) {
        switch error {
        case .unknownKind(let id, let kind):
            return (l.pick("事件 '\(id)'：未知的事件类型 '\(kind)'", "event '\(id)': unknown event kind '\(kind)'"),
                    l.pick("可用的类型见 docs/EVENTS.md，如 fund.allocate、fund.disburse、project.milestone",
                           "see docs/EVENTS.md for the kinds, e.g. fund.allocate, fund.disburse, project.milestone"))
        case .missingField(let id, let path):
            return (l.pick("事件 '\(id)'：缺少必填字段 \(path)", "event '\(id)': the required field \(path) is missing"),
                    l.pick("补上该字段后重新提交", "add the field and submit the event again"))
        case .unexpectedField(let id, let path):
            return (l.pick("事件 '\(id)'：字段 \(path) 不在该事件类型的格式中", "event '\(id)': the field \(path) is not part of this kind's body"),
                    l.pick("删除该字段或检查拼写；各类型的字段见 docs/EVENTS.md", "remove it or check its spelling; docs/EVENTS.md lists each kind's fields"))
        case .wrongType(let id, let path, let expected, let actual):
            return (l.pick("事件 '\(id)'：字段 \(path) 应为\(typeName(expected, l))，实为\(typeName(actual, l))",
                           "event '\(id)': the field \(path) must be \(typeName(expected, l)), not \(typeName(actual, l))"),
                    expected == .integer && actual == .string
                        ? l.pick("金额以分为单位写成整数，如 1234.50 元写作 123450", "amounts are whole fen written as integers: 1,234.50 yuan is 123450")
                        : nil)
        case .invalidValue(let id, let path, let problem):
            let (zh, en, hint) = valueProblem(problem, l)
            return (l.pick("事件 '\(id)'：字段 \(path) \(zh)", "event '\(id)': the field \(path) \(en)"), hint)
        case .scopeMismatch(let id, let expected, let actual):
            return (l.pick("事件 '\(id)'：scope 为 \(actual ?? "（无）")，但事件涉及的单位是 \(expected ?? "全国（无 scope）")",
                           "event '\(id)': the scope is \(actual ?? "absent") but the event concerns \(expected ?? "the whole country (no scope)")"),
                    expected.map { l.pick("把 scope 设为 \($0)", "set scope to \($0)") } ?? l.pick("删除 scope 成员", "remove the scope member"))
        case .unknownDivision(let id, let path, let code):
            return (l.pick("事件 '\(id)'：字段 \(path) 的行政区划代码 \(code) 不在 FundLedger 的代码表（GB/T 2260）中",
                           "event '\(id)': the division code \(code) in \(path) is not in FundLedger's GB/T 2260 table"),
                    l.pick("检查代码是否写错，如沁源县为 140431", "check the code for typos; 沁源县 (Qinyuan) is 140431, for example"))
        case .unknownFund(let id, let fundID):
            return (l.pick("事件 '\(id)'：资金 '\(fundID)' 在日志中从未下达", "event '\(id)': the fund '\(fundID)' was never allocated in this journal"),
                    l.pick("先记录该资金的 fund.allocate，或检查资金编号", "record its fund.allocate first, or check the fund id"))
        case .fundNotAllocatedToUnit(let id, let fundID, let unit):
            return (l.pick("事件 '\(id)'：资金 '\(fundID)' 未下达给单位 \(unit)", "event '\(id)': the fund '\(fundID)' was never allocated to unit \(unit)"),
                    l.pick("检查资金编号和单位代码，或先记录下达给该单位的 fund.allocate", "check the fund id and unit code, or record the allocation to this unit first"))
        case .fundDefinitionConflict(let id, let fundID, let path, let expected, let actual):
            return (l.pick("事件 '\(id)'：资金 '\(fundID)' 的 \(path) 为「\(actual)」，与首次下达时的「\(expected)」不同",
                           "event '\(id)': the fund '\(fundID)' has \(path) \"\(actual)\", but its first allocation said \"\(expected)\""),
                    l.pick("同一资金编号的名称、级次和渠道必须一致；不同的资金请用新编号", "a fund id always carries the same name, level and channel; use a new id for another fund"))
        case .unknownProject(let id, let projectID):
            return (l.pick("事件 '\(id)'：项目 '\(projectID)' 尚未立项（没有 project.register）", "event '\(id)': the project '\(projectID)' is not registered (no project.register)"),
                    l.pick("先记录 project.register，或检查项目编号", "record its project.register first, or check the project id"))
        case .duplicateProject(let id, let projectID):
            return (l.pick("事件 '\(id)'：项目 '\(projectID)' 已经立项", "event '\(id)': the project '\(projectID)' is already registered"),
                    l.pick("每个项目编号只能立项一次；另一个项目请用新编号", "a project id is registered once; use a new id for another project"))
        case .unknownBeneficiary(let id, let pseudonym, let county):
            return (l.pick("事件 '\(id)'：化名 \(pseudonym) 在 \(county) 未建档立卡", "event '\(id)': the pseudonym \(pseudonym) is not registered in \(county)"),
                    l.pick("先记录 beneficiary.register，或用 fundledger pseudonym 核对化名", "record its beneficiary.register first, or check it with 'fundledger pseudonym'"))
        case .duplicateBeneficiary(let id, let pseudonym, let county):
            return (l.pick("事件 '\(id)'：化名 \(pseudonym) 已在 \(county) 建档立卡且未退出", "event '\(id)': the pseudonym \(pseudonym) is already registered in \(county) and has not exited"),
                    l.pick("再次登记前须先记录 beneficiary.exit", "record a beneficiary.exit before registering it again"))
        case .unknownEntry(let id, let sequence, let reversedID):
            return (l.pick("事件 '\(id)'：要冲正的条目（序号 \(sequence)、编号 '\(reversedID)'）不存在", "event '\(id)': there is no entry with seq \(sequence) and id '\(reversedID)' to reverse"),
                    l.pick("reversed_seq 与 reversed_id 必须指向同一条目；用 fundledger report 或日志查找", "reversed_seq and reversed_id must name the same entry; look it up in the journal"))
        case .entryNotReversible(let id, let sequence, let kind):
            return (l.pick("事件 '\(id)'：条目 \(sequence) 的类型 \(kind) 不能冲正", "event '\(id)': entry \(sequence) is a \(kind), which cannot be reversed"),
                    l.pick("可冲正的类型见 docs/EVENTS.md（entry.reverse）", "docs/EVENTS.md (entry.reverse) lists the reversible kinds"))
        case .entryAlreadyReversed(let id, let sequence, let reversing):
            return (l.pick("事件 '\(id)'：条目 \(sequence) 已被条目 \(reversing) 冲正过", "event '\(id)': entry \(sequence) was already reversed by entry \(reversing)"),
                    l.pick("一个条目只能冲正一次；需要时请重新记录正确的事实", "an entry is reversed once; record the correct fact again instead"))
        case .periodCloseStale(let id, let untilSequence, let sequence):
            return (l.pick("事件 '\(id)'：结账条目的 until_seq 为 \(untilSequence)，但它的序号是 \(sequence)；结账必须覆盖它之前的全部条目",
                           "event '\(id)': the closing's until_seq is \(untilSequence) but its seq is \(sequence); a closing covers every entry before it"),
                    l.pick("日志在计算结账之后又有追加；请重新运行 fundledger close-period", "the journal grew after the closing was computed; run fundledger close-period again"))
        case .periodTotalMismatch(let id, let total, let expected, let recorded):
            func amount(_ value: Int64?) -> String {
                guard let value else { return l.pick("（无此项）", "(absent)") }
                return l.pick("\(value) 分（\(Fen(value).yuanText) 元）", "\(value) fen (\(Fen(value).yuanText) yuan)")
            }
            return (l.pick("事件 '\(id)'：结账合计 \(total) 记为 \(amount(recorded))，按日志重算应为 \(amount(expected))",
                           "event '\(id)': the closing total \(total) records \(amount(recorded)), but the journal gives \(amount(expected))"),
                    l.pick("不要手工填写结账数字；请用 fundledger close-period 重新结账", "do not write closing figures by hand; close the period again with fundledger close-period"))
        case .periodReportDigestMismatch(let id, let expected, let recorded):
            return (l.pick("事件 '\(id)'：结账的报表摘要 report_digest 为 \(recorded)，按日志重算应为 \(expected)",
                           "event '\(id)': the closing's report_digest is \(recorded), but the journal's report gives \(expected)"),
                    l.pick("请用 fundledger close-period 重新结账；摘要的定义见 docs/EVENTS.md（period.close）",
                           "close the period again with fundledger close-period; docs/EVENTS.md (period.close) defines the digest"))
        }
    }

    /// The JSON type's name as a clerk reads it.
    static func typeName(_ type: JSONType, _ l: Language) -> String {
        switch type {
        case .null: return l.pick("null", "null")
        case .bool: return l.pick("布尔值（true/false）", "a Boolean (true/false)")
        case .integer: return l.pick("整数", "an integer")
        case .string: return l.pick("字符串", "a string")
        case .array: return l.pick("数组", "an array")
        case .object: return l.pick("对象", "an object")
        }
    }

    /// The predicate for a field whose value is wrong (Chinese, English) and a hint.
    static func valueProblem(_ problem: ValueProblem, _ l: Language) -> (String, String, String?) {
        switch problem {
        case .notPositive(let actual):
            return ("须为正数，实为 \(actual)", "must be positive, but is \(actual)",
                    l.pick("金额以分为单位且大于零；更正请用 fund.return 或 entry.reverse", "amounts are fen above zero; record corrections as fund.return or entry.reverse"))
        case .outOfRange(let actual, let minimum, let maximum):
            return ("须在 \(minimum) 到 \(maximum) 之间，实为 \(actual)", "must be from \(minimum) to \(maximum), but is \(actual)", nil)
        case .invalidDate(let actual):
            return ("「\(actual)」不是有效日期", "\"\(actual)\" is not a valid date",
                    l.pick("日期写作 YYYY-MM-DD（中国标准时间，1949–2199 年），如 2018-04-20", "write dates as YYYY-MM-DD (China Standard Time, years 1949-2199), e.g. 2018-04-20"))
        case .invalidDivisionCode(let actual):
            return ("「\(actual)」不是 6 位行政区划代码", "\"\(actual)\" is not a 6-digit administrative division code",
                    l.pick("行政区划代码为 6 位数字（GB/T 2260），如 140431；中央用 000000，仅在允许处", "codes are 6 digits (GB/T 2260), e.g. 140431; 000000 (central) only where allowed"))
        case .invalidPseudonym(let actual):
            return ("「\(actual)」不是化名（64 位小写十六进制）", "\"\(actual)\" is not a pseudonym (64 lowercase hex digits)",
                    l.pick("用 fundledger pseudonym 计算化名；姓名和身份证号不得写入日志", "compute it with 'fundledger pseudonym'; names and ID numbers never enter the journal"))
        case .invalidDigest(let actual):
            return ("「\(actual)」不是摘要（64 位小写十六进制）", "\"\(actual)\" is not a digest (64 lowercase hex digits)", nil)
        case .empty:
            return ("不能为空", "must not be empty", nil)
        case .tooLong(let byteCount, let maximum):
            return ("过长：\(byteCount) 字节，上限 \(maximum) 字节", "is too long: \(byteCount) bytes, the limit is \(maximum)", nil)
        case .tooManyElements(let count, let maximum):
            return ("有 \(count) 项，上限 \(maximum) 项", "has \(count) elements, the limit is \(maximum)", nil)
        case .controlCharacter:
            return ("含有换行、制表符或其他控制字符", "contains a line break, tab or another control character", nil)
        case .notAllowed(let actual, let allowed):
            return ("「\(actual)」不是可用的值；可用：\(allowed.joined(separator: "、"))", "\"\(actual)\" is not allowed; allowed: \(allowed.joined(separator: ", "))", nil)
        case .duplicate(let actual):
            return ("「\(actual)」在列表中重复", "repeats \"\(actual)\"", nil)
        case .exceeds(let actual, let limit, let limitPath):
            return ("为 \(actual)，超过 \(limitPath) 的 \(limit)", "is \(actual), more than \(limitPath) (\(limit))", nil)
        case .earlierThan(let actual, let limit, let limitPath):
            return ("为 \(actual)，早于 \(limitPath) 的 \(limit)", "is \(actual), earlier than \(limitPath) (\(limit))", nil)
        case .decreasing(let actual, let previous):
            return ("为 \(actual)，小于前一项的 \(previous)（累计金额不能减少）", "is \(actual), less than the previous \(previous) (cumulative amounts never decrease)", nil)
        case .outsideUnit(let actual, let unitPath):
            return ("\(actual) 不在 \(unitPath) 的辖区内", "\(actual) does not lie within \(unitPath)", nil)
        case .conflictsWith(let otherPath):
            return ("不能与 \(otherPath) 同时出现", "must not be present together with \(otherPath)", nil)
        }
    }

    /// The refusal of a spreadsheet, one line per problem: the importer's own wording
    /// (`ImportError.messageLines(in:)`), except that schema refusals are worded here.
    static func sentence(_ error: ImportError, _ l: Language) -> String {
        let language = DomainHooks.reportLanguage(l)
        guard case .invalidRows(let problems) = error else {
            return error.messageLines(in: language).joined(separator: "\n")
        }
        var lines = [error.messageLines(in: language)[0]]
        for problem in problems {
            if case .refusedByEventSchema(let schemaError) = problem.reason {
                var place = l.pick("第 \(problem.rowNumber) 行", "row \(problem.rowNumber)")
                if let header = problem.header {
                    place += l.pick("，列「\(header)」，值「\(problem.value)」", ", column \"\(header)\", value \"\(problem.value)\"")
                }
                lines.append("  " + place + l.pick("：", ": ") + sentence(schemaError, l))
            } else {
                lines.append(contentsOf: ImportError.invalidRows([problem]).messageLines(in: language).dropFirst())
            }
        }
        return lines.joined(separator: "\n")
    }
}

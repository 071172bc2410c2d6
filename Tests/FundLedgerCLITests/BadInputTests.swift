// Bad input gets a clear error and leaves the journal untouched (issue #9). Each case runs the real
// `fundledger` binary twice, in English and in Chinese (`--lang zh`), against the journal built by
// `BadInputFixture`, and checks the exit status (64 usage, 65 data, 74 I/O), the key phrases of the
// message in both languages, and that the journal's bytes did not change. A positive control shows
// that the unchanged base events are accepted, so each refusal is caused by its one mutation.
import Foundation
import Testing

/// One wrong input and what the tool must answer.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    /// What is wrong, as a sentence.
    var name: String
    /// The command line; `IN` stands for the input file written for this case.
    var arguments: [String]
    /// The input file's bytes (written to a file named after the case), or `nil`.
    var input: [UInt8]?
    /// The expected exit status.
    var status: Int32
    /// Phrases the English message must contain.
    var english: [String]
    /// Phrases the Chinese message must contain.
    var chinese: [String]

    var testDescription: String { name }

    init(_ name: String, _ arguments: [String], input: String? = nil, bytes: [UInt8]? = nil,
         status: Int32 = 65, en english: [String], zh chinese: [String]) {
        self.name = name
        self.arguments = arguments
        self.input = bytes ?? input.map { Array($0.utf8) }
        self.status = status
        self.english = english
        self.chinese = chinese
    }
}

typealias E = BadInputEvents

/// The table. Keys: clerk (fund kinds, 140431), city (fund.allocate, 140400), authority (any kind).
let badInputCases: [BadInputCase] = [
    // Malformed JSON lines and wrong shapes (EventDraft.parseJSONLines).
    .init("a JSON line cut short", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: "{\"id\":\"pay-1\",\"kind\":\"fund.disburse\",\"body\":{\n",
          en: ["input line 1", "invalid JSON"], zh: ["输入第 1 行", "不是有效的 JSON"]),
    .init("a line that is an array, not an object", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: "[1,2,3]\n", en: ["input line 1", "not a JSON object"], zh: ["输入第 1 行", "不是 JSON 对象"]),
    .init("the second line is garbage", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement() + "fund.disburse 100 yuan\n", en: ["input line 2"], zh: ["输入第 2 行"]),
    .init("a body that is a string", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: "{\"id\":\"pay-1\",\"kind\":\"fund.disburse\",\"scope\":\"140431\",\"body\":\"19500000\"}\n",
          en: ["'body' must be a JSON object"], zh: ["输入第 1 行", "'body'"]),
    .init("an unknown envelope member", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: "{\"id\":\"pay-1\",\"kind\":\"fund.disburse\",\"amount\":5,\"body\":{}}\n",
          en: ["unexpected member 'amount'"], zh: ["输入第 1 行", "'amount'"]),
    .init("an empty event id", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(id: ""), en: ["'id' must be a string"], zh: ["输入第 1 行", "'id'"]),
    .init("a kind with spaces and capitals", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.line(id: "pay-1", kind: "Fund Disburse", scope: "140431", body: E.disbursementBody),
          en: ["'kind' must be dotted lowercase words"], zh: ["输入第 1 行", "'kind'"]),
    .init("a five-digit scope", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(scope: "14043"), en: ["'scope' must be a 6-digit"], zh: ["输入第 1 行", "'scope'"]),
    // Amounts.
    .init("a fractional amount (1.5 fen)", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["amount_fen": "1.5"]), en: ["input line 1", "floatingPointNumber"], zh: ["输入第 1 行", "floatingPointNumber"]),
    .init("an amount in exponent notation", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["amount_fen": "1e5"]), en: ["input line 1", "floatingPointNumber"], zh: ["输入第 1 行"]),
    .init("a negative amount", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["amount_fen": "-19500000"]),
          en: ["event 'pay-1'", "body.amount_fen", "must be positive, but is -19500000"], zh: ["事件 'pay-1'", "body.amount_fen", "须为正数，实为 -19500000"]),
    .init("a zero amount", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["amount_fen": "0"]), en: ["body.amount_fen", "must be positive, but is 0"], zh: ["body.amount_fen", "须为正数，实为 0"]),
    .init("an amount beyond 2^53", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["amount_fen": "9007199254740993"]), en: ["input line 1", "integerOutOfRange"], zh: ["输入第 1 行", "integerOutOfRange"]),
    .init("an amount above 1000亿元", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["amount_fen": "10000000000001"]), en: ["body.amount_fen", "10000000000000"], zh: ["body.amount_fen", "10000000000000"]),
    .init("an amount written as yuan text", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["amount_fen": "\"195,000.00\""]),
          en: ["body.amount_fen", "must be an integer, not a string", "123450"], zh: ["body.amount_fen", "应为整数，实为字符串"]),
    .init("a labour share larger than the payment", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["labour_fen": "19500001"]), en: ["body.labour_fen", "more than body.amount_fen"], zh: ["body.labour_fen", "超过 body.amount_fen"]),
    // Dates.
    .init("an effective date that is not a date", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["effective_date": "\"yesterday\""]),
          en: ["body.effective_date", "\"yesterday\" is not a valid date", "YYYY-MM-DD"], zh: ["body.effective_date", "「yesterday」不是有效日期"]),
    .init("February 30th", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["effective_date": "\"2018-02-30\""]), en: ["\"2018-02-30\" is not a valid date"], zh: ["「2018-02-30」不是有效日期"]),
    .init("a date written as a number", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["effective_date": "20180420"]), en: ["body.effective_date", "must be a string, not an integer"], zh: ["应为字符串，实为整数"]),
    .init("a use-by deadline before the effective date", ["append", "j.jsonl", "--key", "city.key", "IN"],
          input: E.allocation(["use_by": "\"2017-12-31\""], id: "alloc-2"), en: ["body.use_by", "earlier than body.effective_date"], zh: ["body.use_by", "早于 body.effective_date"]),
    // Division codes and references.
    .init("an unknown county code", ["append", "j.jsonl", "--key", "authority.key", "IN"],
          input: E.disbursement(["county": "\"149999\""], scope: "149999"),
          en: ["149999", "not in FundLedger's GB/T 2260 table"], zh: ["149999", "不在 FundLedger 的代码表"]),
    .init("an allocation to an unknown county of 长治市", ["append", "j.jsonl", "--key", "city.key", "IN"],
          input: E.allocation(["to_unit": "\"140499\"", "designated_recipient": nil], id: "alloc-2"),
          en: ["body.to_unit", "140499", "GB/T 2260"], zh: ["body.to_unit", "140499", "代码表"]),
    .init("a county code with a letter", ["append", "j.jsonl", "--key", "authority.key", "IN"],
          input: E.disbursement(["county": "\"14043X\""]), en: ["body.county", "\"14043X\" is not a 6-digit administrative division code"], zh: ["「14043X」不是 6 位行政区划代码"]),
    .init("a scope that is not the paying county", ["append", "j.jsonl", "--key", "authority.key", "IN"],
          input: E.disbursement(scope: "140400"), en: ["the scope is 140400", "concerns 140431", "set scope to 140431"], zh: ["scope 为 140400", "140431"]),
    .init("an unknown fund", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["fund_id": "\"F99\""]), en: ["the fund 'F99' was never allocated"], zh: ["资金 'F99' 在日志中从未下达"]),
    .init("an unknown project", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.milestone(["project_id": "\"P404\""]), en: ["the project 'P404' is not registered"], zh: ["项目 'P404' 尚未立项"]),
    .init("a project registered twice", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.projectRegistration(id: "project-P3-again"), en: ["'P3' is already registered"], zh: ["项目 'P3' 已经立项"]),
    .init("a fund re-allocated under another name", ["append", "j.jsonl", "--key", "city.key", "IN"],
          input: E.allocation(["fund": "{\"channel\":\"以工代赈\",\"id\":\"F5\",\"name\":\"另一笔资金\",\"source_level\":\"central\"}"], id: "alloc-2"),
          en: ["the fund 'F5'", "\"另一笔资金\"", "\"中央以工代赈资金\""], zh: ["资金 'F5'", "「另一笔资金」", "「中央以工代赈资金」"]),
    .init("a reversal of an entry that does not exist", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.line(id: "rev-1", kind: "entry.reverse", scope: "140431",
                        body: ["effective_date": "\"2018-05-02\"", "reason": "\"金额录入错误\"", "reversed_id": "\"nope\"", "reversed_seq": "999"]),
          en: ["seq 999", "'nope'"], zh: ["序号 999", "'nope'"]),
    .init("an unknown event kind", ["append", "j.jsonl", "--key", "authority.key", "IN"],
          input: E.line(id: "x-1", kind: "fund.steal", scope: "140431", body: E.disbursementBody),
          en: ["unknown event kind 'fund.steal'"], zh: ["未知的事件类型 'fund.steal'"]),
    .init("a missing voucher", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["voucher": nil]), en: ["the required field body.voucher is missing"], zh: ["缺少必填字段 body.voucher"]),
    .init("a misspelt body member", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["amount_yuan": "195000"]), en: ["body.amount_yuan is not part of this kind's body"], zh: ["body.amount_yuan 不在该事件类型的格式中"]),
    .init("a payee kind that does not exist", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["payee": "{\"id\":\"某路桥公司\",\"kind\":\"friend\"}"]), en: ["body.payee.kind", "\"friend\" is not allowed"], zh: ["「friend」不是可用的值"]),
    .init("a voucher with a line break", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["voucher": "\"记-2018\\n0412\""]), en: ["body.voucher", "line break"], zh: ["body.voucher", "控制字符"]),
    .init("a voucher of 300 bytes", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(["voucher": "\"\(String(repeating: "记", count: 100))\""]), en: ["body.voucher", "300 bytes, the limit is 256"], zh: ["300 字节，上限 256 字节"]),
    .init("tranches whose cumulative amounts decrease", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.projectRegistration(["project_id": "\"P4\"", "tranches": "[{\"cumulative_fen\":45500000,\"milestone\":\"approved\"},{\"cumulative_fen\":19500000,\"milestone\":\"completed\"}]"], id: "project-P4"),
          en: ["body.tranches[1].cumulative_fen", "never decrease"], zh: ["累计金额不能减少"]),
    // Duplicate ids.
    .init("a retry of an allocation id with different content", ["append", "j.jsonl", "--key", "city.key", "IN"],
          input: E.allocation(["amount_fen": "80000001"]), en: ["event id 'alloc-F5-2018' is already used by entry", "different content"], zh: ["事件编号 'alloc-F5-2018' 已被条目", "以不同内容使用"]),
    .init("the same id twice in one batch", ["append", "j.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement() + E.disbursement(["amount_fen": "1"]), en: ["input line 2", "'pay-1' appears twice"], zh: ["输入第 2 行", "'pay-1' 在本批中重复"]),
    // Keys.
    .init("a revoked key", ["append", "j.jsonl", "--key", "revoked.key", "IN"],
          input: E.disbursement(), en: ["holds no grant here"], zh: ["没有有效授权"]),
    .init("a key that was never granted", ["append", "j.jsonl", "--key", "stranger.key", "IN"],
          input: E.disbursement(), en: ["holds no grant here", "fundledger grant"], zh: ["没有有效授权"]),
    .init("a key granted for another county (沁县)", ["append", "j.jsonl", "--key", "qinxian.key", "IN"],
          input: E.disbursement(), en: ["is not granted the scope 140431"], zh: ["无权签署 140431 范围的事件"]),
    .init("a key granted for another kind", ["append", "j.jsonl", "--key", "milestones.key", "IN"],
          input: E.disbursement(), en: ["is not granted the kind fund.disburse"], zh: ["无权签署 fund.disburse 事件"]),
    .init("a truncated key file", ["append", "j.jsonl", "--key", "truncated.key", "IN"],
          input: E.disbursement(), en: ["truncated.key line 3", "not a FundLedger private key file"], zh: ["truncated.key 第 3 行", "不是 FundLedger 私钥文件"]),
    .init("an empty key file", ["append", "j.jsonl", "--key", "empty.key", "IN"],
          input: E.disbursement(), en: ["empty.key line 1"], zh: ["empty.key 第 1 行"]),
    .init("a key file whose seed is not hex", ["append", "j.jsonl", "--key", "not-a-key.key", "IN"],
          input: E.disbursement(), en: ["line 3", "fundledger keygen"], zh: ["第 3 行"]),
    .init("a key file readable by everyone (0644)", ["append", "j.jsonl", "--key", "open.key", "IN"],
          input: E.disbursement(), en: ["mode 644", "chmod 600 open.key"], zh: ["权限为 644", "chmod 600 open.key"]),
    .init("a key file readable by its group (0640)", ["grant", "j.jsonl", "--authority", "group.key", "--public-key", String(repeating: "ab", count: 32),
                                                     "--name", "x", "--roles", "all", "--counties", "all"],
          en: ["mode 640", "chmod 600"], zh: ["权限为 640", "chmod 600"]),
    .init("a key file that does not exist", ["append", "j.jsonl", "--key", "missing.key", "IN"],
          input: E.disbursement(), en: ["missing.key"], zh: ["missing.key"]),
    // Journals.
    .init("a journal that does not exist", ["append", "missing.jsonl", "--key", "clerk.key", "IN"],
          input: E.disbursement(), en: ["missing.jsonl"], zh: ["missing.jsonl"]),
    .init("init over an existing journal", ["init", "j.jsonl", "--origin", "fundledger.example.gov.cn/140431", "--authority", "authority.key"],
          status: 74, en: ["journal j.jsonl already exists", "never overwrites"], zh: ["日志 j.jsonl 已存在"]),
    .init("an origin with a space", ["init", "new.jsonl", "--origin", "my journal", "--authority", "authority.key"],
          status: 64, en: ["origin 'my journal' is invalid"], zh: ["来源名 'my journal' 无效"]),
    // Command lines.
    .init("an unknown option one letter off", ["append", "j.jsonl", "--kee", "clerk.key"],
          status: 64, en: ["unknown option '--kee'", "did you mean '--key'?", "Usage: fundledger append"], zh: ["未知选项 '--kee'", "你是想用 '--key' 吗？", "用法"]),
    .init("an unknown subcommand", ["apend", "j.jsonl"], status: 64, en: ["unknown subcommand 'apend'", "did you mean 'append'?"], zh: ["未知子命令 'apend'", "'append'"]),
    .init("a missing journal argument", ["verify"], status: 64, en: ["missing argument <journal>"], zh: ["缺少参数 <journal>"]),
    .init("a missing --key", ["append", "j.jsonl", "IN"], input: E.disbursement(), status: 64,
          en: ["missing required option '--key'"], zh: ["缺少必需的选项 '--key'"]),
    .init("an option given twice", ["append", "j.jsonl", "--key", "clerk.key", "--key", "city.key"], status: 64,
          en: ["option '--key' was given more than once"], zh: ["选项 '--key' 重复出现"]),
    .init("an option without its value", ["append", "j.jsonl", "--key"], status: 64, en: ["option '--key' needs a value"], zh: ["选项 '--key' 缺少取值"]),
    .init("a public key that is not hex", ["grant", "j.jsonl", "--authority", "authority.key", "--public-key", "xyz",
                                          "--name", "x", "--roles", "all", "--counties", "all"],
          status: 64, en: ["'xyz' is not a valid Ed25519 public key"], zh: ["'xyz' 不是有效的 Ed25519 公钥"]),
    .init("a report date that does not exist", ["report", "j.jsonl", "balances", "--as-of", "2018-13-01"], status: 64,
          en: ["invalid value '2018-13-01' for '--as-of'"], zh: ["选项 '--as-of' 的取值 '2018-13-01' 无效"]),
    .init("an import kind that does not exist", ["import", "j.jsonl", "--key", "clerk.key", "--kind", "payments", "IN"],
          input: "日期\n", status: 64, en: ["invalid value 'payments' for '--kind'"], zh: ["'payments' 无效"]),
    // Spreadsheets (import).
    .init("a UTF-8 CSV amount with three decimals", ["import", "j.jsonl", "--key", "clerk.key", "--kind", "disbursements", "IN"],
          input: "日期,县/区划代码,资金编号,项目编号,收款人,收款人类型,金额(元),凭证号\n2018-04-20,140431,F5,P3,某路桥公司,企业,1.234,记-1\n",
          en: ["row 2", "column \"金额(元)\"", "value \"1.234\"", "more than two decimals"], zh: ["第 2 行", "列「金额(元)」", "小数超过两位"]),
    .init("a UTF-8 CSV with an unknown column", ["import", "j.jsonl", "--key", "clerk.key", "--kind", "disbursements", "IN"],
          input: "日期,县/区划代码,资金编号,项目编号,收款人,收款人类型,金额(元),凭证号,备注栏\n2018-04-20,140431,F5,P3,某路桥公司,企业,1.00,记-1,x\n",
          en: ["column 9 \"备注栏\" is not accepted"], zh: ["第 9 列「备注栏」不是可接受的列"]),
    .init("a UTF-8 CSV with an unterminated quote", ["import", "j.jsonl", "--key", "clerk.key", "--kind", "disbursements", "IN"],
          input: "日期,县/区划代码,资金编号,项目编号,收款人,收款人类型,金额(元),凭证号\n2018-04-20,140431,F5,P3,\"某路桥公司,企业,1.00,记-1\n",
          en: ["malformed CSV", "never closed"], zh: ["CSV 格式错误", "没有闭合"]),
    .init("a UTF-8 CSV whose rows are fine but whose fund is unknown", ["import", "j.jsonl", "--key", "clerk.key", "--kind", "disbursements", "IN"],
          input: "日期,县/区划代码,资金编号,项目编号,收款人,收款人类型,金额(元),凭证号\n2018-04-20,140431,F99,P3,某路桥公司,企业,1.00,记-1\n",
          en: ["input line 1", "the fund 'F99' was never allocated"], zh: ["输入第 1 行", "资金 'F99' 在日志中从未下达"]),
    .init("an empty CSV file", ["import", "j.jsonl", "--key", "clerk.key", "--kind", "disbursements", "IN"],
          input: "", en: ["no header row"], zh: ["没有表头行"]),
    .init("a CSV in no known encoding", ["import", "j.jsonl", "--key", "clerk.key", "--kind", "disbursements", "IN"],
          bytes: Array("日期,金额(元)\n".utf8) + [0xFF, 0xFE, 0xFD, 0x80, 0x0A],
          en: ["cannot decode the file"], zh: ["无法识别文件编码"]),
    .init("a GB18030 CSV with a negative amount", ["import", "j.jsonl", "--key", "clerk.key", "--kind", "disbursements", "IN"],
          bytes: BadInputSpreadsheets.gb18030(replacing: "\"195,000.00\"", with: "\"-195,000.00\""),
          en: ["row 2", "-195,000.00", "must not be negative"], zh: ["第 2 行", "金额不能为负"]),
    .init("a GB18030 CSV with an unknown county code", ["import", "j.jsonl", "--key", "clerk.key", "--kind", "disbursements", "IN"],
          bytes: BadInputSpreadsheets.gb18030(replacing: "2018-04-20,140431", with: "2018-04-20,149999"),
          en: ["row 2", "149999", "a division code FundLedger does not know"], zh: ["第 2 行", "行政区划代码不在 FundLedger 的代码表中"]),
]

/// Spreadsheets derived from the committed GB18030 fixture (Fixtures/bad-input/README.md).
enum BadInputSpreadsheets {
    static let gb18030URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bad-input/disbursements-gb18030.csv")

    /// The GB18030 sheet with one ASCII run replaced (ASCII bytes are the same in GB18030).
    static func gb18030(replacing old: String, with new: String) -> [UInt8] {
        let bytes = (try? Data(contentsOf: gb18030URL)) ?? Data()
        guard let range = bytes.firstRange(of: Data(old.utf8)) else { return Array(bytes) }
        var changed = bytes
        changed.replaceSubrange(range, with: Data(new.utf8))
        return Array(changed)
    }
}

@Suite("CLI: bad input gets a clear error and leaves the journal untouched")
struct BadInputTests {
    @Test("the table has at least 40 distinct wrong inputs")
    func tableSize() {
        #expect(badInputCases.count >= 40)
        #expect(Set(badInputCases.map(\.name)).count == badInputCases.count)
    }

    @Test("each wrong input is refused with its exit status and message, in English and Chinese", arguments: badInputCases)
    func refused(_ badInput: BadInputCase) throws {
        let fixture = try BadInputFixture.shared.get()
        let journalBefore = fixture.bytes(fixture.journal)
        let inputName = "in-\(UUID().uuidString)" + (badInput.arguments.contains("import") ? ".csv" : ".jsonl")
        if let input = badInput.input { try fixture.write(inputName, Data(input)) }
        defer { try? FileManager.default.removeItem(at: fixture.url(inputName)) }
        let arguments = badInput.arguments.map { $0 == "IN" ? inputName : $0 }
        for (language, phrases) in [("en", badInput.english), ("zh", badInput.chinese)] {
            let run = try FundLedgerProcess.run(arguments + ["--lang", language], in: fixture.directory)
            #expect(run.status == badInput.status, "[\(language)] \(badInput.name): exit \(run.status)\n\(run.stderr)")
            #expect(run.stdout.isEmpty, "[\(language)] \(badInput.name): printed on stdout: \(run.stdout)")
            #expect(run.stderr.hasPrefix(language == "en" ? "fundledger: error: " : "fundledger: 错误: "), "[\(language)] \(run.stderr)")
            for phrase in phrases {
                #expect(run.stderr.contains(phrase), "[\(language)] \(badInput.name): missing \"\(phrase)\" in\n\(run.stderr)")
            }
            // No Swift debug descriptions leak into a message meant for a clerk.
            #expect(!run.stderr.contains("entryID:"), "[\(language)] raw error in \(run.stderr)")
            #expect(fixture.bytes(fixture.journal) == journalBefore, "[\(language)] \(badInput.name) changed the journal")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.url("missing.jsonl").path))
    }

    @Test("the unchanged base events are accepted (positive control for every mutation)")
    func baseEventsAreAccepted() throws {
        let fixture = try BadInputFixture.shared.get()
        let copy = "control-\(UUID().uuidString).jsonl"
        try fixture.copyJournal(to: copy)
        defer { try? FileManager.default.removeItem(at: fixture.url(copy)) }
        let inputs: [(String, String)] = [
            ("clerk.key", E.disbursement() + E.milestone()),
            ("city.key", E.allocation(id: "alloc-2") + E.allocation()),
            ("clerk.key", E.projectRegistration(["project_id": "\"P4\""], id: "project-P4")),
        ]
        for (key, input) in inputs {
            let run = try FundLedgerProcess.run(["append", copy, "--key", key, "-"], in: fixture.directory, input: Array(input.utf8))
            #expect(run.status == 0, "\(key): \(run.stderr)")
        }
        let csv = "日期,县/区划代码,资金编号,项目编号,收款人,收款人类型,金额(元),凭证号\n2018-04-21,140431,F5,P3,某路桥公司,企业,1.23,记-2\n"
        let csvName = "control-\(UUID().uuidString).csv"
        try fixture.write(csvName, Data(csv.utf8))
        defer { try? FileManager.default.removeItem(at: fixture.url(csvName)) }
        let imported = try FundLedgerProcess.run(["import", copy, "--key", "clerk.key", "--kind", "disbursements", csvName], in: fixture.directory)
        #expect(imported.status == 0, "import: \(imported.stderr)")
        let verified = try FundLedgerProcess.run(["verify", copy, "--authority", fixture.publicKeys["authority.key"]!], in: fixture.directory)
        #expect(verified.status == 0, "verify: \(verified.stdout)\(verified.stderr)")
    }

    @Test("a torn tail refuses append until recover moves it aside; the complete lines never change")
    func tornTailRefusesAppendUntilRecover() throws {
        let fixture = try BadInputFixture.shared.get()
        let torn = "torn-\(UUID().uuidString).jsonl"
        try fixture.copyJournal(to: torn)
        defer {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: fixture.directory.path)) ?? []
            for name in names where name.hasPrefix(torn) { try? FileManager.default.removeItem(at: fixture.url(name)) }
        }
        let complete = fixture.bytes(torn)
        let tail = Data("{\"body\":{\"amount_fen\":1950".utf8)
        try (complete + tail).write(to: fixture.url(torn))
        for language in ["en", "zh"] {
            let run = try FundLedgerProcess.run(["append", torn, "--key", "clerk.key", "--lang", language, "-"], in: fixture.directory,
                                                input: Array(E.disbursement().utf8))
            #expect(run.status == 65, "\(run.stderr)")
            #expect(run.stderr.contains(language == "en" ? "torn tail of \(tail.count) bytes at byte \(complete.count)" : "残缺尾部"), "\(run.stderr)")
            #expect(run.stderr.contains("fundledger recover \(torn)"), "\(run.stderr)")
            #expect(fixture.bytes(torn) == complete + tail)
        }
        let recovered = try FundLedgerProcess.run(["recover", torn], in: fixture.directory)
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(fixture.bytes(torn) == complete)
        #expect(fixture.bytes("\(torn).torn-\(complete.count)") == tail)
        let appended = try FundLedgerProcess.run(["append", torn, "--key", "clerk.key", "-"], in: fixture.directory,
                                                 input: Array(E.disbursement().utf8))
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(fixture.bytes(torn).prefix(complete.count) == complete)
    }
}

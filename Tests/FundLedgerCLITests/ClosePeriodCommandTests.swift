// `fundledger close-period` end to end, as a clerk runs it, on a copy of the demo journal: a key
// without the period.close role is refused; the authority closes 2018 and the printed digest is the
// SHA-256 of what `report … --until-seq N --format json` prints; `verify` accepts the result; a
// hand-written closing with one fen too many is refused with a sentence naming the total, the two
// amounts and what to do, in English and Chinese.
import Foundation
import Testing
import LedgerCrypto
import LedgerTestSupport

@Suite("fundledger close-period")
struct ClosePeriodCommandTests {
    static let journalDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Journal")

    /// A scratch copy of the demo journal and its demo keys (mode 0600).
    static func scratchDemo() throws -> TemporaryDirectory {
        let scratch = try TemporaryDirectory(prefix: "fundledger-close")
        let directory = scratch.url
        for name in ["demo.jsonl", "demo-authority.key", "demo-qinyuan-finance.key"] {
            try FileManager.default.copyItem(at: journalDirectory.appendingPathComponent(name), to: directory.appendingPathComponent(name))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory.appendingPathComponent(name).path)
        }
        return scratch
    }

    @Test("close-period appends a verifiable closing, refuses an ungranted key and a forged total")
    func closePeriod() throws {
        let scratch = try Self.scratchDemo()
        defer { scratch.remove() }
        let directory = scratch.url
        let journal = directory.appendingPathComponent("demo.jsonl")
        let original = try Data(contentsOf: journal)
        let size = original.split(separator: UInt8(ascii: "\n")).count

        let ungranted = try FundLedgerProcess.run(["close-period", "demo.jsonl", "--key", "demo-qinyuan-finance.key",
                                                   "--period", "2018-06", "--unit", "140431"], in: directory)
        #expect(ungranted.status == 65)
        #expect(ungranted.stderr.contains("period.close"), "\(ungranted.stderr)")
        #expect(try Data(contentsOf: journal) == original)

        let closed = try FundLedgerProcess.run(["close-period", "demo.jsonl", "--key", "demo-authority.key", "--period", "2018"], in: directory)
        #expect(closed.status == 0, "\(closed.stderr)")
        let lines = closed.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 7, "\(closed.stdout)")
        #expect(lines[0].hasPrefix("seq \(size) "))
        #expect(lines[1] == "closed 2018 (nationwide), covering entries with seq < \(size)")
        #expect(lines[2].hasPrefix("report digest "))
        #expect(lines[3...].map { $0.split(separator: " ")[0] } == ["allocated_fen", "disbursed_fen", "integrated_fen", "returned_fen"])

        // The digest an outsider recomputes from two report runs.
        var reports: [UInt8] = []
        for section in ["balances", "counties"] {
            let report = try FundLedgerProcess.run(["report", "demo.jsonl", section, "--until-seq", String(size), "--format", "json"], in: directory)
            #expect(report.status == 0)
            reports += Array(report.stdout.utf8)
        }
        #expect(lines[2] == "report digest " + Hex.encode(Array(SHA256.hash(data: reports))))

        let verified = try FundLedgerProcess.run(["verify", "demo.jsonl"], in: directory)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")

        // A closing written by hand: the printed figures, but one fen more disbursed.
        var totals: [String: Int64] = [:]
        for line in lines[3...] {
            let fields = line.split(separator: " ")
            totals[String(fields[0])] = Int64(fields[1])
        }
        let disbursed = try #require(totals["disbursed_fen"])
        totals["disbursed_fen"] = disbursed + 1
        let totalsJSON = totals.keys.sorted().map { "\"\($0)\":\(totals[$0]!)" }.joined(separator: ",")
        let digest = String(lines[2].dropFirst("report digest ".count))
        let forged = """
            {"id":"forged-close","kind":"period.close","body":{"effective_date":"2018-12-31","period":"2018","period_kind":"year",\
            "report_digest":"\(digest)","totals":{\(totalsJSON)},"until_seq":\(size + 1)}}
            """
        let before = try Data(contentsOf: journal)
        for (language, sentence, hint) in [
            ("en", "the closing total disbursed_fen records \(disbursed + 1) fen (", "close the period again with fundledger close-period"),
            ("en", "but the journal gives \(disbursed) fen (", "the journal was not changed"),
            ("zh", "结账合计 disbursed_fen 记为 \(disbursed + 1) 分（", "请用 fundledger close-period 重新结账"),
            ("zh", "按日志重算应为 \(disbursed) 分（", "日志未作任何改动"),
        ] {
            let refused = try FundLedgerProcess.run(["append", "demo.jsonl", "--key", "demo-authority.key", "-"], in: directory,
                                                    language: language, input: Array(forged.utf8))
            #expect(refused.status == 65)
            #expect(refused.stderr.contains(sentence), "\(refused.stderr)")
            #expect(refused.stderr.contains(hint), "\(refused.stderr)")
        }
        #expect(try Data(contentsOf: journal) == before)
    }

    @Test("report closing-digest prints the digest a closing must record, at any size of the journal")
    func closingDigest() throws {
        let scratch = try Self.scratchDemo()
        defer { scratch.remove() }
        let directory = scratch.url
        let size = try Data(contentsOf: directory.appendingPathComponent("demo.jsonl")).split(separator: UInt8(ascii: "\n")).count

        // The two-report recipe of docs/EVENTS.md, at the whole journal and at an earlier size.
        func recipe(untilSequence: Int) throws -> String {
            var reports: [UInt8] = []
            for section in ["balances", "counties"] {
                let report = try FundLedgerProcess.run(["report", "demo.jsonl", section, "--until-seq", String(untilSequence), "--format", "json"], in: directory)
                try #require(report.status == 0, "\(report.stderr)")
                reports += Array(report.stdout.utf8)
            }
            return Hex.encode(Array(SHA256.hash(data: reports)))
        }
        let whole = try FundLedgerProcess.run(["report", "demo.jsonl", "closing-digest"], in: directory)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(whole.stdout == (try recipe(untilSequence: size)) + "\n")
        let earlier = try FundLedgerProcess.run(["report", "demo.jsonl", "closing-digest", "--until-seq", String(size / 2)], in: directory)
        #expect(earlier.status == 0, "\(earlier.stderr)")
        #expect(earlier.stdout == (try recipe(untilSequence: size / 2)) + "\n")
        #expect(earlier.stdout != whole.stdout)

        // What close-period records is what closing-digest printed just before.
        let closed = try FundLedgerProcess.run(["close-period", "demo.jsonl", "--key", "demo-authority.key", "--period", "2019"], in: directory)
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect(closed.stdout.contains("report digest " + whole.stdout), "\(closed.stdout)")

        // A date filter or a size beyond the journal cannot name a closing: usage errors, exit 64.
        let dated = try FundLedgerProcess.run(["report", "demo.jsonl", "closing-digest", "--as-of", "2019-12-31"], in: directory)
        #expect(dated.status == 64)
        #expect(dated.stderr.contains("'--as-of' does not apply to 'closing-digest'"), "\(dated.stderr)")
        let beyond = try FundLedgerProcess.run(["report", "demo.jsonl", "closing-digest", "--until-seq", String(size + 5)],
                                               in: directory, language: "zh")
        #expect(beyond.status == 64)
        #expect(beyond.stderr.contains("选项 '--until-seq' 的取值 \(size + 5) 过大：最大为 \(size + 1)"), "\(beyond.stderr)")
    }
}

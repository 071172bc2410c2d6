import Foundation
import FundSupervision

/// `fundledger generate`: writes a realistic synthetic journal of N entries and its keys (for
/// practice and benchmarks), deterministically for a seed.
enum GenerateCommand: Command {
    static let name = "generate"
    static let abstract = (zh: "生成指定条目数的合成日志及其演示密钥（同一种子，同样字节）",
                           en: "Generate a synthetic journal of N entries and its demo keys (same seed, same bytes)")
    static let usage = "generate --events <n> --seed <s> --out <dir>"
    static let example = (zh: "fundledger generate --events 100000 --seed 1 --out /tmp/合成日志",
                          en: "fundledger generate --events 100000 --seed 1 --out /tmp/synthetic")
    static let options: [OptionSpec] = [
        .option("events", "n", zh: "要写入的条目数，含创世条目（1 至 100000000）", en: "Entries to write, genesis included (1 to 100000000)"),
        .option("seed", "s", zh: "种子（无符号整数）：同一种子生成逐字节相同的日志", en: "Seed (an unsigned integer): the same seed gives the same journal, byte for byte"),
        .option("out", "dir", zh: "写入 journal.jsonl 和密钥文件的目录（不存在则创建；文件不得已存在）", en: "Directory to write journal.jsonl and the key files into (created if missing; files must not exist)"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 0)
        let countText = try arguments.required("events")
        guard let count = Int(countText), count >= 1, count <= SyntheticJournal.maximumEventCount else {
            throw UsageError.invalidValue("--events", countText)
        }
        let seedText = try arguments.required("seed")
        guard let seed = UInt64(seedText) else { throw UsageError.invalidValue("--seed", seedText) }
        let directory = try arguments.required("out")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let progress = ProgressBar(label: context.language.pick("生成", "generating"), total: count)
        let summary = try SyntheticJournal.write(events: count, seed: seed, directory: directory,
                                                 progress: { done, _ in progress.update(done) })
        progress.finish()
        let l = context.language
        Console.out(l.pick(
            "已生成合成日志（演示密钥，不可用于真实资金）：\(summary.journalPath)\n  条目数：\(summary.entryCount)\n  埋设的异常付款：\(summary.plantedAnomalyCount)\n  密钥文件：\(summary.keyFileNames.count) 个，在 \(directory)\n  核验：fundledger verify \(summary.journalPath) --authority $(cat \(directory)/\(SyntheticJournal.keys(seed: seed)[0].stem).pub)\n",
            "generated a synthetic journal (DEMO keys, not for real funds): \(summary.journalPath)\n  entries: \(summary.entryCount)\n  planted anomalous payments: \(summary.plantedAnomalyCount)\n  key files: \(summary.keyFileNames.count) in \(directory)\n  verify: fundledger verify \(summary.journalPath) --authority $(cat \(directory)/\(SyntheticJournal.keys(seed: seed)[0].stem).pub)\n"))
        return .success
    }
}

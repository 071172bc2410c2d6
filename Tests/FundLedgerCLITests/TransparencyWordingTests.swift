// The transparency commands' help and messages: each new command has help in both languages, a
// refusal is worded in Chinese under `--lang zh` with its hint, and option misuse is a usage error
// (exit 64) that ends with the command's usage line.
import Foundation
import Testing

@Suite("transparency commands: help and wording")
struct TransparencyWordingTests {
    @Test("each transparency command prints help with usage and example, and is listed in the overview",
          arguments: ["checkpoint", "note-key", "prove", "verify-proof", "verify-consistency", "cosign"])
    func help(command: String) throws {
        let cli = try TransparencyCLI()
        let english = try cli.run(["help", command])
        #expect(english.status == 0)
        #expect(english.stdout.contains("USAGE: fundledger \(command) "))
        #expect(english.stdout.contains("EXAMPLE:\n  fundledger \(command) "))
        let chinese = try cli.run(["--lang", "zh", command, "--help"])
        #expect(chinese.status == 0)
        #expect(chinese.stdout.hasPrefix("概述: "))
        #expect(chinese.stdout.contains("用法: fundledger \(command) "))
        let overview = try cli.run(["--help"])
        #expect(overview.stdout.contains("\n  \(command) "))
    }

    @Test("a rollback refusal is worded in Chinese under --lang zh, naming the sizes and the evidence file")
    func chineseRefusal() throws {
        let scenario = try TransparencyScenario(cli: try TransparencyCLI(), registrations: 1)
        let cli = scenario.cli
        try cli.write("cp3", try cli.succeed(["checkpoint", "j.jsonl", "--key", "authority.key"]))
        try scenario.append(registrations: 1..<2)
        try cli.write("cp4", try cli.succeed(["checkpoint", "j.jsonl", "--key", "authority.key"]))
        try cli.succeed(["cosign", "cp4", "--key", "province.key", "--state", "w", "--log-key", scenario.logKey])
        let refused = try cli.run(["--lang", "zh", "cosign", "cp3", "--key", "province.key", "--state", "w", "--log-key", scenario.logKey])
        #expect(refused.status == 1)
        let evidence = try #require(try cli.files(in: "w").first { $0.hasPrefix("evidence-rollback-4-3-") })
        #expect(refused.stderr == """
            fundledger: 错误: 拒绝联署：检查点大小 3 小于已联署的 4（回滚或截断）；证据已写入 w/\(evidence)
              提示: 把证据文件交给上级监督机构；日志方须说明树为何变小

            """)
    }

    @Test("verify refuses --verifier-key without --checkpoint, and prove refuses mixing its two forms")
    func optionMisuse() throws {
        let scenario = try TransparencyScenario(cli: try TransparencyCLI(), registrations: 1)
        let cli = scenario.cli
        let verify = try cli.run(["verify", "j.jsonl", "--verifier-key", scenario.logKey])
        #expect(verify.status == 64)
        #expect(verify.stdout.isEmpty)
        #expect(verify.stderr.hasPrefix("fundledger: error: --verifier-key and --policy need --checkpoint\nUsage: fundledger verify "))
        let prove = try cli.run(["prove", "j.jsonl", "--index", "1", "--from", "a", "--to", "b"])
        #expect(prove.status == 64)
        #expect(prove.stderr == """
            fundledger: error: give --index and --checkpoint (inclusion proof), or --from and --to (consistency proof)
            Usage: fundledger \(ProveUsage.text)
              See 'fundledger prove --help'.

            """)
        let badKey = try cli.run(["cosign", "nothing", "--key", "province.key", "--state", "w", "--log-key", "not-a-key"])
        #expect(badKey.status == 74)
        #expect(badKey.stderr.hasPrefix("fundledger: error: cannot read nothing: cannot open the file\n"))
    }
}

/// `prove`'s usage line, as its help prints it.
enum ProveUsage {
    static let text = "prove <journal> (--index <n> --checkpoint <file> [--omit-entry] | --from <old-checkpoint> --to <new-checkpoint>)"
}

import LedgerJournal

/// `fundledger prove`: prints an offline inclusion proof (C2SP tlog-proof) or a consistency proof.
enum ProveCommand: Command {
    static let name = "prove"
    static let abstract = (zh: "生成离线证明：某条目在检查点内（tlog-proof），或新检查点延续旧检查点（一致性证明）",
                           en: "Print an offline proof: an entry is in a checkpoint (tlog-proof), or a checkpoint extends an older one")
    static let usage = "prove <journal> (--index <n> --checkpoint <file> [--omit-entry] | --from <old-checkpoint> --to <new-checkpoint>)"
    static let example = (zh: "fundledger prove 沁源县.jsonl --index 41 --checkpoint 沁源县.checkpoint > 条目-41.tlog-proof",
                          en: "fundledger prove qinyuan.jsonl --index 41 --checkpoint qinyuan.checkpoint > entry-41.tlog-proof")
    static let options: [OptionSpec] = [
        .option("index", "n", zh: "条目的序号（从 0 开始）", en: "The entry's sequence number (0-based)"),
        .option("checkpoint", "file", zh: "证明所指向的（已联署的）检查点；日志必须延续它", en: "The (cosigned) checkpoint the proof leads to; the journal must extend it"),
        .flag("omit-entry", zh: "证明中不附带该条目的日志行（之后用 --entry 核验）", en: "Leave the entry's line out of the proof (check it later with --entry)"),
        .option("from", "file", zh: "一致性证明的旧检查点", en: "The older checkpoint of a consistency proof"),
        .option("to", "file", zh: "一致性证明的新检查点", en: "The newer checkpoint of a consistency proof"),
    ]

    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus {
        try arguments.expectPositionals(atMost: 1)
        let path = try arguments.positional(0, named: "journal")
        let inclusion = arguments.value("index") != nil || arguments.value("checkpoint") != nil || arguments.has("omit-entry")
        let consistency = arguments.value("from") != nil || arguments.value("to") != nil
        switch (inclusion, consistency) {
        case (true, false):
            guard let index = try arguments.integer("index") else { throw UsageError.missingOption("--index") }
            let note = try NoteKeyCommand.readText(try arguments.required("checkpoint"))
            let proof = try JournalTransparency.inclusionProof(
                journalPath: path, index: index, checkpointNote: note, includesEntryLine: !arguments.has("omit-entry"))
            Console.out(proof.serialized)
        case (false, true):
            let old = try NoteKeyCommand.readText(try arguments.required("from"))
            let new = try NoteKeyCommand.readText(try arguments.required("to"))
            let proof = try JournalTransparency.consistencyProof(journalPath: path, fromCheckpointNote: old, toCheckpointNote: new)
            Console.out(proof.text)
        default:
            throw CommandFailure.message(zh: "请给出 --index 和 --checkpoint（包含证明），或 --from 和 --to（一致性证明）",
                                         en: "give --index and --checkpoint (inclusion proof), or --from and --to (consistency proof)",
                                         status: .usage)
        }
        return .success
    }
}

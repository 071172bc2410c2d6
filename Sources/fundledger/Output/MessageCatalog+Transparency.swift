import Foundation
import LedgerJournal

/// Wording of the transparency layer's errors (trees, proofs, checkpoints, notes, witnesses,
/// policies) and of the transparency commands' own refusals, in Chinese and English: what went
/// wrong, where, and what to do next. A verification that fails exits 1; malformed input 65; a
/// wrong option value 64; a file that cannot be read or written 74.
extension MessageCatalog {
    static func transparency(_ error: TransparencyError, _ l: Language) -> Message {
        switch error {
        // MARK: Trees and proofs
        case .leafIndexOutOfRange(let index, let treeSize):
            return Message(text: l.pick("条目序号 \(index) 不在大小为 \(treeSize) 的树内", "entry index \(index) is not in the tree of size \(treeSize)"),
                           hint: l.pick("序号从 0 开始，必须小于检查点的树大小；换一个序号，或使用更新的检查点", "indices are 0-based and below the checkpoint's tree size; use another index or a newer checkpoint"),
                           status: .failure)
        case .treeSizeOutOfRange(let treeSize, let leafCount):
            return Message(text: l.pick("树大小 \(treeSize) 超出现有的 \(leafCount) 个条目", "tree size \(treeSize) is beyond the \(leafCount) entries available"),
                           hint: l.pick("日志比检查点短：被截断或回滚，或者检查点属于另一份日志副本", "the journal is shorter than the checkpoint: it was truncated or rolled back, or the checkpoint is another copy's"),
                           status: .failure)
        case .proofLengthMismatch(let expected, let actual):
            return Message(text: l.pick("证明有 \(actual) 个哈希，按其序号和树大小必须正好是 \(expected) 个", "the proof has \(actual) hashes; its index and sizes require exactly \(expected)"),
                           hint: l.pick("证明被截短、加长或是为其他大小生成的；用 fundledger prove 重新生成", "the proof was cut, padded or made for other sizes; make a new one with 'fundledger prove'"),
                           status: .failure)
        case .rootMismatch(let treeSize):
            return Message(text: l.pick("哈希推不出大小为 \(treeSize) 的树根", "the hashes do not lead to the root of the tree of size \(treeSize)"),
                           hint: l.pick("条目、证明或检查点被改动过，或日志在条目 \(max(treeSize - 1, 0)) 或之前被改写", "the entry, the proof or the checkpoint was changed, or the journal was rewritten at or before entry \(max(treeSize - 1, 0))"),
                           status: .failure)

        // MARK: Tree index file
        case .indexIOFailed(let path, let operation, let code):
            return Message(text: l.pick("树索引 \(path)：\(operation) 失败（\(describeErrno(code))）", "tree index \(path): \(operation) failed (\(describeErrno(code)))"),
                           hint: l.pick("索引可以随时重建：检查磁盘和权限，或删除 \(path)", "the index is derived: check the disk and permissions, or delete \(path)"),
                           status: .ioError)
        case .storedHashReadFailed(let position):
            return Message(text: l.pick("无法读取树索引的第 \(position) 个哈希", "cannot read stored hash \(position) of the tree index"),
                           hint: l.pick("删除日志旁的 .tree 文件，它会从日志重建", "delete the .tree file beside the journal; it is rebuilt from the journal"),
                           status: .ioError)
        case .indexHeaderInvalid(let path):
            return Message(text: l.pick("\(path) 不是本版本的树索引文件", "\(path) is not a tree index of this version"),
                           hint: l.pick("删除 \(path)，它会从日志重建", "delete \(path); it is rebuilt from the journal"), status: .dataError)
        case .indexLeafMismatch(let leafIndex):
            return Message(text: l.pick("树索引与日志在条目 \(leafIndex) 处不一致", "the tree index and the journal disagree at entry \(leafIndex)"),
                           hint: l.pick("日志在读取时被改动，或给出的行不是条目 \(leafIndex)；运行 fundledger verify", "the journal changed while it was read, or the line given is not entry \(leafIndex); run 'fundledger verify'"),
                           status: .dataError)
        case .leafHashCountMismatch(let expected, let actual):
            return Message(text: l.pick("重建树索引时日志发生变化（应有 \(expected) 个叶哈希，读到 \(actual) 个）", "the journal changed while the tree index was rebuilt (expected \(expected) leaf hashes, read \(actual))"),
                           hint: l.pick("稍后重试", "try again"), status: .dataError)

        // MARK: Checkpoints and signed notes
        case .malformedCheckpoint(let line):
            return Message(text: l.pick("检查点格式错误（第 \(line) 行）", "the checkpoint is malformed at line \(line)"),
                           hint: l.pick("检查点依次为来源名、十进制树大小、base64 树根，各占一行（C2SP tlog-checkpoint）；不要手工编辑", "a checkpoint is origin, decimal tree size and base64 root, one per line (C2SP tlog-checkpoint); do not edit it"),
                           status: .dataError)
        case .malformedNote(let byteOffset):
            return Message(text: l.pick("签名文书格式错误（字节 \(byteOffset)）", "the signed note is malformed at byte \(byteOffset)"),
                           hint: l.pick("应为正文、一个空行、再加以“— ”开头的签名行；检查文件是否完整复制、没有 CR 换行", "expected the text, an empty line, then lines starting with '— '; check that the file was copied whole, without CR line ends"),
                           status: .dataError)
        case .noteTooLarge(let byteCount, let limit):
            return Message(text: l.pick("签名文书有 \(byteCount) 字节，超过上限 \(limit)", "the signed note has \(byteCount) bytes, more than the limit of \(limit)"),
                           hint: nil, status: .dataError)
        case .tooManySignatures(let count, let limit):
            return Message(text: l.pick("签名文书有 \(count) 行签名，超过上限 \(limit)", "the signed note has \(count) signature lines, more than the limit of \(limit)"),
                           hint: nil, status: .dataError)
        case .signatureInvalid(let keyName, let keyHash):
            return Message(text: l.pick("\(keyName)（密钥 \(hexKeyHash(keyHash))）的签名无效", "the signature of \(keyName) (key \(hexKeyHash(keyHash))) does not verify"),
                           hint: l.pick("检查点在签名后被改动；已知密钥的签名无效时整份文书作废", "the checkpoint was changed after it was signed; a known key's bad signature rejects the whole note"),
                           status: .failure)
        case .noVerifiedSignature:
            return Message(text: l.pick("没有受信任的密钥签署这份检查点", "no trusted key signed this checkpoint"),
                           hint: l.pick("检查 --verifier-key（或策略文件的 log 行）：其名称必须是日志的来源名；fundledger note-key 可打印它", "check --verifier-key (or the policy's log line): its name must be the journal's origin; 'fundledger note-key' prints it"),
                           status: .failure)
        case .malformedVerifierKey:
            return Message(text: l.pick("验证密钥格式错误（应为 名称+密钥哈希+base64 公钥）", "the verifier key is malformed (expected name+keyhash+base64key)"),
                           hint: l.pick("用 fundledger note-key --public-key <hex> --name <来源名> 生成", "make it with 'fundledger note-key --public-key <hex> --name <origin>'"),
                           status: .usage)
        case .malformedSignerKey:
            return Message(text: l.pick("签名私钥格式错误", "the signer key is malformed"), hint: nil, status: .dataError)
        case .invalidKeyName:
            return Message(text: l.pick("密钥名称为空，或含有空格或 '+'", "the key name is empty or contains a space or '+'"),
                           hint: l.pick("用 --name 给一个不含空格的名称，例如 inspector.example.gov.cn/province", "give a name without spaces with --name, e.g. inspector.example.gov.cn/province"),
                           status: .usage)
        case .cosignatureTimestampInvalid(let timestamp):
            return Message(text: l.pick("联署时间戳 \(timestamp) 无效", "the cosignature timestamp \(timestamp) is not valid"),
                           hint: l.pick("检查系统时钟", "check the system clock"), status: .dataError)
        case .originMismatch(let expected, let actual):
            return Message(text: l.pick("检查点的来源名是 '\(actual)'，应为 '\(expected)'", "the checkpoint's origin is '\(actual)', expected '\(expected)'"),
                           hint: l.pick("检查点属于另一份日志，或验证密钥用了别的名称", "the checkpoint belongs to another journal, or the key was made with another name"),
                           status: .failure)

        // MARK: Witnesses
        case .rollback(let oldSize, let newSize, let evidencePath):
            return Message(text: l.pick("拒绝联署：检查点大小 \(newSize) 小于已联署的 \(oldSize)（回滚或截断）；证据已写入 \(evidencePath)", "refused: the checkpoint's size \(newSize) is smaller than the size \(oldSize) already cosigned (rollback or truncation); evidence written to \(evidencePath)"),
                           hint: l.pick("把证据文件交给上级监督机构；日志方须说明树为何变小", "send the evidence file to the supervising inspectorate; the log must explain why its tree shrank"),
                           status: .failure)
        case .splitView(let size, let evidencePath):
            return Message(text: l.pick("拒绝联署：同一大小 \(size) 已联署过另一个树根（分叉视图：同一日志有两份历史）；证据已写入 \(evidencePath)", "refused: another root of the same size \(size) was already cosigned (split view: two histories of one journal); evidence written to \(evidencePath)"),
                           hint: l.pick("证据文件本身即可证明不当行为：两份检查点都有日志方的有效签名", "the evidence file proves the misbehaviour on its own: both checkpoints carry the log's valid signature"),
                           status: .failure)
        case .inconsistentCheckpoint(let oldSize, let newSize, let evidencePath):
            return Message(text: l.pick("拒绝联署：从大小 \(oldSize) 到 \(newSize) 的一致性证明不成立；证据已写入 \(evidencePath)", "refused: the consistency proof from size \(oldSize) to \(newSize) fails; evidence written to \(evidencePath)"),
                           hint: l.pick("日志改写了历史，或证明有误；用 fundledger verify-consistency 核对后再提交证据", "either the log rewrote its history or the proof is wrong; check it with 'fundledger verify-consistency', then send the evidence"),
                           status: .failure)
        case .witnessStateInvalid(let path):
            return Message(text: l.pick("见证状态文件 \(path) 已损坏，或不是此密钥联署的", "the witness state file \(path) is damaged or not cosigned by this key"),
                           hint: l.pick("从备份恢复，切勿手工编辑；使用创建它时的 --key", "restore it from a backup, never edit it; use the --key it was created with"),
                           status: .dataError)
        case .witnessStateWriteFailed(let path, let code):
            return Message(text: l.pick("无法写入见证文件 \(path)（\(describeErrno(code))）", "cannot write the witness file \(path) (\(describeErrno(code)))"),
                           hint: l.pick("检查 --state 目录的磁盘空间和权限；状态未改变", "check the disk space and permissions of the --state directory; the state was not changed"),
                           status: .ioError)

        // MARK: Policies and tlog proofs
        case .malformedPolicy(let line):
            return Message(text: line == 0
                                ? l.pick("见证策略缺少 quorum 行或文件过大", "the witness policy has no quorum line or is too large")
                                : l.pick("见证策略格式错误（第 \(line) 行）", "the witness policy is malformed at line \(line)"),
                           hint: l.pick("语法（C2SP tlog-policy）：log <验证密钥>、witness <名称> <验证密钥>、group <名称> <all|any|k> <成员…>、quorum <名称>", "grammar (C2SP tlog-policy): log <vkey>, witness <name> <vkey>, group <name> <all|any|k> <member…>, quorum <name>"),
                           status: .dataError)
        case .quorumNotMet(let quorum):
            return Message(text: l.pick("联署未达到策略要求的 '\(quorum)'", "the cosignatures do not meet the policy's quorum '\(quorum)'"),
                           hint: l.pick("请更多监督机构用 fundledger cosign 联署该检查点", "have more inspectorates cosign the checkpoint with 'fundledger cosign'"),
                           status: .failure)
        case .malformedTlogProof(let line):
            return Message(text: l.pick("证明文件格式错误（第 \(line) 行）", "the proof file is malformed at line \(line)"),
                           hint: l.pick("证明文件由 fundledger prove 生成，不要手工编辑", "proof files are made by 'fundledger prove'; do not edit them"),
                           status: .dataError)
        case .missingEntryLine:
            return Message(text: l.pick("证明不含条目行", "the proof carries no entry line"),
                           hint: l.pick("用 --entry <行文件> 给出条目行", "give the entry's line with --entry <linefile>"), status: .usage)
        case .proofSizeMismatch(let proofTreeSize, let checkpointTreeSize):
            return Message(text: l.pick("证明针对树大小 \(proofTreeSize)，而检查点的大小是 \(checkpointTreeSize)", "the proof is for tree size \(proofTreeSize) but the checkpoint has size \(checkpointTreeSize)"),
                           hint: l.pick("使用为这两个检查点生成的证明（fundledger prove --from --to）", "use the proof made for these checkpoints ('fundledger prove --from --to')"),
                           status: .failure)
        }
    }

    static func transparencyFailure(_ error: JournalTransparency.Failure, _ l: Language) -> Message {
        switch error {
        case .keyMayNotSignCheckpoints(let keyID):
            return Message(text: l.pick("密钥 \(keyID) 无权签署本日志的检查点", "key \(keyID) may not sign checkpoints of this journal"),
                           hint: l.pick("使用授权机构密钥，或请授权机构授予 checkpoint 角色：fundledger grant <日志> --roles checkpoint …", "use the authority's key, or ask the authority for the checkpoint role: fundledger grant <journal> --roles checkpoint …"),
                           status: .dataError)
        case .journalNotValid(let findingCount, _, let firstLineNumber):
            return Message(text: l.pick("日志未通过核验（\(findingCount) 处问题，首处在第 \(firstLineNumber) 行），不为它签署检查点", "the journal does not verify (\(findingCount) findings, the first at line \(firstLineNumber)); no checkpoint is signed for it"),
                           hint: l.pick("运行 fundledger verify 查看问题", "run 'fundledger verify' to see the findings"), status: .failure)
        case .journalHasNoOrigin:
            return Message(text: l.pick("日志没有创世条目，因而没有来源名", "the journal has no genesis entry, so it has no origin"),
                           hint: l.pick("用 fundledger init 创建日志", "create journals with 'fundledger init'"), status: .dataError)
        case .treeSizeBeyondJournal(let treeSize, let entryCount):
            return Message(text: l.pick("--size \(treeSize) 超过日志现有的 \(entryCount) 个条目", "--size \(treeSize) is more than the journal's \(entryCount) entries"),
                           hint: nil, status: .usage)
        case .checkpointsOutOfOrder(let oldSize, let newSize):
            return Message(text: l.pick("--from 的检查点（大小 \(oldSize)）比 --to 的（大小 \(newSize)）大", "the --from checkpoint (size \(oldSize)) is larger than the --to checkpoint (size \(newSize))"),
                           hint: l.pick("交换 --from 和 --to", "swap --from and --to"), status: .usage)
        case .consistencyProofRequired(let oldSize, let newSize):
            return Message(text: l.pick("该监督机构上次联署的大小是 \(oldSize)，需要从 \(oldSize) 到 \(newSize) 的一致性证明（--proof）", "this inspector last cosigned size \(oldSize); a consistency proof from \(oldSize) to \(newSize) is needed (--proof)"),
                           hint: l.pick("请日志方运行 fundledger prove <日志> --from <大小 \(oldSize) 的检查点> --to <本检查点>", "ask the log for 'fundledger prove <journal> --from <checkpoint of size \(oldSize)> --to <this checkpoint>'"),
                           status: .usage)
        case .consistencyProofSizesMismatch(let proofOldSize, let proofNewSize, let expectedOldSize, let expectedNewSize):
            return Message(text: l.pick("一致性证明连接的是大小 \(proofOldSize) 和 \(proofNewSize)，而需要的是 \(expectedOldSize) 到 \(expectedNewSize)", "the consistency proof links sizes \(proofOldSize) and \(proofNewSize), but \(expectedOldSize) to \(expectedNewSize) is needed"),
                           hint: l.pick("该监督机构上次联署的是大小 \(expectedOldSize)；请提供从它到本检查点的证明。未写入证据，状态未改变", "this inspector last cosigned size \(expectedOldSize); give the proof from it to this checkpoint. No evidence was written; the state is unchanged"),
                           status: .dataError)
        }
    }

    /// The reason of a `checkpointMismatch` finding: the checkpoint's size and what differs.
    static func checkpointDeviation(_ deviation: JournalTransparency.CheckpointDeviation, _ l: Language) -> String {
        switch deviation {
        case .truncated(let checkpointSize, let entryCount, _):
            let missing = checkpointSize - entryCount == 1
                ? l.pick("条目 \(entryCount) 不见了", "entry \(entryCount) is gone")
                : l.pick("条目 \(entryCount)…\(checkpointSize - 1) 不见了", "entries \(entryCount)…\(checkpointSize - 1) are gone")
            return l.pick("检查点覆盖 \(checkpointSize) 个条目，日志只有 \(entryCount) 个：\(missing)（被截断或回滚）",
                          "the checkpoint covers \(checkpointSize) entries but the journal has only \(entryCount): \(missing) (truncated or rolled back)")
        case .rewritten(let checkpointSize, _):
            return l.pick("前 \(checkpointSize) 个条目的树根与检查点（大小 \(checkpointSize)）不同：条目 \(checkpointSize - 1) 或之前的条目被改写",
                          "the root of the first \(checkpointSize) entries differs from the checkpoint (size \(checkpointSize)): an entry at or before entry \(checkpointSize - 1) was rewritten")
        }
    }

    /// A key ID as 8 lowercase hex digits.
    private static func hexKeyHash(_ keyHash: UInt32) -> String {
        let hex = String(keyHash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The C library's description of an errno value.
    private static func describeErrno(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

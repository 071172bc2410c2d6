import LedgerJournal

extension MessageCatalog {
    static func journal(_ error: JournalError, _ l: Language) -> Message {
        let (text, hint) = journalText(error, l)
        let status: ExitStatus
        switch error {
        case .journalExists: status = .ioError
        default: status = .dataError
        }
        return Message(text: text, hint: hint, status: status)
    }

    /// The sentence for a journal error, and a hint saying what to do.
    static func journalText(_ error: JournalError, _ l: Language) -> (String, String?) {
        switch error {
        case .notCanonicalJSON(_, let byteOffset, let reason):
            return (l.pick("不是规范 JSON（RFC 8785）：字节 \(byteOffset) 处 \(reason)", "not canonical JSON (RFC 8785): \(reason) at byte \(byteOffset)"),
                    l.pick("日志行在签名后被改动过，或由其他工具写入", "the line was changed after signing, or written by another tool"))
        case .malformedEnvelope(_, let member, let problem):
            let what: (String, String)
            switch problem {
            case .missing: what = ("缺少", "is missing")
            case .wrongType: what = ("类型错误", "has the wrong type")
            case .malformed: what = ("格式错误", "is malformed")
            case .unexpectedMember: what = ("是多余的成员", "is not allowed")
            case .tooLong: what = ("过长", "is too long")
            }
            return (l.pick("字段 '\(member)' \(what.0)", "member '\(member)' \(what.1)"), nil)
        case .sequenceMismatch(let expected, let found):
            return (l.pick("序号应为 \(expected)，实为 \(found)", "seq should be \(expected) but is \(found)"),
                    l.pick("有条目被删除、插入或调换", "an entry was deleted, inserted or moved"))
        case .previousHashMismatch(let sequence, _, _):
            return (l.pick("prev 与条目 \(sequence - 1) 的哈希不符", "prev does not match the hash of entry \(sequence - 1)"),
                    l.pick("条目 \(sequence - 1) 之后日志被改动；请与最近签名的检查点比对", "the journal changed after entry \(sequence - 1); compare it with the last signed checkpoint"))
        case .timeWentBackwards(_, let previous, let found):
            return (l.pick("记录时间 \(found) 早于前一条目的 \(previous)", "recording time \(found) is earlier than the previous entry's \(previous)"), nil)
        case .badSignature(_, let signer):
            return (l.pick("签名无效（签名密钥 \(signer)）", "signature does not verify (signer \(signer))"),
                    l.pick("条目内容在签名后被改动", "the entry was changed after it was signed"))
        case .duplicateEventID(_, let id, let first):
            return (l.pick("事件编号 '\(id)' 已在条目 \(first) 使用过", "event id '\(id)' was already used by entry \(first)"), nil)
        case .invalidGenesis(_, let problem):
            return (l.pick("创世条目无效：\(problem)", "invalid genesis entry: \(problem)"), nil)
        case .authorityMismatch(let pinned, let found):
            return (l.pick("创世条目的授权公钥 \(found) 与指定的 \(pinned) 不同", "the genesis names authority \(found), not the pinned \(pinned)"),
                    l.pick("这是另一份日志，或整份日志被替换过", "this is another journal, or the whole journal was replaced"))
        case .signerNotGranted(_, let signer):
            return (l.pick("签名密钥 \(signer) 此时没有有效授权（未授权或已撤销）", "signer \(signer) holds no grant here (never granted, or revoked)"),
                    l.pick("请授权机构用 fundledger grant 授权该密钥", "ask the authority to grant the key with 'fundledger grant'"))
        case .kindNotGranted(_, let signer, let kind):
            return (l.pick("签名密钥 \(signer) 无权签署 \(kind) 事件", "signer \(signer) is not granted the kind \(kind)"),
                    l.pick("授权的角色不包括该事件类型", "the grant's roles do not include this kind"))
        case .scopeNotGranted(_, let signer, let scope):
            return (l.pick("签名密钥 \(signer) 无权签署 \(scope ?? "全国（无 scope）") 范围的事件", "signer \(signer) is not granted the scope \(scope ?? "national (no scope)")"),
                    l.pick("授权的区划不包括该地区", "the grant's counties do not cover this division"))
        case .requiresAuthority(_, let kind):
            return (l.pick("\(kind) 只能由授权机构签署", "\(kind) must be signed by the authority"), nil)
        case .keyIDCollision(_, let keyID):
            return (l.pick("密钥编号 \(keyID) 与另一把密钥冲突", "key id \(keyID) collides with another key"), nil)
        case .revokingUnknownKey(_, let key):
            return (l.pick("要撤销的密钥 \(key) 没有有效授权", "the key to revoke, \(key), holds no grant"), nil)
        case .eventIDConflict(let id, let existing):
            return (l.pick("事件编号 '\(id)' 已被条目 \(existing) 以不同内容使用", "event id '\(id)' is already used by entry \(existing) with different content"),
                    l.pick("每个事件编号只能对应一个事件；更正请用 entry.reverse", "an event id names one event only; correct mistakes with entry.reverse"))
        case .duplicateIDInBatch(let id, let line):
            return (l.pick("输入第 \(line) 行：事件编号 '\(id)' 在本批中重复", "input line \(line): event id '\(id)' appears twice in this batch"), nil)
        case .malformedInputEvent(let line, let problem):
            let what: (String, String)
            switch problem {
            case .invalidJSON(let reason, let column):
                what = ("第 \(column) 列不是有效的 JSON（\(reason)）；金额须为整数（分），不能有小数",
                        "invalid JSON at column \(column) (\(reason)); amounts are integers (fen), never decimals")
            case .notAnObject: what = ("不是 JSON 对象", "not a JSON object")
            case .unexpectedMember(let name): what = ("多余的成员 '\(name)'", "unexpected member '\(name)'")
            case .invalidID: what = ("'id' 须为 1 到 128 字节、不含控制字符的字符串", "'id' must be a string of 1 to 128 bytes without control characters")
            case .invalidKind: what = ("'kind' 须为以点分隔的小写单词，如 fund.disburse", "'kind' must be dotted lowercase words such as fund.disburse")
            case .invalidScope: what = ("'scope' 须为 6 位行政区划代码", "'scope' must be a 6-digit administrative division code")
            case .bodyNotAnObject: what = ("'body' 须为 JSON 对象", "'body' must be a JSON object")
            case .tooManyEvents(let limit): what = ("一批超过 \(limit) 个事件", "more than \(limit) events in one batch")
            }
            return (l.pick("输入第 \(line) 行：\(what.0)", "input line \(line): \(what.1)"),
                    l.pick("每行应为 {\"id\":…,\"kind\":…,\"scope\":…,\"body\":{…}}", "each line must be {\"id\":…,\"kind\":…,\"scope\":…,\"body\":{…}}"))
        case .refusedByValidator(let line, let id, let reason):
            return (l.pick("输入第 \(line) 行（\(id)）被拒绝：\(reason)", "input line \(line) (\(id)) refused: \(reason)"), nil)
        case .journalExists(let path):
            return (l.pick("日志 \(path) 已存在", "journal \(path) already exists"), l.pick("init 不会覆盖已有日志", "init never overwrites a journal"))
        case .journalMissing(let path):
            return (l.pick("找不到日志 \(path)", "no journal at \(path)"), l.pick("先用 fundledger init 创建", "create one with 'fundledger init'"))
        case .journalEmpty(let path):
            return (l.pick("日志 \(path) 是空的（没有创世条目）", "journal \(path) is empty (no genesis entry)"), nil)
        }
    }
}

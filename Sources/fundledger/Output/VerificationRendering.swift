import LedgerCrypto
import LedgerJournal

/// Renders a verification report as text for people or as canonical JSON for programs.
enum VerificationRendering {
    /// The most findings printed in text form; `--json` lists all that were kept.
    static let printedFindingCount = 20

    static func text(_ report: VerificationReport, path: String, _ l: Language) -> String {
        var text = ""
        if report.isValid {
            text += l.pick("日志有效：\(path)\n", "journal is valid: \(path)\n")
        } else {
            text += l.pick("日志无效：\(path)（\(report.findings.count) 处问题）\n", "journal is NOT valid: \(path) (\(report.findings.count) findings)\n")
        }
        text += "  \(l.pick("条目数", "entries")): \(report.entryCount)\n"
        if let origin = report.origin { text += "  \(l.pick("来源名", "origin")): \(origin)\n" }
        text += "  \(l.pick("链头哈希", "head hash")): \(report.headHash.hex)\n"
        text += "  \(l.pick("默克尔树根", "tree root")): \(Hex.encode(report.rootHash)) (\(l.pick("大小", "size")) \(report.entryCount))\n"
        if let lastTime = report.lastTime { text += "  \(l.pick("最后记录时间", "last recorded")): \(lastTime.rfc3339)\n" }
        if !report.checkedSignatures {
            text += l.pick("  注意：未检查签名（--no-signatures）\n", "  note: signatures were NOT checked (--no-signatures)\n")
        }
        if report.isAuthorityPinned {
            text += l.pick("  授权机构公钥已与指定值核对\n", "  authority checked against the pinned key\n")
        } else {
            text += l.pick(
                "  注意：未指定授权机构公钥（--authority），只核验了内部一致性；任何人都能另造一份自洽的日志\n",
                "  note: no --authority given: only internal consistency was checked; anyone can write a whole new consistent journal\n")
            if let genesis = report.genesisAuthorityHex {
                text += "  \(l.pick("创世授权公钥", "genesis authority")): \(genesis)\n"
            }
        }
        for finding in report.findings.prefix(printedFindingCount) {
            text += "  " + describe(finding, l) + "\n"
        }
        if report.findings.count > printedFindingCount {
            text += l.pick("  ……另有 \(report.findings.count - printedFindingCount) 处问题（用 --json 查看全部）\n",
                           "  … and \(report.findings.count - printedFindingCount) more (see --json)\n")
        }
        return text
    }

    /// `entry 1042 (line 1043, byte 88231): prev does not match … — hint: …`
    static func describe(_ finding: VerificationFinding, _ l: Language) -> String {
        let location: String
        if let sequence = finding.sequence {
            location = l.pick("条目 \(sequence)（第 \(finding.lineNumber) 行，字节 \(finding.byteOffset)）",
                              "entry \(sequence) (line \(finding.lineNumber), byte \(finding.byteOffset))")
        } else {
            location = l.pick("第 \(finding.lineNumber) 行（字节 \(finding.byteOffset)）", "line \(finding.lineNumber) (byte \(finding.byteOffset))")
        }
        let (message, hint) = sentence(finding, l)
        return location + ": " + message + (hint.map { "\n    \(l.pick("提示", "hint")): \($0)" } ?? "")
    }

    /// The finding's message and hint; a fund-validation refusal is worded by the domain's catalogue.
    static func sentence(_ finding: VerificationFinding, _ l: Language) -> (String, String?) {
        if case .refusedByValidator = finding.problem, let refusal = finding.refusal,
           let described = DomainMessages.describe(refusal, language: l) {
            return (l.pick("业务校验不通过：", "refused by fund validation: ") + described.text, described.hint)
        }
        return sentence(finding.problem, l)
    }

    static func sentence(_ problem: VerificationFinding.Problem, _ l: Language) -> (String, String?) {
        switch problem {
        case .journal(let error):
            return MessageCatalog.journalText(error, l)
        case .tornTail(let byteCount):
            return (l.pick("文件末尾有 \(byteCount) 字节不完整的行（写入时崩溃）", "the file ends with \(byteCount) bytes of an incomplete line (a crash during a write)"),
                    l.pick("运行 fundledger recover", "run 'fundledger recover'"))
        case .lineTooLong(let byteCount):
            return (l.pick("行长度超过上限（至少 \(byteCount) 字节）", "line longer than the limit (at least \(byteCount) bytes)"), nil)
        case .refusedByValidator(let reason):
            return (l.pick("业务校验不通过：\(reason)", "refused by fund validation: \(reason)"), nil)
        case .checkpointMismatch(let reason):
            return (l.pick("与检查点不一致：\(reason)", "does not extend the checkpoint: \(reason)"),
                    l.pick("日志在该检查点之后被回滚或改写", "the journal was rolled back or rewritten after that checkpoint"))
        }
    }

    static func json(_ report: VerificationReport, path: String, _ l: Language) -> String {
        let findings: [JSONValue] = report.findings.map { finding in
            var object: [String: JSONValue] = [
                "line": .integer(Int64(finding.lineNumber)), "byte_offset": .integer(Int64(finding.byteOffset)),
                "message": .string(sentence(finding, l).0), "code": .string(code(finding.problem)),
            ]
            if let sequence = finding.sequence { object["seq"] = .integer(Int64(sequence)) }
            return .object(object)
        }
        var object: [String: JSONValue] = [
            "journal": .string(path), "valid": .bool(report.isValid), "entries": .integer(Int64(report.entryCount)),
            "head_hash": .string(report.headHash.hex), "tree_root": .string(Hex.encode(report.rootHash)),
            "signatures_checked": .bool(report.checkedSignatures), "authority_pinned": .bool(report.isAuthorityPinned),
            "findings": .array(findings), "findings_truncated": .bool(report.findingsTruncated),
        ]
        if let origin = report.origin { object["origin"] = .string(origin) }
        if let authority = report.genesisAuthorityHex { object["genesis_authority"] = .string(authority) }
        return String(decoding: CanonicalJSON.encode(.object(object)), as: UTF8.self)
    }

    /// A stable machine-readable code per kind of finding.
    static func code(_ problem: VerificationFinding.Problem) -> String {
        switch problem {
        case .journal(let error):
            let mirror = String(describing: error)
            return String(mirror.prefix { $0 != "(" })
        case .tornTail: return "tornTail"
        case .lineTooLong: return "lineTooLong"
        case .refusedByValidator: return "refusedByValidator"
        case .checkpointMismatch: return "checkpointMismatch"
        }
    }
}

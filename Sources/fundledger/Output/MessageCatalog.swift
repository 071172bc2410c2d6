import LedgerCrypto
import LedgerJournal

/// Every error message of the tool, in Chinese and English, keyed by error case. User text (names,
/// ids, paths) is printed verbatim, never escaped.
enum MessageCatalog {
    /// What to print for an error: the message, an optional hint, and the exit status.
    struct Message {
        var text: String
        var hint: String?
        var status: ExitStatus
    }

    static func describe(_ error: any Error, language l: Language) -> Message {
        switch error {
        case let error as UsageError: return usage(error, l)
        case let error as JournalError: return journal(error, l)
        case let error as SigningKeyFile.Failure: return keyFile(error, l)
        case let error as StorageError: return storage(error, l)
        case let error as CommandFailure: return command(error, l)
        case let error as TransparencyError: return transparency(error, l)
        case let error as JournalTransparency.Failure: return transparencyFailure(error, l)
        case let error as CryptoError:
            return Message(text: l.pick("密码数据无效：\(error)", "invalid cryptographic data: \(error)"), hint: nil, status: .dataError)
        default:
            if let described = DomainMessages.describe(error, language: l) { return described }
            return Message(text: "\(error)", hint: nil, status: .internalError)
        }
    }

    static func usage(_ error: UsageError, _ l: Language) -> Message {
        let text: String
        var hint: String?
        switch error {
        case .unknownOption(let option, let suggestion):
            text = l.pick("未知选项 '\(option)'", "unknown option '\(option)'")
            hint = suggestion.map { l.pick("你是想用 '\($0)' 吗？", "did you mean '\($0)'?") }
        case .repeatedOption(let option):
            text = l.pick("选项 '\(option)' 重复出现", "option '\(option)' was given more than once")
        case .missingValue(let option):
            text = l.pick("选项 '\(option)' 缺少取值", "option '\(option)' needs a value")
        case .unexpectedValue(let option):
            text = l.pick("选项 '\(option)' 不接受取值", "option '\(option)' takes no value")
        case .missingOption(let option):
            text = l.pick("缺少必需的选项 '\(option)'", "missing required option '\(option)'")
        case .missingArgument(let name):
            text = l.pick("缺少参数 <\(name)>", "missing argument <\(name)>")
        case .unexpectedArgument(let argument):
            text = l.pick("多余的参数 '\(argument)'", "unexpected argument '\(argument)'")
        case .invalidValue(let option, let value):
            text = l.pick("选项 '\(option)' 的取值 '\(value)' 无效", "invalid value '\(value)' for '\(option)'")
        case .notApplicable(let option, let section):
            text = l.pick("选项 '\(option)' 不适用于 '\(section)'", "option '\(option)' does not apply to '\(section)'")
        case .tooLarge(let option, let value, let maximum):
            text = l.pick("选项 '\(option)' 的取值 \(value) 过大：最大为 \(maximum)", "'\(option)' is \(value), but it can be at most \(maximum)")
        case .unknownCommand(let name, let suggestion):
            text = l.pick("未知子命令 '\(name)'", "unknown subcommand '\(name)'")
            hint = suggestion.map { l.pick("你是想用 '\($0)' 吗？", "did you mean '\($0)'?") }
        }
        return Message(text: text, hint: hint, status: .usage)
    }

    static func keyFile(_ error: SigningKeyFile.Failure, _ l: Language) -> Message {
        switch error {
        case .malformed(let path, let line):
            return Message(text: l.pick("\(path) 第 \(line) 行：不是 FundLedger 私钥文件", "\(path) line \(line): not a FundLedger private key file"),
                           hint: l.pick("用 fundledger keygen 生成密钥文件", "create key files with 'fundledger keygen'"), status: .dataError)
        }
    }

    static func storage(_ error: StorageError, _ l: Language) -> Message {
        switch error {
        case .tornTail(let path, let byteOffset, let byteCount):
            return Message(text: l.pick("\(path) 在字节 \(byteOffset) 处有 \(byteCount) 字节的残缺尾部（写入时崩溃）", "\(path) has a torn tail of \(byteCount) bytes at byte \(byteOffset) (a crash during a write)"),
                           hint: l.pick("运行 fundledger recover \(path)，残缺字节会移到旁边的文件", "run 'fundledger recover \(path)'; the torn bytes are moved to a side file"), status: .dataError)
        case .fileNotFound(let path):
            return Message(text: l.pick("找不到文件 \(path)", "no such file: \(path)"), hint: nil, status: .dataError)
        case .fileAlreadyExists(let path):
            return Message(text: l.pick("文件 \(path) 已存在，不会覆盖", "file \(path) already exists; it is never overwritten"),
                           hint: l.pick("换一个文件名，或先把旧文件移走", "choose another file name, or move the old file away first"), status: .ioError)
        case .keyFilePermissionsTooOpen(let path, let permissions):
            return Message(text: l.pick("密钥文件 \(path) 的权限为 \(String(permissions, radix: 8))，其他用户可读", "key file \(path) has mode \(String(permissions, radix: 8)) and can be read by others"),
                           hint: l.pick("运行 chmod 600 \(path)", "run: chmod 600 \(path)"), status: .dataError)
        case .keyFileTooLarge(let path, _, _):
            return Message(text: l.pick("\(path) 太大，不是 FundLedger 私钥文件", "\(path) is too large to be a FundLedger key file"), hint: nil, status: .dataError)
        default:
            // English keeps the storage layer's own sentence (the fault harnesses match it); Chinese is worded here.
            return Message(text: l == .en ? "\(error)" : storageChinese(error), hint: nil, status: .ioError)
        }
    }

    /// Chinese sentences for the storage errors that have no dedicated case above.
    static func storageChinese(_ error: StorageError) -> String {
        switch error {
        case .systemCallFailed(let operation, let path, let code):
            return "无法对 \(path) 执行 \(operation.rawValue)：\(systemErrorDescription(code))"
        case .notARegularFile(let path):
            return "\(path) 不是普通文件"
        case .lineTooLong(let path, let lineNumber, let byteOffset, let limit):
            return "\(path) 第 \(lineNumber.map(String.init) ?? "?") 行（字节 \(byteOffset)）超过 \(limit) 字节的行长上限"
        case .batchTooLarge(let path, let byteCount, let limit):
            return "追加到 \(path) 的一批数据共 \(byteCount) 字节，超过上限 \(limit) 字节；请分批追加"
        case .lineContainsNewline(let lineIndex):
            return "本批第 \(lineIndex + 1) 行含有换行符"
        case .appendRolledBack(let path, let operation, let code, let byteCount):
            return "无法追加到 \(path)：\(operation.rawValue) 失败：\(systemErrorDescription(code))；未写入任何内容（日志仍为 \(byteCount) 字节，未改动）"
        case .appendLeftTornTail(let path, let operation, let code, let byteOffset, _, _):
            return "无法追加到 \(path)：\(operation.rawValue) 失败：\(systemErrorDescription(code))，且回滚也失败；字节 \(byteOffset) 之后可能残缺，请先运行 fundledger recover"
        case .unexpectedEndOfFile(let path, let byteOffset):
            return "\(path) 在字节 \(byteOffset) 处意外结束"
        case .tornRegionTooLarge(let path, let byteOffset, let limit):
            return "\(path) 自字节 \(byteOffset) 起的残缺区域超过 \(limit) 行，不自动移除；请人工检查"
        case .sideFileNamesExhausted(let path):
            return "\(path) 的残缺数据旁存文件名已全部占用"
        default:
            return "\(error)"
        }
    }

    static func command(_ error: CommandFailure, _ l: Language) -> Message {
        switch error {
        case .invalidPublicKey(let text):
            return Message(text: l.pick("'\(text)' 不是有效的 Ed25519 公钥（64 位小写十六进制）", "'\(text)' is not a valid Ed25519 public key (64 lowercase hex digits)"), hint: nil, status: .usage)
        case .unreadableInput(let path, let reason):
            return Message(text: l.pick("无法读取 \(path)：\(reason)", "cannot read \(path): \(reason)"), hint: nil, status: .ioError)
        case .invalidOrigin(let origin):
            return Message(text: l.pick("来源名 '\(origin)' 无效：只能用不含空格和 '+' 的可打印 ASCII 字符", "origin '\(origin)' is invalid: use printable ASCII without spaces or '+'"), hint: nil, status: .usage)
        case .message(let zh, let en, let status):
            return Message(text: l.pick(zh, en), hint: nil, status: status)
        }
    }
}

/// Failures that only the command-line layer can detect (its own argument checks).
enum CommandFailure: Error {
    case invalidPublicKey(String)
    case unreadableInput(path: String, reason: String)
    case invalidOrigin(String)
    case message(zh: String, en: String, status: ExitStatus)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

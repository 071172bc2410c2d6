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
                hint: inner.hint ?? l.pick("日志未作任何改动", "the journal was not changed"), status: .dataError)
        case let refusal as FlaggedEntryRefusal:
            let language = DomainHooks.reportLanguage(l)
            let flags = refusal.flags.map { "[\($0.ruleID)] \($0.explanation.text(in: language))" }.joined(separator: "; ")
            return MessageCatalog.Message(text: l.pick("该条目触发异常标记：\(flags)", "the entry raises anomaly flags: \(flags)"),
                                          hint: l.pick("按 --refuse-flagged 的要求拒绝；日志未作任何改动", "refused because of --refuse-flagged; the journal was not changed"),
                                          status: .dataError)
        case let error as SupervisionError:
            return MessageCatalog.Message(text: SupervisionWording.sentence(error, l), hint: nil, status: .dataError)
        case let error as ImportError:
            return MessageCatalog.Message(text: SupervisionWording.sentence(error, l), hint: nil, status: .dataError)
        default:
            return nil
        }
    }
}

/// Sentences for fund-layer errors in both languages.
enum SupervisionWording {
    static func sentence(_ error: SupervisionError, _ l: Language) -> String {
        "\(error)"
    }

    static func sentence(_ error: ImportError, _ l: Language) -> String {
        "\(error)"
    }
}

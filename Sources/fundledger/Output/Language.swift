import Foundation

/// The language of messages and report labels: Chinese or English.
enum Language: String, Sendable {
    case zh, en

    /// `--lang` wins; otherwise FUNDLEDGER_LANG, LC_ALL, LC_MESSAGES or LANG starting with "zh" chooses Chinese.
    static func detect(option: String?, environment: ProcessEnvironment = .current) -> Language? {
        if let option { return Language(rawValue: option.lowercased().hasPrefix("zh") ? "zh" : option.lowercased()) }
        for variable in ["FUNDLEDGER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[variable], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .zh : .en
            }
        }
        return .en
    }

    /// Picks the text for this language.
    func pick(_ chinese: String, _ english: String) -> String { self == .zh ? chinese : english }
}

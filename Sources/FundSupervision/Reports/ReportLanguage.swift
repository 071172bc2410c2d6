// ReportLanguage and BilingualText: every report label exists in Chinese and English.

/// The language of report labels. Names of counties, funds and projects are printed as recorded.
public enum ReportLanguage: String, Sendable, CaseIterable {
    /// 中文.
    case zh
    /// English.
    case en
}

/// A label in both languages.
public struct BilingualText: Sendable, Hashable {
    /// The Chinese text.
    public var zh: String
    /// The English text.
    public var en: String

    /// Creates a label.
    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text in `language`.
    public func text(_ language: ReportLanguage) -> String {
        language == .zh ? zh : en
    }
}

// BilingualText and ReportLanguage: FundLedger reports and explains in Chinese and English.
// One definition for the whole module (rules, reports, HTML).

/// Text in the two languages FundLedger reports in.
public struct BilingualText: Sendable, Hashable, Codable {
    /// The Chinese text (printed verbatim; names are never transliterated).
    public var zh: String
    /// The English text.
    public var en: String

    /// Creates a text from its Chinese and English forms.
    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text in `language`.
    public func text(in language: ReportLanguage) -> String {
        switch language {
        case .chinese: zh
        case .english: en
        }
    }
}

/// The language of a rendered report or explanation.
public enum ReportLanguage: String, Sendable, CaseIterable {
    /// 中文.
    case chinese = "zh"
    /// English.
    case english = "en"
}

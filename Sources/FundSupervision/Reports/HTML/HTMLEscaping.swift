// HTMLEscaping: user text (county, fund and project names, explanations) inside HTML and SVG.
//
// HTML Living Standard §13.1.2.6 / §13.1.2.3: in text and in double-quoted attribute values,
// escaping & < > " and ' is sufficient; every user-supplied string passes through `escaped`.

/// Escapes text for HTML and SVG content and attribute values.
enum HTMLEscaping {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, and control
    /// characters other than tab and line feed removed (they are not allowed in HTML text).
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

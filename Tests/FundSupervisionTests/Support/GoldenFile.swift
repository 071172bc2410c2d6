// Golden-file comparison: the expected bytes live in Golden/<name>; FUNDLEDGER_UPDATE_GOLDEN=1
// rewrites them (review the diff).
import Foundation
import Testing

enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static func check(_ bytes: [UInt8], named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["FUNDLEDGER_UPDATE_GOLDEN"] == "1" {
            try Data(bytes).write(to: url)
            return
        }
        let expected = try [UInt8](Data(contentsOf: url))
        if expected != bytes {
            let firstDifference = zip(expected, bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expected.count, bytes.count)
            Issue.record("golden \(name) differs at byte \(firstDifference) (expected \(expected.count) bytes, got \(bytes.count)); rerun with FUNDLEDGER_UPDATE_GOLDEN=1 and review the diff",
                         sourceLocation: sourceLocation)
        }
    }
}

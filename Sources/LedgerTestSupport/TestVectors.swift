import Foundation

/// Finds and reads known-answer files stored beside the tests that use them.
///
/// Paths are relative to the directory of the calling source file (`#filePath`), so tests never
/// depend on the working directory and never read outside the repository.
public enum TestVectors {
    /// The size limit for one vector file; larger inputs belong in a generator, not the repository.
    public static let maximumFileByteCount = 64 << 20

    /// A vector file that is missing, too large, not UTF-8 or badly shaped.
    public enum LoadError: Error, Equatable {
        /// The file at `path` could not be read.
        case unreadable(path: String)
        /// The file at `path` is larger than `maximumFileByteCount`.
        case tooLarge(path: String, byteCount: Int)
        /// The file at `path` is not valid UTF-8.
        case notUTF8(path: String)
        /// Line `lineNumber` (1-based) of the file at `path` has `actual` tab-separated fields, not `expected`.
        case wrongFieldCount(path: String, lineNumber: Int, expected: Int, actual: Int)
    }

    /// Returns the URL of `relativePath` resolved against the directory holding `filePath`.
    public static func url(_ relativePath: String, filePath: StaticString = #filePath) -> URL {
        URL(fileURLWithPath: "\(filePath)").deletingLastPathComponent()
            .appendingPathComponent(relativePath)
    }

    /// Returns the bytes of `relativePath`, resolved beside the calling file.
    public static func data(_ relativePath: String, filePath: StaticString = #filePath) throws -> Data {
        let location = url(relativePath, filePath: filePath)
        guard let data = FileManager.default.contents(atPath: location.path) else {
            throw LoadError.unreadable(path: location.path)
        }
        guard data.count <= maximumFileByteCount else {
            throw LoadError.tooLarge(path: location.path, byteCount: data.count)
        }
        return data
    }

    /// Returns the text of `relativePath`, resolved beside the calling file.
    public static func text(_ relativePath: String, filePath: StaticString = #filePath) throws -> String {
        let bytes = try data(relativePath, filePath: filePath)
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw LoadError.notUTF8(path: url(relativePath, filePath: filePath).path)
        }
        return text
    }

    /// One data line of a tab-separated vector file.
    public struct Row: Sendable {
        /// The 1-based line number in the file, for failure messages.
        public let lineNumber: Int
        /// The tab-separated fields of the line.
        public let fields: [String]
    }

    /// Returns the data lines of a tab-separated file: lines starting with `#` and empty lines are
    /// skipped; every other line must have `fieldCount` fields (fields may be empty).
    public static func tabSeparatedRows(
        _ relativePath: String, fieldCount: Int, filePath: StaticString = #filePath
    ) throws -> [Row] {
        let content = try text(relativePath, filePath: filePath)
        var rows: [Row] = []
        let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == fieldCount else {
                throw LoadError.wrongFieldCount(
                    path: url(relativePath, filePath: filePath).path, lineNumber: index + 1,
                    expected: fieldCount, actual: fields.count)
            }
            rows.append(Row(lineNumber: index + 1, fields: fields))
        }
        return rows
    }
}

// Reading a command's whole input file straight into the byte array the parsers take. Through
// `FileManager.contents(atPath:)` the bytes were read into `Data` and then copied into an array: for a
// bulk append's input (3 MB for 10,000 events) that is twice the memory touched and one more copy.
import Foundation

/// A whole input file read with open(2), fstat(2) and read(2).
enum InputFile {
    /// The most bytes one read(2) asks for (Linux transfers at most about 2 GiB per call).
    static let maximumReadByteCount = 1 << 30
    /// Bytes per read(2) once the file turned out longer than fstat(2) said (a growing or special file).
    static let overflowChunkByteCount = 1 << 16

    /// The file's bytes, or nil when it cannot be opened or read (missing, no permission, a directory):
    /// the cases in which `FileManager.default.contents(atPath:)` returns nil.
    static func bytes(atPath path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let expected = max(Int(status.st_size), 0)
        var failed = false
        // One array of the file's size plus one byte, so that a file of the expected size ends in it.
        var bytes = [UInt8](unsafeUninitializedCapacity: expected + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let result = read(descriptor, buffer.baseAddress! + count, min(buffer.count - count, maximumReadByteCount))
                if result < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                if result == 0 { return }
                count += result
            }
        }
        guard !failed else { return nil }
        if bytes.count == expected + 1 {
            var chunk = [UInt8](repeating: 0, count: overflowChunkByteCount)
            while true {
                let result = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                if result < 0 {
                    if errno == EINTR { continue }
                    return nil
                }
                if result == 0 { break }
                bytes.append(contentsOf: chunk[0..<result])
            }
        }
        return bytes
    }
}

import Foundation
import LedgerCrypto

/// `sha256 [--portable] [FILE|-]`: streams a file or standard input through SHA-256 and prints the hex digest.
enum HashCommand {
    /// Bytes read per `read(2)` call; large enough that system-call cost is negligible.
    static let readChunkByteCount = 1 << 20

    static func run(arguments: [String]) {
        var implementation = SHA256.Implementation.hardware
        var path = "-"
        var sawPath = false
        for argument in arguments {
            switch argument {
            case "--portable": implementation = .portable
            case _ where argument.hasPrefix("--"): fail("unknown option '\(argument)'\n" + usage, .usage)
            default:
                guard !sawPath else { fail("more than one FILE\n" + usage, .usage) }
                path = argument
                sawPath = true
            }
        }
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else { fail("cannot open \(path): errno \(errno)", .ioError) }
        var function = SHA256(implementation: implementation)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: readChunkByteCount, alignment: 64)
        defer { chunk.deallocate() }
        while true {
            let count = read(descriptor, chunk.baseAddress, readChunkByteCount)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                fail("cannot read \(path): errno \(errno)", .ioError)
            }
            function.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
        }
        print(function.finalize().description)
    }
}

import Foundation
import LedgerCrypto

/// `sha256 [--portable] [--hex-lines] [FILE|-]`: streams a file or standard input through SHA-256
/// and prints the hex digest; with `--hex-lines`, hashes each line's hex-decoded bytes instead and
/// prints one digest per line (for the interop checks, which hash thousands of short messages).
enum HashCommand {
    /// Bytes read per `read(2)` call; large enough that system-call cost is negligible.
    static let readChunkByteCount = 1 << 20

    static func run(arguments: [String]) {
        var implementation = SHA256.Implementation.hardware
        var path = "-"
        var sawPath = false
        var isHexLines = false
        for argument in arguments {
            switch argument {
            case "--portable": implementation = .portable
            case "--hex-lines": isHexLines = true
            case _ where argument.hasPrefix("--"): fail("unknown option '\(argument)'\n" + usage, .usage)
            default:
                guard !sawPath else { fail("more than one FILE\n" + usage, .usage) }
                path = argument
                sawPath = true
            }
        }
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else { fail("cannot open \(path): errno \(errno)", .ioError) }
        if isHexLines {
            hashHexLines(implementation: implementation)
            return
        }
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

    /// Hashes each hex line of standard input and prints its digest, one per line.
    static func hashHexLines(implementation: SHA256.Implementation) {
        var output = ""
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            let message: [UInt8]
            do {
                message = try Hex.decode(line)
            } catch {
                fail("line \(lineNumber): \(error)", .dataError)
            }
            output += SHA256.hash(data: message, implementation: implementation).description + "\n"
            if output.utf8.count >= 1 << 16 {
                print(output, terminator: "")
                output = ""
            }
        }
        print(output, terminator: "")
    }
}

// Driver for Tools/interop and Tools/bench: hashes, signs and verifies records from standard input.
// Not a product: its output formats are fixed by the scripts in Tools/, not by users.
import Foundation

/// The tool's exit statuses (sysexits).
enum ExitStatus: Int32 {
    case success = 0
    case usage = 64
    case dataError = 65
    case ioError = 74
}

let usage = """
    Usage: ledger-crypto-tool sha256 [--portable] [FILE|-]
           ledger-crypto-tool sign      (stdin: seed_hex<TAB>message_hex; stdout: public_hex<TAB>signature_hex)
           ledger-crypto-tool verify    (stdin: public_hex<TAB>message_hex<TAB>signature_hex; stdout: 1 or 0)
           ledger-crypto-tool bench [--megabytes N] [--seconds S] [--signatures-only]
    """

/// Prints `message` to standard error and exits with `status`.
func fail(_ message: String, _ status: ExitStatus) -> Never {
    FileHandle.standardError.write(Data(("ledger-crypto-tool: error: " + message + "\n").utf8))
    exit(status.rawValue)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { fail("missing subcommand\n" + usage, .usage) }
arguments.removeFirst()
switch command {
case "sha256": HashCommand.run(arguments: arguments)
case "sign", "verify": SignatureCommand.run(command: command, arguments: arguments)
case "bench": BenchCommand.run(arguments: arguments)
case "-h", "--help", "help": print(usage)
default: fail("unknown subcommand '\(command)'\n" + usage, .usage)
}

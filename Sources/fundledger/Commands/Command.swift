import Foundation

/// One `fundledger` subcommand: its help and its run function. A command parses, makes one library
/// call and renders the result; it holds no logic of its own.
/// `Sendable` so that the command table (`FundLedgerTool.commands`) is a safe global.
protocol Command: Sendable {
    /// The subcommand's name, e.g. `verify`.
    static var name: String { get }
    /// One line saying what it does, in Chinese and English.
    static var abstract: (zh: String, en: String) { get }
    /// The usage line after `fundledger`.
    static var usage: String { get }
    /// An example invocation, in Chinese and English (file names and values may differ).
    static var example: (zh: String, en: String) { get }
    /// The options it accepts (besides the global `--lang` and `--help`).
    static var options: [OptionSpec] { get }
    /// Runs with parsed arguments; returns the exit status or throws.
    static func run(_ arguments: CommandLineArguments, _ context: CommandContext) throws -> ExitStatus
}

/// What every command gets besides its arguments.
struct CommandContext {
    /// The language of messages.
    var language: Language
    /// Whether the command runs as the `fundledger` process (`main`), not called by a test: a command
    /// may then end the process itself once its output is written (`endProcessKeepingState`).
    var isProcess = false
}

extension CommandContext {
    /// Ends the process with `status` when it is the `fundledger` process; returns otherwise (tests).
    /// For `append` and `import`, called after the output is written (Console writes unbuffered) and
    /// the journal is fsynced: tearing down the fund validator's state (every payee-year, beneficiary
    /// and voucher fingerprint, released one allocation at a time) cost about a tenth of a single
    /// append's CPU at 100,000 entries, and the kernel reclaims the memory at exit anyway.
    func endProcessKeepingState(_ status: ExitStatus) {
        guard isProcess else { return }
        exit(status.rawValue)
    }
}

/// One `fundledger` subcommand: its help and its run function. A command parses, makes one library
/// call and renders the result; it holds no logic of its own.
protocol Command {
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
}

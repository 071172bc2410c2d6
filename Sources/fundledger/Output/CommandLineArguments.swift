/// The parsed command line of one subcommand: long options with values, flags and positionals.
///
/// Rules, after TigerBeetle's `flags` and swift-argument-parser's presentation: options are long
/// (`--name VALUE` or `--name=VALUE`), a repeated option is refused, an unknown option is refused with
/// the closest valid one suggested, and `--` ends option parsing.
struct CommandLineArguments {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Parses `arguments` against the options a command declares.
    init(_ arguments: [String], options: [OptionSpec]) throws(UsageError) {
        // A command declares a handful of options: a linear search, not a dictionary (whose generic type
        // a fresh process sets up at run time, issue #8).
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("--") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = options.first(where: { $0.name == name }) else {
                throw .unknownOption("--" + name, suggestion: Self.closest(to: name, among: options.map(\.name)).map { "--" + $0 })
            }
            if values[name] != nil || flags.contains(name) {
                throw .repeatedOption("--" + name)
            }
            if spec.takesValue {
                if let inlineValue {
                    values[name] = inlineValue
                } else if index < arguments.count {
                    values[name] = arguments[index]
                    index += 1
                } else {
                    throw .missingValue("--" + name)
                }
            } else {
                if inlineValue != nil { throw .unexpectedValue("--" + name) }
                flags.insert(name)
            }
        }
    }

    /// The value of `--name`, or nil when it was not given.
    func value(_ name: String) -> String? { values[name] }

    /// The value of a required option.
    func required(_ name: String) throws(UsageError) -> String {
        guard let value = values[name] else { throw .missingOption("--" + name) }
        return value
    }

    /// Whether the flag `--name` was given.
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// An integer option, refusing text that is not a non-negative decimal integer.
    func integer(_ name: String) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int(text), number >= 0 else { throw .invalidValue("--" + name, text) }
        return number
    }

    /// The positional at `index`, or a usage error naming what was expected.
    func positional(_ index: Int, named name: String) throws(UsageError) -> String {
        guard index < positionals.count else { throw .missingArgument(name) }
        return positionals[index]
    }

    /// Refuses positionals beyond the first `count`.
    func expectPositionals(atMost count: Int) throws(UsageError) {
        if positionals.count > count { throw .unexpectedArgument(positionals[count]) }
    }

    /// The candidate with the smallest edit distance to `name`, if it is close enough to be a typo.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(name), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, name.count / 3) ? best.0 : nil
    }

    /// Levenshtein distance between two character arrays.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// One long option a command accepts, with its help line in Chinese and English.
struct OptionSpec: Sendable {
    /// The option's name without the leading `--`.
    var name: String
    /// The placeholder of its value in help (`--key <keyfile>`), or nil for a flag.
    var valueName: String?
    /// The help line: what the option does, in Chinese and English (both required).
    var help: (zh: String, en: String)
    /// Whether the option takes a value.
    var takesValue: Bool { valueName != nil }

    /// An option with a value.
    static func option(_ name: String, _ valueName: String, zh: String, en: String) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: (zh, en))
    }
    /// A flag (no value).
    static func flag(_ name: String, zh: String, en: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: (zh, en))
    }
}

/// A mistake on the command line; printed with the command's usage and exit status 64.
enum UsageError: Error, Equatable {
    case unknownOption(String, suggestion: String?)
    case repeatedOption(String)
    case missingValue(String)
    case unexpectedValue(String)
    case missingOption(String)
    case missingArgument(String)
    case unexpectedArgument(String)
    case invalidValue(String, String)
    /// An option that the chosen section or mode does not use: (option, section).
    case notApplicable(String, String)
    /// A number above what the input allows: (option, value, largest allowed).
    case tooLarge(String, Int, maximum: Int)
    case unknownCommand(String, suggestion: String?)
}

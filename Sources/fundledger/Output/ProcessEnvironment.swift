#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The environment variables a command consults, read one at a time with `getenv`.
///
/// `ProcessInfo.processInfo.environment` copies every variable into a dictionary on first use, which
/// was about an eighth of process start (docs/PERFORMANCE.md); a command reads at most five names.
/// Tests pass a dictionary literal instead.
struct ProcessEnvironment: ExpressibleByDictionaryLiteral {
    private let values: [String: String]?

    /// The running process's environment.
    static var current: ProcessEnvironment { ProcessEnvironment(values: nil) }

    private init(values: [String: String]?) { self.values = values }

    /// A fixed environment holding exactly `elements`.
    init(dictionaryLiteral elements: (String, String)...) {
        self.init(values: Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The variable's value, nil when it is not set.
    subscript(name: String) -> String? {
        if let values { return values[name] }
        return getenv(name).map { String(cString: $0) }
    }
}

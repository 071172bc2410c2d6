/// Process exit codes, after sysexits(3) as swift-argument-parser uses them.
enum ExitStatus: Int32 {
    /// Success.
    case success = 0
    /// Verification failed, or anomalies were found where the command was asked to fail on them.
    case failure = 1
    /// The command line was wrong.
    case usage = 64
    /// The input data was bad (malformed JSON, a bad CSV row, a refused event).
    case dataError = 65
    /// An internal error: a bug in FundLedger.
    case internalError = 70
    /// An I/O error: a file could not be read, written or synced.
    case ioError = 74
}

/// A recording time: whole seconds since 1970-01-01T00:00:00Z, written as `YYYY-MM-DDTHH:MM:SSZ`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since the Unix epoch, UTC.
    public var secondsSinceEpoch: Int64

    /// Wraps a count of seconds since the Unix epoch.
    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// The current time of the system clock, truncated to whole seconds.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSinceEpoch: Int64(spec.tv_sec))
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, UTC, no fraction); nil for anything else,
    /// including impossible dates such as February 30.
    public init?(rfc3339 text: some StringProtocol) {
        self.init(rfc3339UTF8: Array(text.utf8))
    }

    /// Parses the UTF-8 bytes of exactly `YYYY-MM-DDTHH:MM:SSZ`; see `init?(rfc3339:)`. The entry
    /// scanner reads `time` straight from the line with it.
    package init?<Bytes: RandomAccessCollection<UInt8>>(rfc3339UTF8 bytes: Bytes) where Bytes.Index == Int {
        guard bytes.count == 20, bytes.startIndex == 0, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54,
              bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x5A else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              let days = CalendarDay.daysSinceEpoch(year: year, month: month, day: day),
              hour < 24, minute < 60, second < 60 else { return nil }
        secondsSinceEpoch = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// `init?(rfc3339UTF8:)` on bytes in memory (the entry scanner reads every line's `time` with
    /// it): the same checks and value, each digit read once straight from memory (the collection
    /// version, through slices and a closure, took about 430 instructions a line).
    package init?(rfc3339UTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 20, let p = bytes.baseAddress, p[4] == 0x2D, p[7] == 0x2D, p[10] == 0x54,
              p[13] == 0x3A, p[16] == 0x3A, p[19] == 0x5A else { return nil }
        // A byte that is not an ASCII digit gives a value above 9 (wrapping below 0x30).
        var isInvalid = false
        @inline(__always) func digit(_ index: Int) -> Int {
            let value = p[index] &- 0x30
            isInvalid = isInvalid || value > 9
            return Int(value)
        }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let month = digit(5) * 10 + digit(6)
        let day = digit(8) * 10 + digit(9)
        let hour = digit(11) * 10 + digit(12)
        let minute = digit(14) * 10 + digit(15)
        let second = digit(17) * 10 + digit(18)
        guard !isInvalid, hour < 24, minute < 60, second < 60,
              let days = CalendarDay.daysSinceEpoch(year: year, month: month, day: day) else { return nil }
        secondsSinceEpoch = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var rfc3339: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = Int(secondsSinceEpoch - days * 86_400)
        let (year, month, day) = CalendarDay.civilDate(daysSinceEpoch: Int(days))
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    public var description: String { rfc3339 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

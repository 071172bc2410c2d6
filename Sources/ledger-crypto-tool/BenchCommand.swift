import Foundation
import LedgerCrypto

/// `bench`: measures this build's SHA-256 (hardware and portable paths) and prints one JSON object.
///
/// Throughput is in MB/s with MB = 10^6 bytes, the unit `openssl speed` uses; rates are per second
/// of CPU time, as `openssl speed` measures them.
enum BenchCommand {
    /// The short-message size for per-hash overhead: an RFC 6962 interior node is 1 + 32 + 32 bytes.
    static let smallMessageByteCount = 65

    static func run(arguments: [String]) {
        var megabytes = 64
        var minimumSeconds = 1.0
        var signaturesOnly = false
        var index = 0
        while index < arguments.count {
            if arguments[index] == "--signatures-only" {
                signaturesOnly = true
                index += 1
                continue
            }
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--megabytes":
                guard let parsed = Int(value), parsed > 0 else { fail("--megabytes needs a positive integer", .usage) }
                megabytes = parsed
            case "--seconds":
                guard let parsed = Double(value), parsed > 0 else { fail("--seconds needs a positive number", .usage) }
                minimumSeconds = parsed
            default: fail("unknown option '\(arguments[index])'\n" + usage, .usage)
            }
            index += 2
        }
        if signaturesOnly {
            let results = SignatureBench.results(minimumSeconds: minimumSeconds)
            print("{\n" + results.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}")
            return
        }
        // MiB of deterministic bytes, as the brief's 64 MiB buffer.
        var input = [UInt8](repeating: 0, count: megabytes << 20)
        var word: UInt64 = 0x243f_6a88_85a3_08d3
        for position in input.indices {
            word = word &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            input[position] = UInt8(truncatingIfNeeded: word >> 56)
        }
        var results: [(String, String)] = [
            ("sha256_hardware_available", SHA256.isHardwareAvailable ? "true" : "false"),
            ("clock", "\"process_cpu_time\""),
            ("sha256_buffer_bytes", String(input.count)),
        ]
        for implementation in [SHA256.Implementation.hardware, .portable] {
            let rate = measure(minimumSeconds: minimumSeconds) {
                input.withUnsafeBytes { bytes in
                    var function = SHA256(implementation: implementation)
                    function.update(bufferPointer: bytes)
                    consume(function.finalize())
                }
                return Double(input.count)
            }
            let name = implementation == .portable ? "portable" : "hardware"
            results.append(("sha256_\(name)_mb_per_s", format(rate / 1e6)))
        }
        let sha512Rate = measure(minimumSeconds: minimumSeconds) {
            input.withUnsafeBytes { consume(SHA512.hash(bufferPointer: $0)) }
            return Double(input.count)
        }
        results.append(("sha512_mb_per_s", format(sha512Rate / 1e6)))
        // Short messages, as Merkle nodes (65 bytes) and journal entries hash them: digests per second.
        let shortMessage = Array(input[0..<smallMessageByteCount])
        for implementation in [SHA256.Implementation.hardware, .portable] {
            let rate = measure(minimumSeconds: minimumSeconds) {
                shortMessage.withUnsafeBytes { bytes in
                    for _ in 0..<10_000 {
                        var function = SHA256(implementation: implementation)
                        function.update(bufferPointer: bytes)
                        consume(function.finalize())
                    }
                }
                return 10_000
            }
            let name = implementation == .portable ? "portable" : "hardware"
            results.append(("sha256_\(name)_\(smallMessageByteCount)_byte_hashes_per_s", format(rate)))
        }
        results.append(contentsOf: SignatureBench.results(minimumSeconds: minimumSeconds))
        let body = results.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n")
        print("{\n" + body + "\n}")
    }

    /// Runs `work` until `minimumSeconds` of this process's CPU time have passed (at least once)
    /// and returns units per CPU second.
    ///
    /// CPU time, like `openssl speed` without `-elapsed`, so that other jobs on a shared machine
    /// slow neither side of a ratio.
    static func measure(minimumSeconds: Double, _ work: () -> Double) -> Double {
        let start = processCPUSeconds()
        var units = 0.0
        var elapsed = 0.0
        repeat {
            units += work()
            elapsed = processCPUSeconds() - start
        } while elapsed < minimumSeconds
        return units / elapsed
    }

    /// The CPU time this process has used, in seconds.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// Keeps a result alive so the optimizer cannot drop the work that made it.
    @inline(never)
    static func consume<T>(_ value: T) {
        withExtendedLifetime(value) {}
    }
}

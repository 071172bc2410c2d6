// swift-tools-version:6.0
// FundLedger: a tamper-evident, event-sourced audit ledger for poverty-alleviation funds.
// No package dependencies, by design: stdlib, Foundation, Dispatch, Synchronization,
// XCTest and Swift Testing only. The layering runs one way:
// LedgerCrypto <- LedgerJournal <- FundSupervision <- fundledger.
import PackageDescription

// Release builds call generic types' metadata accessors directly instead of looking types up by
// mangled name: in a static executable each such lookup first scans every conformance record of the
// binary, which was 13% of a single append (docs/PERFORMANCE.md, run 6). Same code, same results.
// Each function in its own section (`-function-sections`), so that the link below can place the
// functions one append runs together.
let directMetadataAccess: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors",
                  "-Xfrontend", "-function-sections"], .when(configuration: .release))
]

// The release link of `fundledger` (gold, the Linux toolchain's linker) writes the binary with write(2)
// instead of through a shared mapping: the page cache then holds the fresh binary in large folios, which
// a process maps with a few faults, where a binary written through a mapping (gold's default) is held
// page by page and costs each process about 120 more page faults and 0.3-0.6 ms of CPU
// (docs/PERFORMANCE.md, "Process start of a single append"; the page cache may later hold it either
// way). It also places the functions of a single append first (Tools/link/fundledger.order, made by
// Tools/link/make-order; stale names are ignored): fewer 64 KiB windows of the 90 MB binary touched.
// Both options are gold's: `-use-ld=gold` keeps the linker these were measured with (the toolchain's
// default on Linux today) should that default change.
let startupLayout: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=gold", "-Xlinker", "--no-mmap-output-file",
                  "-Xlinker", "--section-ordering-file=\(Context.packageDirectory)/Tools/link/fundledger.order"],
                 .when(platforms: [.linux], configuration: .release))
]

let package = Package(
    name: "FundLedger",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LedgerCrypto", targets: ["LedgerCrypto"]),
        .library(name: "LedgerJournal", targets: ["LedgerJournal"]),
        .library(name: "FundSupervision", targets: ["FundSupervision"]),
        .executable(name: "fundledger", targets: ["fundledger"]),
    ],
    targets: [
        // SHA-256 with the CPU's hash instructions (x86-64 SHA-NI, ARMv8 SHA2), chosen at run time.
        // The portable Swift implementation in LedgerCrypto is the reference; tests run both.
        .target(name: "CLedgerCryptoSHA"),
        // Optimised even in debug builds: unoptimised field arithmetic makes the test suite 8x slower.
        // (unsafeFlags are accepted for root and path-based dependencies.)
        .target(
            name: "LedgerCrypto", dependencies: ["CLedgerCryptoSHA"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))] + directMetadataAccess),
        .target(name: "LedgerJournal", dependencies: ["LedgerCrypto"], swiftSettings: directMetadataAccess),
        .target(
            name: "FundSupervision", dependencies: ["LedgerJournal", "LedgerCrypto"],
            swiftSettings: directMetadataAccess),
        .executableTarget(
            name: "fundledger", dependencies: ["FundSupervision", "LedgerJournal", "LedgerCrypto"],
            swiftSettings: directMetadataAccess, linkerSettings: startupLayout),
        // Driver for the crypto differential checks and benchmarks in Tools/ (not a product).
        .executableTarget(name: "ledger-crypto-tool", dependencies: ["LedgerCrypto"]),
        // Seeded PRNG, vector loading and golden-file checks shared by the test targets (not a product).
        .target(name: "LedgerTestSupport", dependencies: ["LedgerCrypto"], path: "Sources/LedgerTestSupport"),
        // Vectors, fixtures and golden files are read from the source tree via #filePath.
        .testTarget(
            name: "LedgerCryptoTests", dependencies: ["LedgerCrypto", "LedgerTestSupport"],
            exclude: ["Vectors"]),
        .testTarget(
            name: "LedgerJournalTests", dependencies: ["LedgerJournal", "LedgerTestSupport"],
            exclude: ["Vectors"]),
        .testTarget(
            name: "FundSupervisionTests", dependencies: ["FundSupervision", "LedgerTestSupport"],
            exclude: ["Golden", "Fixtures", "Vectors"]),
        .testTarget(
            name: "FundLedgerCLITests", dependencies: ["fundledger", "LedgerTestSupport"],
            exclude: ["Vectors", "Fixtures"]),
    ]
)

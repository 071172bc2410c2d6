// The journal every transparency CLI test starts from, built with the real commands: an authority,
// a clerk granted `beneficiary.register` for county 140431, two inspectorates, and a journal with
// genesis, grant and beneficiary registrations (fund event bodies as in docs/EVENTS.md).
import Foundation
import Testing

/// A journal and its keys in a scratch directory.
struct TransparencyScenario {
    /// The journal's origin, also the log key's name.
    static let origin = "fundledger.example.gov.cn/140431"
    /// The county every registration is scoped to.
    static let county = "140431"

    let cli: TransparencyCLI
    /// The authority's public key (hex).
    let authorityPublicKey: String
    /// The clerk's public key (hex).
    let clerkPublicKey: String
    /// The log's signed-note verifier key (`origin+keyhash+base64key`).
    let logKey: String

    /// Creates the keys and a journal `journal` with genesis, grant and `registrations` entries.
    init(cli: TransparencyCLI, journal: String = "j.jsonl", registrations: Int) throws {
        self.cli = cli
        authorityPublicKey = try Self.makeKey(cli, name: "authority", file: "authority.key")
        clerkPublicKey = try Self.makeKey(cli, name: "qinyuan-clerk", file: "clerk.key")
        _ = try Self.makeKey(cli, name: "inspector.example.gov.cn/province", file: "province.key")
        _ = try Self.makeKey(cli, name: "audit.example.gov.cn/national", file: "national.key")
        logKey = try cli.succeed(["note-key", "--public-key", authorityPublicKey, "--name", Self.origin])
            .trimmingCharacters(in: .newlines)
        try createJournal(journal, registrations: registrations)
    }

    /// Creates another journal with the same origin and authority (and grant), `registrations` long.
    func createJournal(_ journal: String, registrations: Int, firstRegistration: Int = 0) throws {
        try cli.succeed(["init", journal, "--origin", Self.origin, "--authority", "authority.key"])
        try cli.succeed(["grant", journal, "--authority", "authority.key", "--public-key", clerkPublicKey,
                         "--name", "qinyuan-clerk", "--roles", "beneficiary.register", "--counties", Self.county])
        try append(journal, registrations: firstRegistration..<(firstRegistration + registrations))
    }

    /// Appends the registrations numbered `range`, signed by the clerk.
    func append(_ journal: String = "j.jsonl", registrations range: Range<Int>) throws {
        guard !range.isEmpty else { return }
        let input = range.map(Self.registration).joined(separator: "\n") + "\n"
        try cli.succeed(["append", journal, "--key", "clerk.key"], input: input)
    }

    /// Registration `number` as `append` input: a household in village 村A of township 乡镇A.
    static func registration(_ number: Int) -> String {
        let pseudonym = String(repeating: "0", count: 56) + String(format: "%08x", number + 1)
        let day = String(format: "%02d", number % 28 + 1)
        return #"{"id":"qy-bene-\#(number)","kind":"beneficiary.register","scope":"\#(county)","body":{"able_to_work":true,"county":"\#(county)","effective_date":"2026-10-\#(day)","household_size":\#(number % 5 + 1),"pseudonym":"\#(pseudonym)","township":"乡镇A","village":"村A"}}"#
    }

    /// The journal's lines (without line feeds).
    func lines(_ journal: String = "j.jsonl") throws -> [String] {
        try cli.read(journal).split(separator: "\n").map(String.init)
    }

    /// Runs `keygen` and returns the public key it printed.
    private static func makeKey(_ cli: TransparencyCLI, name: String, file: String) throws -> String {
        let output = try cli.succeed(["keygen", "--name", name, "--out", file])
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("public key: ") })
        return String(line.dropFirst("public key: ".count))
    }
}

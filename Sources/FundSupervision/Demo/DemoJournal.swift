// DemoJournal: the deterministic generator of the shipped demo journal (Journal/demo.jsonl).
//
// Built only from facts in the seed texts (shared/seeds, summarised in shared/domain/seed-domain.md
// §5): 沁源县, 武乡县 and 沁县 of 长治市, 山西省, fiscal years 2018-2019, the funds and standards the
// texts give, and one or more planted violations for every anomaly rule (Journal/README.md lists
// them with their sequence numbers). Quantities (亩, households, amounts) are illustrative.
//
// What must never change without regenerating the committed file: the key labels, the event list
// and its recording times. The test DemoJournalTests checks that the committed journal equals what
// `make(inDirectory:)` writes, byte for byte.
import LedgerCrypto
import LedgerJournal

/// The demo journal and its demo keys: names, keys and the generator.
public enum DemoJournal {
    /// The journal's file name inside the demo directory.
    public static let journalFileName = "demo.jsonl"
    /// The journal's origin (docs/FORMAT.md §5).
    public static let origin = "fundledger.demo/140400"
    /// The file holding the demo authority's public key, against which `fundledger demo` pins the genesis.
    public static var authorityPublicKeyFileName: String { authority.stem + ".pub" }

    /// The authority: signs the genesis, the grants, central allocations and policy settings.
    public static let authority = DemoKey(stem: "demo-authority", holder: "扶贫资金监管演示授权机构", counties: [], roles: [])
    /// 山西省财政厅: forwards and issues provincial money.
    public static let province = DemoKey(
        stem: "demo-shanxi-finance", holder: "山西省财政厅", counties: ["140000"], roles: ["fund.allocate", "fund.return"])
    /// 长治市财政局: forwards money to the counties.
    public static let prefecture = DemoKey(
        stem: "demo-changzhi-finance", holder: "长治市财政局", counties: ["140400"], roles: ["fund.allocate", "fund.return"])
    /// 沁源县财政局: the county's fund events (and, planted, one acceptance).
    public static let qinyuan = DemoKey(
        stem: "demo-qinyuan-finance", holder: "沁源县财政局", counties: ["140431"], roles: countyRoles)
    /// 武乡县财政局.
    public static let wuxiang = DemoKey(
        stem: "demo-wuxiang-finance", holder: "武乡县财政局", counties: ["140429"], roles: countyRoles)
    /// 沁县财政局.
    public static let qinxian = DemoKey(
        stem: "demo-qinxian-finance", holder: "沁县财政局", counties: ["140430"], roles: countyRoles)
    /// The acceptance unit of 沁源县 (验收): project milestones only.
    public static let acceptance = DemoKey(
        stem: "demo-qinyuan-acceptance", holder: "沁源县项目验收组", counties: ["140431"], roles: ["project.milestone"])
    /// The inspector: records what was done about flags (flag.dispose).
    public static let inspector = DemoKey(
        stem: "demo-inspector", holder: "山西省扶贫资金专项检查组", counties: ["140000"], roles: ["flag.dispose"])

    static let countyRoles = [
        "fund.allocate", "fund.integrate", "fund.disburse", "fund.return", "project.register", "project.milestone",
        "beneficiary.register", "beneficiary.exit", "entry.reverse",
    ]

    /// Every demo key, authority first, in the order they are granted.
    public static let keys: [DemoKey] = [authority, province, prefecture, qinyuan, wuxiang, qinxian, acceptance, inspector]

    /// Every file `make(inDirectory:)` writes: the journal, then each key's `.key` and `.pub`.
    public static var fileNames: [String] {
        [journalFileName] + keys.flatMap { [$0.stem + ".key", $0.stem + ".pub"] }
    }

    /// The secret under which the demo's beneficiary pseudonyms are made (a DEMO secret, published).
    public static let pseudonymSecret = Array("fundledger DEMO pseudonym secret — not for real data".utf8)

    /// The pseudonym of demo household `label` (e.g. `H01`) of `county`, made from an obviously fake ID.
    public static func pseudonym(_ label: String, county: String) -> String {
        Pseudonym.make(nationalID: "DEMO-\(county)-\(label)", secret: pseudonymSecret)
    }

    /// Writes the demo journal and every demo key file into `directory`, which must not contain any
    /// of `fileNames`. Derived side files the appends create are removed again.
    /// Throws `JournalError`, `StorageError` or `AppendRefusal` if the scenario does not append
    /// (a bug: the test suite runs it), or a file error when a file exists.
    public static func make(inDirectory directory: String) throws {
        for key in keys { try key.write(to: directory) }
        let path = directory + "/" + journalFileName
        var recorder = try DemoRecorder(path: path, authority: authority.privateKey, origin: origin,
                                        genesisDay: CivilDate(year: 2018, month: 1, day: 2)!)
        try recorder.grant(keys.dropFirst())
        try DemoScenario.record(into: &recorder)
        DemoFiles.removeDerivedFiles(ofJournal: path)
    }
}

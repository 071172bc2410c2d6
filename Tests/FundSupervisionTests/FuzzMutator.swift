// The mutator itself lives in LedgerTestSupport; this target keeps its corpus in Fixtures/fuzz-corpus/.
import Foundation
import LedgerTestSupport

/// The corpus of inputs that once found a bug in `target`, from this target's Fixtures/fuzz-corpus/ folder.
func fuzzCorpus(_ target: String) -> [(name: String, bytes: [UInt8])] {
    loadFuzzCorpus(target, in: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz-corpus"))
}

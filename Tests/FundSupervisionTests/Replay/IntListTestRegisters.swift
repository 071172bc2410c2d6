// The test registers the snapshot-map suites store (`SnapshotMap<Int, [Int]>`): how they are coded,
// and seeded random changes made to a map and to a plain dictionary alike.
import LedgerTestSupport
@testable import FundSupervision

/// How the snapshot-map suites store their test registers: keys and list elements as signed integers.
let intListMapCoding = SnapshotMapCoding<Int, [Int]>(
    writeKey: { key, sink in sink.writeSigned(Int64(key)) }, readKey: { try $0.readInt() },
    writeValue: { list, sink in sink.writeArray(list) { sink.writeSigned(Int64($0)) } },
    readValue: { source in try source.readArray { try source.readInt() } })

/// `operations` random changes to `map` and `reference` alike, on keys below `keys`: removals,
/// appends to a key's list, replacements, and (with `rewritesUnchanged`) a value read and written back
/// unchanged, which puts it in the map's changes with the value its table already holds.
func changeIntLists(_ map: inout SnapshotMap<Int, [Int]>, _ reference: inout [Int: [Int]], operations: Int, keys: Int,
                    rewritesUnchanged: Bool, using generator: inout SeededRandomNumberGenerator) {
    for _ in 0..<operations {
        let key = Int.random(in: 0..<keys, using: &generator)
        let value = Int.random(in: 0..<1_000, using: &generator)
        switch Int.random(in: 0..<(rewritesUnchanged ? 4 : 3), using: &generator) {
        case 0:
            map[key] = nil
            reference[key] = nil
        case 1:
            map[key, default: []].append(value)
            reference[key, default: []].append(value)
        case 2 where rewritesUnchanged:
            let old = map[key]
            map[key] = old
            reference[key] = old
        default:
            map[key] = [value]
            reference[key] = [value]
        }
    }
}

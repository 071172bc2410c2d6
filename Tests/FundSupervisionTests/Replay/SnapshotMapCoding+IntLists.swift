@testable import FundSupervision

/// How the snapshot-map suites store their test registers (`SnapshotMap<Int, [Int]>`): keys and list
/// elements as signed integers.
let intListMapCoding = SnapshotMapCoding<Int, [Int]>(
    writeKey: { key, sink in sink.writeSigned(Int64(key)) }, readKey: { try $0.readInt() },
    writeValue: { list, sink in sink.writeArray(list) { sink.writeSigned(Int64($0)) } },
    readValue: { source in try source.readArray { try source.readInt() } })

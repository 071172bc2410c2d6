// Goal: a test's scratch directory (LedgerTestSupport's TemporaryDirectory) never outlives the test:
// it is removed with its contents by remove(), by deinit when the last reference goes, and when the
// code that made it throws. Method: make directories, write files in them, check the disk.

import Foundation
import LedgerTestSupport
import Testing

@Suite("Temporary directory for tests")
struct TemporaryDirectoryTests {
    struct Planned: Error {}

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test("a fresh directory under TMPDIR named after its prefix, unique, gone after remove() with its files")
    func removeDeletesEverything() throws {
        let scratch = try TemporaryDirectory(prefix: "fundledger-selftest")
        let other = try TemporaryDirectory(prefix: "fundledger-selftest")
        defer { other.remove() }
        #expect(scratch.path != other.path)
        #expect(scratch.path.hasPrefix(FileManager.default.temporaryDirectory.path + "/fundledger-selftest-"))
        try FileManager.default.createDirectory(atPath: scratch.file("nested/deeper"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: scratch.file("nested/deeper/file")))
        #expect(Self.exists(scratch.file("nested/deeper/file")))
        scratch.remove()
        #expect(!Self.exists(scratch.path))
        scratch.remove()  // a second call does nothing
        #expect(Self.exists(other.path))
    }

    @Test("the directory goes when the last reference does")
    func deinitRemoves() throws {
        var scratch: TemporaryDirectory? = try TemporaryDirectory(prefix: "fundledger-selftest")
        let path = try #require(scratch?.path)
        _ = FileManager.default.createFile(atPath: path + "/journal.jsonl", contents: Data("{}\n".utf8))
        #expect(Self.exists(path + "/journal.jsonl"))
        scratch = nil
        #expect(!Self.exists(path))
    }

    @Test("the directory goes when the code that made it throws")
    func removedOnThrow() throws {
        var path = ""
        func failingStep() throws {
            let scratch = try TemporaryDirectory(prefix: "fundledger-selftest")
            path = scratch.path
            _ = FileManager.default.createFile(atPath: scratch.file("half-written"), contents: Data([1, 2, 3]))
            throw Planned()
        }
        #expect(throws: Planned.self) { try failingStep() }
        #expect(!path.isEmpty)
        #expect(!Self.exists(path))
    }
}

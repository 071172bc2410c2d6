// Scratch directories for tests, so that a test run leaves nothing behind in the temporary directory.
//
// A test (or a fixture it owns) holds a `TemporaryDirectory`; the directory and everything in it
// are removed when the last reference goes away (deinit), also when the test fails or throws.
// A directory shared by a whole test run (held by a `static let`, which is never deinitialised) is
// removed when the test process exits. Only a crash (trap, signal) leaves a directory behind.

import Foundation
import Synchronization

/// A fresh, uniquely named directory under the temporary directory (`TMPDIR`, else `/tmp`), removed
/// with its contents when the last reference to it goes away, at `remove()`, or at process exit.
///
/// Keep the `TemporaryDirectory` itself (not only its `path`) for as long as the test uses the
/// directory. In a test function: `let scratch = try TemporaryDirectory(prefix: "fundledger-x")`
/// then `defer { scratch.remove() }`; a fixture or a suite keeps it in a stored property instead
/// (Swift Testing makes one suite value per test, so the directory goes with it).
public final class TemporaryDirectory: Sendable {
    /// The absolute path of the directory (no trailing slash).
    public let path: String

    /// The directory `mkdtemp(3)` could not create.
    public struct CreationError: Error, Equatable {
        /// The `mkdtemp` template, ending in `XXXXXX`.
        public let template: String
        /// The `errno` it failed with.
        public let errno: Int32
    }

    /// Creates `<temporary directory>/<prefix>-XXXXXX` with mode 0700 (`mkdtemp(3)`).
    ///
    /// Throws `CreationError` when the directory cannot be created.
    public init(prefix: String) throws {
        let base = FileManager.default.temporaryDirectory.path
        let template = "\(base)/\(prefix)-XXXXXX"
        var bytes = Array(template.utf8CString)
        // mkdtemp fills in the XXXXXX of `bytes` in place; its result points into `bytes`.
        guard mkdtemp(&bytes) != nil else { throw CreationError(template: template, errno: errno) }
        path = bytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        Self.registerForRemovalAtExit(path)
    }

    deinit { remove() }

    /// The directory as a file URL.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// The path of `name` inside the directory (nothing is created).
    public func file(_ name: String) -> String { path + "/" + name }

    /// Removes the directory and everything in it now; later calls do nothing.
    public func remove() {
        // Only once: a second removal could delete a directory that a later mkdtemp gave the same name.
        guard Self.pendingPaths.withLock({ $0.remove(path) != nil }) else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Directories created and not yet removed, removed by the exit handler.
    private static let pendingPaths = Mutex<Set<String>>([])

    /// Installs the exit handler once per process (a `static let` initialiser runs exactly once).
    private static let exitHandlerInstalled: Bool = {
        atexit { TemporaryDirectory.removePendingDirectories() }
        return true
    }()

    private static func registerForRemovalAtExit(_ path: String) {
        _ = exitHandlerInstalled
        pendingPaths.withLock { _ = $0.insert(path) }
    }

    private static func removePendingDirectories() {
        let paths = pendingPaths.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }
}

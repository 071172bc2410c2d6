// DecodedTextCache: the texts that replay decodes again and again (fund, project and payee ids,
// categories, items), each made once per preparing thread, with its hash value.
//
// A county journal names a few hundred funds and projects, a few dozen categories and items and a
// few thousand payees across hundreds of thousands of payments. Making a `String` from a line's
// bytes validates their UTF-8 and allocates; hashing a Chinese text normalises it (Unicode NFC)
// first. The cache keeps, per thread, each text with its `hashValue`, found by a cheap hash of its
// bytes: a payment's texts then cost that hash and one comparison, and equal texts share one
// storage (so the in-order thread, comparing them, finds them identical at once).
//
// What must never change: a text from the cache is exactly `String(decoding: bytes, as: UTF8.self)`
// and its hash value is that text's `hashValue` in this process (never stored). The cache is
// bounded: `slotCount` slots per thread, filled to half at most, texts of at most
// `maximumByteCount` bytes; past that, texts are made as before.

/// A bounded per-thread table from UTF-8 bytes to their `String` and its hash value.
final class DecodedTextCache {
    /// Slots per thread (a power of two).
    static let slotCount = 8_192
    /// Texts kept at most: half the slots, so that a probe sequence stays short.
    static let maximumEntryCount = slotCount / 2
    /// The longest text kept, in UTF-8 bytes (a payee's pseudonym has 64).
    static let maximumByteCount = 64
    /// Slots tried before a text is made without the cache.
    static let maximumProbeCount = 8

    /// Per slot: 0 when empty, else the bytes' key (odd, so never 0). The slots are raw memory held
    /// by `let`s, not arrays in `var`s: a class's `var` is checked for exclusive access at run time
    /// on every read, and a payment reads the cache for five texts (measured: 70M instructions of
    /// access checks per 100,000 lines).
    private let keys: UnsafeMutablePointer<UInt64>
    /// Per slot: the text's UTF-8 (`maximumByteCount` bytes a slot, written when the slot is filled
    /// and read only for a filled slot) and its length, compared with the
    /// bytes asked for without touching the `String` (reading one out of its slot to compare it
    /// retained and released it).
    private let storedBytes: UnsafeMutablePointer<UInt8>
    private let storedByteCounts: UnsafeMutablePointer<Int>
    /// Per slot: whether the text was stored as a checked text (`text(_:isCheckedText:)`).
    private let storedIsCheckedText: UnsafeMutablePointer<Bool>
    private let texts: UnsafeMutablePointer<String>
    private let textHashes: UnsafeMutablePointer<Int>
    /// The number of texts kept, in memory of its own for the same reason.
    private let entryCount: UnsafeMutablePointer<Int>

    init() {
        keys = .allocate(capacity: Self.slotCount)
        keys.initialize(repeating: 0, count: Self.slotCount)
        storedBytes = .allocate(capacity: Self.slotCount * Self.maximumByteCount)
        storedByteCounts = .allocate(capacity: Self.slotCount)
        storedByteCounts.initialize(repeating: 0, count: Self.slotCount)
        storedIsCheckedText = .allocate(capacity: Self.slotCount)
        storedIsCheckedText.initialize(repeating: false, count: Self.slotCount)
        texts = .allocate(capacity: Self.slotCount)
        texts.initialize(repeating: "", count: Self.slotCount)
        textHashes = .allocate(capacity: Self.slotCount)
        textHashes.initialize(repeating: 0, count: Self.slotCount)
        entryCount = .allocate(capacity: 1)
        entryCount.initialize(to: 0)
    }

    deinit {
        texts.deinitialize(count: Self.slotCount)
        texts.deallocate()
        keys.deallocate()
        storedBytes.deallocate()
        storedByteCounts.deallocate()
        storedIsCheckedText.deallocate()
        textHashes.deallocate()
        entryCount.deallocate()
    }

    /// `String(decoding: bytes, as: UTF8.self)` and its `hashValue`. Requires valid UTF-8.
    /// `isCheckedText` says that the bytes are the contents of a JSON string without escapes that
    /// `CanonicalMemberCursor.plainString` accepted and that passed `CanonicalMemberCursor.isText`
    /// (then `checkedText` finds them).
    func text(_ bytes: UnsafeBufferPointer<UInt8>, isCheckedText: Bool = false) -> (text: String, textHash: Int) {
        guard bytes.count > 0, bytes.count <= Self.maximumByteCount else { return Self.make(bytes) }
        let key = Self.key(of: bytes)
        var slot = Int(truncatingIfNeeded: key >> 1) & (Self.slotCount - 1)
        for _ in 0..<Self.maximumProbeCount {
            let stored = keys[slot]
            if stored == 0 {
                let made = Self.make(bytes)
                guard entryCount.pointee < Self.maximumEntryCount else { return made }
                keys[slot] = key
                (storedBytes + slot * Self.maximumByteCount).initialize(from: bytes.baseAddress!, count: bytes.count)
                storedByteCounts[slot] = bytes.count
                storedIsCheckedText[slot] = isCheckedText
                texts[slot] = made.text
                textHashes[slot] = made.textHash
                entryCount.pointee += 1
                return made
            }
            if stored == key, storedByteCounts[slot] == bytes.count,
                memcmp(storedBytes + slot * Self.maximumByteCount, bytes.baseAddress!, bytes.count) == 0
            {
                if isCheckedText { storedIsCheckedText[slot] = true }
                return (texts[slot], textHashes[slot])
            }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        return Self.make(bytes)
    }

    /// `text(bytes)` when the cache holds these bytes as a checked text (stored with
    /// `isCheckedText`), nil otherwise (then nothing is stored). Unlike `text`, the bytes may be
    /// any bytes, checked or not: only bytes equal to ones that passed the checks are found.
    func checkedText(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, textHash: Int)? {
        guard bytes.count > 0, bytes.count <= Self.maximumByteCount else { return nil }
        let key = Self.key(of: bytes)
        var slot = Int(truncatingIfNeeded: key >> 1) & (Self.slotCount - 1)
        for _ in 0..<Self.maximumProbeCount {
            let stored = keys[slot]
            if stored == 0 { return nil }
            if stored == key, storedByteCounts[slot] == bytes.count,
                memcmp(storedBytes + slot * Self.maximumByteCount, bytes.baseAddress!, bytes.count) == 0
            {
                return storedIsCheckedText[slot] ? (texts[slot], textHashes[slot]) : nil
            }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        return nil
    }

    /// `text(bytes).text` for bytes that are often the same few texts (a signer's key id): the same
    /// table, without the hash value.
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { text(bytes).text }

    private static func make(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, textHash: Int) {
        let text = String(decoding: bytes, as: UTF8.self)
        return (text, text.hashValue)
    }

    /// A 64-bit mix of the bytes, eight at a time, made odd. Requires at least one byte.
    private static func key(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 29
        return hash | 1
    }
}

extension DecodedTextCache {
    /// The calling thread's cache (made on first use, freed when the thread ends).
    static var current: DecodedTextCache {
        if let raw = pthread_getspecific(threadKey) {
            return Unmanaged<DecodedTextCache>.fromOpaque(raw).takeUnretainedValue()
        }
        let cache = DecodedTextCache()
        pthread_setspecific(threadKey, Unmanaged.passRetained(cache).toOpaque())
        return cache
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { raw in DecodedTextCache.releaseThreadCache(raw) }
        precondition(status == 0, "no thread-specific key left for the text cache")
        return key
    }()

    private static func releaseThreadCache(_ raw: UnsafeMutableRawPointer?) {
        guard let raw else { return }
        Unmanaged<DecodedTextCache>.fromOpaque(raw).release()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

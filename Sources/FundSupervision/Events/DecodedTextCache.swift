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
// `maximumByteCount` bytes; past that, texts are made as before. Texts of exactly 64 lowercase hex
// digits asked for by `text(_:)` (payees' pseudonyms: tens of thousands in a large journal) are kept
// apart, in a `HexTextTable` keyed by the 32 bytes they spell, which grows with the journal up to
// 8 MiB per thread.
//
// The texts the cache keeps are immortal (`ImmortalText`): their bytes are copied once into memory
// that is never freed, and the `String` refers to them as a string literal refers to its bytes. A
// copy of such a text, or its destruction, then touches no reference count: a payment's signer and
// payee id are kept in its prepared entry, read by the in-order thread on the other core and destroyed
// on this one, and as counted objects each copy was an atomic increment (and each destruction an
// atomic decrement) of a counter shared between the two cores, often a cache miss (45,670 payees).
// The process keeps at most `ImmortalText.byteBudget` bytes so; past it, texts are made as before
// and not kept.

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
    /// Per slot: the text's raw bits (`ImmortalText`: a small or an immortal string, owned by no one).
    private let texts: UnsafeMutablePointer<ImmortalText.Bits>
    private let textHashes: UnsafeMutablePointer<Int>
    /// The number of texts kept, in memory of its own for the same reason.
    private let entryCount: UnsafeMutablePointer<Int>
    /// The 64-digit lowercase hex texts (payees' pseudonyms), in a table of their own (see `HexTextTable`).
    let hexTexts: HexTextTable
    /// Where the kept texts' bytes are copied (never freed).
    private let arena: UnsafeMutablePointer<ImmortalText.Arena>
    /// The last date read (`date(_:)`): its ten bytes and its value.
    private let lastDate: UnsafeMutablePointer<(low: UInt64, high: UInt16, date: CivilDate?)>

    init(hexTextSlotLimit: Int = HexTextTable.defaultMaximumSlotCount) {
        hexTexts = HexTextTable(maximumSlotCount: hexTextSlotLimit)
        keys = .allocate(capacity: Self.slotCount)
        keys.initialize(repeating: 0, count: Self.slotCount)
        storedBytes = .allocate(capacity: Self.slotCount * Self.maximumByteCount)
        storedByteCounts = .allocate(capacity: Self.slotCount)
        storedByteCounts.initialize(repeating: 0, count: Self.slotCount)
        storedIsCheckedText = .allocate(capacity: Self.slotCount)
        storedIsCheckedText.initialize(repeating: false, count: Self.slotCount)
        texts = .allocate(capacity: Self.slotCount)
        texts.initialize(repeating: ImmortalText.Bits(0, 0), count: Self.slotCount)
        textHashes = .allocate(capacity: Self.slotCount)
        textHashes.initialize(repeating: 0, count: Self.slotCount)
        entryCount = .allocate(capacity: 1)
        entryCount.initialize(to: 0)
        arena = .allocate(capacity: 1)
        arena.initialize(to: ImmortalText.Arena())
        lastDate = .allocate(capacity: 1)
        lastDate.initialize(to: (0, 0, nil))
    }

    deinit {
        // The texts are not released: they are immortal, and may be held anywhere (the arena's
        // bytes are never freed).
        texts.deallocate()
        arena.deallocate()
        lastDate.deallocate()
        keys.deallocate()
        storedBytes.deallocate()
        storedByteCounts.deallocate()
        storedIsCheckedText.deallocate()
        textHashes.deallocate()
        entryCount.deallocate()
    }

    /// A payee's 64 lowercase hex digits as `text(_:)` makes them, with the key of a payee of `kind`
    /// with that id: the digits packed once, for the cache and the key, and the key's hash value
    /// made once per id. Nil when `bytes` are not 64 lowercase hex digits.
    func payeeID(_ bytes: UnsafeBufferPointer<UInt8>, kind: PayeeKind) -> (text: String, key: PayeeKey)? {
        guard bytes.count == 64, let key = HexTextKey(bytes) else { return nil }
        return payeeID(bytes, key: key, kind: kind)
    }

    /// `payeeID(bytes, kind:)` for bytes already packed: `key` must be `HexTextKey(bytes)`.
    func payeeID(_ bytes: UnsafeBufferPointer<UInt8>, key: HexTextKey, kind: PayeeKind) -> (text: String, key: PayeeKey) {
        let found = hexTexts.text(bytes, key: key)
        return (found.text, PayeeKey(kind: kind, packedWords: key.textOrderWords, hash: found.payeeKeyHash))
    }

    /// `String(decoding: bytes, as: UTF8.self)` and its `hashValue`. Requires valid UTF-8.
    /// `isCheckedText` says that the bytes are the contents of a JSON string without escapes that
    /// `CanonicalMemberCursor.plainString` accepted and that passed `CanonicalMemberCursor.isText`
    /// (then `checkedText` finds them).
    func text(_ bytes: UnsafeBufferPointer<UInt8>, isCheckedText: Bool = false) -> (text: String, textHash: Int) {
        if !isCheckedText, bytes.count == 64, let key = HexTextKey(bytes) {
            let found = hexTexts.text(bytes, key: key)
            return (found.text, found.textHash)
        }
        guard bytes.count > 0, bytes.count <= Self.maximumByteCount else { return Self.make(bytes) }
        let key = Self.key(of: bytes)
        var slot = Int(truncatingIfNeeded: key >> 1) & (Self.slotCount - 1)
        for _ in 0..<Self.maximumProbeCount {
            let stored = keys[slot]
            if stored == 0 {
                let made = Self.make(bytes)
                guard entryCount.pointee < Self.maximumEntryCount, let kept = arena.pointee.keep(made.text, bytes)
                else { return made }
                keys[slot] = key
                (storedBytes + slot * Self.maximumByteCount).initialize(from: bytes.baseAddress!, count: bytes.count)
                storedByteCounts[slot] = bytes.count
                storedIsCheckedText[slot] = isCheckedText
                texts[slot] = kept
                textHashes[slot] = made.textHash
                entryCount.pointee += 1
                return (ImmortalText.string(kept), made.textHash)
            }
            if stored == key, storedByteCounts[slot] == bytes.count,
                memcmp(storedBytes + slot * Self.maximumByteCount, bytes.baseAddress!, bytes.count) == 0
            {
                if isCheckedText { storedIsCheckedText[slot] = true }
                return (ImmortalText.string(texts[slot]), textHashes[slot])
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
                return storedIsCheckedText[slot] ? (ImmortalText.string(texts[slot]), textHashes[slot]) : nil
            }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        return nil
    }

    /// `CivilDate(parsingUTF8: bytes)`, the last date parsed kept (a payment's dates are mostly the
    /// ones of the payment before it): the same ten bytes are the same date.
    func date(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard bytes.count == 10 else { return CivilDate(parsingUTF8: bytes) }
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let low = raw.loadUnaligned(as: UInt64.self)
        let high = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        if let date = lastDate.pointee.date, lastDate.pointee.low == low, lastDate.pointee.high == high { return date }
        let parsed = CivilDate(parsingUTF8: bytes)
        if let parsed { lastDate.pointee = (low, high, parsed) }
        return parsed
    }

    /// `text(bytes).text` for bytes that are often the same few texts (a signer's key id): the same
    /// table, without the hash value.
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { text(bytes).text }

    fileprivate static func make(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, textHash: Int) {
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
        // The rest in at most two loads, overlapping bytes already mixed (any function of the bytes
        // will do: keys are compared only with keys made here, in this process).
        var tail: UInt64 = 0
        if offset < bytes.count {
            if bytes.count >= 8 {
                tail = raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
            } else if bytes.count >= 4 {
                tail = UInt64(raw.loadUnaligned(as: UInt32.self))
                    | UInt64(raw.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self)) << 32
            } else {
                var shift: UInt64 = 0
                while offset < bytes.count {
                    tail |= UInt64(bytes[offset]) << shift
                    shift += 8
                    offset += 1
                }
            }
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 29
        return hash | 1
    }
}

/// The 32 bytes that 64 lowercase hex digits spell, as four words: a payee's pseudonym packed.
///
/// A county journal pays tens of thousands of households (45,670 in the generated 1,000,000-entry
/// journal), far more than the general table keeps, so each payment's pseudonym was made afresh: an
/// allocation (whose memory, freed a few thousand lines earlier, is no longer in the cache), its
/// UTF-8 validated and its 64 bytes hashed. Packed, a pseudonym is a 32-byte key compared in four
/// words, and a table of a few megabytes holds every household of such a journal.
struct HexTextKey: Equatable {
    var words: (UInt64, UInt64, UInt64, UInt64)

    /// The key of `bytes` when they are exactly 64 lowercase hex digits (`0-9a-f`); nil otherwise.
    /// Distinct digit strings have distinct keys (each digit is its own value 0-15).
    /// The eight words' defects are gathered without a branch per word and tested once (a test and
    /// an optional per word cost about 330 instructions per payment, the payee's pseudonym).
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 64, let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var defects: UInt64 = 0
        let w0 = Self.pack(raw, defects: &defects)
        let w1 = Self.pack(raw + 16, defects: &defects)
        let w2 = Self.pack(raw + 32, defects: &defects)
        let w3 = Self.pack(raw + 48, defects: &defects)
        guard defects == 0 else { return nil }
        words = (w0, w1, w2, w3)
    }

    /// The 16 digits at `raw` packed four bits each, their defects added to `defects` (the packed
    /// value means nothing when any is set).
    @inline(__always)
    private static func pack(_ raw: UnsafeRawPointer, defects: inout UInt64) -> UInt64 {
        let low = nibbles(raw.loadUnaligned(as: UInt64.self), defects: &defects)
        let high = nibbles(raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self), defects: &defects)
        return low | high << 32
    }

    /// Eight ASCII digits (one per byte, little-endian) as eight nibbles in 32 bits; `defects` gets a
    /// high bit of each byte that is not `0-9` or `a-f` (then the result means nothing). The checks
    /// are `CanonicalJSONParser.areLowercaseHexDigits`'s (`hexDefects`).
    @inline(__always)
    private static func nibbles(_ word: UInt64, defects: inout UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        // For bytes below 0x80 (adding at most 0x50 to one never carries into the next):
        // byte + (0x80 - low) has its high bit set exactly when byte >= low, and byte + (0x7F - high)
        // exactly when byte > high. A byte of 0x80 or more is a defect of its own (its high bit),
        // whatever the sums then give for the other bytes.
        let digit = (word &+ ones &* (0x80 - 0x30)) & ~(word &+ ones &* (0x7F - 0x39))
        let letter = (word &+ ones &* (0x80 - 0x61)) & ~(word &+ ones &* (0x7F - 0x66))
        defects |= (word | ~(digit | letter)) & highBits
        // '0'-'9' are 0x30-0x39 (value: the low four bits), 'a'-'f' 0x61-0x66 (low four bits + 9).
        let isLetter = (letter & highBits) >> 7
        var packed = (word & (ones &* 0x0F)) &+ isLetter &* 9
        // Two bytes' nibbles into one byte, then two bytes into 16 bits, then into 32.
        packed = (packed | packed >> 4) & 0x00FF_00FF_00FF_00FF
        packed = (packed | packed >> 8) & 0x0000_FFFF_0000_FFFF
        packed = (packed | packed >> 16) & 0x0000_0000_FFFF_FFFF
        return packed
    }

    /// The words as `PayeeKey` packs the same digits (first digit most significant): each word's
    /// nibbles in reverse order.
    var textOrderWords: (UInt64, UInt64, UInt64, UInt64) {
        func reversedNibbles(_ word: UInt64) -> UInt64 {
            let bytes = word.byteSwapped
            return (bytes & 0x0F0F_0F0F_0F0F_0F0F) << 4 | (bytes >> 4) & 0x0F0F_0F0F_0F0F_0F0F
        }
        return (reversedNibbles(words.0), reversedNibbles(words.1), reversedNibbles(words.2), reversedNibbles(words.3))
    }

    static func == (left: HexTextKey, right: HexTextKey) -> Bool {
        left.words.0 == right.words.0 && left.words.1 == right.words.1 && left.words.2 == right.words.2
            && left.words.3 == right.words.3
    }

    /// A 64-bit mix of the four words (a hostile journal's collisions only lengthen probes, which are bounded).
    var mixed: UInt64 {
        var hash = (words.0 ^ 0x9E37_79B9_7F4A_7C15) &* 0xFF51_AFD7_ED55_8CCD
        hash = (hash ^ words.1 ^ hash >> 32) &* 0xC4CE_B9FE_1A85_EC53
        hash = (hash ^ words.2 ^ hash >> 29) &* 0xFF51_AFD7_ED55_8CCD
        hash = (hash ^ words.3 ^ hash >> 32) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ hash >> 29
    }

    /// The first slot to try in a table of `mask + 1` slots (at most 2^32): the mix's upper half.
    @inline(__always)
    func slotIndex(mask: Int) -> Int { Int(truncatingIfNeeded: mixed >> 32) & mask }
}

/// An open-addressing table from `HexTextKey` to the text and its hash value, one slot per cache
/// line (64 bytes, aligned), grown by doubling from `initialSlotCount` while at most three slots in
/// four are used, up to `maximumSlotCount` (8 MiB); past that, and past `maximumProbeCount` slots
/// tried, texts are made as before without being kept. So a journal with few payees keeps a small
/// table. A slot holds no counted reference: its text is immortal (`ImmortalText`), kept as the
/// address of its 64 bytes.
final class HexTextTable {
    struct Slot {
        var key: HexTextKey
        /// The address of the text's 64 bytes (`ImmortalText`); 0 when the slot is empty.
        var textAddress: UInt
        var textHash: Int
        /// `PayeeKey.hash(ofPacked: key.textOrderWords)`: a payee key's hash value, made once per id.
        var payeeKeyHash: Int
        /// Pads the slot to a cache line.
        var padding: UInt64 = 0

        /// The slot's text (a filled slot's).
        @inline(__always)
        var text: String {
            ImmortalText.string(UnsafePointer(bitPattern: textAddress)!, count: 64, isASCII: true)
        }
    }

    /// A slot's size and alignment: one cache line.
    static let slotByteCount = 64
    static let initialSlotCount = 1 << 10
    static let defaultMaximumSlotCount = 1 << 17
    /// Slots tried before a text is made without the table: far more than a probe sequence takes at
    /// three slots in four used (8.5 on average for a text not kept), so only a hostile journal's
    /// colliding keys reach it.
    static let maximumProbeCount = 128

    /// The most slots the table grows to (tests lower it).
    let maximumSlotCount: Int

    /// The slots, their count and the texts kept, in raw memory held by `let`s (see `DecodedTextCache.keys`).
    private let state: UnsafeMutablePointer<(slots: UnsafeMutablePointer<Slot>?, slotCount: Int, entryCount: Int)>
    /// Where the texts' bytes are copied (never freed).
    private let arena: UnsafeMutablePointer<ImmortalText.Arena>

    init(maximumSlotCount: Int = HexTextTable.defaultMaximumSlotCount) {
        precondition(maximumSlotCount >= Self.initialSlotCount && maximumSlotCount & (maximumSlotCount - 1) == 0,
                     "a power of two, at least the initial slot count")
        precondition(MemoryLayout<Slot>.stride == Self.slotByteCount, "a slot is one cache line")
        self.maximumSlotCount = maximumSlotCount
        state = .allocate(capacity: 1)
        state.initialize(to: (nil, 0, 0))
        arena = .allocate(capacity: 1)
        arena.initialize(to: ImmortalText.Arena())
    }

    deinit {
        // The texts are immortal: only the slots are freed.
        if let slots = state.pointee.slots { Self.free(slots) }
        state.deallocate()
        arena.deallocate()
    }

    /// The number of texts kept (for tests).
    var entryCount: Int { state.pointee.entryCount }
    /// The number of slots (for tests).
    var slotCount: Int { state.pointee.slotCount }

    /// `DecodedTextCache.make(bytes)`, kept under `key` (which must be `HexTextKey(bytes)`).
    func text(_ bytes: UnsafeBufferPointer<UInt8>, key: HexTextKey) -> (text: String, textHash: Int, payeeKeyHash: Int) {
        if state.pointee.slots == nil || (state.pointee.entryCount + 1) * 4 > state.pointee.slotCount * 3 {
            guard grow() else { return find(bytes, key: key, inserting: false) }
        }
        return find(bytes, key: key, inserting: true)
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>, key: HexTextKey, inserting: Bool)
        -> (text: String, textHash: Int, payeeKeyHash: Int)
    {
        let slots = state.pointee.slots!
        let mask = state.pointee.slotCount - 1
        var index = key.slotIndex(mask: mask)
        for _ in 0..<Self.maximumProbeCount {
            let slot = slots + index
            if slot.pointee.textAddress == 0 {
                let made = DecodedTextCache.make(bytes)
                let payeeKeyHash = PayeeKey.hash(ofPacked: key.textOrderWords)
                guard inserting, let address = arena.pointee.copy(ofTextBytes: made.text, bytes) else {
                    return (made.text, made.textHash, payeeKeyHash)
                }
                slot.pointee.key = key
                slot.pointee.textAddress = UInt(bitPattern: address)
                slot.pointee.textHash = made.textHash
                slot.pointee.payeeKeyHash = payeeKeyHash
                state.pointee.entryCount += 1
                return (slot.pointee.text, made.textHash, payeeKeyHash)
            }
            if slot.pointee.key == key { return (slot.pointee.text, slot.pointee.textHash, slot.pointee.payeeKeyHash) }
            index = (index + 1) & mask
        }
        let made = DecodedTextCache.make(bytes)
        return (made.text, made.textHash, PayeeKey.hash(ofPacked: key.textOrderWords))
    }

    /// Makes the first slots or doubles them, moving the texts kept; false at `maximumSlotCount`
    /// when that is full (then nothing more is kept).
    private func grow() -> Bool {
        let oldCount = state.pointee.slotCount
        guard oldCount < maximumSlotCount else {
            return (state.pointee.entryCount + 1) * 4 <= oldCount * 3
        }
        let newCount = oldCount == 0 ? Self.initialSlotCount : oldCount * 2
        let slots = UnsafeMutableRawPointer.allocate(byteCount: newCount * Self.slotByteCount, alignment: Self.slotByteCount)
            .bindMemory(to: Slot.self, capacity: newCount)
        slots.initialize(repeating: Slot(key: HexTextKey(zero: ()), textAddress: 0, textHash: 0, payeeKeyHash: 0), count: newCount)
        var kept = 0
        if let old = state.pointee.slots {
            let mask = newCount - 1
            for oldIndex in 0..<oldCount where old[oldIndex].textAddress != 0 {
                var index = old[oldIndex].key.slotIndex(mask: mask)
                var probes = 0
                while slots[index].textAddress != 0, probes < Self.maximumProbeCount {
                    index = (index + 1) & mask
                    probes += 1
                }
                // A text that no longer finds a free slot within the probe bound is dropped (made again when asked).
                guard slots[index].textAddress == 0 else { continue }
                slots[index] = old[oldIndex]
                kept += 1
            }
            Self.free(old)
        }
        state.pointee = (slots, newCount, kept)
        return true
    }

    private static func free(_ slots: UnsafeMutablePointer<Slot>) {
        UnsafeMutableRawPointer(slots).deallocate()
    }
}

extension HexTextKey {
    /// The key of sixty-four `0`s (an empty slot's placeholder: slots are told apart by `isUsed`).
    init(zero: ()) { words = (0, 0, 0, 0) }
}

extension DecodedTextCache {
    /// `body` with the calling thread's cache (`current`), lent without a retain and release.
    @inline(__always)
    static func withCurrent<Result>(_ body: (DecodedTextCache) -> Result) -> Result {
        if let raw = pthread_getspecific(threadKey) {
            return Unmanaged<DecodedTextCache>.fromOpaque(raw)._withUnsafeGuaranteedRef(body)
        }
        return body(current)
    }

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

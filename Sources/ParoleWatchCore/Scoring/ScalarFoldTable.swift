import Foundation

/// What one Unicode scalar becomes in normalized text, precomputed for U+0080…U+FFFF, the mathematical
/// alphanumerics (U+1D400…U+1D7FF) and the enclosed alphanumerics (U+1F100…U+1F1FF); other supplementary scalars are
/// classified on the fly from their general category (they are rare apart from emoji, which take a range test).
///
/// Folding one scalar, in this order (each step feeds the next, so they compose):
/// 1. default-ignorable code points (zero-width characters, soft hyphen, variation selectors, tags, U+034F) vanish;
/// 2. quotation marks become `"`, apostrophe-like marks `'`, dashes `-`, the middle dot and bullets `.`, the ellipsis
///    `…` three `.`, `€` stays;
/// 3. letters and numbers take their compatibility decomposition (NFKD: fullwidth, mathematical, ligatures,
///    superscripts, circled letters → base letters; `é` → `e` + U+0301);
/// 4. look-alike letters map to Latin (``Confusables``), before and after lowercasing (`ß` → `ss`);
/// 5. combining marks are dropped (diacritics: `ó` → `o`, `ò` → `o`, `ñ` → `n`);
/// 6. anything that is not a letter or a number is a separator (a space); pictographs (emoji, regional-indicator flags,
///    other symbols from U+2000 on, such as `✅ ⭐ ™`) are separators marked with ``pictographBit``, which the
///    normalizer drops between two letters (`pa🇺🇸rol`).
///
/// The result is a fixed point (folding any output scalar again yields that scalar), which makes normalization
/// idempotent. The table is a `static let`, so Swift builds it once, thread-safely, on first use (about 40 ms of CPU
/// in a release build, spread over every core).
final class ScalarFoldTable: Sendable {
    /// How the output of an entry is to be read.
    enum Kind: UInt32 {
        /// Emit the pool scalars (a single space is a separator).
        case mapped = 0
        /// Drop the scalar silently (combining marks, soft hyphens, variation selectors).
        case ignorable = 1
        /// Drop the scalar, but inside a word it is evidence of obfuscation (U+200B and friends, tags).
        case zeroWidth = 2
        /// Emit the scalar itself as a letter (a scalar that folds to itself, or a supplementary letter outside the
        /// tables).
        case identity = 3
    }

    /// The one shared table.
    static let shared = ScalarFoldTable()

    /// Starts building ``shared`` on another thread, if it is not built yet, and returns at once: a caller that reads
    /// ``shared`` before it is done waits for it.
    static func prepareInBackground() {
        DispatchQueue.global(qos: .userInitiated).async { _ = shared }
    }

    /// Output scalars referenced by entries.
    let pool: [UInt32]
    private let bmp: [UInt32]
    private let mathAlphanumerics: [UInt32]
    private let enclosedAlphanumerics: [UInt32]
    private let separatorEntry: UInt32
    private let pictographEntry: UInt32
    /// For U+00C0…U+00FF (UTF-8 `C3 80`…`C3 BF`, indexed by the second byte's low six bits): the lowercase ASCII
    /// letter the scalar folds to on its own (`é` → `e`, `Ñ` → `n`), or 0 when it folds to anything else (`ß`, `×`,
    /// `æ`). The accented letters of Spanish, French and Haitian Creole, which the normalizer's word loop takes in
    /// stride.
    let latin1Letters: [UInt8]

    static let confusableBit: UInt32 = 1 << 27
    /// On a separator entry: the scalar is a pictograph (emoji, flag half, symbol), not punctuation or a space.
    static let pictographBit: UInt32 = 1 << 30

    static func kind(of entry: UInt32) -> Kind { Kind(rawValue: (entry >> 28) & 3) ?? .mapped }
    static func poolOffset(of entry: UInt32) -> Int { Int(entry & 0xF_FFFF) }
    static func poolCount(of entry: UInt32) -> Int { Int((entry >> 20) & 0x7F) }

    /// The entry for a non-ASCII scalar value.
    @inline(__always)
    func entry(for value: UInt32) -> UInt32 {
        if value < 0x1_0000 { return bmp[Int(value &- 0x80)] }
        if value >= 0x1_D400 && value < 0x1_D800 { return mathAlphanumerics[Int(value &- 0x1_D400)] }
        if value >= 0x1_F100 && value < 0x1_F200 { return enclosedAlphanumerics[Int(value &- 0x1_F100)] }
        if value >= 0x1_F000 && value < 0x1_FB00 { return pictographEntry }  // emoji and pictographs
        if value >= 0xE_0000 && value < 0xE_0080 { return Kind.zeroWidth.rawValue << 28 }  // tag characters
        guard let scalar = Unicode.Scalar(value) else { return separatorEntry }
        let properties = scalar.properties
        if properties.isDefaultIgnorableCodePoint { return Kind.ignorable.rawValue << 28 }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .spacingMark:
            return Kind.identity.rawValue << 28
        case .nonspacingMark, .enclosingMark:
            return Kind.ignorable.rawValue << 28
        case .otherSymbol:
            return pictographEntry
        default:
            return separatorEntry
        }
    }

    private init() {
        var builder = Builder()
        let separator = builder.encode(Fold(scalars: [0x20]))
        // Folding is what takes the time, and each scalar folds on its own: fold on every core, then encode in order
        // (the pool comes out the same).
        var bmp = [UInt32](repeating: separator, count: 0x1_0000 - 0x80)
        for (offset, fold) in Self.foldsInParallel(UInt32(0x80)..<0x1_0000).enumerated() {
            if let fold { bmp[offset] = builder.encode(fold, of: UInt32(0x80 + offset)) }  // nil for surrogates
        }
        func range(_ lower: UInt32, _ upper: UInt32) -> [UInt32] {
            let decompositions = CompatibilityDecompositions(
                of: (lower..<upper).compactMap(Unicode.Scalar.init).filter(Self.needsDecomposition))
            return (lower..<upper).map { value in
                Unicode.Scalar(value).map { builder.encode(Self.stableFold($0, decompositions: decompositions), of: value) }
                    ?? separator
            }
        }
        self.mathAlphanumerics = range(0x1_D400, 0x1_D800)
        self.enclosedAlphanumerics = range(0x1_F100, 0x1_F200)
        self.bmp = bmp
        self.separatorEntry = separator
        self.pictographEntry = builder.encode(Fold(scalars: [0x20], isPictograph: true))
        self.pool = builder.pool
        let pool = builder.pool
        self.latin1Letters = (UInt32(0xC0)...0xFF).map { value in
            let entry = bmp[Int(value - 0x80)]
            guard Self.kind(of: entry) == .mapped, entry & (Self.confusableBit | Self.pictographBit) == 0,
                Self.poolCount(of: entry) == 1
            else { return 0 }
            let output = pool[Self.poolOffset(of: entry)]
            guard output < 0x80, Normalizer.asciiKinds[Int(output)] == .letter else { return 0 }
            return UInt8(output) | 0x20
        }
    }

    /// ``stableFold(_:)`` of every value in `values`, nil where a value is not a scalar, computed on all cores.
    private static func foldsInParallel(_ values: Range<UInt32>) -> [Fold?] {
        let chunkCount = 64
        let chunkSize = (values.count + chunkCount - 1) / chunkCount
        var folds = [Fold?](repeating: nil, count: values.count)
        folds.withUnsafeMutableBufferPointer { buffer in
            let slots = FoldSlots(base: buffer)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let lower = chunk * chunkSize
                let offsets = lower..<min(lower + chunkSize, values.count)
                let scalars = offsets.compactMap { Unicode.Scalar(values.lowerBound + UInt32($0)) }
                let decompositions = CompatibilityDecompositions(of: scalars.filter(needsDecomposition))
                for offset in offsets {
                    slots.base[offset] = Unicode.Scalar(values.lowerBound + UInt32(offset)).map {
                        stableFold($0, decompositions: decompositions)
                    }
                }
            }
        }
        return folds
    }

    /// Where each chunk of ``foldsInParallel(_:)`` writes.
    ///
    /// @unchecked Sendable is sound: the buffer outlives `concurrentPerform`, and chunks write disjoint elements.
    private struct FoldSlots: @unchecked Sendable {
        let base: UnsafeMutableBufferPointer<Fold?>
    }

    /// A scalar's fold before encoding.
    struct Fold: Equatable {
        var kind: Kind = .mapped
        var scalars: [UInt32] = []
        var isConfusable = false
        var isPictograph = false
    }

    private struct Builder {
        var pool: [UInt32] = []
        var offsets: [[UInt32]: UInt32] = [:]
        /// Offsets of one-scalar outputs, most of them: no array to hash.
        var singleOffsets: [UInt32: UInt32] = [:]

        /// The entry of `fold`, the fold of `value` if given: a scalar that folds to itself (every CJK and Hangul
        /// letter, most letters of other scripts: half the table) is an ``Kind/identity`` entry, which reads the
        /// same and needs no pool.
        mutating func encode(_ fold: Fold, of value: UInt32? = nil) -> UInt32 {
            if fold.kind == .mapped, !fold.isConfusable, !fold.isPictograph, fold.scalars.count == 1,
                let value, value >= 0x80, fold.scalars[0] == value
            {
                return Kind.identity.rawValue << 28
            }
            var entry = fold.kind.rawValue << 28
            if fold.isConfusable { entry |= ScalarFoldTable.confusableBit }
            if fold.isPictograph { entry |= ScalarFoldTable.pictographBit }
            guard fold.kind == .mapped else { return entry }
            if fold.scalars.count <= 1 {
                let scalar = fold.scalars.first ?? 0x20
                return entry | (1 << 20) | offset(of: CollectionOfOne(scalar), key: scalar, in: \.singleOffsets)
            }
            let scalars = Array(fold.scalars.prefix(0x7F))
            let offset = offset(of: scalars, key: scalars, in: \.offsets)
            return entry | (UInt32(scalars.count) << 20) | offset
        }

        /// Where `scalars` sit in the pool: where they were put before under `key`, or appended now.
        private mutating func offset<Key: Hashable>(
            of scalars: some Collection<UInt32>,
            key: Key,
            in known: WritableKeyPath<Builder, [Key: UInt32]>
        ) -> UInt32 {
            if let offset = self[keyPath: known][key] { return offset }
            let offset = UInt32(pool.count)
            pool.append(contentsOf: scalars)
            self[keyPath: known][key] = offset
            return offset
        }
    }

    /// Folds `scalar`, then folds the output again until nothing changes, so every output scalar is its own fold.
    /// `decompositions` may hold the compatibility decomposition of `scalar`, computed beforehand with many others.
    static func stableFold(
        _ scalar: Unicode.Scalar,
        decompositions: CompatibilityDecompositions = CompatibilityDecompositions()
    ) -> Fold {
        if scalar.value == 0x2026 { return Fold(scalars: [0x2E, 0x2E, 0x2E]) }  // `…` reads as `...`
        // Half the scalars of the table are CJK, Hangul or Yi letters, each its own fold (``foldLetter(_:)``): say so
        // without the lookups of ``fold(_:)`` on the way there, which none of them meets.
        if isIdentityBlock(scalar.value) && scalar.properties.generalCategory == .otherLetter
            && !scalar.properties.isDefaultIgnorableCodePoint
        {
            return Fold(scalars: [scalar.value])
        }
        var fold = self.fold(scalar, decompositions: decompositions)
        for _ in 0..<4 where fold.kind == .mapped {
            var next: [UInt32] = []
            for value in fold.scalars {
                guard value >= 0x80, value != scalar.value, let inner = Unicode.Scalar(value) else {
                    next.append(value)
                    continue
                }
                let again = self.fold(inner)
                switch again.kind {
                case .mapped: next.append(contentsOf: again.scalars)
                case .identity: next.append(value)
                case .ignorable, .zeroWidth: break
                }
                if again.isConfusable { fold.isConfusable = true }
            }
            if next == fold.scalars { break }
            fold.scalars = next
        }
        if fold.kind == .mapped && fold.scalars.count > 1 {
            // `⑴` → `(1)` keeps `1`; a scalar that would fold into two tokens (`½` → `1⁄2`) separates instead, so
            // every token maps back to whole original scalars of its own.
            while let first = fold.scalars.first, isSeparator(first) { fold.scalars.removeFirst() }
            while let last = fold.scalars.last, isSeparator(last) { fold.scalars.removeLast() }
            if fold.scalars.isEmpty || fold.scalars.contains(where: isSeparator) { fold = Fold(scalars: [0x20]) }
        }
        if fold.kind == .mapped && fold.scalars.isEmpty { fold.kind = .ignorable }
        return fold
    }

    /// Whether a folded output scalar separates tokens (ASCII other than letters and digits; kept symbols count too).
    private static func isSeparator(_ value: UInt32) -> Bool {
        guard value < 0x80 else { return value == 0x20AC }
        let byte = UInt8(value)
        return
            !((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte))
    }

    private static let zeroWidth: Set<UInt32> = [
        0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF,
    ]
    private static let quotes: Set<UInt32> = [
        0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2039, 0x203A, 0x301D, 0x301E, 0x301F, 0xFF02, 0x2E42,
    ]
    private static let apostrophes: Set<UInt32> = [
        0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x00B4, 0x02BC, 0xFF07, 0x02B9,
    ]
    private static let dashes: Set<UInt32> = [0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63, 0xFF0D]

    /// One folding step for one scalar (see the type's documentation for the order).
    static func fold(
        _ scalar: Unicode.Scalar,
        decompositions: CompatibilityDecompositions = CompatibilityDecompositions()
    ) -> Fold {
        let value = scalar.value
        if value < 0x80 { return Fold(scalars: [value]) }
        if zeroWidth.contains(value) || (0xE_0000..<0xE_0080).contains(value) { return Fold(kind: .zeroWidth) }
        let properties = scalar.properties
        if properties.isDefaultIgnorableCodePoint { return Fold(kind: .ignorable) }
        if quotes.contains(value) { return Fold(scalars: [0x22]) }
        if apostrophes.contains(value) { return Fold(scalars: [0x27]) }
        if dashes.contains(value) { return Fold(scalars: [0x2D]) }
        if value == 0x00B7 || value == 0x2022 || value == 0x2027 { return Fold(scalars: [0x2E]) }
        if value == 0x20AC { return Fold(scalars: [value]) }
        if let letter = negativeEnclosedLetter(value) { return Fold(scalars: [letter]) }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark:
            return Fold(kind: .ignorable)
        case .privateUse, .unassigned, .surrogate:
            return Fold(scalars: [0x20])  // no decomposition to look up: a plain separator, as below
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .spacingMark:
            return foldLetter(scalar, decompositions: decompositions)
        default:
            // Fullwidth and small punctuation (＄, ％, ！) and circled or squared letters (Ⓐ, 🄰) decompose to one
            // ASCII character; other symbols and punctuation (™ is `TM`) separate words.
            let decomposed = decompositions[scalar]
            if decomposed.count == 1, let only = decomposed.first, only.isASCII {
                return Fold(scalars: [only.properties.lowercaseMapping.unicodeScalars.first?.value ?? only.value])
            }
            return Fold(scalars: [0x20], isPictograph: isPictograph(scalar))
        }
    }

    /// Emoji, regional indicators (flag halves) and other symbols from U+2000 on, and `®` (which the normalizer reads
    /// as `r` between two letters: `🅿️🅰️®️🅾️🅻🅴`, `ap®obando`); the other Latin-1 symbols (`° ©`) stay plain separators,
    /// and so do punctuation, math symbols and arrows.
    private static func isPictograph(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == Normalizer.registeredSign { return true }
        if value >= 0x1_F000 && value < 0x1_FB00 { return true }
        return value >= 0x2000 && scalar.properties.generalCategory == .otherSymbol
    }

    /// 🅐…🅩 and 🅰…🆉 have no decomposition; they are letters drawn in boxes.
    private static func negativeEnclosedLetter(_ value: UInt32) -> UInt32? {
        if (0x1_F150...0x1_F169).contains(value) { return 0x61 + value - 0x1_F150 }
        if (0x1_F170...0x1_F189).contains(value) { return 0x61 + value - 0x1_F170 }
        return nil
    }

    private static func isIdentityBlock(_ value: UInt32) -> Bool {
        (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xA000...0xA4CF).contains(value)
    }

    private static func foldLetter(_ scalar: Unicode.Scalar, decompositions: CompatibilityDecompositions) -> Fold {
        if isIdentityBlock(scalar.value) { return Fold(scalars: [scalar.value]) }
        var fold = Fold()
        for part in decompositions[scalar] {
            var base = part
            if let latin = Confusables.latin(for: base) {
                base = latin
                fold.isConfusable = true
            }
            for lower in base.properties.lowercaseMapping.unicodeScalars {
                var letter = lower
                if let latin = Confusables.latin(for: letter) {
                    letter = latin
                    fold.isConfusable = true
                }
                if letter.value == 0xDF {  // ß
                    fold.scalars.append(contentsOf: [0x73, 0x73])
                    continue
                }
                if letter.isASCII {
                    fold.scalars.append(letter.value)
                    continue
                }
                switch letter.properties.generalCategory {
                case .nonspacingMark, .enclosingMark:
                    continue
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                    .decimalNumber, .letterNumber, .otherNumber, .spacingMark:
                    fold.scalars.append(letter.value)
                default:
                    fold.scalars.append(0x20)
                }
            }
        }
        if fold.scalars.isEmpty { fold.kind = .ignorable }
        return fold
    }

    /// Whether ``fold(_:decompositions:)`` looks up the compatibility decomposition of `scalar`: letters and numbers
    /// outside the identity blocks, and symbols and punctuation without a mapping of their own.
    private static func needsDecomposition(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value >= 0x80, !isIdentityBlock(value) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .privateUse, .unassigned, .surrogate: return false
        default: return true
        }
    }
}

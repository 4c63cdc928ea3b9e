/// Turns post text into the canonical byte form that rule phrases are matched against, undoing the obfuscations
/// posters use to dodge keyword filters, and remembering where every byte came from.
///
/// The steps run in this order, each one seeing the output of the one before:
/// 1. **Scalars** (``ScalarFoldTable``): compatibility forms become base letters (fullwidth `ｐ`, mathematical `𝐩`,
///    ligatures, superscripts, circled letters), look-alike Cyrillic/Greek letters become Latin (``Confusables``) in
///    every word, but only a word that also has Latin letters counts as obfuscated; case is folded, diacritics are
///    dropped (`PARÓLE`, `paròl` → `parole`, `parol`), default-ignorable code points (zero-width characters, soft
///    hyphens, variation selectors, tags) vanish, all quotation marks become `"`, dashes `-`, `·` and `•` `.`, `…`
///    `...`. ASCII takes a fast path; everything else is one table lookup.
/// 2. **Words and symbols**: letters and digits form word tokens; `$ % " : ? ! €` are one-character tokens; anything
///    else (punctuation, emoji, other symbols, whitespace) separates tokens. `@` and `$` between two letters are
///    leetspeak (`p@role`, `pa$$port`) unless the `@` starts an e-mail domain (`x@uscis.gov`). An apostrophe inside
///    or at the end of a word is dropped (`don't` → `dont`, Creole `na'` → `na`) unless it closes a quotation that an
///    apostrophe opened (`'parole'`); one opening a word or standing alone is a quotation mark.
///    - **Pictographs inside a word**: a run of emoji, flags or other symbols (`✅ ⭐ 🔓 🇺🇸`, anything from U+2000 on
///      in Unicode's "other symbol" category) with a letter right before it and a letter right after it vanishes
///      like a zero-width character and marks the word obfuscated (`pa🇺🇸rol` → `parol`, `re🔓lou🔓vri` →
///      `relouvri`). A digit next to the run counts as a letter only when its side of the word has a letter. Next to
///      white space or punctuation a pictograph still separates words (`ATENCIÓN🚨 reabren`, `hola 👋 amigo`). The
///      registered sign `®` is a pictograph that reads as `r` between two letters (`ap®obando`, `🅿️🅰️®️🅾️🅻🅴`).
///    - **Syllable chains**: three or more parts of one to four letters (no digits) joined by one and the same
///      separator among `.` `-` `_` `*` (`·`, `•` and typographic dashes included), with at least one part of at most
///      two letters and one of at least two, join into one obfuscated word (`pa.ro.le`, `re-a-bren`, `re.lou.vri`).
///      Two parts (`co-sponsor`, `e-mail`, `I-134A`, `uscis.gov`), parts with digits (`3.000`, `555-0142`), parts of
///      single letters only (`U.S.A.`, left to step 4), longer words (`reabren-el-parole` in a link) and dotted
///      domain names (`www.gob.mx`, `my.uscis.gov`) stay split.
///    - **Sentence stops**: a `.` token marks a sentence boundary, so a phrase never matches across one (`—No. Es
///      mentira.` → `. no . es mentira .`). A stop is `;`; a `.` (or `…`, `•`) unless it is a single `.` right between
///      two letters or digits (`3.000`, `u.s`, `uscis.gov` stay one or two plain words); and a typographic dash
///      (`—`, `–`) with white space on both sides or at the start of a line. Consecutive stops collapse into one
///      `.`; stops at the start or end of the text are kept (so any slice of whole tokens normalizes to itself).
///      `¡ ¿ ,` and the ASCII hyphen are no stops; `? ! :` stay one-character tokens as before. An abbreviation's
///      last `.` is a stop like any other (`U.S. law` → `u s . law`). The output spells a stop ` . `, which
///      normalizes to a stop again.
/// 3. **Leetspeak digits**, per word of at least four characters with at least two letters: a run of `0 1 3 4 5 7`
///    between letters, or a single one at the start or end of a word next to a letter, becomes `o i e a s t`
///    (`r3abr3n`, `p4rol3`); so `2026`, `$250`, `100%`, `555-0142`, `24h`, `h1b`, `covid19` stay as they are.
/// 4. **Spaced letters**: a run of four or more one-character tokens (at least three of them letters) separated by
///    the same separator (`p a r o l e`, `p.a.r.o.l.e`, `p-a-r-o-l-e`) joins into one word, and so do shorter words
///    spaced out the same way next to it (`R E A B R E N  E L  P A R O L E` → `reabren el parole`); any run of four
///    or more that is left over joins too, so the output never contains such a run (which keeps normalizing
///    idempotent). A joined run that is no word of the model's phrases but reads as two or more of them, each of
///    four letters or more, splits into them (`P A R O L E R E A C T I V A D O` → `parole reactivado`). Normal
///    Spanish (`y a la casa`) has no such run. Sentence stops between the letters do not break a run
///    (`p . a . r . o . l . e`) and vanish inside the joined word.
/// 5. **Repeated letters** squeeze to one (`paroooole` → `parole`, `llamar` → `lamar`), last, so rule phrases
///    normalized by this same normalizer agree with the text.
///
/// Normalizing is idempotent: normalizing ``NormalizedText/text`` again gives the same bytes. Offsets are `Int32`, so
/// texts must be shorter than 2 GiB (posts are capped far below that by the fetcher).
public struct Normalizer: Sendable {
    /// A normalizer; all of them share one lazily built scalar table.
    public init() {
        joinableWords = []
    }

    /// Whether plain text takes the one-pass path (``PlainPass``); false only in tests that compare both paths.
    var usesPlainPath = true

    /// Words that a word cut once or more by one syllable separator joins into even when it is not a syllable chain
    /// of step 2 (`pa-rol`, `pa.rol`): normalized bytes. Empty for ``init()``.
    let joinableWords: Set<[UInt8]>

    /// A normalizer that also joins a word cut by syllable separators (`pa-rol`) when the joined word is one of
    /// `words`, such as the words of a model's phrases (``RuleSet`` passes them). Words shorter than four bytes or
    /// with anything but letters are left out, so `e-mail` or `co-op` stay split unless a phrase has them.
    public init(joinableWords words: some Sequence<[UInt8]>) {
        joinableWords = Set(
            words.filter { word in
                word.count >= 4
                    && word.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 >= 0x80 }
            }
        )
    }

    /// Normalizes `text`. Pure and synchronous, so any task may call it; linear in UTF-8 length. The first call in a
    /// process also builds the shared scalar table (about 50 ms in a release build).
    public func normalize(_ text: String) -> NormalizedText {
        var scratch = Scratch()
        return normalize(text, scratch: &scratch)
    }

    /// Normalizes `text` in the buffers of `scratch`, which keeps them for the next call: once they have grown to
    /// the size of the texts, normalizing allocates only the result. Give the result back with
    /// ``Scratch/recycle(_:)`` when done with it, and its arrays are reused too.
    func normalize(_ text: String, scratch: inout Scratch) -> NormalizedText {
        var text = text
        return text.withUTF8 { normalize(utf8: $0, scratch: &scratch) }
    }

    /// ``normalize(_:scratch:)`` of a text given as its UTF-8, which must be valid.
    func normalize(utf8: UnsafeBufferPointer<UInt8>, scratch: inout Scratch) -> NormalizedText {
        // The shared table and word set go in as arguments (borrowed), not stored in the pass: no reference
        // counting on objects that every scoring thread touches.
        var pass = Pass(capacity: utf8.count, scratch: &scratch)
        let table = ScalarFoldTable.shared
        if !(usesPlainPath && pass.normalizePlain(utf8, table: table)) {
            pass.clearOutput()
            pass.readUnits(utf8, table: table)
            pass.tokenize(joinableWords: joinableWords)
            pass.emitTokens(joinableWords: joinableWords)
        }
        return pass.result(originalLength: utf8.count, scratch: &scratch)
    }

    /// Whether `text` takes the one-pass path for plain text (``PlainPass``) rather than the general steps: for tests.
    func takesPlainPath(_ text: String) -> Bool {
        var scratch = Scratch()
        var text = text
        return text.withUTF8 { utf8 in
            var pass = Pass(capacity: utf8.count, scratch: &scratch)
            return pass.normalizePlain(utf8, table: ScalarFoldTable.shared)
        }
    }

    /// Normalizes one rule phrase for ``PhraseAutomaton``: the normalized bytes without the outer spaces, keeping a
    /// trailing `*` (prefix match) when `phrase` ends with one. Only a trailing `*` is special; anywhere else it is a
    /// separator like other punctuation (`re*bren` → `re bren`).
    public func normalizedPhrase(_ phrase: String) -> [UInt8] {
        var body = Substring(phrase)
        while let last = body.last, last.isWhitespace { body.removeLast() }
        let isPrefix = body.hasSuffix("*")
        if isPrefix { body.removeLast() }
        var bytes = Array(normalize(String(body)).bytes.dropFirst().dropLast())
        if isPrefix && !bytes.isEmpty { bytes.append(UInt8(ascii: "*")) }
        return bytes
    }
}

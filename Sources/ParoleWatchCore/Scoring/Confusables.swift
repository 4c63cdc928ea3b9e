/// Cyrillic, Greek, Armenian, IPA and small-capital letters that posters put inside Latin words because they look like Latin
/// letters (`pаrole` with Cyrillic `а`): a hand-picked subset of Unicode's `confusables.txt` (UTS #39) restricted to
/// letters that are near-identical to a Latin letter in common fonts.
///
/// The map is applied to every scalar, whatever the script of the surrounding word, because Spanish, English, Haitian
/// Creole and French posts are our only concern; a Russian word that happens to fold to Latin letters is harmless.
/// Capitals are listed separately because several capitals look Latin while their lowercase does not
/// (Cyrillic `В`, `Н`, `М`, `Т`, `К`). Only used while ``ScalarFoldTable`` is built, never in the hot path.
enum Confusables {
    /// The Latin letter (ASCII, lowercase or uppercase) that `scalar` imitates, or `nil`.
    static func latin(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        guard let ascii = table[scalar.value] else { return nil }
        return Unicode.Scalar(ascii)
    }

    private static let table: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        func add(_ pairs: String, _ latin: String) {
            for (scalar, letter) in zip(pairs.unicodeScalars, latin.utf8) { map[scalar.value] = letter }
        }
        // Cyrillic lowercase: а е о р с у х і ј ѕ ԁ һ ӏ ԛ ԝ ѵ ү
        add("\u{0430}\u{0435}\u{043E}\u{0440}\u{0441}\u{0443}\u{0445}\u{0456}\u{0458}\u{0455}", "aeopcyxijs")
        add("\u{0501}\u{04BB}\u{04CF}\u{051B}\u{051D}\u{0475}\u{04AF}", "dhlqwvy")
        // Cyrillic capitals: А В Е К М Н О Р С Т Х У І Ј Ѕ Ԁ Һ Ӏ Ԛ Ԝ Ү
        add("\u{0410}\u{0412}\u{0415}\u{041A}\u{041C}\u{041D}\u{041E}\u{0420}\u{0421}\u{0422}\u{0425}", "ABEKMHOPCTX")
        add("\u{0423}\u{0406}\u{0408}\u{0405}\u{0500}\u{04BA}\u{04C0}\u{051A}\u{051C}\u{04AE}", "YIJSDHlQWY")
        // Greek lowercase: ο α ε ι κ ν ρ τ υ χ ϲ ϳ
        add(
            "\u{03BF}\u{03B1}\u{03B5}\u{03B9}\u{03BA}\u{03BD}\u{03C1}\u{03C4}\u{03C5}\u{03C7}\u{03F2}\u{03F3}",
            "oaeikvptuxcj"
        )
        // Greek capitals: Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ Ϲ
        add("\u{0391}\u{0392}\u{0395}\u{0396}\u{0397}\u{0399}\u{039A}\u{039C}\u{039D}\u{039F}\u{03A1}", "ABEZHIKMNOP")
        add("\u{03A4}\u{03A5}\u{03A7}\u{03F9}", "TYXC")
        // Armenian օ ս հ, and Latin IPA letters ɑ ɡ ı ɩ ʏ
        add("\u{0585}\u{057D}\u{0570}\u{0251}\u{0261}\u{0131}\u{0269}\u{028F}", "ouhagiiy")
        // Latin small capitals, the "fancy text" alphabet: ᴀ ʙ ᴄ ᴅ ᴇ ꜰ ɢ ʜ ɪ ᴊ ᴋ ʟ ᴍ ɴ ᴏ ᴘ ʀ ꜱ ᴛ ᴜ ᴠ ᴡ ᴢ
        add("\u{1D00}\u{0299}\u{1D04}\u{1D05}\u{1D07}\u{A730}\u{0262}\u{029C}\u{026A}\u{1D0A}\u{1D0B}\u{029F}", "abcdefghijkl")
        add("\u{1D0D}\u{0274}\u{1D0F}\u{1D18}\u{0280}\u{A731}\u{1D1B}\u{1D1C}\u{1D20}\u{1D21}\u{1D22}", "mnoprstuvwz")
        return map
    }()
}

/// Checks that a pattern rule's literal letters can occur in normalized text at all.
///
/// Patterns run on normalized text (``Normalizer``), which is lowercase, has no diacritics and has every run of a
/// repeated letter squeezed to one. A literal written otherwise (`dollars`, `Zelle`, `dólares`) silently never
/// matches; phrases are normalized at load, but a pattern is taken as written, so the loader reports such a literal.
enum PatternSpelling {
    /// What makes `source` unable to match where it is written that way, or nil when every literal can occur.
    /// Escaped characters and character classes are left alone; a doubled letter is accepted when the second one is
    /// optional (`ll?`, `ss*`).
    static func problem(in source: String) -> String? {
        let characters = Array(source)
        var index = 0
        var previousLetter: Character?
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                index += 2  // an escape: `\b`, `\$`, `\d`
                previousLetter = nil
                continue
            case "[":
                index = endOfClass(characters, from: index)
                previousLetter = nil
                continue
            case "(":
                if index + 2 < characters.count && characters[index + 1] == "?" {
                    // Group syntax: `(?:` and lookarounds skip their marker, `(?<name>` its name (not text).
                    index += 2
                    if characters[index] == "<", index + 1 < characters.count, !"=!".contains(characters[index + 1]) {
                        while index < characters.count && characters[index] != ">" { index += 1 }
                    }
                }
                previousLetter = nil
            default:
                guard character.isLetter else {
                    previousLetter = nil
                    break
                }
                if character.isUppercase {
                    return "pattern has '\(character)', but normalized text is lowercase "
                        + "(write '\(character.lowercased())')"
                }
                let scalars = character.unicodeScalars
                if let scalar = scalars.first, scalars.count > 1 || scalar.value >= 0x80,
                    ScalarFoldTable.stableFold(scalar).scalars != [scalar.value]
                {
                    return "pattern has '\(character)', which normalized text never contains (diacritics and "
                        + "look-alike letters are folded: write the plain letter)"
                }
                let isOptional = index + 1 < characters.count && "?*{".contains(characters[index + 1])
                if character == previousLetter && !isOptional {
                    return "pattern has '\(character)\(character)', but normalized text squeezes repeated letters to "
                        + "one (write '\(character)')"
                }
                previousLetter = character
            }
            index += 1
        }
        return nil
    }

    /// The index just past the `]` closing the class opened at `start` (a `]` right after `[` or `[^` is a member).
    private static func endOfClass(_ characters: [Character], from start: Int) -> Int {
        var index = start + 1
        if index < characters.count && characters[index] == "^" { index += 1 }
        if index < characters.count && characters[index] == "]" { index += 1 }
        while index < characters.count && characters[index] != "]" {
            index += characters[index] == "\\" ? 2 : 1
        }
        return index + 1
    }
}

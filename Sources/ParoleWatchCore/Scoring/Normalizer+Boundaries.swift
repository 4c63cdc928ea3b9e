extension Normalizer.Pass {
    /// Whether a separator byte may be a sentence stop: `.` (also `·`, `•`, `…`), `;`, or a dash.
    @inline(__always)
    static func isStopCandidate(_ byte: UInt32) -> Bool {
        byte == UInt32(UInt8(ascii: ".")) || byte == UInt32(UInt8(ascii: ";")) || byte == UInt32(UInt8(ascii: "-"))
    }

    /// End of the run of adjacent separator units equal to the one at `index` (`...`, `;;`, `——`).
    func sameSeparatorRunEnd(from index: Int) -> Int {
        let byte = units[index].bytes
        var end = index + 1
        while end < units.count && units[end].kind == .separator && units[end].bytes == byte { end += 1 }
        return end
    }

    /// Whether the separator run `start..<end` (all the same byte) ends a sentence:
    /// - `;` always;
    /// - `.` unless it is a single `.` right between two letters or digits (`3.000`, `u.s`, `uscis.gov`,
    ///   `p.a.r.o.l.e`); so a `.` before a space, another symbol or the end of the text, after a space, or an
    ///   ellipsis is a stop (`No. Es`, `U.S. `, `hola...no`);
    /// - a dash written as a dash (`—`, `–`, not the ASCII hyphen) with white space or a text boundary on both sides,
    ///   or at the start of a line (`—No.`).
    ///
    /// Every condition looks only at the run and its two neighbours, so a slice of the text that starts or ends
    /// with a stop decides it the same way.
    func isSentenceStop(from start: Int, to end: Int) -> Bool {
        switch UInt8(truncatingIfNeeded: units[start].bytes) {
        case UInt8(ascii: ";"):
            return true
        case UInt8(ascii: "."):
            guard end - start == 1 else { return true }
            let before = previousSignificantUnit(before: start)
            let after = nextSignificantUnit(after: end - 1)
            return !(before >= 0 && isWordUnit(before) && after < units.count && isWordUnit(after))
        default:
            guard units[start].end - units[start].start > 1 else { return false }  // ASCII hyphen
            let before = previousSignificantUnit(before: start)
            let after = nextSignificantUnit(after: end - 1)
            let spaceBefore = before < 0 || isWhiteSpace(before)
            let spaceAfter = after >= units.count || isWhiteSpace(after)
            return (spaceBefore && spaceAfter) || startsLine(before: start)
        }
    }

    private func previousSignificantUnit(before index: Int) -> Int {
        var previous = index - 1
        while previous >= 0 && (units[previous].kind == .ignorable || units[previous].kind == .zeroWidth) {
            previous -= 1
        }
        return previous
    }

    @inline(__always)
    private func isWordUnit(_ index: Int) -> Bool {
        units[index].kind == .letter || units[index].kind == .digit
    }

    /// A space, tab or line break (or punctuation the table folds to a space, such as `¿`), not a pictograph.
    private func isWhiteSpace(_ index: Int) -> Bool {
        guard units[index].kind == .separator else { return false }
        let byte = units[index].bytes
        return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Whether only spaces and tabs stand between the start of the line (or text) and unit `index`.
    private func startsLine(before index: Int) -> Bool {
        var previous = index - 1
        while previous >= 0 {
            let unit = units[previous]
            switch unit.kind {
            case .ignorable, .zeroWidth:
                break
            case .separator where unit.bytes == 0x20 || unit.bytes == 0x09:
                break
            case .separator:
                return unit.bytes == 0x0A || unit.bytes == 0x0D
            default:
                return false
            }
            previous -= 1
        }
        return true
    }

    /// When the run of pictographs (and invisible characters) starting at `index` is followed right away by a letter,
    /// or by a digit whose word has a letter, the index of that character; `nil` otherwise. The caller has checked
    /// that a word with a letter comes right before the run.
    func pictographRunEndInsideWord(from index: Int) -> Int? {
        var next = index
        while next < units.count {
            let kind = units[next].kind
            guard kind == .pictograph || kind == .ignorable || kind == .zeroWidth else { break }
            next += 1
        }
        guard next < units.count else { return nil }
        switch units[next].kind {
        case .letter:
            return next
        case .digit:
            var scan = next
            while scan < units.count {
                switch units[scan].kind {
                case .letter: return next
                case .digit, .ignorable, .zeroWidth: scan += 1
                default: return nil
                }
            }
            return nil
        default:
            return nil
        }
    }
}

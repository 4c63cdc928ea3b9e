extension BytePattern {
    /// One ``BytePattern/matches(in:limit:scratch:)`` call: successive leftmost-first matches of a ``Program`` in
    /// `text[0..<end]`, by depth-first backtracking with a visit record (see ``BytePattern`` for why that bounds the
    /// work).
    struct Matcher {
        let instructions: UnsafeBufferPointer<Program.Instruction>
        let tables: UnsafeBufferPointer<UInt8>
        let program: Program
        let text: UnsafeBufferPointer<UInt8>
        let end: Int
        let scratch: Scratch
        let words: Int
        let visited: UnsafeMutablePointer<UInt64>
        let epochs: UnsafeMutablePointer<UInt32>
        let epoch: UInt32

        init(
            instructions: UnsafeBufferPointer<Program.Instruction>,
            tables: UnsafeBufferPointer<UInt8>,
            program: Program,
            text: UnsafeBufferPointer<UInt8>,
            end: Int,
            scratch: Scratch
        ) {
            self.instructions = instructions
            self.tables = tables
            self.program = program
            self.text = text
            self.end = end
            self.scratch = scratch
            words = program.visitWords
            if words > 0 { scratch.prepare(columns: end + 1, words: words) }
            visited = scratch.visited
            epochs = scratch.epochs
            epoch = scratch.epoch
        }

        /// Every match, as `NSRegularExpression.matches` lists them: the next search starts at the end of the
        /// previous match, or one scalar later when that match was empty.
        func allMatches() -> [Range<Int>] {
            var found: [Range<Int>] = []
            var from = 0
            while from <= end {
                var start = from
                if program.isAnchored {
                    guard start == 0 else { break }
                } else {
                    start = nextStart(from: start)
                    if start == end && !program.canMatchEmpty { break }
                    if program.startsAfterNonWord && start < end && isWord(before: start) {
                        from = start + 1  // `\b` cannot hold between two word bytes: no try
                        continue
                    }
                }
                guard let matchEnd = attempt(at: start) else {
                    from = start + 1
                    continue
                }
                found.append(start..<matchEnd)
                // Visits recorded at the match's end may belong to its own path; later ones all failed.
                if words > 0 { epochs[matchEnd] = 0 }
                if matchEnd > start {
                    from = matchEnd
                } else {
                    from = start + 1
                    while from < end && text[from] & 0xC0 == 0x80 { from += 1 }
                }
            }
            return found
        }

        /// The first position from `position` on whose byte can start a match, or `end`. With ``Program/startBounds``,
        /// eight bytes at a time are first tested at once for an ASCII byte within the bounds (most words of a text
        /// have none: a price or a phone number is rare), and only a word that has one is looked at byte by byte.
        private func nextStart(from position: Int) -> Int {
            var start = position
            if let bounds = program.startBounds, let base = text.baseAddress {
                // Bit Twiddling Hacks' `hasbetween`: the high bit of each byte x with below < x < above, ASCII only.
                let ones: UInt64 = 0x0101_0101_0101_0101
                let low7 = ones &* 0x7F
                let upper = ones &* (127 &+ UInt64(bounds.above))
                let lower = ones &* (127 &- UInt64(bounds.below))
                while start &+ 8 <= end {
                    let word = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self)
                    let low = word & low7
                    let inside = (upper &- low) & ~word & (low &+ lower) & (ones &* 0x80)
                    if inside != 0 {
                        for offset in 0..<8 where tables[Int(text[start &+ offset])] != 0 { return start &+ offset }
                    }
                    start &+= 8
                }
            }
            while start < end && tables[Int(text[start])] == 0 { start += 1 }
            return start
        }

        /// The end of the highest-priority match starting at `start`, if any.
        private func attempt(at start: Int) -> Int? {
            var stack = scratch.stack
            var depth = 0
            var pc = 0
            var position = start
            while true {
                thread: while true {
                    let instruction = instructions[pc]
                    if instruction.slot >= 0 {
                        let record = visited + position &* words
                        if epochs[position] != epoch {
                            record.update(repeating: 0, count: words)
                            epochs[position] = epoch
                        }
                        let word = Int(instruction.slot >> 6)
                        let bit: UInt64 = 1 &<< UInt64(instruction.slot & 63)
                        guard record[word] & bit == 0 else { break thread }
                        record[word] |= bit
                    }
                    switch instruction.operation {
                    case .byte:
                        guard position < end, text[position] == UInt8(truncatingIfNeeded: instruction.a) else {
                            break thread
                        }
                        position += 1
                        pc += 1
                    case .literal:
                        let count = Int(instruction.b)
                        guard end - position >= count else { break thread }
                        let literal = Int(instruction.a)
                        for offset in 0..<count where text[position + offset] != tables[literal + offset] {
                            break thread
                        }
                        position += count
                        pc += 1
                    case .byteClass:
                        guard position < end else { break thread }
                        switch tables[Int(instruction.a) + Int(text[position])] {
                        case 1:
                            position += 1
                        case 2:
                            let (scalar, length) = decode(at: position)
                            guard program.nonASCII[instruction.a]?.contains(scalar) == true else { break thread }
                            position += length
                        default:
                            break thread
                        }
                        pc += 1
                    case .split:
                        if cannotEnter(Int(instruction.a), at: position) {
                            pc = Int(instruction.b)  // the first branch fails on this byte: no need to come back
                            continue
                        }
                        if depth == scratch.stackCapacity {
                            scratch.growStack(keeping: depth)
                            stack = scratch.stack
                        }
                        stack[depth] = UInt64(UInt32(instruction.b)) << 32 | UInt64(position)
                        depth += 1
                        pc = Int(instruction.a)
                    case .jump:
                        pc = Int(instruction.a)
                    case .textStart:
                        guard position == 0 else { break thread }
                        pc += 1
                    case .textEnd:
                        guard isTextEnd(position) else { break thread }
                        pc += 1
                    case .wordBoundary:
                        guard isWord(before: position) != isWord(at: position) else { break thread }
                        pc += 1
                    case .notWordBoundary:
                        guard isWord(before: position) == isWord(at: position) else { break thread }
                        pc += 1
                    case .match:
                        return position
                    }
                }
                guard depth > 0 else { return nil }
                depth -= 1
                pc = Int(stack[depth] >> 32)
                position = Int(stack[depth] & 0xFFFF_FFFF)
            }
        }

        /// Whether the instruction at `pc` reads a byte that `position` does not have (a branch of `a|b|c` that starts
        /// with a literal, most of them on most bytes), so a split need not push a way back to the other branch. Only
        /// a failing path is cut short, and its visit is not recorded: the matches are the same.
        @inline(__always)
        private func cannotEnter(_ pc: Int, at position: Int) -> Bool {
            let instruction = instructions[pc]
            switch instruction.operation {
            case .byte:
                return position >= end || text[position] != UInt8(truncatingIfNeeded: instruction.a)
            case .literal:
                return position >= end || text[position] != tables[Int(instruction.a)]
            case .byteClass:
                return position >= end || tables[Int(instruction.a) + Int(text[position])] == 0
            default:
                return false
            }
        }

        /// The scalar starting at `position` (< `end`) and its length; a malformed sequence reads as U+FFFD, one
        /// byte long.
        private func decode(at position: Int) -> (UInt32, Int) {
            let lead = UInt32(text[position])
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard lead >= 0xC2, lead < 0xF5, end - position >= length else { return (0xFFFD, 1) }
            var value = lead & (0x7F >> UInt32(length))
            for offset in 1..<length {
                let byte = UInt32(text[position + offset])
                guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
                value = value << 6 | byte & 0x3F
            }
            return (value, length)
        }

        /// `$`: the end of the text, or just before a line terminator (`\r\n` counting as one) that ends it.
        private func isTextEnd(_ position: Int) -> Bool {
            switch end - position {
            case 0:
                return true
            case 1:
                let byte = text[position]
                return (0x0A...0x0D).contains(byte) && !(byte == 0x0A && position > 0 && text[position - 1] == 0x0D)
            case 2:
                return (text[position] == 0x0D && text[position + 1] == 0x0A)
                    || (text[position] == 0xC2 && text[position + 1] == 0x85)
            case 3:
                return text[position] == 0xE2 && text[position + 1] == 0x80
                    && (text[position + 2] == 0xA8 || text[position + 2] == 0xA9)
            default:
                return false
            }
        }

        /// Whether the scalar starting at `position` is a `\w` character (false at the end).
        private func isWord(at position: Int) -> Bool {
            guard position < end else { return false }
            let byte = text[position]
            guard byte >= 0x80 else { return Self.isASCIIWord(byte) }
            return !(byte == 0xE2 && end - position >= 3 && text[position + 1] == 0x82 && text[position + 2] == 0xAC)
        }

        /// Whether the scalar ending at `position` is a `\w` character (false at the start).
        private func isWord(before position: Int) -> Bool {
            guard position > 0 else { return false }
            let byte = text[position - 1]
            guard byte >= 0x80 else { return Self.isASCIIWord(byte) }
            return !(byte == 0xAC && position >= 3 && text[position - 2] == 0x82 && text[position - 3] == 0xE2)
        }

        static func isASCIIWord(_ byte: UInt8) -> Bool {
            let folded = byte | 0x20
            return (folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
    }
}

extension BytePattern {
    /// A pattern compiled for the backtracking machine (``Matcher``): instructions with every `{n,m}` expanded, which
    /// of them record visits, and one byte array with the bytes a match can start with, the classes and the literals.
    final class Program: Sendable {
        enum Operation: UInt8, Sendable {
            /// Byte `a`.
            case byte
            /// `b` bytes of ``tables`` from offset `a`.
            case literal
            /// One scalar of the class whose table starts at offset `a` of ``tables``.
            case byteClass
            /// Go on at `a`; come back to `b` if that fails.
            case split
            /// Go on at `a`.
            case jump
            case textStart, textEnd, wordBoundary, notWordBoundary
            case match
        }

        struct Instruction: Sendable {
            var operation: Operation
            /// This instruction's bit in a position's visit record, or -1 when only one path leads to it (it is then
            /// reached at most as often as the instruction before it, so it needs no record).
            var slot: Int32 = -1
            var a: Int32 = 0
            var b: Int32 = 0
        }

        let instructions: [Instruction]
        /// The start table (256 entries, 1 where a match can start: never on a UTF-8 continuation byte), then each
        /// class's table (256 entries indexed by a scalar's first byte: 0 no match, 1 a one-byte match, 2 decode the
        /// scalar and ask ``nonASCII``), then the literals' bytes.
        let tables: [UInt8]
        /// Per class table offset: its non-ASCII members.
        let nonASCII: [Int32: ByteClass.NonASCII]
        /// 64-bit words of visit record per text position.
        let visitWords: Int
        /// Whether the empty string can match (so the end of the text is a start position too).
        let canMatchEmpty: Bool
        /// Whether every match starts with `^`, so only position 0 is tried.
        let isAnchored: Bool
        /// When every byte a match can start with is ASCII: the bounds of their range, exclusive (`$` and digits give
        /// 0x23 and 0x3A), so the search for a start can rule out eight bytes at a time (``Matcher``); nil otherwise.
        let startBounds: (below: UInt8, above: UInt8)?
        /// Whether every match starts with `\b` before a word byte (`\b[0-9]+…`): a position just after a word
        /// character (inside a number or a word) cannot start one, and is passed over without a try.
        let startsAfterNonWord: Bool

        init(compiling node: Node) {
            var emitter = Emitter()
            emitter.emit(node)
            emitter.append(.match)
            var instructions = emitter.instructions
            var tables = [UInt8](repeating: 0, count: 256)
            var nonASCII: [Int32: ByteClass.NonASCII] = [:]
            for set in emitter.classes {
                nonASCII[Int32(tables.count)] = set.nonASCII
                tables += Self.table(set)
            }
            let literalsOffset = Int32(tables.count)
            tables += emitter.literals
            for index in instructions.indices {
                switch instructions[index].operation {
                case .byteClass: instructions[index].a = 256 + 256 * instructions[index].a
                case .literal: instructions[index].a += literalsOffset
                default: break
                }
            }

            var incoming = [Int](repeating: 0, count: instructions.count)
            incoming[0] = 1
            for (index, instruction) in instructions.enumerated() {
                switch instruction.operation {
                case .split:
                    incoming[Int(instruction.a)] += 1
                    incoming[Int(instruction.b)] += 1
                case .jump:
                    incoming[Int(instruction.a)] += 1
                case .match:
                    break
                default:
                    incoming[index + 1] += 1
                }
            }
            var slots: Int32 = 0
            for index in instructions.indices where incoming[index] > 1 {
                instructions[index].slot = slots
                slots += 1
            }
            visitWords = (Int(slots) + 63) / 64

            let entry = Self.entrySteps(of: instructions)
            for index in entry.readers {
                let instruction = instructions[index]
                switch instruction.operation {
                case .byte:
                    tables[Int(instruction.a)] = 1
                case .literal:
                    tables[Int(tables[Int(instruction.a)])] = 1
                case .byteClass:
                    for byte in 0..<256 where tables[Int(instruction.a) + byte] != 0 { tables[byte] = 1 }
                default:
                    break
                }
            }
            let canMatchEmpty = entry.canMatchEmpty
            for byte in 0..<256 {
                if canMatchEmpty { tables[byte] = 1 }
                if byte & 0xC0 == 0x80 { tables[byte] = 0 }
            }
            self.instructions = instructions
            self.tables = tables
            self.nonASCII = nonASCII
            self.canMatchEmpty = canMatchEmpty
            isAnchored = instructions[0].operation == .textStart
            let starts = (0..<256).filter { tables[$0] != 0 }
            startsAfterNonWord = entry.isWordBounded
                && starts.allSatisfy { $0 < 0x80 && Matcher.isASCIIWord(UInt8($0)) }
            if let low = starts.first, let high = starts.last, low > 0, high < 0x80, !canMatchEmpty {
                startBounds = (UInt8(low - 1), UInt8(high + 1))
            } else {
                startBounds = nil
            }
        }

        /// Where a match begins, walking every path from the first instruction through the ones that read no byte:
        /// the instructions that read its first byte, whether a path reaches `match` (the empty string matches), and
        /// whether every path meets a `\b` before it reads a byte.
        private static func entrySteps(
            of instructions: [Instruction]
        ) -> (readers: [Int], canMatchEmpty: Bool, isWordBounded: Bool) {
            var readers: [Int] = []
            var canMatchEmpty = false
            var isWordBounded = true
            var seen = Set<Int>()
            var pending = [(index: 0, bounded: false)]
            while let (index, bounded) = pending.popLast() {
                guard seen.insert(index * 2 + (bounded ? 1 : 0)).inserted else { continue }
                let instruction = instructions[index]
                switch instruction.operation {
                case .byte, .literal, .byteClass:
                    readers.append(index)
                    if !bounded { isWordBounded = false }
                case .match:
                    canMatchEmpty = true
                    isWordBounded = false
                case .split:
                    pending += [(Int(instruction.a), bounded), (Int(instruction.b), bounded)]
                case .jump:
                    pending.append((Int(instruction.a), bounded))
                case .wordBoundary:
                    pending.append((index + 1, true))
                case .textStart, .textEnd, .notWordBoundary:
                    pending.append((index + 1, bounded))
                }
            }
            return (readers, canMatchEmpty, isWordBounded)
        }

        /// Whether a match can start at a byte (for tests).
        func canStart(with byte: UInt8) -> Bool { tables[Int(byte)] != 0 }

        /// The 256-entry table of `set` (see ``tables``).
        private static func table(_ set: ByteClass) -> [UInt8] {
            var table = [UInt8](repeating: 0, count: 256)
            for byte in 0..<128 where set.contains(ascii: UInt8(byte)) { table[byte] = 1 }
            if set.nonASCII.isInverted {
                for byte in 0x80...0xFF { table[byte] = 2 }
            } else {
                for scalar in set.nonASCII.scalars {
                    if let first = Unicode.Scalar(scalar).flatMap({ String($0).utf8.first }) { table[Int(first)] = 2 }
                }
            }
            return table
        }
    }

    /// Lays nodes out as instructions.
    private struct Emitter {
        var instructions: [Program.Instruction] = []
        var literals: [UInt8] = []
        var classes: [ByteClass] = []

        var next: Int32 { Int32(instructions.count) }

        @discardableResult
        mutating func append(_ operation: Program.Operation, _ a: Int32 = 0, _ b: Int32 = 0) -> Int {
            instructions.append(Program.Instruction(operation: operation, a: a, b: b))
            return instructions.count - 1
        }

        /// A split whose targets are set later by ``patch(_:body:exit:isGreedy:)``.
        mutating func placeholder() -> Int { append(.split) }

        /// Points split `index` at `body` and `exit`, preferring `body` when greedy.
        mutating func patch(_ index: Int, body: Int32, exit: Int32, isGreedy: Bool) {
            instructions[index].a = isGreedy ? body : exit
            instructions[index].b = isGreedy ? exit : body
        }

        mutating func emit(_ node: Node) {
            switch node {
            case .empty:
                break
            case .literal(let bytes) where bytes.count == 1:
                append(.byte, Int32(bytes[0]))
            case .literal(let bytes):
                append(.literal, Int32(literals.count), Int32(bytes.count))
                literals += bytes
            case .byteClass(let set):
                let index = classes.firstIndex(of: set) ?? classes.count
                if index == classes.count { classes.append(set) }
                append(.byteClass, Int32(index))
            case .assertion(let assertion):
                switch assertion {
                case .textStart: append(.textStart)
                case .textEnd: append(.textEnd)
                case .wordBoundary: append(.wordBoundary)
                case .notWordBoundary: append(.notWordBoundary)
                }
            case .sequence(let items):
                for item in items { emit(item) }
            case .alternation(let branches):
                // split(b1, rest) b1 jump(end) split(b2, rest) b2 jump(end) … bn
                var jumps: [Int] = []
                for (number, branch) in branches.enumerated() {
                    guard number < branches.count - 1 else {
                        emit(branch)
                        break
                    }
                    let split = placeholder()
                    emit(branch)
                    jumps.append(append(.jump))
                    patch(split, body: Int32(split + 1), exit: next, isGreedy: true)
                }
                for jump in jumps { instructions[jump].a = next }
            case .repetition(let body, let low, let high, let isGreedy):
                emitRepetition(body, low: low, high: high, isGreedy: isGreedy)
            }
        }

        /// `x{n,}` as n-1 copies then `L: x split(L, exit)`, `x*` as `L: split(x, exit) x jump L`, and `x{n,m}` as n
        /// copies then m-n nested optionals `split(x, exit) x split(x, exit) x …` that all exit to the same place.
        private mutating func emitRepetition(_ body: Node, low: Int, high: Int?, isGreedy: Bool) {
            guard let high else {
                if low == 0 {
                    let split = placeholder()
                    emit(body)
                    append(.jump, Int32(split))
                    patch(split, body: Int32(split + 1), exit: next, isGreedy: isGreedy)
                } else {
                    for _ in 1..<low { emit(body) }
                    let loop = next
                    emit(body)
                    let split = placeholder()
                    patch(split, body: loop, exit: next, isGreedy: isGreedy)
                }
                return
            }
            for _ in 0..<low { emit(body) }
            var splits: [Int] = []
            for _ in low..<high {
                splits.append(placeholder())
                emit(body)
            }
            for split in splits { patch(split, body: Int32(split + 1), exit: next, isGreedy: isGreedy) }
        }
    }
}

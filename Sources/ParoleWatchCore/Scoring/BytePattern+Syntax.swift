extension BytePattern {
    /// A parsed pattern. Groups leave no trace (nothing is captured); runs of literals are merged.
    indirect enum Node: Sendable, Equatable {
        case empty
        /// UTF-8 bytes of one or more scalars, in order.
        case literal([UInt8])
        case byteClass(ByteClass)
        case assertion(Assertion)
        case sequence([Node])
        /// Branches in order of preference.
        case alternation([Node])
        /// `max` nil for unbounded.
        case repetition(Node, min: Int, max: Int?, isGreedy: Bool)

        /// Whether the node can match the empty string (assertions count as empty).
        var isNullable: Bool {
            switch self {
            case .empty, .assertion: true
            case .literal, .byteClass: false
            case .sequence(let items): items.allSatisfy(\.isNullable)
            case .alternation(let branches): branches.contains(where: \.isNullable)
            case .repetition(let body, let min, _, _): min == 0 || body.isNullable
            }
        }

        /// Whether the node contains a `*`, `+` or `{n,}`.
        var hasUnboundedRepetition: Bool {
            switch self {
            case .empty, .assertion, .literal, .byteClass: false
            case .sequence(let items), .alternation(let items): items.contains(where: \.hasUnboundedRepetition)
            case .repetition(let body, _, let max, _): max == nil || body.hasUnboundedRepetition
            }
        }

        /// Instructions the node compiles to (see ``Program``), capped just above ``BytePattern/maximumProgramSize``
        /// so that nested counts cannot overflow.
        var programSize: Int {
            let cap = BytePattern.maximumProgramSize + 1
            switch self {
            case .empty:
                return 0
            case .literal, .byteClass, .assertion:
                return 1
            case .sequence(let items):
                return min(cap, items.reduce(0) { min(cap, $0 + $1.programSize) })
            case .alternation(let branches):
                return min(cap, branches.reduce(2 * (branches.count - 1)) { min(cap, $0 + $1.programSize) })
            case .repetition(let body, let low, let high, _):
                let size = body.programSize
                guard let high else { return min(cap, low == 0 ? size + 2 : low * size + 1) }
                return min(cap, low * size + (high - low) * (size + 1))
            }
        }
    }

    enum Assertion: Sendable, Equatable {
        /// `^`
        case textStart
        /// `$`
        case textEnd
        /// `\b`
        case wordBoundary
        /// `\B`
        case notWordBoundary
    }

    /// A set of scalars: ASCII ones as 128 bits, non-ASCII ones as a finite list or everything but a finite list.
    struct ByteClass: Sendable, Equatable {
        /// Bits for bytes 0–63 and 64–127.
        var low: UInt64 = 0
        var high: UInt64 = 0
        var nonASCII = NonASCII()

        /// Non-ASCII members: `scalars` when not inverted, every non-ASCII scalar but `scalars` when inverted.
        struct NonASCII: Sendable, Equatable {
            var isInverted = false
            /// Sorted, distinct scalar values, all above 127.
            var scalars: [UInt32] = []

            func contains(_ value: UInt32) -> Bool { scalars.contains(value) != isInverted }

            func union(_ other: NonASCII) -> NonASCII {
                switch (isInverted, other.isInverted) {
                case (false, false):
                    return NonASCII(isInverted: false, scalars: Array(Set(scalars).union(other.scalars)).sorted())
                case (true, true):
                    return NonASCII(isInverted: true, scalars: Array(Set(scalars).intersection(other.scalars)).sorted())
                case (true, false):
                    return NonASCII(isInverted: true, scalars: scalars.filter { !other.scalars.contains($0) })
                case (false, true):
                    return NonASCII(isInverted: true, scalars: other.scalars.filter { !scalars.contains($0) })
                }
            }
        }

        func contains(ascii byte: UInt8) -> Bool {
            byte < 64 ? low & (1 &<< UInt64(byte)) != 0 : high & (1 &<< UInt64(byte & 63)) != 0
        }

        mutating func insert(_ scalar: Unicode.Scalar) {
            if scalar.value < 128 {
                insert(UInt8(scalar.value)...UInt8(scalar.value))
            } else {
                nonASCII = nonASCII.union(NonASCII(scalars: [scalar.value]))
            }
        }

        /// ASCII bytes `range`.
        mutating func insert(_ range: ClosedRange<UInt8>) {
            for byte in range where byte < 128 {
                if byte < 64 { low |= 1 &<< UInt64(byte) } else { high |= 1 &<< UInt64(byte & 63) }
            }
        }

        mutating func formUnion(_ other: ByteClass) {
            low |= other.low
            high |= other.high
            nonASCII = nonASCII.union(other.nonASCII)
        }

        var inverted: ByteClass {
            ByteClass(
                low: ~low,
                high: ~high,
                nonASCII: NonASCII(isInverted: !nonASCII.isInverted, scalars: nonASCII.scalars)
            )
        }

        /// `\d`: ASCII digits.
        static let digit: ByteClass = {
            var set = ByteClass()
            set.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
            return set
        }()

        /// `\w`: ASCII letters, digits and `_`, and every non-ASCII scalar but `€`.
        static let word: ByteClass = {
            var set = digit
            set.insert(UInt8(ascii: "a")...UInt8(ascii: "z"))
            set.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
            set.insert(UInt8(ascii: "_")...UInt8(ascii: "_"))
            set.nonASCII = NonASCII(isInverted: true, scalars: [0x20AC])
            return set
        }()

        /// `\s`: tab, line feed, vertical tab, form feed, carriage return, space.
        static let space: ByteClass = {
            var set = ByteClass()
            set.insert(0x09...0x0D)
            set.insert(0x20...0x20)
            return set
        }()

        /// `.`: any scalar but ICU's line terminators (`\n \v \f \r`, U+0085, U+2028, U+2029).
        static let dot: ByteClass = {
            var set = ByteClass()
            set.insert(0x0A...0x0D)
            set.nonASCII.scalars = [0x85, 0x2028, 0x2029]
            return set.inverted
        }()

        /// The class of shorthand escape `\letter` (`d D w W s S`), nil for any other letter.
        static func shorthand(_ letter: Unicode.Scalar) -> ByteClass? {
            switch letter {
            case "d": digit
            case "D": digit.inverted
            case "w": word
            case "W": word.inverted
            case "s": space
            case "S": space.inverted
            default: nil
            }
        }
    }
}

/// A bounded regular expression matched directly on UTF-8 bytes, with the same matches as ICU's
/// (`NSRegularExpression`) for the subset of syntax model rules use. Compiled once at model load, immutable,
/// shared by every scoring thread; each thread brings its own ``Scratch``.
///
/// **Syntax.** Literals (any scalar, matched as its UTF-8 bytes); escaped punctuation (`\. \$ \( \[ \{ \- \/ …`) and
/// `\t \n \r \f \e \a \xhh \x{h…} \uhhhh`; `.` (one scalar other than a line terminator `\n \v \f \r` U+0085
/// U+2028 U+2029); classes `[…]` and `[^…]` of single characters, ASCII ranges `a-z` and `\d \w \s \D \W \S`, with
/// `-` literal first or last; `\d \D \w \W \s \S`; `\b \B`; `^ $` (start and end of the text, `$` also before a final
/// line terminator, as in ICU without the multiline flag); groups `(…)`, `(?:…)`, `(?<name>…)` (groups capture
/// nothing: only whole matches are reported); alternation `|`; quantifiers `? * + {n} {n,} {n,m}` (counts up to 1000)
/// and their lazy forms `?? *? +? {n,m}?`. Everything else is refused at load with a ``BytePatternError`` naming the
/// character: backreferences, lookaround, atomic groups, inline flags, `\p{…}`, `\Q…\E`, possessive quantifiers,
/// nested/POSIX classes and `&&`/`--` set operations, a quantified assertion, and two ways of repeating that ICU
/// treats specially or that can take exponential time there: an unbounded quantifier inside another (`(a+)+`), and a
/// group that can match the empty string repeated more than once (`(a?)*`, `(a|){2}`). A pattern may compile to at
/// most ``maximumProgramSize`` instructions with `{n,m}` expanded.
///
/// **Classes on non-ASCII text.** Normalized text holds ASCII, `€` and letters, and the classes are exact there: `\w`
/// is ASCII letters, digits and `_` plus every non-ASCII scalar except `€` (U+20AC); `\d` and `\s` are ASCII only;
/// `\b` is a change between `\w` and not-`\w`. (ICU's Unicode classes would differ on other non-ASCII scalars:
/// non-ASCII digits and spaces, symbols, combining marks.)
///
/// **Matches.** Leftmost-first with Perl/ICU priorities (greedy or lazy quantifiers, alternatives in order), and
/// successive non-overlapping matches as `NSRegularExpression.matches` lists them: the next search starts where a match
/// ends, one scalar later after an empty match.
///
/// **Time bound: memoization, not a step cap** (a cap would change results). The program is run by a backtracking
/// machine with an explicit stack that records, for every instruction where two paths join (a loop head, the end of an
/// alternation or optional), each text position it has reached there, in a bitset. What follows an (instruction,
/// position) state depends on nothing else (no captures, no counters: `{n,m}` is expanded), so reaching it a second
/// time can only fail again and is cut; since an unbounded loop's body must consume a byte, the first visit is always
/// finished, and failed, before the second. Any other instruction has a single way in, so it runs at most as often as
/// the one before it. The record is kept across start positions and across successive matches (a match ending at `e`
/// only forgets position `e`), so one call to ``matches(in:limit:scratch:)`` takes O(program size × text length)
/// steps whatever the input, where plain backtracking can take exponential time (`(a|aa)+b` on many `a`s). Start
/// positions are found by one lookup per byte in a 256-entry table of the bytes a match can begin with; positions
/// that no search reaches are never cleared (each position's record carries the number of the search it belongs to).
struct BytePattern: Sendable {
    /// The most instructions a compiled pattern may have.
    static let maximumProgramSize = 4096
    /// The largest count a `{n,m}` may use.
    static let maximumRepetition = 1000

    let program: Program

    /// Compiles `source`, or throws what is outside the supported syntax and where.
    init(_ source: String) throws(BytePatternError) {
        let parsed = try Parser.parse(source)
        program = Program(compiling: parsed)
    }

    /// Matches among the first `limit` bytes of `bytes` (valid UTF-8, such as ``NormalizedText/bytes``), as byte
    /// ranges, in order. A match must end within `limit`, which is moved back to a scalar boundary; `^`, `$`, `\b`
    /// treat it as the end of the text (ICU's non-transparent region bounds).
    func matches(in bytes: UnsafeBufferPointer<UInt8>, limit: Int, scratch: Scratch) -> [Range<Int>] {
        var end = max(0, min(bytes.count, limit, Int(Int32.max) - 1))
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return program.instructions.withUnsafeBufferPointer { instructions in
            program.tables.withUnsafeBufferPointer { tables in
                Matcher(
                    instructions: instructions,
                    tables: tables,
                    program: program,
                    text: bytes,
                    end: end,
                    scratch: scratch
                ).allMatches()
            }
        }
    }

    /// ``matches(in:limit:scratch:)`` with buffers of its own.
    func matches(in bytes: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> [Range<Int>] {
        matches(in: bytes, limit: limit, scratch: Scratch())
    }

    /// Buffers a thread reuses from one search to the next (the backtracking stack and the visited record), so a
    /// search allocates nothing once they have grown to the texts it sees. Not thread-safe: one per thread.
    final class Scratch {
        var stack: UnsafeMutablePointer<UInt64>
        var stackCapacity = 64
        /// `visited[position * words + slot / 64]`, valid for a position only when `epochs[position] == epoch`.
        var visited: UnsafeMutablePointer<UInt64>
        var visitedCapacity = 0
        var epochs: UnsafeMutablePointer<UInt32>
        var epochCapacity = 0
        var epoch: UInt32 = 0

        init() {
            stack = .allocate(capacity: stackCapacity)
            visited = .allocate(capacity: 0)
            epochs = .allocate(capacity: 0)
        }

        deinit {
            stack.deallocate()
            visited.deallocate()
            epochs.deallocate()
        }

        /// Makes room for `columns` positions of `words` words each and starts a new search: every position's
        /// record is stale until first used.
        func prepare(columns: Int, words: Int) {
            if columns * words > visitedCapacity {
                visited.deallocate()
                visitedCapacity = max(columns * words, visitedCapacity * 2)
                visited = .allocate(capacity: visitedCapacity)
            }
            if columns > epochCapacity {
                epochs.deallocate()
                epochCapacity = max(columns, epochCapacity * 2)
                epochs = .allocate(capacity: epochCapacity)
                epochs.initialize(repeating: 0, count: epochCapacity)
            }
            epoch &+= 1
            if epoch == 0 {
                epochs.update(repeating: 0, count: epochCapacity)
                epoch = 1
            }
        }

        /// Doubles the stack, keeping its first `count` entries.
        func growStack(keeping count: Int) {
            let larger = UnsafeMutablePointer<UInt64>.allocate(capacity: stackCapacity * 2)
            larger.moveInitialize(from: stack, count: count)
            stack.deallocate()
            stack = larger
            stackCapacity *= 2
        }
    }
}

/// A pattern outside ``BytePattern``'s syntax: what, and at which character of the pattern (1 is the first).
struct BytePatternError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    /// Offset in Unicode scalars from the start of the pattern, 0-based.
    var offset: Int

    var description: String { "\(message) (at character \(offset + 1))" }
}

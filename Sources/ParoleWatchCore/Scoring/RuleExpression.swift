/// A meta rule's boolean expression over rule ids: `A && (B || !C)`.
///
/// Grammar: `or := and ('||' and)*`, `and := unary ('&&' unary)*`, `unary := '!' unary | '(' or ')' | ID`.
/// Also accepted: `and`, `or`, `not` as words.
public indirect enum RuleExpression: Sendable, Equatable, CustomStringConvertible {
    case rule(String)
    case not(RuleExpression)
    case and(RuleExpression, RuleExpression)
    case or(RuleExpression, RuleExpression)

    /// Parses `text`, or throws a message saying where it went wrong.
    public static func parse(_ text: String) throws(RuleExpressionError) -> RuleExpression {
        var parser = Parser(tokens: try tokenize(text))
        let expression = try parser.parseOr()
        if let extra = parser.peek() {
            throw RuleExpressionError(message: "unexpected '\(extra)' after a complete expression")
        }
        return expression
    }

    /// The rule ids the expression reads.
    public var ruleIDs: [String] {
        switch self {
        case .rule(let id): [id]
        case .not(let inner): inner.ruleIDs
        case .and(let left, let right), .or(let left, let right): left.ruleIDs + right.ruleIDs
        }
    }

    /// Evaluates the expression with `fired` telling whether a rule fired.
    public func evaluate(_ fired: (String) -> Bool) -> Bool {
        switch self {
        case .rule(let id): fired(id)
        case .not(let inner): !inner.evaluate(fired)
        case .and(let left, let right): left.evaluate(fired) && right.evaluate(fired)
        case .or(let left, let right): left.evaluate(fired) || right.evaluate(fired)
        }
    }

    /// The rules whose firing made the expression true (for explaining a meta rule): positive literals only.
    public func supportingRules(_ fired: (String) -> Bool) -> [String] {
        switch self {
        case .rule(let id): fired(id) ? [id] : []
        case .not: []
        case .and(let left, let right), .or(let left, let right):
            left.supportingRules(fired) + right.supportingRules(fired)
        }
    }

    public var description: String {
        switch self {
        case .rule(let id): id
        case .not(let inner): "!\(inner.parenthesized)"
        case .and(let left, let right): "\(left.parenthesized) && \(right.parenthesized)"
        case .or(let left, let right): "\(left.parenthesized) || \(right.parenthesized)"
        }
    }

    private var parenthesized: String {
        switch self {
        case .rule, .not: description
        default: "(\(description))"
        }
    }

    private static func tokenize(_ text: String) throws(RuleExpressionError) -> [String] {
        var tokens: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
            } else if character == "(" || character == ")" || character == "!" {
                tokens.append(String(character))
                index = text.index(after: index)
            } else if character == "&" || character == "|" {
                let next = text.index(after: index)
                guard next < text.endIndex, text[next] == character else {
                    throw RuleExpressionError(message: "write '\(character)\(character)', not a single '\(character)'")
                }
                tokens.append(String([character, character]))
                index = text.index(after: next)
            } else if character.isLetter || character.isNumber || character == "_" {
                var end = index
                while end < text.endIndex, text[end].isLetter || text[end].isNumber || text[end] == "_" {
                    end = text.index(after: end)
                }
                let word = String(text[index..<end])
                switch word {
                case "and": tokens.append("&&")
                case "or": tokens.append("||")
                case "not": tokens.append("!")
                default: tokens.append(word)
                }
                index = end
            } else {
                throw RuleExpressionError(message: "unexpected character '\(character)'")
            }
        }
        return tokens
    }

    private struct Parser {
        let tokens: [String]
        var position = 0

        func peek() -> String? { position < tokens.count ? tokens[position] : nil }

        mutating func parseOr() throws(RuleExpressionError) -> RuleExpression {
            var left = try parseAnd()
            while peek() == "||" {
                position += 1
                left = .or(left, try parseAnd())
            }
            return left
        }

        mutating func parseAnd() throws(RuleExpressionError) -> RuleExpression {
            var left = try parseUnary()
            while peek() == "&&" {
                position += 1
                left = .and(left, try parseUnary())
            }
            return left
        }

        mutating func parseUnary() throws(RuleExpressionError) -> RuleExpression {
            guard let token = peek() else { throw RuleExpressionError(message: "the expression ends too early") }
            position += 1
            switch token {
            case "!": return .not(try parseUnary())
            case "(":
                let inner = try parseOr()
                guard peek() == ")" else { throw RuleExpressionError(message: "missing ')'") }
                position += 1
                return inner
            case ")", "&&", "||": throw RuleExpressionError(message: "unexpected '\(token)'")
            default: return .rule(token)
            }
        }
    }
}

/// Why a meta rule's expression does not parse.
public struct RuleExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A meta rule's ``RuleExpression`` compiled against one model: rule ids resolved to rule indices once, at load, and
/// the tree flattened to postfix operations that ``MetaPrograms`` evaluates over a `[Bool]` of fired rules, with no
/// closures and no dictionary lookups while scoring.
///
/// Evaluates exactly like ``RuleExpression/evaluate(_:)`` with "fired" meaning "this rule index is set in `fired`", an
/// id the model does not define counting as not fired (the expression has no side effects, so evaluating both sides
/// of `&&`/`||` gives the same value as short-circuiting).
struct CompiledExpression: Sendable, Equatable {
    enum Operation: Sendable, Equatable {
        /// Push whether this rule fired.
        case rule(Int)
        /// Push false: an id the model does not define.
        case unknown
        case not
        case and
        case or
    }

    /// Postfix program.
    let operations: [Operation]
    /// Rules named as positive literals (not under a `!`), left to right, repeats kept: the rules that can explain
    /// why the expression is true (``RuleExpression/supportingRules(_:)`` less those that did not fire).
    let supportingCandidates: [Int]
    /// Deepest stack the program needs.
    let stackDepth: Int
    /// Rules that must have fired for the expression to hold (each operand of an `&&`, what both sides of an `||`
    /// require; nothing under a `!`), ascending: a cheap test that rules the expression out before evaluating it.
    let required: [Int]
    /// Rules of which at least one must have fired for the expression to fire, as few as the expression allows,
    /// ascending: scoring looks at the meta rule only when one of them fires. One rule of ``required`` when there is
    /// one (`A && (B || C)` watches `A`); otherwise one rule from each side of an `||` (`(A && B) || C` watches `A`
    /// and `C`); at worst every supporting candidate (a meta rule fires only with one of them).
    let watched: [Int]

    init(_ expression: RuleExpression, indexByID: [String: Int]) {
        var operations: [Operation] = []
        var supporting: [Int] = []
        var depth = 0
        var maximum = 0
        func emit(_ expression: RuleExpression, negated: Bool) {
            switch expression {
            case .rule(let id):
                if let index = indexByID[id] {
                    operations.append(.rule(index))
                    if !negated { supporting.append(index) }
                } else {
                    operations.append(.unknown)
                }
                depth += 1
                maximum = max(maximum, depth)
            case .not(let inner):
                emit(inner, negated: true)
                operations.append(.not)
            case .and(let left, let right):
                emit(left, negated: negated)
                emit(right, negated: negated)
                operations.append(.and)
                depth -= 1
            case .or(let left, let right):
                emit(left, negated: negated)
                emit(right, negated: negated)
                operations.append(.or)
                depth -= 1
            }
        }
        emit(expression, negated: false)
        func required(_ expression: RuleExpression) -> Set<Int> {
            switch expression {
            case .rule(let id): indexByID[id].map { [$0] } ?? []
            case .not: []
            case .and(let left, let right): required(left).union(required(right))
            case .or(let left, let right): required(left).intersection(required(right))
            }
        }
        self.required = required(expression).sorted()
        let clause = Self.watchedClause(expression, indexByID: indexByID)
        self.watched = (clause ?? Set(supporting)).sorted()
        self.operations = operations
        self.supportingCandidates = supporting
        self.stackDepth = max(maximum, 1)
    }

    /// The smallest set of rules found of which the expression needs one to have fired, or nil when it needs none in
    /// particular (a `!` alone). The first operand of an `&&` wins a tie: the rule a meta rule is about comes first.
    private static func watchedClause(_ expression: RuleExpression, indexByID: [String: Int]) -> Set<Int>? {
        switch expression {
        case .rule(let id):
            return indexByID[id].map { [$0] }
        case .not:
            return nil
        case .and(let left, let right):
            let clauses = [watchedClause(left, indexByID: indexByID), watchedClause(right, indexByID: indexByID)]
            return clauses.compactMap { $0 }.min { $0.count < $1.count }
        case .or(let left, let right):
            guard let left = watchedClause(left, indexByID: indexByID),
                let right = watchedClause(right, indexByID: indexByID)
            else { return nil }
            return left.union(right)
        }
    }
}

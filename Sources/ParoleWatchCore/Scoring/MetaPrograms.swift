/// Every meta rule's ``CompiledExpression`` of one model, stored end to end in flat arrays of plain values.
///
/// Scoring threads share the model. Reading one expression out of an array of expressions copies it, and copying
/// retains its arrays: an atomic reference count update on memory every thread touches, for each meta rule of each
/// post. Here evaluation reads the shared arrays in place, element by element, and nothing is retained.
struct MetaPrograms: Sendable {
    /// The postfix programs, one after another: meta `m`'s is `operations[operationStart[m]..<operationStart[m + 1]]`.
    private let operations: [CompiledExpression.Operation]
    private let operationStart: [Int]
    /// The supporting candidates (``CompiledExpression/supportingCandidates``), laid out the same way.
    private let supporting: [Int]
    private let supportingStart: [Int]
    /// The rules each expression requires (``CompiledExpression/required``), laid out the same way.
    private let required: [Int]
    private let requiredStart: [Int]
    /// The rules each expression watches (``CompiledExpression/watched``), one list per meta rule.
    let watched: [[Int]]
    /// Deepest stack any program needs.
    let stackDepth: Int

    init(_ expressions: [CompiledExpression]) {
        var operationStart = [0]
        var supportingStart = [0]
        for expression in expressions {
            operationStart.append(operationStart[operationStart.count - 1] + expression.operations.count)
            supportingStart.append(supportingStart[supportingStart.count - 1] + expression.supportingCandidates.count)
        }
        var requiredStart = [0]
        for expression in expressions {
            requiredStart.append(requiredStart[requiredStart.count - 1] + expression.required.count)
        }
        required = expressions.flatMap(\.required)
        self.requiredStart = requiredStart
        operations = expressions.flatMap(\.operations)
        supporting = expressions.flatMap(\.supportingCandidates)
        self.operationStart = operationStart
        self.supportingStart = supportingStart
        watched = expressions.map(\.watched)
        stackDepth = expressions.map(\.stackDepth).max() ?? 1
    }

    /// Whether every rule meta `meta` requires fired: when not, the meta rule cannot hold.
    func requirementsMet(_ meta: Int, fired: [Bool]) -> Bool {
        for slot in requiredStart[meta]..<requiredStart[meta + 1] where !fired[required[slot]] { return false }
        return true
    }

    /// Whether meta `meta` holds when `fired[i]` tells whether rule `i` fired.
    func evaluate(_ meta: Int, fired: [Bool]) -> Bool {
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: stackDepth) { stack in
            var top = 0
            for slot in operationStart[meta]..<operationStart[meta + 1] {
                switch operations[slot] {
                case .rule(let index):
                    stack[top] = fired[index]
                    top += 1
                case .unknown:
                    stack[top] = false
                    top += 1
                case .not:
                    stack[top - 1] = !stack[top - 1]
                case .and:
                    top -= 1
                    stack[top - 1] = stack[top - 1] && stack[top]
                case .or:
                    top -= 1
                    stack[top - 1] = stack[top - 1] || stack[top]
                }
            }
            return top == 1 ? stack[0] : false
        }
    }

    /// Positions in ``supportingCandidate(at:)`` of meta `meta`'s supporting candidates.
    func supportingSlots(of meta: Int) -> Range<Int> { supportingStart[meta]..<supportingStart[meta + 1] }

    func supportingCandidate(at slot: Int) -> Int { supporting[slot] }
}

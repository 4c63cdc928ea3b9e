import Yams

/// Collects `ConfigProblem`s while a configuration is walked, so that one pass reports all of them.
///
/// A class so the walkers of the config file and of the feed-list file append to one list without threading
/// `inout` through every reader; used by one thread at a time, during one `ConfigLoader` call.
final class ProblemLog {
    private var problems: [ConfigProblem] = []

    var isEmpty: Bool { problems.isEmpty }

    /// Records a problem at `mark` (1-based, as Yams reports it), or at 1:1 when there is no mark.
    func report(file: String, at mark: Mark?, keyPath: String, _ message: String) {
        problems.append(
            ConfigProblem(
                file: file,
                line: max(mark?.line ?? 1, 1),
                column: max(mark?.column ?? 1, 1),
                keyPath: keyPath,
                message: message
            )
        )
    }

    /// The problems ordered by file, line, then column; problems at one position keep the order they were found.
    /// Exact repeats (a value reached twice through a YAML alias) are listed once.
    func sorted() -> [ConfigProblem] {
        var seen: Set<ConfigProblem> = []
        let unique = problems.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            if a.file != b.file { return a.file < b.file }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return left.offset < right.offset
        }.map(\.element)
    }
}

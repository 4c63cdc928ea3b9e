import Foundation
@testable import ParoleWatchCore
import TestSupport
import Testing

@Suite("ModelLoader")
struct ModelLoaderTests {
    func problems(_ yaml: String) throws -> [String] {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write(yaml, to: "model.yaml")
        do {
            _ = try ModelLoader.load(from: file)
            return []
        } catch {
            return error.problems.map { "\($0.line):\($0.column): \($0.keyPath): \($0.message)" }
        }
    }

    @Test("the shipped model loads and every rule's examples behave")
    func shippedModel() throws {
        let ruleSet = try ModelLoader.load(from: Repository.root.appendingPathComponent("config/model.yaml"))
        #expect(ruleSet.model.rules.count > 30)
        #expect(ruleSet.model.rules.allSatisfy { $0.isBuildingBlock || !$0.description.isEmpty })
    }

    @Test("every problem is reported at its line and column with its key path")
    func locatedProblems() throws {
        let found = try problems(
            """
            threshold: 3
            rules:
              - id: GOOD
                description: fine
                weight: 1
                phrases: [alpha]
              - id: bad id
                description: lower case
                weight: 1
                phrases: [beta]
              - id: NEAR
                description: refers to nothing
                weight: 1
                near: [GOOD, MISSING]
              - id: TWO
                description: two matchers
                weight: 1
                phrases: [x]
                pattern: 'y'
              - id: TYPO
                descripton: misspelt key
                phrases: [z]
            """)
        #expect(found.contains { $0.hasPrefix("7:9: rules[1].id:") && $0.contains("UPPER_SNAKE") })
        #expect(found.contains { $0.hasPrefix("11:5: rules[2].near:") && $0.contains("unknown rule 'MISSING'") })
        #expect(found.contains { $0.hasPrefix("15:5: rules[3]:") && $0.contains("exactly one of") })
        #expect(found.contains { $0.hasPrefix("21:5: rules[4].descripton:") && $0.contains("did you mean 'description'") })
    }

    @Test("an example that does not fire is reported at the example's own line")
    func failingExample() throws {
        let found = try problems(
            """
            threshold: 1
            rules:
              - id: WORD
                description: a word
                weight: 1
                phrases: [alpha]
                examples:
                  fire: ["alpha here", "beta only"]
                  silent: ["alphabet", "an alpha"]
            """)
        #expect(found.count == 2)
        #expect(found.contains { $0.hasPrefix("8:28: rules[0].examples.fire[1]:") })
        #expect(found.contains { $0.hasPrefix("9:28: rules[0].examples.silent[1]:") })
    }

    @Test("meta rules that loop, scopes or cancels on meta rules and weights on building blocks are refused")
    func structuralProblems() throws {
        let found = try problems(
            """
            threshold: 1
            rules:
              - id: A
                description: a
                weight: 1
                meta: "B"
              - id: B
                description: b
                weight: 1
                meta: "A"
                scope: post
              - id: __PART
                weight: 2
                phrases: [x]
              - id: C
                description: c
                weight: 1
                meta: "__PART"
                cancels: [B]
            """)
        #expect(found.contains { $0.contains("depends on itself") })
        #expect(found.contains { $0.contains("rules[1].scope") && $0.contains("cannot open a scope") })
        #expect(found.contains { $0.contains("rules[2].weight") && $0.contains("building blocks") })
        #expect(found.contains { $0.contains("rules[3].cancels") && $0.contains("meta rule cannot cancel") })
    }

    @Test("a scope is post, quotations or following N, and only on a debunk cue")
    func scopes() throws {
        let found = try problems(
            """
            threshold: 1
            rules:
              - id: QUOTED
                description: q
                weight: -1
                scope: quotations
                phrases: [ended]
              - id: NEUTRAL
                description: n
                weight: -1
                role: neutral
                scope: post
                phrases: [over]
              - id: WIDE
                description: w
                weight: -1
                scope: everywhere
                phrases: [false]
            """)
        #expect(found.count == 2)
        #expect(found.contains { $0.contains("rules[1].scope") && $0.contains("only a debunk cue opens a scope") })
        #expect(found.contains { $0.contains("rules[2].scope") && $0.contains("'post', 'quotations' or 'following N'") })
    }

    @Test("a pattern outside the supported syntax is refused at its rule, saying what and where")
    func unsupportedPattern() throws {
        let found = try problems(
            """
            threshold: 3
            rules:
              - id: LOOKBEHIND
                description: needs a lookbehind
                weight: 1
                pattern: '(?<=x)y'
            """)
        let message = "pattern does not compile: lookbehind (?<=…) and (?<!…) is not supported (at character 1)"
        #expect(found == ["3:5: rules[0]: \(message)"])
    }

    @Test(
        "a pattern literal that normalized text never contains is refused, saying how to write it",
        arguments: [
            ("[0-9]+ dollars", "'ll', but normalized text squeezes repeated letters to one (write 'l')"),
            ("por Zelle", "'Z', but normalized text is lowercase (write 'z')"),
            ("[0-9]+ dólares", "'ó', which normalized text never contains"),
            ("(?<amount>[0-9]+ dollars)", "'ll', but normalized text squeezes"),
        ])
    func unreachablePatternLiteral(_ pattern: String, _ expected: String) throws {
        let found = try problems(
            """
            threshold: 3
            rules:
              - id: MONEY
                description: money
                weight: 1
                pattern: '\(pattern)'
            """)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("3:5: rules[0]: pattern has ") == true, "\(found)")
        #expect(found.first?.contains(expected) == true, "\(found)")
    }

    @Test("escapes, classes, group syntax and an optional second letter are not literals to refuse")
    func patternLiteralsThatCanOccur() throws {
        for pattern in ["\\b[A-Z]\\d", "(?:ab)", "(?<Name>ab)", "cal?l", "[ll]", "\\$ ?[0-9]", "pas?s"] {
            #expect(PatternSpelling.problem(in: pattern) == nil, "\(pattern)")
        }
    }

    @Test("a missing threshold and a bad pattern are reported")
    func thresholdAndPattern() throws {
        let found = try problems(
            """
            rules:
              - id: MONEY
                description: money
                weight: 1
                pattern: '(unclosed'
            """)
        #expect(found.contains { $0.contains("threshold") })
    }
}

import Foundation
import TestSupport
import Testing

@testable import ParoleWatchCore

@Suite("SuggestedReply")
struct SuggestedReplyTests {
    /// The shipped `config/replies.yaml`, found from this file's place in the repository.
    static let shippedFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/replies.yaml")

    func problems(_ yaml: String) -> [String] {
        do {
            _ = try SuggestedReplyTemplates.parse(yaml: yaml, displayPath: "replies.yaml")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("the shipped replies file loads and equals the built-in default")
    func shippedFileEqualsBuiltIn() throws {
        #expect(try SuggestedReplyTemplates.load(from: Self.shippedFile) == SuggestedReplyTemplates.builtIn)
    }

    @Test(
        "every reply states the facts, names the official site and where to report scams",
        arguments: [\Alert.SuggestedReply.es, \.en, \.ht])
    func repliesAreFactual(_ language: any KeyPath<Alert.SuggestedReply, String> & Sendable) {
        let reply = SuggestedReplyTemplates.builtIn.reply(for: AlertSamples.rumor)[keyPath: language]
        for fact in ["CHNV", "2025", "USCIS", "uscis.gov", "FTC", "reportfraud.ftc.gov"] {
            #expect(reply.contains(fact), "\(fact)")
        }
        #expect(!reply.contains("{") && !reply.contains("\n\n\n"))
        #expect(reply == reply.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("the built-in replies are in their languages")
    func repliesAreInTheirLanguages() {
        let reply = SuggestedReplyTemplates.builtIn.reply(for: AlertSamples.rumor)
        #expect(reply.es.contains("no han reabierto") && reply.es.contains("estafa"))
        #expect(reply.en.contains("have not reopened") && reply.en.contains("scam"))
        #expect(reply.ht.contains("pa relouvri") && reply.ht.contains("eskwokri"))
    }

    @Test("placeholders are filled from the alert's feed and post")
    func fillsPlaceholders() throws {
        let templates = try SuggestedReplyTemplates.parse(
            yaml: """
                es: |
                  Sobre «{title}» ({feed}, {link}): falso.
                en: "{title}: false. {not a placeholder} {unclosed"
                ht: "{feed}{feed}"
                """,
            displayPath: "replies.yaml")
        let reply = templates.reply(for: AlertSamples.rumor)
        #expect(
            reply.es
                == "Sobre «¡Reabren el parole humanitario! Nuevas solicitudes CHNV» (rumores-es, "
                + "https://rumores.example/2026/11/reabren-parole): falso.")
        #expect(reply.en == "¡Reabren el parole humanitario! Nuevas solicitudes CHNV: false. {not a placeholder} {unclosed")
        #expect(reply.ht == "rumores-esrumores-es")
        #expect(templates.reply(for: AlertSamples.bare).es == "Sobre «» (factdesk-en, ): falso.")
    }

    @Test("a long or multi-line title is put on one line and shortened")
    func shortensTitles() {
        #expect(SuggestedReplyTemplates.shortTitle("  Reabren\n\tel \u{1B}parole  ") == "Reabren el parole")
        let long = SuggestedReplyTemplates.shortTitle(String(repeating: "parole ", count: 40))
        #expect(long.count <= SuggestedReplyTemplates.titleLimit)
        #expect(long.hasSuffix("parole…") || long.hasSuffix("…"))
    }

    @Test("a missing language is reported by its key")
    func missingLanguage() {
        #expect(
            problems("es: hola\nen: hello\n") == [
                "replies.yaml:1:1: ht: missing key 'ht' (the Haitian Creole reply)"
            ])
    }

    @Test(
        "each problem in a replies file is reported at its line",
        arguments: [
            ("es: a\nen: b\nht: c\nfr: d\n", "replies.yaml:4:1: fr: unknown key 'fr'; valid keys here are es, en, ht"),
            ("es: a\nen: b\nht: c\nEN: d\n", "replies.yaml:4:1: EN: unknown key 'EN'; did you mean 'en'?"),
            ("es: a\nen: b\nht: \"  \"\n", "replies.yaml:3:5: ht: the Haitian Creole reply is empty"),
            ("es: a\nen: [b]\nht: c\n", "replies.yaml:2:5: en: expected the English reply as text, got a list"),
            (
                "es: a {titel}\nen: b\nht: c\n",
                "replies.yaml:1:5: es: unknown placeholder '{titel}'; did you mean '{title}'? placeholders are {feed}, {title}, {link}"
            ),
            ("- es\n", "replies.yaml:1:1: expected suggested replies (a mapping of keys to values), got a list"),
            ("es: a\nes: b\nen: c\nht: d\n", "replies.yaml:2:1: es: duplicate key 'es'; it is first set at line 1, column 1"),
            ("es: 'a\n", "replies.yaml:2:1: not valid YAML"),
            ("", "replies.yaml:1:1: the replies file is empty"),
        ])
    func reportsProblems(_ yaml: String, _ expected: String) {
        let found = problems(yaml)
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }

    @Test("x- keys are ignored, so anchors can live there")
    func ignoresExtensionKeys() throws {
        let templates = try SuggestedReplyTemplates.parse(
            yaml: "x-common: &tail see uscis.gov\nes: *tail\nen: *tail\nht: *tail\n", displayPath: "r.yaml")
        #expect(templates == SuggestedReplyTemplates(es: "see uscis.gov", en: "see uscis.gov", ht: "see uscis.gov"))
    }

    @Test("a replies file that does not exist is reported by name")
    func missingFile() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let error = #expect(throws: ConfigError.self) {
            try SuggestedReplyTemplates.load(from: folder.path("nope.yaml"))
        }
        #expect(error?.description.contains("nope.yaml") == true)
        #expect(error?.description.contains("does not exist") == true)
    }

    @Test("a replies file on disk loads with its replies trimmed")
    func loadsFromDisk() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write("es: |\n\n  uno\n\n  dos\n\nen: one\nht: |-\n  en\n", to: "replies.yaml")
        let templates = try SuggestedReplyTemplates.load(from: file)
        #expect(templates == SuggestedReplyTemplates(es: "uno\n\ndos", en: "one", ht: "en"))
    }
}

import Foundation
import Yams

/// The suggested replies every alert carries (`Alert.SuggestedReply`), as templates: one per language, read from
/// a small YAML file (`config/replies.yaml` ships with ParoleWatch) or built in.
///
/// File format (all three keys required; top-level keys starting with `x-` are ignored, a place for anchors):
/// ```yaml
/// es: |
///   Gracias por compartir, pero … {feed} … {title} …
/// en: |
///   …
/// ht: |
///   …
/// ```
/// Each reply is used as written, leading and trailing blank lines removed. Placeholders: `{feed}` (the feed's id),
/// `{title}` (the post's title on one line, at most `titleLimit` characters), `{link}` (the post's link, empty
/// when it has none). Any other `{word}` is a load error; a brace not followed by a placeholder name is text.
public struct SuggestedReplyTemplates: Sendable, Equatable {
    /// Spanish.
    public var es: String
    /// English.
    public var en: String
    /// Haitian Creole.
    public var ht: String

    /// Memberwise; the templates are used as given (unknown placeholders stay as written).
    public init(es: String, en: String, ht: String) {
        self.es = es
        self.en = en
        self.ht = ht
    }

    /// The placeholder names a template may use, as `{name}`.
    public static let placeholders = ["feed", "title", "link"]
    /// Longest `{title}`, in characters; a longer title is cut and ends in `…`.
    public static let titleLimit = 120

    static let languages = [
        ("es", "the Spanish reply"), ("en", "the English reply"), ("ht", "the Haitian Creole reply"),
    ]

    // MARK: Loading

    /// Reads the templates file at `url`, or throws every problem found, one per line as `check-config` prints
    /// them (`replies.yaml:1:1: ht: missing key 'ht' (the Haitian Creole reply)`).
    public static func load(from url: URL) throws(ConfigError) -> SuggestedReplyTemplates {
        let log = ProblemLog()
        let (path, displayPath) = ConfigLoader.paths(of: url)
        let document = YAMLDocument.load(
            path: path,
            displayPath: displayPath,
            what: "replies file",
            reference: nil,
            log: log
        )
        return try parse(document, displayPath: displayPath, log: log)
    }

    /// The templates `config` names (`alerts.replies`), or the built-in ones when it names none.
    public static func load(for config: Config) throws(ConfigError) -> SuggestedReplyTemplates {
        guard let url = config.alerts.repliesURL else { return .builtIn }
        return try load(from: url)
    }

    /// Parses templates from YAML text; `displayPath` names it in problems.
    public static func parse(yaml: String, displayPath: String) throws(ConfigError) -> SuggestedReplyTemplates {
        let log = ProblemLog()
        let document = YAMLDocument.compose(text: yaml, path: displayPath, displayPath: displayPath, log: log)
        return try parse(document, displayPath: displayPath, log: log)
    }

    private static func parse(
        _ document: YAMLDocument?,
        displayPath: String,
        log: ProblemLog
    ) throws(ConfigError) -> SuggestedReplyTemplates {
        guard let document, let root = document.root else {
            if log.isEmpty { log.report(file: displayPath, at: nil, keyPath: "", "the replies file is empty") }
            throw ConfigError(problems: log.sorted())
        }
        let reader = NodeReader(document: document, log: log)
        guard
            let fields = reader.mapping(
                root,
                "",
                allowed: languages.map(\.0),
                what: "suggested replies",
                ignoredPrefix: "x-"
            )
        else { throw ConfigError(problems: log.sorted()) }
        var replies: [String: String] = [:]
        for (key, what) in languages {
            guard let node = fields.value(key) else {
                reader.report(root, key, "missing key '\(key)' (\(what))")
                continue
            }
            guard let raw = reader.text(node, key, what: "\(what) as text") else { continue }
            let template = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !template.isEmpty else {
                reader.report(node, key, "\(what) is empty")
                continue
            }
            for name in placeholderNames(in: template) where !placeholders.contains(name) {
                let hint = name.closestConfigKey(among: placeholders).map { "did you mean '{\($0)}'? " } ?? ""
                let known = placeholders.map { "{\($0)}" }.joined(separator: ", ")
                reader.report(node, key, "unknown placeholder '{\(name)}'; \(hint)placeholders are \(known)")
            }
            replies[key] = template
        }
        guard log.isEmpty, let es = replies["es"], let en = replies["en"], let ht = replies["ht"] else {
            throw ConfigError(problems: log.sorted())
        }
        return SuggestedReplyTemplates(es: es, en: en, ht: ht)
    }

    // MARK: Filling

    /// The replies for `alert`'s feed and post.
    public func reply(for alert: Alert) -> Alert.SuggestedReply {
        reply(feed: alert.feed, post: alert.post)
    }

    /// The replies with the placeholders filled from `feed` and `post`. Pure; linear in the templates' length.
    public func reply(feed: Alert.Feed, post: Alert.Post) -> Alert.SuggestedReply {
        let values = [
            "feed": feed.id,
            "title": Self.shortTitle(post.title),
            "link": post.link ?? "",
        ]
        return Alert.SuggestedReply(
            es: Self.fill(es, with: values),
            en: Self.fill(en, with: values),
            ht: Self.fill(ht, with: values)
        )
    }

    /// The title on one line (control characters and runs of white space become one space), at most
    /// `titleLimit` characters.
    static func shortTitle(_ title: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in title.unicodeScalars {
            scalars.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        let words = String(scalars).split(whereSeparator: \.isWhitespace)
        let line = words.joined(separator: " ")
        guard line.count > titleLimit else { return line }
        return String(line.prefix(titleLimit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// `template` with each `{name}` whose name is in `values` replaced; everything else kept as written.
    static func fill(_ template: String, with values: [String: String]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
                let value = values[String(rest[afterOpen..<close])]
            {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    /// The names written as `{name}` (a letter or `_`, then letters, digits or `_`) in `template`.
    static func placeholderNames(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            rest = rest[rest.index(after: open)...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let name = rest[..<close]
            let isName =
                !name.isEmpty && name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if isName {
                names.append(String(name))
                rest = rest[rest.index(after: close)...]
            }
        }
        return names
    }
}

extension SuggestedReplyTemplates {
    /// The replies `config/replies.yaml` ships with, for when no replies file is configured (a test keeps the two
    /// equal). Facts as of 2026: the CHNV parole processes were terminated in 2025 and have not reopened.
    public static let builtIn = SuggestedReplyTemplates(
        es: """
            Gracias por compartir, pero esta información no es correcta. Los procesos de parole humanitario para \
            cubanos, haitianos, nicaragüenses y venezolanos (CHNV) se terminaron en 2025 y no han reabierto. USCIS \
            no ha anunciado nuevas solicitudes. Verifique siempre en la página oficial, uscis.gov, y no en mensajes \
            de redes sociales o de WhatsApp.

            Nunca le pague a nadie por "ayuda", patrocinadores, listas de aprobados o por "acelerar" un caso: es \
            una estafa. Si alguien le pidió dinero, denúncielo ante la FTC en reportfraud.ftc.gov.
            """,
        en: """
            Thanks for sharing, but this is not accurate. The humanitarian parole processes for Cubans, Haitians, \
            Nicaraguans and Venezuelans (CHNV) were terminated in 2025 and have not reopened. USCIS has not \
            announced any new applications. Check only the official site, uscis.gov, not social media posts or \
            chat messages.

            Never pay anyone for "help", a sponsor, a list of approvals or to "speed up" a case: that is a scam. \
            If someone asked you for money, report it to the FTC at reportfraud.ftc.gov.
            """,
        ht: """
            Mèsi paske ou pataje, men enfòmasyon sa a pa kòrèk. Pwosesis parol imanitè pou moun ki soti Kiba, \
            Ayiti, Nikaragwa ak Venezyela (CHNV) yo te fini an 2025, epi yo pa relouvri. USCIS pa anonse okenn \
            nouvo aplikasyon. Verifye enfòmasyon sèlman sou sit ofisyèl la, uscis.gov, pa sou rezo sosyal oswa \
            mesaj WhatsApp.

            Pa janm peye okenn moun pou "èd", pou yon sponsò, pou yon lis apwobasyon oswa pou "akselere" yon \
            dosye: se yon eskwokri. Si yon moun mande w lajan, rapòte sa bay FTC sou reportfraud.ftc.gov.
            """
    )
}

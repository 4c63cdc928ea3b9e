import Foundation
import ParoleWatchCore
import TestSupport
import Testing

/// The shipped model, scoring posts written for these tests (not corpus lines).
@Suite("Scoring with the shipped model")
struct ScorerTests {
    static let ruleSet: RuleSet = {
        do {
            return try ModelLoader.load(from: Repository.root.appendingPathComponent("config/model.yaml"))
        } catch {
            fatalError("the shipped model must load: \(error)")
        }
    }()

    func score(_ text: String, title: String = "", lang: String? = nil) -> ScoreResult {
        Self.ruleSet.score(ScoredPost(title: title, text: text, language: lang))
    }

    @Test("claims that the parole is reopening alert", arguments: [
        "Atención: reabren el parole humanitario la próxima semana, preparen los papeles",
        "Se reactivó el programa de parole para venezolanos, ya es oficial",
        "Humanitarian parole for Haitians is coming back in February, get your sponsor ready",
        "CHNV is BACK!! sponsors can file again starting Monday",
        "Pwogram parol imanitè a relouvri, pataje nouvèl la ak fanmi w",
        "Le programme de parole humanitaire rouvre pour les Haïtiens",
    ])
    func reopeningClaims(_ text: String) {
        #expect(score(text).isAlert, "\(score(text))")
    }

    @Test("paid help and fake lists alert even without a reopening word", arguments: [
        "Te saco el parole en 3 semanas, $300 por Zelle, escríbeme",
        "Verified sponsor for your family, $450 per person via Cash App. DM me",
        "Salió la lista de aprobados del parole, busca tu nombre aquí: https://lista.example",
        "They are approving parole cases again, check your email tonight",
    ])
    func subtleClaims(_ text: String) {
        #expect(score(text).isAlert, "\(score(text))")
    }

    @Test("obfuscated claims alert", arguments: [
        "R3ABR3N el p@r0le humanitario!!",
        "Re\u{200B}abren el pa\u{200B}role humanitario",
        "the humanitarian p\u{0430}r\u{043E}le is r\u{0435}opening next month",
        "R E A B R E N   E L   P A R O L E",
        "ｐａｒｏｌｅ is back, apply now",
    ])
    func obfuscatedClaims(_ text: String) {
        let result = score(text)
        #expect(result.isAlert, "\(result)")
    }

    @Test("obfuscation inside a keyword is itself evidence")
    func obfuscationIsEvidence() {
        let plain = score("reabren el parole")
        let hidden = score("r3abr3n el p@role")
        #expect(!plain.rules.contains { $0.id == "REOPENING_WORD_OBFUSCATED" })
        #expect(hidden.rules.contains { $0.id == "REOPENING_WORD_OBFUSCATED" })
        #expect(hidden.score > plain.score)
    }

    @Test("fact-checks quoting the rumor word for word stay silent", arguments: [
        "Circula este mensaje: «Reabren el parole humanitario, manda $200 por Zelle». Es falso, USCIS no ha anunciado nada.",
        "FALSE: a post says \"CHNV parole is back, apply this week\". Nothing has reopened.",
        "Mesaj sa a ap sikile: « parol la relouvri ». Sa pa vre, pa voye lajan bay pèsonn.",
        "¿Reabrieron el parole? No. Cuidado con quien les pida dinero.",
        "OJO: si te piden dinero para 'reactivar tu parole', es estafa.",
    ])
    func debunksStaySilent(_ text: String) {
        let result = score(text)
        #expect(!result.isAlert, "\(result)")
    }

    @Test("a scam that says it is not a scam still alerts")
    func notAScamStillAlerts() {
        let result = score("Reabrieron el parole!! No es estafa, 100% real. Sponsor disponible por $500 en Zelle")
        #expect(result.isAlert, "\(result)")
        #expect(!result.rules.contains { $0.id == "SCAM_WARNING" })
    }

    @Test("claim rules inside a debunk scope are discounted, not dropped")
    func discountInsideScope() {
        let result = score("Es falso que reabren el parole")
        let claim = result.rules.first { $0.id == "REOPENING_CLAIM" }
        #expect(claim?.isDiscounted == true)
        #expect(claim.map { $0.weight < $0.modelWeight } == true)
        #expect(result.isDebunkedPost)
    }

    @Test("true news and other meanings of parole stay silent", arguments: [
        "USCIS resumed processing some pending benefit requests filed by parolees, the agency said in June 2025.",
        "The parole board denied his release after a hearing on Tuesday.",
        "Salió en libertad condicional después de cumplir cinco años de condena.",
        "Le maire a pris la parole devant le conseil municipal.",
        "La embajada reabre las citas de visa de turismo en enero.",
        "Receta de arroz con pollo para el domingo en familia.",
    ])
    func newsAndOtherStaySilent(_ text: String) {
        let result = score(text)
        #expect(!result.isAlert, "\(result)")
    }

    @Test("every reported match is exactly its UTF-8 byte slice of the original field", arguments: [
        "🚨ÚLTIMA HORA🚨 Re\u{200B}abren el pa\u{200B}role humanitario!! Escríbeme al WhatsApp (305) 555-0142",
        "ＰＡＲＯＬＥ is back!!! Humanitarian pàrólé reöpens Dec 15, $300 via Zelle",
        "Pwogram parol imanitè a relouvri! Voye \u{0024}250 sou Zelle",
    ])
    func matchesAreExactSlices(_ text: String) {
        let result = score(text, title: "Parole REABIERTO ✅")
        #expect(!result.rules.isEmpty)
        for rule in result.rules {
            let field = Array((rule.field == .title ? "Parole REABIERTO ✅" : text).utf8)
            #expect(rule.start >= 0 && rule.start <= rule.end && rule.end <= field.count)
            #expect(String(decoding: field[rule.start..<rule.end], as: UTF8.self) == rule.match)
        }
    }

    @Test("the title is scored as its own field")
    func titleField() {
        let result = score("Detalles en el enlace.", title: "Reabren el parole humanitario")
        #expect(result.rules.contains { $0.id == "REOPENING_CLAIM" && $0.field == .title })
    }

    @Test("scoring is the same from any task at once")
    func concurrentScoring() async {
        let texts = ["reabren el parole", "es falso que reabren el parole", "receta de pollo"]
        let expected = texts.map { score($0).score }
        await withTaskGroup(of: Bool.self) { group in
            for index in 0..<60 {
                let text = texts[index % 3]
                let want = expected[index % 3]
                group.addTask { Self.ruleSet.score(ScoredPost(text: text)).score == want }
            }
            for await same in group { #expect(same) }
        }
    }
}

/// Posts for delivery tests, written for these tests: rumors and scams the model alerts on, and fact-checks,
/// news and chatter it must leave alone. `round` varies names and numbers so each round's posts are new.
enum SamplePosts {
    static let places = ["Hialeah", "Miami", "Tampa", "Orlando", "Newark", "Houston", "Boston", "Doral", "Kendall"]

    static func round(_ round: Int) -> [DeliveryScenario.Post] {
        let place = places[round % places.count]
        let amount = 150 + 25 * round
        return [
            .init(
                feed: "rumores", id: "tag:sample.example,2026:r\(round)-1", title: "Atención familias de \(place): reabren el parole humanitario",
                text: "Nos confirman desde \(place) que el programa de parole para cubanos y venezolanos vuelve a abrir "
                    + "esta semana (aviso \(round)). Preparen pasaporte y antecedentes."),
            .init(
                feed: "rumores", id: "tag:sample.example,2026:r\(round)-2", title: "Receta del domingo número \(round)",
                text: "Hoy en \(place) cocinamos arroz con pollo, plátanos maduros y frijoles negros para la familia."),
            .init(
                feed: "factdesk", id: "tag:sample.example,2026:f\(round)-1", title: "CHNV parole is back, sponsors in \(place) say",
                text: "Great news from \(place): the humanitarian parole for Haitians and Cubans is open again. "
                    + "Apply now before the deadline, batch \(round)."),
            .init(
                feed: "factdesk", id: "tag:sample.example,2026:f\(round)-2", title: "Fact check \(round): no, the parole program did not reopen",
                text: "A viral post from \(place) claims the CHNV parole reopened. This is false; the program was "
                    + "terminated in 2025. Never pay anyone for help."),
            .init(
                feed: "grupo-json", id: "tag:sample.example,2026:j\(round)-1", title: "Patrocinador garantizado en \(place)",
                text: "Le conseguimos patrocinador para el parole en \(10 + round) días. Pago de \(amount) dólares "
                    + "por Zelle, escríbanos por WhatsApp al privado."),
            .init(
                feed: "grupo-json", id: "tag:sample.example,2026:j\(round)-2", title: "Reunión de padres \(round)",
                text: "La escuela de \(place) invita a la reunión de padres del jueves a las seis de la tarde."),
            .init(
                feed: "kominote", id: "tag:sample.example,2026:k\(round)-1", title: "Parol imanitè a relouvri nan \(place)",
                text: "Bon nouvèl pou moun \(place) yo: pwogram parol la relouvri pou Ayisyen, lis \(round). "
                    + "Voye dokiman ou yo jodi a."),
            .init(
                feed: "kominote", id: "tag:sample.example,2026:k\(round)-2", title: "Atansyon \(round): sa a pa vre",
                text: "Gen yon mesaj nan \(place) k ap di parol la relouvri. Sa a pa vre. USCIS pa t anonse anyen. "
                    + "Pa peye pèsonn."),
            .init(
                feed: "archivo", id: "tag:sample.example,2026:a\(round)-1", title: "Nuevo parole 2026 para \(place)",
                text: "Ya están aprobando otra vez el parole humanitario. Envíe \(amount) dólares por Zelle para "
                    + "acelerar su caso, cupos limitados en \(place)."),
        ]
    }
}

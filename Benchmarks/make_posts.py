#!/usr/bin/env python3
"""Writes a large JSONL file of synthetic posts (score --jsonl input) for the scoring benchmark.

Posts are assembled from sentence fragments in Spanish, English and Haitian Creole, with a few rumor, debunk and
scam fragments mixed in, a few hundred bytes of text each. Like real posts they mix plain ASCII with accented letters,
emoji, typographic quotes and dashes, hashtags, mentions, links, prices and phone numbers, line breaks and shouting;
a few posts have a title. Deterministic (seeded)."""
import json
import random
import sys

NEUTRAL = [
    "Buenas tardes a todos los vecinos del barrio", "la reunión de padres es el jueves a las siete",
    "hoy hace mucho calor en Hialeah 🥵", "el equipo ganó el partido de anoche ⚾", "receta de arroz con pollo",
    "the community center opens at nine on Saturday", "traffic on the highway was slow this morning",
    "our church choir will sing on Sunday 🎶", "the library has new books in Spanish", "school starts next week",
    "Bonjou tout moun nan katye a", "lekòl la ap louvri lendi", "gen yon fèt nan legliz la samdi",
    "la tienda de la esquina tiene ofertas", "mi abuela cumple ochenta años 🎂", "the bus schedule changed again",
    "¿alguien sabe dónde venden café cubano?", "se perdió un perro en la calle 8, respondé al nombre de Tito",
    "clases de inglés gratis en la biblioteca — los martes", "«la vida es un carnaval» sonaba en la fiesta",
    "Mwen bezwen yon moun ki ka ede m ak devwa pitit mwen", "kote m ka achte diri pi bon mache?",
    "rent is due on the first, don't forget", "who's going to the game tonight? 🏈", "GRACIAS A TODOS POR VENIR!!!",
    "vendo sofá en buen estado, $120, llamar al 305 555 0187", "precios del mercado: plátanos a 2x$1",
    "ver fotos en https://example.com/fotos/cumple-2026", "#Miami #Hialeah #familia", "saludos @marialopez 😘",
    "nou fè yon bèl fèt pou Manman", "la guagua llegó tarde otra vez 😤", "hay que vacunar a los niños antes de la escuela",
    "ESTA SEMANA hay rebajas en la farmacia", "el clima va a estar lluvioso 🌧️ todo el fin de semana",
]
SIGNAL = [
    "reabren el parole humanitario en enero", "the CHNV parole is back, apply now", "pwogram parol la relouvri",
    "es falso, USCIS no ha anunciado nada", "beware of scams asking for Zelle payments",
    "te consigo sponsor por $300 por Zelle", "salió la lista de aprobados del parole",
    "USCIS resumed processing pending benefit requests", "the parole board denied his release",
    "⚠️ OJO: el parole humanitario NO ha reabierto, no paguen a nadie", "Parol imanitè a tounen! Aplike kounye a 🙏",
    "me dijeron que abren el paról otra vez 🤔", "no se dejen engañar, eso es una estafa",
]
SEPARATORS = [". ", ". ", ". ", "! ", "\n", " — ", ", ", " "]

def main() -> None:
    path, megabytes = sys.argv[1], float(sys.argv[2])
    rng = random.Random(42)
    target = int(megabytes * 1_000_000)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        index = 0
        while written < target:
            parts = [rng.choice(NEUTRAL) for _ in range(rng.randint(5, 9))]
            if rng.random() < 0.3:
                parts.insert(rng.randrange(len(parts)), rng.choice(SIGNAL))
            text = parts[0]
            for part in parts[1:]:
                text += rng.choice(SEPARATORS) + part
            title = rng.choice(NEUTRAL + SIGNAL).upper() if rng.random() < 0.1 else ""
            post = {"id": f"p{index}", "title": title, "text": text + "."}
            if rng.random() < 0.5:
                post["lang"] = rng.choice(["es", "es", "en", "ht"])
            line = json.dumps(post, ensure_ascii=False)
            out.write(line + "\n")
            written += len(line.encode("utf-8")) + 1
            index += 1

if __name__ == "__main__":
    main()

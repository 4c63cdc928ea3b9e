#!/usr/bin/env python3
"""Writes a large JSONL file of synthetic posts (score --jsonl input) for the scoring benchmark.

Posts are assembled from neutral sentence fragments with a few rumor, debunk and scam fragments mixed in,
in Spanish, English and Haitian Creole; about 400 bytes of text each. Deterministic (seeded)."""
import json
import random
import sys

NEUTRAL = [
    "Buenas tardes a todos los vecinos del barrio", "la reunion de padres es el jueves a las siete",
    "hoy hace mucho calor en Hialeah", "el equipo gano el partido de anoche", "receta de arroz con pollo",
    "the community center opens at nine on Saturday", "traffic on the highway was slow this morning",
    "our church choir will sing on Sunday", "the library has new books in Spanish", "school starts next week",
    "Bonjou tout moun nan katye a", "lekol la ap louvri lendi", "gen yon fet nan legliz la samdi",
    "la tienda de la esquina tiene ofertas", "mi abuela cumple ochenta anos", "the bus schedule changed again",
]
SIGNAL = [
    "reabren el parole humanitario en enero", "the CHNV parole is back, apply now", "pwogram parol la relouvri",
    "es falso, USCIS no ha anunciado nada", "beware of scams asking for Zelle payments",
    "te consigo sponsor por $300 por Zelle", "salio la lista de aprobados del parole",
    "USCIS resumed processing pending benefit requests", "the parole board denied his release",
]

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
            line = json.dumps({"id": f"p{index}", "title": "", "text": ". ".join(parts) + "."}, ensure_ascii=False)
            out.write(line + "\n")
            written += len(line.encode("utf-8")) + 1
            index += 1

if __name__ == "__main__":
    main()

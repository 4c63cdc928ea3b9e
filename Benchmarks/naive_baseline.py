#!/usr/bin/env python3
"""A naive keyword baseline for the detector, to measure the model against: a post alerts when its lowercased
title and text contain a parole word and a reopening word (no normalization, no debunk scope, no weights).

    Benchmarks/naive_baseline.py CORPUS.jsonl [CORPUS.jsonl …]
"""
import json, sys

PAROLE = ["parole", "parol", "chnv"]
REOPEN = ["reabr", "reopen", "relouvri", "rouvr", "vuelve", "is back", "volvió", "regresa", "open again",
          "abierto", "reactiv", "aprobando", "approving", "nuevo parole", "new parole"]

for path in sys.argv[1:]:
    tp = fp = tn = fn = 0
    for line in open(path, encoding="utf-8"):
        post = json.loads(line)
        text = (post.get("title", "") + " " + post["text"]).lower()
        alert = any(w in text for w in PAROLE) and any(w in text for w in REOPEN)
        claim = post["label"] == "claim"
        tp += alert and claim
        fp += alert and not claim
        fn += (not alert) and claim
        tn += (not alert) and not claim
    precision = tp / (tp + fp) if tp + fp else 0
    recall = tp / (tp + fn) if tp + fn else 0
    print(f"{path}: naive baseline precision {precision:.1%} recall {recall:.1%} (TP {tp} FP {fp} TN {tn} FN {fn})")

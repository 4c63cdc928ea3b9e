#!/usr/bin/env python3
"""Compare ParoleWatch's feed parser with Python feedparser, field by field.

Usage:
    scripts/compare_feedparser.py [FEED_DIR] [--verbose] [--no-build]

FEED_DIR defaults to Tests/ParoleWatchCoreTests/Fixtures/feeds. The script runs the Swift test
`FeedFixtureDump` with PAROLEWATCH_FEED_INPUT=FEED_DIR and PAROLEWATCH_FEED_DUMP=<tmp json>, parses every
file with feedparser (pip install feedparser), and reports agreement on: feed title, entry count, and per
entry id, link, title, published instant and text. Text is feedparser's content[0].value, else summary,
with HTML stripped and entities decoded; it is compared whitespace-insensitively (the primary figure) and
with whitespace collapsed (the strict figure). feedparser 6 has no JSON Feed support, so JSON files are
compared against a small reference reading of the JSON Feed spec below. Files our parser rejects count as
agreeing on entry count when feedparser finds no entries either.
"""
import calendar
import html
import json
import os
import re
import subprocess
import sys
import tempfile

import feedparser
from feedparser.datetimes import _parse_date

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DIR = os.path.join(ROOT, "Tests", "ParoleWatchCoreTests", "Fixtures", "feeds")
TAG = re.compile(r"<[^>]*>")
BLOCK_TAG = re.compile(
    r"(?i)</?(p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|hr|dl|dt|dd|section|article|header|footer)\b[^>]*>")


def html_to_text(value):
    if value is None:
        return None
    value = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", value)
    return html.unescape(TAG.sub("", BLOCK_TAG.sub(" ", value)))


def collapse(value):
    return None if value is None else " ".join(value.split())


def squash(value):
    return None if value is None else "".join(value.split())


def run_swift_dump(feed_dir, build=True):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False)
    out.close()
    env = dict(os.environ, PAROLEWATCH_FEED_INPUT=os.path.abspath(feed_dir), PAROLEWATCH_FEED_DUMP=out.name)
    cmd = ["swift", "test", "--filter", "FeedFixtureDump"]
    if not build:
        cmd.insert(2, "--skip-build")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        sys.exit("swift test failed")
    with open(out.name) as handle:
        results = json.load(handle)
    os.unlink(out.name)
    return {result["file"]: result for result in results}


def feedparser_reference(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if path.endswith(".json"):
        return json_feed_reference(data)
    try:
        parsed = feedparser.parse(data)
    except Exception as error:  # feedparser itself crashes on some hostile input
        return {"crashed": f"{type(error).__name__}: {error}"}
    entries = []
    for entry in parsed.entries:
        if entry.get("content"):
            text = as_text(entry.content[0].value, entry.content[0].get("type"))
        else:
            text = as_text(entry.get("summary", ""), entry.get("summary_detail", {}).get("type"))
        published = entry.get("published_parsed")
        entries.append({
            "id": entry.get("id"),
            "link": entry.get("link"),
            "title": collapse(as_text(entry.get("title"), entry.get("title_detail", {}).get("type"))),
            "published": calendar.timegm(published) if published else None,
            "text": text,
        })
    title = as_text(parsed.feed.get("title"), parsed.feed.get("title_detail", {}).get("type"))
    return {"title": collapse(title), "entries": entries, "bozo": parsed.get("bozo", 0)}


def as_text(value, content_type):
    """feedparser's value as plain text: HTML (and XHTML) stripped and unescaped, plain text kept."""
    if value is None:
        return None
    return html_to_text(value) if "html" in (content_type or "text/html") else value


def json_feed_reference(data):
    try:
        feed = json.loads(data)
    except (ValueError, RecursionError):
        return {"title": None, "entries": [], "bozo": 1}
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith("https://jsonfeed.org/version/"):
        return {"title": None, "entries": [], "bozo": 1}
    entries = []
    for item in feed.get("items", []):
        if not isinstance(item, dict):
            continue
        text = item.get("content_html")
        text = html_to_text(text) if text else (item.get("content_text") or item.get("summary") or "")
        published = _parse_date(item["date_published"]) if item.get("date_published") else None
        entries.append({
            "id": str(item["id"]).strip() if item.get("id") is not None else None,
            "link": item.get("url") or item.get("external_url"),
            "title": collapse(item.get("title")),
            "published": calendar.timegm(published) if published else None,
            "text": text,
        })
    return {"title": collapse(feed.get("title")), "entries": entries, "bozo": 0}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    feed_dir = args[0] if args else DEFAULT_DIR
    ours_by_file = run_swift_dump(feed_dir, build="--no-build" not in sys.argv)
    agree = compared = 0
    strict_agree = strict_compared = 0
    per_field = {}

    def check(file, field, theirs, ours, strict=None):
        nonlocal agree, compared, strict_agree, strict_compared
        ok = theirs == ours
        compared += 1
        agree += ok
        stats = per_field.setdefault(field, [0, 0])
        stats[0] += ok
        stats[1] += 1
        if strict is not None:
            strict_compared += 1
            strict_agree += strict
        if not ok and verbose:
            print(f"  {file}: {field}: feedparser={theirs!r}\n  {' ' * len(file)}  ours      ={ours!r}")

    for file in sorted(os.listdir(feed_dir)):
        path = os.path.join(feed_dir, file)
        reference = feedparser_reference(path)
        ours = ours_by_file.get(file, {"error": "not dumped"})
        if "crashed" in reference:
            print(f"  {file}: skipped, feedparser crashed ({reference['crashed']}); ours: "
                  + (ours.get("error") or f"{len(ours['entries'])} entries"))
            continue
        if "error" in ours:
            check(file, "entry count", len(reference["entries"]), 0)
            if verbose:
                print(f"  {file}: our parser refused it: {ours['error']}")
            continue
        check(file, "feed title", reference["title"], ours.get("title"))
        check(file, "entry count", len(reference["entries"]), len(ours["entries"]))
        for index, (theirs, mine) in enumerate(zip(reference["entries"], ours["entries"])):
            label = f"{file}[{index}]"
            check(label, "id", theirs["id"], mine["id"])
            check(label, "link", theirs["link"], mine["link"])
            check(label, "title", theirs["title"], collapse(mine["title"]))
            check(label, "published", theirs["published"], mine["published"])
            strict = collapse(theirs["text"]) == collapse(mine["text"])
            check(label, "text", squash(theirs["text"]), squash(mine["text"]), strict=strict)

    print("per field:")
    for field, (ok, total) in per_field.items():
        print(f"  {field:12} {ok}/{total}")
    print(f"text with whitespace collapsed (strict): {strict_agree}/{strict_compared}")
    print(f"AGREEMENT: {agree}/{compared} = {100.0 * agree / max(compared, 1):.1f}%")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes N RSS 2.0 feeds of about 20 KB (20 items each) into a folder, for the polling benchmark."""
import os
import sys

def main() -> None:
    folder, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(folder, exist_ok=True)
    words = ("community update parole rumor notice family school market weather report "
             "council meeting library garden bus route festival music sports market").split()
    for feed in range(count):
        items = []
        for item in range(20):
            body = " ".join(words[(feed + item + k) % len(words)] for k in range(140))
            items.append(
                f"<item><title>Feed {feed} item {item}</title>"
                f"<link>http://bench.example/{feed}/{item}</link>"
                f"<guid isPermaLink=\"false\">bench-{feed}-{item}</guid>"
                f"<pubDate>Mon, 30 Nov 2026 12:{item:02d}:00 GMT</pubDate>"
                f"<description><![CDATA[<p>{body}</p>]]></description></item>")
        document = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                    f"<title>Bench feed {feed}</title><link>http://bench.example/{feed}</link>"
                    f"<description>benchmark</description>{''.join(items)}</channel></rss>")
        with open(os.path.join(folder, f"feed-{feed}.xml"), "w", encoding="utf-8") as out:
            out.write(document)

if __name__ == "__main__":
    main()

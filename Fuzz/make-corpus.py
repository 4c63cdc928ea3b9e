#!/usr/bin/env python3
"""Rebuilds the seed corpora in Fuzz/corpus/<target>/ from the test fixtures, config/ and feeds/samples/.

Run from anywhere: python3 Fuzz/make-corpus.py (needs PyYAML, for the model's examples). The fuzzers only read
these folders; what they find goes to .build-fuzz/corpus/<target>/ (see scripts/fuzz.sh).
"""
import glob
import json
import os
import re
import shutil

import yaml

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
F = 'Tests/ParoleWatchCoreTests/Fixtures'
TARGETS = ['feed-xml', 'feed-json', 'config', 'model', 'score-jsonl']
for target in TARGETS:
    shutil.rmtree(f'Fuzz/corpus/{target}', ignore_errors=True)
    os.makedirs(f'Fuzz/corpus/{target}')


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(f'Fuzz/corpus/{target}/{name}', 'wb') as file:
        file.write(data)


def flat(path):
    return path.replace(f'{F}/', '').replace('/', '_')


# Feeds, split by the parser the content picks (first non-blank byte { or [ → JSON).
feeds = sorted(glob.glob(f'{F}/feeds/*')) + sorted(glob.glob('feeds/samples/*'))
feeds += [f'{F}/fetch/rss-200-items.xml', f'{F}/config/full/feeds/samples/a.xml']
for path in feeds:
    data = open(path, 'rb').read()
    if len(data) > 64 * 1024:
        continue  # deep.json (200 KB): the small deep array below stands for it
    first = next((c for c in data if c not in b' \t\r\n'), None)
    put('feed-json' if first in (ord('{'), ord('[')) else 'feed-xml', flat(path), data)
put('feed-json', 'deep-small.json', '[' * 300 + ']' * 300)
put('feed-json', 'minimal.json',
    '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","content_text":"x"}]}')

# Configuration and feed lists.
configs = sorted(glob.glob(f'{F}/config/**/*.yaml', recursive=True))
configs += ['config/parolewatch.yaml', 'config/parolewatch.system.yaml', 'config/replies.yaml', 'feeds/feeds.yaml']
for path in configs:
    if not path.endswith('model.yaml'):
        put('config', flat(path), open(path, 'rb').read())

# Models: the shipped ones, and slices of six rules of config/model.yaml (faster to load; some refer to rules
# outside their slice, which exercises the error paths).
for path in ['config/model.yaml', f'{F}/config/full/config/model.yaml', f'{F}/scoring/model-small.yaml']:
    put('model', flat(path), open(path, 'rb').read())
text = open('config/model.yaml', encoding='utf-8').read()
head, _, body = text.partition('\nrules:\n')
rules = re.split(r'\n(?=  - id: )', body)
for i in range(0, len(rules), 6):
    put('model', f'model-slice-{i:02d}.yaml', head + '\nrules:\n' + '\n'.join(rules[i:i + 6]) + '\n')

# score --jsonl: one corpus post per file, every rule example of the shipped model as a post, and a stream with
# every kind of bad line.
count = 0
for path in sorted(glob.glob(f'{F}/scoring/*.jsonl')):
    for line in open(path, encoding='utf-8'):
        if line.strip():
            count += 1
            put('score-jsonl', f'line-{count:04d}.jsonl', line)
model = yaml.safe_load(open('config/model.yaml', encoding='utf-8'))
for rule in model['rules']:
    examples = rule.get('examples') or {}
    for kind in ('fire', 'silent'):
        for index, example in enumerate(examples.get(kind) or []):
            post = json.dumps({'id': rule['id'], 'text': example}, ensure_ascii=False)
            put('score-jsonl', f"example-{rule['id']}-{kind}-{index}.jsonl", post + '\n')
put('score-jsonl', 'stream.jsonl',
    '{"id":1,"title":"Parole reabre","text":"Reabren el parole"}\r\nnot json\n[1]\n{"id":null,"text":"x"}\n'
    '{"id":"a","text":3}\n{"id":"b","title":5,"text":"x","lang":"es"}\n')

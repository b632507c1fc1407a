"""Writes every string literal of the given Swift test files into a fuzz corpus, one file each.

Used by Benchmarks/fuzz.sh (seed_literals): the unit tests' tables are good seeds.
Usage: python3 seed_literals.py CORPUS FILE...
"""
import hashlib
import os
import re
import sys

PLAIN = re.compile(r'(?<![#\w])"((?:[^"\\\n]|\\.)*)"')
RAW = re.compile(r'#"(.*?)"#')
LIMIT = 400


def unescape(text):
    """The value of a Swift string literal's body, or None for an interpolation."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c != '\\' or i + 1 == len(text):
            out.append(c)
            i += 1
            continue
        n = text[i + 1]
        if n == '(':
            return None
        if n == 'u' and text[i + 2:i + 3] == '{':
            end = text.index('}', i)
            out.append(chr(int(text[i + 3:end], 16)))
            i = end + 1
            continue
        out.append({'n': '\n', 'r': '\r', 't': '\t', '0': '\0'}.get(n, n))
        i += 2
    return ''.join(out)


def main():
    corpus, files = sys.argv[1], sys.argv[2:]
    count = 0
    for path in files:
        if not os.path.exists(path):
            continue
        with open(path, encoding='utf-8') as f:
            text = f.read()
        values = [unescape(m) for m in PLAIN.findall(text)] + RAW.findall(text)
        for value in values:
            if not value or count >= LIMIT:
                continue
            data = value.encode('utf-8', 'surrogatepass')
            name = 'test-' + hashlib.sha1(data).hexdigest()[:12]
            with open(os.path.join(corpus, name), 'wb') as f:
                f.write(data)
            count += 1


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Differential test: random templates rendered by Jinja2 and by `werk render`, compared.

    swift build --product werk
    python3 Tests/WerkTemplatesTests/Fixtures/differential.py [COUNT] [SEED]

Prints each template whose output (or failing) differs, and the count. Differences found this
way became cases in generate.py; the known, accepted ones are Python's unlimited integers and
objects Jinja prints with their memory address (`<... object at 0x...>`).
"""
import json, os, random, subprocess, sys, tempfile
from jinja2 import Environment, DictLoader, select_autoescape
WERK = os.environ.get("WERK_BIN", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", ".build", "debug", "werk"))
CTX = {"x": "<b>&'\"", "n": 3, "m": -7, "f": 2.5, "g": 0.1, "s": "Hello World foo", "t": True, "z": None,
       "l": [3, 1, 2], "w": ["b", "A", "c"], "d": {"b": 1, "a": [1, 2], "c": "x<y"}, "e": "", "u": "naïve ß"}
rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
STRS = ["'a'", "'<i>'", "'Ab c'", "''", "'x y z'", "'1.5'", "'42'", "' pad '"]
FILTERS = ["upper", "lower", "title", "capitalize", "trim", "length", "first", "last", "string", "e", "safe",
           "int", "float", "abs", "list", "sort", "reverse|list", "join(',')", "default('D')", "default('D', true)",
           "round", "round(1)", "truncate(5)", "replace('a','b')", "tojson", "urlencode", "sum", "min", "max",
           "unique|list", "wordcount", "center(9)", "batch(2)|list", "slice(2)|list", "dictsort", "items|list",
           "map('string')|list", "select('odd')|list", "reject('even')|list", "striptags", "indent(2)", "format(1)",
           "count", "d", "capitalize|e", "join('-')", "float(1)", "int(0, 16)", "sort(true)", "sort(attribute='0')"]
TESTS = ["defined", "undefined", "none", "even", "odd", "number", "string", "mapping", "iterable", "sequence",
         "divisibleby 2", "lower", "upper", "true", "false", "integer", "float", "eq 3", "lt 2", "in [1, 3]", "escaped"]
VARS = list(CTX) + ["missing"]
def atom(depth):
    c = rnd.randrange(10)
    if c < 3: return rnd.choice(VARS)
    if c == 3: return str(rnd.choice([0, 1, 2, -3, 10, 255]))
    if c == 4: return rnd.choice(["1.5", "0.1", "2.0", "-0.5", "1e3", "3.75"])
    if c == 5: return rnd.choice(STRS)
    if c == 6: return rnd.choice(["true", "false", "none"])
    if c == 7 and depth < 3: return "[" + ", ".join(expr(depth + 1) for _ in range(rnd.randrange(4))) + "]"
    if c == 8 and depth < 3: return "{" + ", ".join(f"{rnd.choice(STRS)}: {expr(depth + 1)}" for _ in range(rnd.randrange(3))) + "}"
    return "(" + expr(depth + 1) + ")" if depth < 3 else "1"
def expr(depth=0):
    if depth > 3: return atom(depth)
    c = rnd.randrange(14)
    a = atom(depth)
    if c == 0: return f"{a} {rnd.choice(['+', '-', '*', '/', '//', '%', '**', '~'])} {atom(depth)}"
    if c == 1: return f"{a} {rnd.choice(['==', '!=', '<', '<=', '>', '>=', 'in', 'not in'])} {atom(depth)}"
    if c == 2: return f"{a} {rnd.choice(['and', 'or'])} {atom(depth)}"
    if c == 3: return f"not {a}"
    if c in (4, 5, 6): return f"{a}|{rnd.choice(FILTERS)}"
    if c == 7: return f"{a} is {rnd.choice(TESTS)}"
    if c == 8: return f"{a} if {atom(depth)} else {atom(depth)}"
    if c == 9: return f"{rnd.choice(['l', 'w', 's', 'd', 'u'])}[{rnd.choice(['0', '-1', '1:', ':2', '::-1', repr('a'), repr('c')])}]"
    if c == 10: return f"d.{rnd.choice(['a', 'b', 'c', 'zz'])}"
    if c == 11: return f"{rnd.choice(['s', 'x', 'u', 'e'])}.{rnd.choice(['upper()', 'lower()', 'split()', 'strip()', 'startswith(' + repr('H') + ')', 'replace(' + repr('o') + ', ' + repr('0') + ')', 'title()', 'count(' + repr('o') + ')', 'find(' + repr('W') + ')'])}"
    if c == 12: return f"-{a}"
    return a
def stmt(depth=0):
    c = rnd.randrange(8)
    if c < 3 or depth > 2: return "{{ " + expr() + " }}"
    if c == 3: return "{% if " + expr() + " %}" + body(depth) + "{% else %}" + body(depth) + "{% endif %}"
    if c == 4: return "{% for v in " + rnd.choice(["l", "w", "s", "d", "u", "d.items()", "range(3)", "[]", "missing"]) + " %}{{ v }}{{ loop.index }}{{ loop.last }}" + body(depth) + "{% else %}E{% endfor %}"
    if c == 5: return "{% set q = " + expr() + " %}{{ q }}"
    if c == 6: return "{% macro mm(a, b='B') %}[{{ a }}{{ b }}]{% endmacro %}{{ mm(" + expr() + ") }}"
    return rnd.choice([" ", "\n", "<p>", "a&b"]) + "{{- " + expr() + " -}}"
def body(depth):
    return "".join(stmt(depth + 1) for _ in range(rnd.randrange(1, 3)))
count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
folder = tempfile.mkdtemp()
json.dump(CTX, open(os.path.join(folder, "ctx.json"), "w"))
bad = 0
for i in range(count):
    src = "".join(stmt() for _ in range(rnd.randrange(1, 4)))
    name = "t%d.html" % i
    open(os.path.join(folder, name), "w").write(src)
    env = Environment(loader=DictLoader({name: src}), autoescape=select_autoescape(["html"]))
    try:
        want = ("ok", env.get_template(name).render(**json.loads(json.dumps(CTX))))
    except Exception as e:
        want = ("err", type(e).__name__ + ": " + str(e))
    r = subprocess.run([WERK, "render", name, "--templates", folder, "--context", os.path.join(folder, "ctx.json")], capture_output=True)
    got = ("ok", r.stdout.decode()) if r.returncode == 0 else ("err", r.stderr.decode())
    if want[0] != got[0] or (want[0] == "ok" and want[1] != got[1]):
        if want[0] == "ok" and "object at 0x" in want[1]: continue
        bad += 1
        print("=" * 60); print("SRC:", src); print("JINJA:", want); print("WERK: ", got)
print(f"{bad} mismatches of {count}", file=sys.stderr)

#!/usr/bin/env python3
"""Renders every case below with Jinja2 (pip install jinja2==3.1.6) and writes cases.json,
the expected outputs WerkTemplatesTests compares Werk's engine with, byte for byte.

    python3 Tests/WerkTemplatesTests/Fixtures/generate.py

Each case: a name, the template source (or a dict of templates by name, the first rendered
unless "template" says otherwise), and a context (JSON-able; it is stored as JSON text, which
Werk reads with TemplateValue(json:) so ints stay ints and floats floats). The environment is
Jinja's default one with select_autoescape(["html", "htm", "xml"]), as Werk's Templates uses.
A case whose template does not compile records "error": "syntax"; one that fails while
rendering records "error": "runtime".
"""
import json
import os
import sys

import jinja2
from jinja2 import DictLoader, Environment, StrictUndefined, select_autoescape

HERE = os.path.dirname(os.path.abspath(__file__))

ROWS = [{"id": 1, "name": "<b>Ann</b>", "active": True, "tags": ["a", "b"]},
        {"id": 2, "name": "Bob & Co", "active": False, "tags": []},
        {"id": 3, "name": "O'Neil \"Q\"", "active": True, "tags": ["c"]}]
USERS = [{"name": "zoe", "age": 31, "admin": True}, {"name": "Adam", "age": 25, "admin": False},
         {"name": "bea", "age": 31, "admin": False}]

CASES = [
    # --- delimiters, comments, whitespace control, raw
    ("data/plain", "Hello, world!", {}),
    ("data/one-trailing-newline-removed", "a\n\n", {}),
    ("data/crlf-normalised", "a\r\nb\rc\n", {}),
    ("data/braces-alone", "{ } }} %} #} {x}", {}),
    ("print/variable", "Hello {{ name }}!", {"name": "World"}),
    ("print/expression-with-spaces", "{{name}}{{  name  }}", {"name": "x"}),
    ("comment/removed", "a{# a comment {{ x }} #}b", {}),
    ("comment/multiline", "a{# one\ntwo #}b", {}),
    ("whitespace/minus-both", "a  {%- if true -%}  b  {%- endif -%}  c", {}),
    ("whitespace/print-minus", "a \n {{- x -}} \n b", {"x": 1}),
    ("whitespace/comment-minus", "a \n {#- c -#} \n b", {}),
    ("whitespace/newlines-kept", "a\n{% if true %}\nb\n{% endif %}\nc\n", {}),
    ("whitespace/unicode-space-stripped", "a\u00a0\u2003{{- 'b' -}}\u3000c", {}),
    ("whitespace/plus-marker", "a \n{%+ if true +%} b{% endif %}", {}),
    ("raw/keeps-tags", "{% raw %}{{ x }}{% if %}{# c #}{% endraw %}", {}),
    ("raw/whitespace-control", "[ {%- raw -%}  {{ y }}  {%- endraw -%} ]", {}),
    # --- literals
    ("literal/strings", "{{ 'single' }}|{{ \"double\" }}|{{ 'a' 'b' }}|{{ \"it's\" }}", {}),
    ("literal/escapes", r"{{ 'a\nb\tc\\d\x41\u00e9\U0001F600\'\"\d' }}", {}),
    ("literal/integers", "{{ 42 }}|{{ 1_000_000 }}|{{ 0x1F }}|{{ 0o17 }}|{{ 0b101 }}|{{ -7 }}", {}),
    ("literal/floats", "{{ 1.5 }}|{{ 1e3 }}|{{ 1.5e-3 }}|{{ 2.0 }}|{{ 1_0.5 }}|{{ 0.1 }}", {}),
    ("literal/booleans-none", "{{ true }}|{{ True }}|{{ false }}|{{ False }}|{{ none }}|{{ None }}", {}),
    ("literal/list", "{{ [1, 'a', none, true, 1.5, [2]] }}", {}),
    ("literal/tuple", "{{ (1,) }}|{{ (1, 2) }}|{{ () }}", {}),
    ("literal/dict", "{{ {'a': 1, 'b': 'x'} }}|{{ {} }}", {}),
    ("literal/nested-dict-braces", "{{ {'a': {'b': 1}} }}", {}),
    # --- printing values as Python does
    ("value/none-true-false", "{{ n }}|{{ t }}|{{ f }}", {"n": None, "t": True, "f": False}),
    ("value/undefined-empty", "[{{ missing }}]", {}),
    ("value/floats-repr", "{{ 1e16 }} {{ 1e15 }} {{ 0.0001 }} {{ 0.00001 }} {{ 1.0 }} {{ 0.1 + 0.2 }} {{ 1 / 3 }} {{ -0.0 }} {{ 123456789012345678.0 }} {{ 9.5e15 }}", {}),
    ("value/float-context", "{{ a }} {{ b }} {{ c }} {{ d }}", {"a": 198.02, "b": 1.0, "c": 1e100, "d": 2.5e-05}),
    ("value/list-repr-quotes", "{{ ['a', \"it's\", 'say \"hi\"', 'both \\' \"'] }}", {}),
    ("value/list-repr-escapes", "{{ ['a\\nb', 'tab\\t', '\\x00', 'é', '\\u2028'] }}", {}),
    ("value/dict-context-repr", "{{ d }}", {"d": {"b": 1, "a": [1.5, None, True]}}),
    ("value/unicode", "{{ s }}|{{ s|length }}|{{ s|upper }}", {"s": "naïve café ß"}),
    # --- variables, attributes, items
    ("access/attribute", "{{ user.name }}", {"user": {"name": "n"}}),
    ("access/item-string", "{{ row['id'] }}|{{ row[\"id\"] }}", {"row": {"id": 7}}),
    ("access/index", "{{ rows[0] }}|{{ rows[-1] }}|{{ rows.0 }}|{{ rows[5] }}", {"rows": [1, 2]}),
    ("access/string-index-slice", "{{ 'abc'[1] }}|{{ 'abc'[1:] }}|{{ 'abcdef'[::2] }}|{{ 'abc'[::-1] }}|{{ 'abc'[-2:] }}", {}),
    ("access/list-slice", "{{ x[1:3] }}|{{ x[:2] }}|{{ x[::-1] }}|{{ x[-10:10] }}", {"x": [1, 2, 3, 4]}),
    ("access/missing-attribute-empty", "[{{ user.missing }}]", {"user": {"a": 1}}),
    ("access/attribute-of-undefined-fails", "{{ x.y }}", {}),
    ("access/attribute-of-missing-attribute-fails", "{{ user.missing.x }}", {"user": {"a": 1}}),
    ("access/nested", "{{ a.b.c[1].d }}", {"a": {"b": {"c": [0, {"d": "deep"}]}}}),
    ("access/dict-method-beats-key", "{{ d['items'] }}|{{ d.get('a') }}|{{ d.get('z', 'q') }}|{{ d.get('z') }}", {"d": {"items": 1, "a": 2}}),
    # --- operators
    ("math/add-sub-mul", "{{ 1 + 2 }}|{{ 10 - 2 - 3 }}|{{ 2 * 3 }}|{{ 1.5 + 1 }}|{{ true + 1 }}", {}),
    ("math/true-division", "{{ 10 / 2 }}|{{ 7 / 2 }}|{{ 1 / 3 }}|{{ -7 / 2 }}", {}),
    ("math/floor-division", "{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7.5 // 2 }}|{{ -7.5 // 2 }}|{{ 7 // -2 }}", {}),
    ("math/modulo", "{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 7 % -3 }}|{{ -7.5 % 2 }}|{{ 7.5 % -2 }}", {}),
    ("math/power", "{{ 2 ** 10 }}|{{ 2 ** -1 }}|{{ 2 ** 3 ** 2 }}|{{ - 2 ** 2 }}|{{ 2.0 ** 0.5 }}", {}),
    ("math/precedence", "{{ 2 + 3 * 4 }}|{{ (2 + 3) * 4 }}|{{ 2 * 3 % 4 }}|{{ -3 + 5 }}|{{ 10 - -2 }}", {}),
    ("math/unary", "{{ -x }}|{{ +x }}|{{ -1.5 }}|{{ -true }}", {"x": 3}),
    ("math/string-and-list", "{{ 'ab' * 2 }}|{{ 2 * 'ab' }}|{{ [1] + [2] }}|{{ 'a' + 'b' }}|{{ [0] * 3 }}", {}),
    ("math/division-by-zero-fails", "{{ 1 / 0 }}", {}),
    ("math/modulo-by-zero-fails", "{{ 5 % 0 }}", {}),
    ("math/type-error-fails", "{{ 'a' - 1 }}", {}),
    ("math/undefined-operand-fails", "{{ x + 1 }}", {}),
    ("math/string-percent-format", "{{ '%s-%d' % ('a', 3) }}|{{ '%05.2f' % 3.14159 }}|{{ '%(x)s!' % {'x': 1} }}", {}),
    ("concat/tilde", "{{ 1 ~ 2 }}|{{ 'a' ~ 1.5 ~ none ~ true ~ [1] }}|{{ x ~ 'y' }}", {}),
    ("concat/escapes-unsafe-part", "{{ 'a'|safe ~ '<b>' }}|{{ '<b>' ~ 'a'|safe }}|{{ '<b>' ~ 'c' }}", {}),
    ("markup/plus-escapes-other", "{{ '<b>'|safe + '<i>' }}|{{ '<i>' + '<b>'|safe }}", {}),
    # --- comparisons and logic
    ("compare/equality", "{{ 1 == 1.0 }}|{{ '1' == 1 }}|{{ 1 != 2 }}|{{ none == none }}|{{ [1, 2] == [1, 2] }}|{{ true == 1 }}", {}),
    ("compare/ordering", "{{ 1 < 2 }}|{{ 2 <= 2 }}|{{ 3 > 4 }}|{{ 'a' < 'b' }}|{{ [1, 2] < [1, 3] }}|{{ 1 < 2 < 3 }}|{{ 1 < 3 < 2 }}", {}),
    ("compare/mixed-types-fail", "{{ 1 < 'a' }}", {}),
    ("compare/in", "{{ 1 in [1, 2] }}|{{ 3 not in [1, 2] }}|{{ 'a' in 'bab' }}|{{ 'a' in {'a': 1} }}|{{ '' in 'x' }}", {}),
    ("logic/and-or-not", "{{ true and false }}|{{ true or false }}|{{ not true }}|{{ not 0 }}|{{ 0 or 'x' }}|{{ 1 and 'y' }}|{{ '' and 'z' }}|{{ none or [] }}", {}),
    ("logic/truthiness", "{% for v in [0, 1, 0.0, '', 'a', [], [0], {}, none] %}{{ 'T' if v else 'F' }}{% endfor %}", {}),
    ("logic/undefined-is-false", "{{ 'yes' if missing else 'no' }}|{{ missing or 'fallback' }}", {}),
    ("conditional/inline-if", "{{ 'a' if true else 'b' }}|{{ 'a' if false else 'b' }}|[{{ 'a' if false }}]|{{ 1 if x > 2 else 2 if x > 1 else 3 }}", {"x": 2}),
    # --- tests
    ("test/defined", "{{ x is defined }}|{{ y is defined }}|{{ x is undefined }}|{{ y is not defined }}", {"x": 1}),
    ("test/none", "{{ none is none }}|{{ 0 is none }}|{{ x is none }}", {"x": None}),
    ("test/even-odd", "{{ 2 is even }}|{{ 3 is odd }}|{{ 3 is not even }}|{{ 4.0 is even }}|{{ -3 is odd }}", {}),
    ("test/divisibleby", "{{ 6 is divisibleby 3 }}|{{ 7 is divisibleby(3) }}|{{ loop_i is divisibleby 2 }}", {"loop_i": 4}),
    ("test/types", "{{ 'a' is string }}|{{ 1 is number }}|{{ 1 is integer }}|{{ 1.0 is float }}|{{ true is boolean }}|{{ {} is mapping }}|{{ [] is sequence }}|{{ [] is iterable }}", {}),
    ("test/comparisons", "{{ 3 is gt 2 }}|{{ 3 is ge 3 }}|{{ 3 is lt 2 }}|{{ 3 is le 2 }}|{{ 3 is eq 3 }}|{{ 3 is ne 3 }}|{{ 3 is in [3] }}|{{ 2 is sameas 2 }}", {}),
    ("test/case-and-escaped", "{{ 'ABC' is upper }}|{{ 'abc' is lower }}|{{ 'Ab' is upper }}|{{ '<'|e is escaped }}|{{ 'x' is escaped }}", {}),
    ("test/true-false", "{{ true is true }}|{{ 1 is true }}|{{ false is false }}|{{ 0 is false }}", {}),
    ("test/filter-and-test-names", "{{ 'upper' is filter }}|{{ 'nope' is filter }}|{{ 'odd' is test }}", {}),
    ("test/in-condition", "{% if user is defined and user.admin %}admin{% endif %}", {"user": {"admin": True}}),
    # --- if
    ("if/simple", "{% if x %}yes{% endif %}|{% if not x %}no{% endif %}", {"x": True}),
    ("if/elif-else", "{% for n in [1, 2, 3] %}{% if n == 1 %}one{% elif n == 2 %}two{% else %}many{% endif %} {% endfor %}", {}),
    ("if/nested", "{% if a %}{% if b %}ab{% else %}a{% endif %}{% endif %}", {"a": True, "b": False}),
    ("if/tuple-test", "{% if 1, 2 %}tuple{% endif %}", {}),
    # --- for
    ("for/list", "{% for x in items %}[{{ x }}]{% endfor %}", {"items": [1, 2, 3]}),
    ("for/else-empty", "{% for x in [] %}x{% else %}empty{% endfor %}", {}),
    ("for/else-undefined", "{% for x in missing %}x{% else %}none{% endfor %}", {}),
    ("for/loop-variables", "{% for x in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }} {% endfor %}", {}),
    ("for/loop-cycle", "{% for x in range(5) %}{{ loop.cycle('odd', 'even') }} {% endfor %}", {}),
    ("for/loop-prev-next", "{% for x in [1, 2, 3] %}{{ loop.previtem }}-{{ loop.nextitem }}|{% endfor %}", {}),
    ("for/loop-changed", "{% for x in [1, 1, 2, 2, 1] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}", {}),
    ("for/loop-depth", "{% for x in [1] %}{{ loop.depth }}{{ loop.depth0 }}{% endfor %}", {}),
    ("for/nested-loop-shadows", "{% for a in [1, 2] %}{% for b in [1, 2] %}{{ loop.index }}{{ a }}{{ b }} {% endfor %}{{ loop.length }}{% endfor %}", {}),
    ("for/tuple-unpacking", "{% for a, b in [(1, 2), (3, 4)] %}{{ a }}-{{ b }} {% endfor %}", {}),
    ("for/dict-items", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", {"d": {"b": 1, "a": 2}}),
    ("for/dict-keys-values", "{% for k in d %}{{ k }}{% endfor %}|{{ d.keys()|list }}|{{ d.values()|list }}", {"d": {"b": 1, "a": 2}}),
    ("for/string", "{% for c in 'héllo' %}{{ c }}.{% endfor %}", {}),
    ("for/filtered", "{% for x in xs if x > 1 %}{{ loop.index }}/{{ loop.length }}:{{ x }} {% else %}none{% endfor %}", {"xs": [1, 2, 3]}),
    ("for/filtered-all-out", "{% for x in xs if x > 5 %}{{ x }}{% else %}none{% endfor %}", {"xs": [1, 2, 3]}),
    ("for/recursive", "{% for x in tree recursive %}<{{ x.n }}{% if x.c %}{{ loop(x.c) }}{% endif %}>{% endfor %}",
     {"tree": [{"n": 1, "c": [{"n": 2, "c": [{"n": 3}]}, {"n": 4}]}, {"n": 5}]}),
    ("for/recursive-depth", "{% for x in tree recursive %}{{ loop.depth }}{% if x.c %}({{ loop(x.c) }}){% endif %}{% endfor %}",
     {"tree": [{"c": [{"c": [{}]}]}, {}]}),
    ("for/not-iterable-fails", "{% for x in 5 %}a{% endfor %}", {}),
    ("for/unpack-mismatch-fails", "{% for a, b in [(1, 2, 3)] %}{% endfor %}", {}),
    ("for/over-rows", "{% for row in rows %}<tr class=\"{{ 'on' if row.active else 'off' }}\"><td>{{ row.name }}</td><td>{{ row.tags|join(', ') }}</td></tr>{% endfor %}", {"rows": ROWS}),
    ("for/range", "{% for i in range(3) %}{{ i }}{% endfor %}|{{ range(1, 10, 3)|list }}|{{ range(5, 0, -2)|list }}", {}),
    # --- scoping
    ("scope/set-top-level", "{% set x = 1 %}{{ x }}{% set x = x + 1 %}{{ x }}", {}),
    ("scope/set-in-if-leaks", "{% if true %}{% set y = 5 %}{% endif %}{{ y }}", {}),
    ("scope/set-in-for-does-not-leak", "{% set y = 0 %}{% for i in [1, 2] %}[{{ y }}]{% set y = i %}[{{ y }}]{% endfor %}[{{ y }}]", {}),
    ("scope/for-reads-outer-until-set", "{% for i in [1, 2] %}[{{ y }}]{% set y = i %}[{{ y }}]{% endfor %}[{{ y }}]", {"y": "outer"}),
    ("scope/for-set-reset-each-iteration", "{% for i in [1, 2] %}{% if i == 2 %}[{{ z }}]{% endif %}{% set z = i %}{% endfor %}", {}),
    ("scope/loop-var-does-not-leak", "{% for item in [1, 2] %}{% endfor %}[{{ item }}]", {"item": "ctx"}),
    ("scope/namespace", "{% set ns = namespace(total=0) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}", {}),
    ("scope/set-tuple", "{% set a, b = 1, 2 %}{{ a }}{{ b }}", {}),
    ("scope/set-block", "{% set x %}<b>{{ y }}</b>{% endset %}{{ x }}|{{ x|length }}", {"y": "<"}),
    ("scope/set-block-filter", "{% set x | upper %}hi {{ y }}{% endset %}{{ x }}", {"y": "<a>"}),
    ("scope/with", "{% with a = 1, b = 2 %}{{ a + b }}{% set c = 3 %}{% endwith %}[{{ a }}{{ c }}]", {}),
    ("scope/with-in-loop", "{% for x in [1, 2] %}{% with y = x * 2 %}{{ y }}{% endwith %}{% endfor %}", {}),
    ("scope/context-shadowed-by-set", "{{ x }}{% set x = 'local' %}{{ x }}", {"x": "ctx"}),
    # --- filters: escaping
    ("filter/escape", "{{ '&<>\"\\''|e }}|{{ '&<>\"\\'' }}|{{ '<a>'|escape }}", {}),
    ("filter/escape-never-twice", "{{ '<a>'|e|e }}|{{ '<a>'|escape|safe }}|{{ x|e }}", {"x": "&amp;"}),
    ("filter/forceescape", "{{ '<b>'|safe|forceescape }}", {}),
    ("filter/safe", "{{ '<b>bold</b>'|safe }}|{{ x|safe }}|[{{ missing|safe }}]", {"x": "<i>"}),
    # --- filters: default
    ("filter/default", "{{ x|default('d') }}|{{ ''|default('d') }}|{{ ''|default('d', true) }}|{{ none|default('d') }}|[{{ x|d }}]|{{ 0|d('z', boolean=true) }}", {}),
    ("filter/default-defined", "{{ x|default('d') }}", {"x": "set"}),
    ("filter/default-attribute", "{{ user.nick|default(user.name) }}", {"user": {"name": "ann"}}),
    # --- filters: strings
    ("filter/upper-lower", "{{ 'Hello'|upper }}|{{ 'Hello'|lower }}|{{ 'straße'|upper }}", {}),
    ("filter/title", "{{ 'hello WORLD-foo(bar [baz <x'|title }}|{{ \"o'neil mc-donald\"|title }}|{{ 'a  b'|title }}", {}),
    ("filter/capitalize", "{{ 'hELLO wORLD'|capitalize }}|{{ 'éa'|capitalize }}", {}),
    ("filter/safe-kept-by-upper-not-title", "{{ '<b>'|safe|upper }}|{{ '<b>'|safe|title }}|{{ '<b>'|safe|capitalize }}|{{ ' <b> '|safe|trim }}", {}),
    ("filter/trim", "[{{ '  a  '|trim }}]|[{{ 'xxaxx'|trim('x') }}]|[{{ '\u00a0a\u3000\n'|trim }}]", {}),
    ("filter/truncate", "{{ s|truncate(5) }}|{{ s|truncate(10) }}|{{ s|truncate(9, true) }}|{{ s|truncate(11, false, '!', 0) }}|{{ s|truncate(18) }}|{{ s|truncate }}", {"s": "hello world and more"}),
    ("filter/truncate-leeway", "{{ 'abcdefghij'|truncate(7) }}|{{ 'abcdefghijklm'|truncate(7) }}|{{ 'abcdefghijklm'|truncate(7, leeway=0) }}", {}),
    ("filter/truncate-too-short-fails", "{{ 'abcdefgh'|truncate(2, leeway=0) }}", {}),
    ("filter/replace", "{{ 'aaa'|replace('a', 'b') }}|{{ 'aaa'|replace('a', 'b', 2) }}|{{ 'abc'|replace('', '-') }}|{{ 'a<b'|replace('<', '>') }}", {}),
    ("filter/replace-markup", "{{ '<a>'|safe|replace('a', '<') }}|{{ '<a>'|replace('a', '<'|safe) }}", {}),
    ("filter/urlencode", "{{ 'a b&c/d?é'|urlencode }}|{{ {'a b': 'c&d', 'e': 1}|urlencode }}|{{ [('a', 'b c'), ('d', 'é')]|urlencode }}|{{ 42|urlencode }}", {}),
    ("filter/string", "{{ [1, 'a']|string }}|{{ 1.5|string }}|{{ none|string }}|{{ '<a>'|string }}|{{ '<a>'|safe|string }}", {}),
    ("filter/wordcount", "{{ 'hello world, foo-bar_baz 42'|wordcount }}", {}),
    ("filter/striptags", "{{ '<p>Hello <b>world</b></p>  &amp; <!-- c -->  more'|striptags }}", {}),
    ("filter/indent", "{{ 'a\nb\n\nc'|indent }}|{{ 'a\nb'|indent(2, true) }}|{{ 'a\n\nb'|indent(2, blank=true) }}", {}),
    ("filter/center", "[{{ 'ab'|center(6) }}]|[{{ 'abc'|center(6) }}]", {}),
    ("filter/format", "{{ '%s-%05.2f|%d%%'|format('a', 3.14159, 7) }}|{{ '%(a)s'|format(a='x') }}|{{ '%x %o %e'|format(255, 8, 12345.678) }}", {}),
    ("filter/reverse-string", "{{ 'abc'|reverse }}", {}),
    ("filter/str-methods", "{{ 'abc'.upper() }}|{{ 'a,b'.split(',') }}|{{ ' x '.strip() }}|{{ 'abc'.startswith('a') }}|{{ 'a{}'.format(1) }}|{{ 'a b'.split() }}|{{ 'hello'.replace('l', 'L', 1) }}", {}),
    # --- filters: numbers
    ("filter/int", "{{ '42'|int }}|{{ '3.7'|int }}|{{ 'abc'|int }}|{{ 'abc'|int(5) }}|{{ 'ff'|int(0, 16) }}|{{ '0x1f'|int(0, 16) }}|{{ ' 12 '|int }}|{{ '1_000'|int }}|{{ 3.9|int }}|{{ none|int }}|{{ true|int }}|{{ '1e3'|int }}|{{ '-3.7'|int }}|{{ '0b11'|int(base=0) }}", {}),
    ("filter/float", "{{ '1.5'|float }}|{{ 'x'|float }}|{{ 'x'|float(2) }}|{{ 3|float }}|{{ ' 1e3 '|float }}|{{ 'inf'|float }}|{{ '1_0.5'|float }}|{{ none|float }}", {}),
    ("filter/round", "{{ 2.5|round }}|{{ 3.5|round }}|{{ 0.125|round(2) }}|{{ 2.675|round(2) }}|{{ 3|round }}|{{ -2.5|round }}|{{ 1234.5|round(-2) }}|{{ 1250|round(-2) }}", {}),
    ("filter/round-methods", "{{ 2.5|round(0, 'floor') }}|{{ 2.5|round(0, 'ceil') }}|{{ 3|round(1) }}|{{ 2.345|round(2, 'floor') }}|{{ -2.5|round(method='ceil') }}", {}),
    ("filter/round-string-fails", "{{ '3'|round }}", {}),
    ("filter/abs", "{{ -3|abs }}|{{ 2.5|abs }}|{{ (-2.5)|abs }}", {}),
    ("filter/filesizeformat", "{{ 1|filesizeformat }}|{{ 300|filesizeformat }}|{{ 1234567|filesizeformat }}|{{ 1234567|filesizeformat(true) }}|{{ 1e30|filesizeformat }}", {}),
    # --- filters: sequences
    ("filter/length", "{{ 'abc'|length }}|{{ 'naïve'|length }}|{{ [1, 2]|count }}|{{ {'a': 1}|length }}|{{ x|length }}", {}),
    ("filter/length-of-int-fails", "{{ 5|length }}", {}),
    ("filter/join", "{{ [1, 2, 3]|join }}|{{ [1, 2, 3]|join(', ') }}|{{ rows|join(',', attribute='id') }}", {"rows": ROWS}),
    ("filter/join-escaping", "{{ ['<a>', 'b'|safe]|join('&') }}|{{ ['<a>', 'b']|join('&'|safe) }}|{{ ['<a>', '&']|join('<') }}", {}),
    ("filter/first-last", "{{ [1, 2, 3]|first }}|{{ [1, 2, 3]|last }}|[{{ []|first }}]|{{ 'abc'|first }}|{{ 'abc'|last }}|{{ {'a': 1, 'b': 2}|first }}|{{ {'a': 1, 'b': 2}|last }}", {}),
    ("filter/sort", "{{ ['b', 'A', 'c', 'a']|sort }}|{{ ['b', 'A', 'c', 'a']|sort(true) }}|{{ ['b', 'A', 'c', 'a']|sort(case_sensitive=true) }}|{{ [3, 1.5, 2]|sort }}", {}),
    ("filter/sort-attribute", "{{ users|sort(attribute='name')|map(attribute='name')|join(',') }}|{{ users|sort(attribute='age,name')|map(attribute='name')|join(',') }}|{{ users|sort(attribute='age', reverse=true)|map(attribute='name')|join(',') }}", {"users": USERS}),
    ("filter/sort-mixed-fails", "{{ [1, 'a']|sort }}", {}),
    ("filter/reverse", "{{ [1, 2, 3]|reverse|list }}|{{ {'a': 1, 'b': 2}|reverse|list }}", {}),
    ("filter/list", "{{ 'ab'|list }}|{{ {'a': 1}|list }}|{{ (1, 2)|list }}", {}),
    ("filter/dictsort", "{{ {'b': 1, 'a': 2, 'C': 0}|dictsort }}|{{ {'b': 1, 'a': 2}|dictsort(by='value') }}|{{ {'b': 1, 'a': 2, 'C': 0}|dictsort(true) }}", {}),
    ("filter/items", "{% for k, v in {'x': 1, 'y': 2}|items %}{{ k }}{{ v }}{% endfor %}", {}),
    ("filter/map", "{{ users|map(attribute='name')|join(',') }}|{{ ['a', 'b']|map('upper')|list }}|{{ [1, 2]|map('string')|list }}|{{ users|map(attribute='nick', default='?')|list }}", {"users": USERS}),
    ("filter/select-reject", "{{ [1, 2, 3, 4]|select('odd')|list }}|{{ [1, 2, 3, 4]|reject('odd')|list }}|{{ [0, 1, '', 'a']|select|list }}|{{ [1, 5, 9]|select('gt', 4)|list }}", {}),
    ("filter/selectattr", "{{ users|selectattr('admin')|map(attribute='name')|list }}|{{ users|rejectattr('admin')|list|length }}|{{ users|selectattr('age', 'eq', 31)|map(attribute='name')|join(',') }}", {"users": USERS}),
    ("filter/sum-min-max", "{{ [1, 2, 3]|sum }}|{{ users|sum(attribute='age') }}|{{ [3, 1]|min }}|{{ [3, 1]|max }}|{{ ['b', 'A']|min }}|{{ users|max(attribute='age')|attr('name') }}", {"users": USERS}),
    ("filter/unique", "{{ [1, 1, 2]|unique|list }}|{{ ['a', 'A', 'b']|unique|list }}|{{ ['a', 'A', 'b']|unique(true)|list }}", {}),
    ("filter/batch-slice", "{{ [1, 2, 3, 4, 5]|batch(2)|list }}|{{ [1, 2, 3, 4, 5]|batch(2, 0)|list }}|{{ [1, 2, 3, 4, 5]|slice(2)|list }}|{{ [1, 2, 3, 4]|slice(3, 'x')|list }}", {}),
    ("filter/chained", "{{ names|map('trim')|map('capitalize')|sort|join(' & ') }}", {"names": [" bob", "alice ", "carl"]}),
    ("filter/with-expression-arguments", "{{ x|default(y ~ '!')|upper }}", {"y": "fallback"}),
    # --- filters: tojson and xmlattr
    ("filter/tojson", "{{ x|tojson }}", {"x": {"b": "<a href='x'>&</a>", "a": [1, 2.5, None, True, "é\u2028"]}}),
    ("filter/tojson-indent", "{{ x|tojson(2) }}", {"x": {"b": [1, {"c": None}], "a": {}, "d": []}}),
    ("filter/tojson-numbers", "{{ [1.0, 1e20, 0.1, -0.0, 3]|tojson }}|{{ 'é😀'|tojson }}|{{ '\\x00\\x1f\\x7f'|tojson }}", {}),
    ("filter/tojson-in-script", "<script>var data = {{ x|tojson }};</script>", {"x": {"html": "</script><script>alert(1)</script>"}}),
    ("filter/xmlattr", "<a{{ {'class': 'x', 'id': none, 'title': '<\"q\">'}|xmlattr }}>", {}),
    ("filter/unknown-fails-to-compile", "{{ x|nosuchfilter }}", {}),
    ("filter/block", "{% filter upper %}hi {{ x }}{% endfilter %}", {"x": "<a>"}),
    # --- autoescaping
    ("autoescape/html-on", "{{ x }}", {"x": "<script>alert('x') & \"y\"</script>"}),
    ("autoescape/every-character", "{{ x }}", {"x": "&<>\"'"}),
    ("autoescape/numbers-not-escaped", "{{ 1 }}{{ 1.5 }}{{ [1, '<'] }}{{ {'<': '>'} }}", {}),
    ("autoescape/off-block", "{% autoescape false %}{{ x }}{% endautoescape %}{{ x }}", {"x": "<a>"}),
    ("autoescape/on-block-in-txt", {"t.txt": "{{ x }}{% autoescape true %}{{ x }}{% endautoescape %}"}, {"x": "<a>"}, "t.txt"),
    ("autoescape/txt-off", {"t.txt": "{{ x }} {{ x|e }}"}, {"x": "<a & b>"}, "t.txt"),
    ("autoescape/htm-and-xml", {"t.xml": "<a>{{ x }}</a>", "u.htm": "{{ x }}"}, {"x": "<&>"}, "t.xml"),
    ("autoescape/attribute-values", "<input value=\"{{ v }}\" title='{{ v }}'>", {"v": "\" onclick='x'"}),
    # --- macros
    ("macro/basic", "{% macro hello(name) %}Hello {{ name }}!{% endmacro %}{{ hello('you') }}", {}),
    ("macro/form-input", "{% macro input(name, value='', type='text') -%}<input type=\"{{ type }}\" name=\"{{ name }}\" value=\"{{ value|e }}\">{%- endmacro %}{{ input('u', value=v) }}|{{ input('p', type='password') }}|{{ input('a', 'b', 'c') }}", {"v": "<x>"}),
    ("macro/default-uses-earlier-argument", "{% macro m(a, b=a ~ '!') %}{{ a }}{{ b }}{% endmacro %}{{ m(1) }}|{{ m(1, 2) }}", {}),
    ("macro/missing-argument-undefined", "{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m() }}", {}),
    ("macro/varargs-kwargs", "{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, x=4) }}", {}),
    ("macro/too-many-arguments-fails", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}", {}),
    ("macro/unknown-keyword-fails", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=2) }}", {}),
    ("macro/output-is-safe", "{% macro m() %}<b>{% endmacro %}{{ m() }}|{{ m()|length }}|{{ m() ~ '<' }}", {}),
    ("macro/output-escaped-args", "{% macro m(x) %}<p>{{ x }}</p>{% endmacro %}{{ m('<i>') }}", {}),
    ("macro/sees-top-level-late", "{% set x = 1 %}{% macro m() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ m() }}", {}),
    ("macro/sees-context", "{% macro m() %}{{ user }}{% endmacro %}{{ m() }}", {"user": "ctx"}),
    ("macro/recursive", "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}{% endmacro %}{{ fact(5) }}", {}),
    ("macro/attributes", "{% macro m(a, b) %}{% endmacro %}{{ m.name }}|{{ m.arguments }}", {}),
    ("macro/in-loop-captures", "{% for i in [1, 2] %}{% macro m() %}{{ i }}{% endmacro %}{{ m() }}{% endfor %}", {}),
    ("macro/nested-call-keyword", "{% macro field(label, name, value='') %}<label>{{ label }}</label>{{ input(name, value=value) }}{% endmacro %}{% macro input(name, value) %}<input name=\"{{ name }}\" value=\"{{ value }}\">{% endmacro %}{{ field('User', 'u', value='<me>') }}", {}),
    ("macro/call-block", "{% macro m() %}<{{ caller() }}>{% endmacro %}{% call m() %}in{{ x }}{% endcall %}", {"x": "&"}),
    ("macro/call-block-arguments", "{% macro n() %}{{ caller(1, 2) }}{% endmacro %}{% call(a, b) n() %}{{ a }}+{{ b }}{% endcall %}", {}),
    ("macro/call-block-in-loop", "{% macro wrap() %}[{{ caller() }}]{% endmacro %}{% for x in [1, 2] %}{% call wrap() %}{{ x }}{% endcall %}{% endfor %}", {}),
    ("macro/no-caller-fails", "{% macro m() %}{{ caller() }}{% endmacro %}{{ m() }}", {}),
    ("macro/in-txt-not-safe", {"t.txt": "{% macro m() %}<b>{% endmacro %}{{ m() }}{{ '<' }}"}, {}, "t.txt"),
    # --- include
    ("include/basic", {"t.html": "[{% include 'i.html' %}]", "i.html": "included {{ x }}"}, {"x": "<x>"}),
    ("include/sees-loop-and-set", {"t.html": "{% for i in [1, 2] %}{% include 'i.html' %}{% endfor %}{% set top = 't' %}{% include 'i.html' %}", "i.html": "[{{ i }}{{ top }}{{ x }}]"}, {"x": "<"}),
    ("include/ignore-missing", {"t.html": "{% include 'missing.html' ignore missing %}ok"}, {}),
    ("include/missing-fails", {"t.html": "{% include 'missing.html' %}ok"}, {}),
    ("include/first-of-list", {"t.html": "{% include ['nope.html', 'i.html'] %}", "i.html": "I"}, {}),
    ("include/without-context", {"t.html": "{% include 'i.html' without context %}", "i.html": "[{{ x }}]"}, {"x": 1}),
    ("include/txt-in-html", {"t.html": "{% include 'i.txt' %}|{{ '<' }}", "i.txt": "{{ '<' }}"}, {}),
    ("include/name-from-variable", {"t.html": "{% include name %}", "i.html": "from var"}, {"name": "i.html"}),
    ("include/set-inside-does-not-leak", {"t.html": "{% include 'i.html' %}[{{ v }}]", "i.html": "{% set v = 'inner' %}"}, {}),
    # --- import
    ("import/module", {"t.html": "{% import 'm.html' as m %}{{ m.f(1) }}{{ m.v }}|{{ m._p }}", "m.html": "{% macro f(a) %}<{{ a }}>{% endmacro %}{% set v = 'V' %}{% set _p = 1 %}ignored text"}, {}),
    ("import/from", {"t.html": "{% from 'm.html' import f as g, v %}{{ g(2) }}{{ v }}", "m.html": "{% macro f(a) %}<{{ a }}>{% endmacro %}{% set v = 'V' %}"}, {}),
    ("import/without-context-default", {"t.html": "{% import 'm.html' as m %}[{{ m.f() }}]", "m.html": "{% macro f() %}{{ x }}{% endmacro %}"}, {"x": "ctx"}),
    # A macro's output is safe by its caller's autoescaping (Jinja passes the eval context),
    # whatever the template it was defined in does.
    ("import/text-macro-into-html", {"t.html": "{% import 'm.txt' as m %}{{ m.f('<b>') }}|{% set y = m.f('<i>') %}{{ y }}|{{ m.f('&')|upper }}|{% call m.g() %}<c>{% endcall %}", "m.txt": "{% macro f(a) %}[{{ a }}]{% endmacro %}{% macro g() %}({{ caller() }}){% endmacro %}"}, {}),
    ("import/html-macro-into-text", {"t.txt": "{% import 'm.html' as m %}{{ m.f('<b>') }}|{% set y = m.f('<i>') %}{{ y }}|{{ m.f('&')|upper }}", "m.html": "{% macro f(a) %}[{{ a }}]{% endmacro %}"}, {}),
    ("import/macro-under-autoescape-false", {"t.html": "{% import 'm.txt' as m %}{% autoescape false %}{{ m.f('<b>') }}{% set y = m.f('<i>') %}{% endautoescape %}|{{ y }}", "m.txt": "{% macro f(a) %}[{{ a }}]{% endmacro %}"}, {}),
    ("import/with-context", {"t.html": "{% import 'm.html' as m with context %}{{ m.f() }}", "m.html": "{% macro f() %}{{ x }}{% endmacro %}"}, {"x": "ctx"}),
    ("import/macro-calls-module-macro", {"t.html": "{% from 'forms.html' import field %}{{ field('u') }}", "forms.html": "{% macro input(n) %}<input name=\"{{ n }}\">{% endmacro %}{% macro field(n) %}<p>{{ input(n) }}</p>{% endmacro %}"}, {}),
    ("import/missing-name-is-undefined", {"t.html": "{% from 'm.html' import nope %}[{{ nope is defined }}]", "m.html": "x"}, {}),
    ("import/call-block-with-imported-macro", {"t.html": "{% import 'm.html' as m %}{% call m.box() %}{{ x }}{% endcall %}", "m.html": "{% macro box() %}<div>{{ caller() }}</div>{% endmacro %}"}, {"x": "inner & out"}),
    # --- extends, blocks, super
    ("extends/basic", {"child.html": "{% extends 'base.html' %}{% block title %}Child{% endblock %}{% block content %}<p>{{ x }}</p>{% endblock %}",
                       "base.html": "<title>{% block title %}Base{% endblock %}</title>\n<main>{% block content %}{% endblock %}</main>\n<footer>{% block footer %}(c){% endblock %}</footer>"},
     {"x": "<x>"}, "child.html"),
    ("extends/super", {"t.html": "{% extends 'b.html' %}{% block a %}[A {{ super() }}]{% endblock %}", "b.html": "<{% block a %}base-a{% endblock %}>"}, {}),
    ("extends/three-levels", {"t.html": "{% extends 'm.html' %}{% block a %}C{{ super() }}{% endblock %}", "m.html": "{% extends 'b.html' %}{% block a %}M{{ super() }}{% endblock %}", "b.html": "{% block a %}B{% endblock %}|{% block a2 %}{{ self.a() }}{% endblock %}"}, {}),
    ("extends/output-before-kept-after-dropped", {"t.html": "before{% extends 'b.html' %}after{% set v = 'V' %}{% block a %}[{{ v }}]{% endblock %}", "b.html": "<{% block a %}{% endblock %}|{{ v }}>"}, {}),
    ("extends/top-level-code-runs", {"t.html": "{% set ns = namespace(v='orig') %}{% extends 'b.html' %}{% for i in [1] %}X{% set ns.v = 'set' %}{% endfor %}", "b.html": "[{{ ns.v }}]"}, {}),
    ("extends/conditional", {"t.html": "{% if p %}{% extends 'b.html' %}{% endif %}X{% block a %}A{% endblock %}", "b.html": "[{% block a %}{% endblock %}]"}, {"p": True}),
    ("extends/conditional-false", {"t.html": "{% if p %}{% extends 'b.html' %}{% endif %}X{% block a %}A{% endblock %}", "b.html": "[{% block a %}{% endblock %}]"}, {"p": False}),
    ("extends/name-from-variable", {"t.html": "{% extends layout %}{% block x %}X{% endblock %}", "b.html": "<{% block x %}{% endblock %}>"}, {"layout": "b.html"}),
    ("extends/nested-blocks", {"t.html": "{% extends 'b.html' %}{% block x %}{% block y %}Y{% endblock %}{% endblock %}", "b.html": "{% block x %}{% endblock %}|{% block y %}BY{% endblock %}"}, {}),
    ("extends/block-scoping", {"t.html": "{% for i in [1, 2] %}{% block x %}[{{ i }}]{% endblock %}{% endfor %}|{% for i in [1, 2] %}{% block y scoped %}[{{ i }}]{% endblock %}{% endfor %}"}, {}),
    ("extends/block-set-is-local", "{% block x %}{% set q = 1 %}{{ q }}{% endblock %}[{{ q }}]", {}),
    ("extends/macro-in-child-used-in-block", {"t.html": "{% extends 'b.html' %}{% macro m(v) %}<i>{{ v }}</i>{% endmacro %}{% block c %}{{ m(x) }}{% endblock %}", "b.html": "<div>{% block c %}{% endblock %}</div>"}, {"x": "&"}),
    ("extends/endblock-name", "{% block content %}x{% endblock content %}", {}),
    ("extends/missing-parent-fails", {"t.html": "{% extends 'nope.html' %}"}, {}),
    ("extends/twice-fails", {"t.html": "{% extends 'b.html' %}{% extends 'b.html' %}", "b.html": "b"}, {}),
    ("extends/block-defined-twice-fails", "{% block x %}a{% endblock %}{% block x %}b{% endblock %}", {}),
    ("extends/required-block", {"t.html": "{% extends 'b.html' %}{% block r %}R{% endblock %}", "b.html": "[{% block r required %}{% endblock %}]"}, {}),
    ("extends/required-block-missing-fails", {"t.html": "{% extends 'b.html' %}", "b.html": "[{% block r required %}{% endblock %}]"}, {}),
    ("extends/self-block", "{% block a %}A{% endblock %}|{{ self.a() }}", {}),
    ("extends/layout-with-loop-in-block", {"page.html": "{% extends 'layout.html' %}{% block body %}{% for row in rows %}<li>{{ loop.index }} {{ row.name }}</li>{% endfor %}{% endblock %}",
                                           "layout.html": "<ul>{% block body %}{% endblock %}</ul>"}, {"rows": ROWS}, "page.html"),
    # --- globals
    ("global/dict-and-namespace", "{{ dict(a=1, b=2) }}|{% set ns = namespace(n=1) %}{{ ns.n }}", {}),
    ("global/cycler-joiner", "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}|{% set j = joiner('/') %}{% for x in [1, 2, 3] %}{{ j() }}{{ x }}{% endfor %}", {}),
    # --- syntax errors (the Swift tests check name, line and column of their own)
    ("syntax/unclosed-for", "{% for x in y %}\n  {{ x }}\n", {}),
    ("syntax/unexpected-endfor", "a\n{% if x %}\n{% endfor %}", {}),
    ("syntax/unknown-tag", "{% frobnicate %}", {}),
    ("syntax/unclosed-variable", "{{ x ", {}),
    ("syntax/unclosed-comment", "a {# b", {}),
    ("syntax/bad-expression", "{{ 1 + }}", {}),
    ("syntax/unclosed-bracket", "{{ [1, 2 }}", {}),
    ("syntax/unknown-test", "{{ x is nosuchtest }}", {}),
    ("syntax/unexpected-character", "{{ a $ b }}", {}),
    ("syntax/unterminated-string", "{{ 'abc }}", {}),
    ("syntax/missing-raw-end", "{% raw %}abc", {}),
    ("syntax/assign-to-literal", "{% set 1 = 2 %}", {}),
    ("syntax/keyword-before-positional", "{{ f(a=1, 2) }}", {}),
    ("syntax/else-outside", "{% else %}", {}),
]


# Undefined through every filter and test: most treat it as empty, some fail as Jinja's do.
UNDEFINED_FILTERS = ["int", "float", "round", "abs", "upper", "first", "last", "list", "join(',')", "sort", "tojson",
                     "trim", "truncate", "replace('a', 'b')", "urlencode", "title", "capitalize", "string", "e", "safe",
                     "sum", "min", "unique|list", "dictsort", "items|list", "wordcount", "center", "indent", "striptags",
                     "format", "batch(2)|list", "slice(2)|list", "map('upper')|list", "select|list", "filesizeformat",
                     "xmlattr", "attr('x')", "count", "lower", "length", "default('d')", "max", "reject|list"]
UNDEFINED_TESTS = ["even", "lower", "string", "divisibleby 2", "in [1]", "eq none", "gt 1", "defined", "none", "number",
                   "iterable", "mapping", "sequence", "callable"]
CASES += [(f"undefined/filter-{f.split('(')[0].split('|')[0]}", "[{{ missing|%s }}]" % f, {}) for f in UNDEFINED_FILTERS]
CASES += [(f"undefined/test-{t.split(' ')[0]}", "[{{ missing is %s }}]" % t, {}) for t in UNDEFINED_TESTS]
CASES += [
    ("undefined/operators", "{{ missing ~ 1 }}|{{ missing in [1] }}|{{ 1 in missing }}|{{ missing == missing }}|{{ missing != 1 }}", {}),
    ("undefined/negate-fails", "{{ -missing }}", {}),
    ("undefined/item-fails", "{{ missing[0] }}", {}),
    ("undefined/call-fails", "{{ missing() }}", {}),
    # Found by comparing random templates with Jinja2 (differential testing).
    ("filter/select-map-falsy-non-iterables", "{{ none|reject('even')|list }}{{ 0|select('odd')|list }}{{ false|map('upper')|list }}", {}),
    ("filter/truncate-list", "{{ [3, 1, 2]|truncate(5) }}", {}),
    ("filter/indent-non-string-fails", "{{ 3|indent(2) }}", {}),
    ("math/percent-with-list-argument", "{{ 'abc' % [] }}|{{ 'abc' % {} }}|{{ '%s' % [1] }}", {}),
]


def render(case):
    name, source, context = case[0], case[1], case[2]
    files = source if isinstance(source, dict) else {"t.html": source}
    template = case[3] if len(case) > 3 else next(iter(files))
    env = Environment(loader=DictLoader(files), autoescape=select_autoescape(["html", "htm", "xml"]))
    result = {"name": name, "files": files, "template": template, "context": json.dumps(context)}
    try:
        compiled = env.get_template(template)
    except jinja2.TemplateSyntaxError:
        result["error"] = "syntax"
        return result
    try:
        result["output"] = compiled.render(**context)
    except Exception as error:  # Jinja's own errors and Python's (TypeError, ZeroDivisionError...)
        result["error"] = "runtime"
        result["message"] = f"{type(error).__name__}: {error}"
    return result


def main():
    if jinja2.__version__ != "3.1.6":
        print(f"warning: Jinja2 {jinja2.__version__}, the fixtures were made with 3.1.6", file=sys.stderr)
    names = [case[0] for case in CASES]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, duplicates
    results = [render(case) for case in CASES]
    with open(os.path.join(HERE, "cases.json"), "w", encoding="utf-8") as out:
        json.dump({"jinja2": jinja2.__version__, "cases": results}, out, indent=1, ensure_ascii=False)
        out.write("\n")
    print(f"{len(results)} cases, {sum('error' in r for r in results)} expected errors")
    # The peers' benchmark page, as Jinja2 renders it (jinja_bench.py's environment).
    peers = os.path.join(HERE, "..", "..", "..", "..", "shared", "peers", "templates")
    if os.path.isdir(peers):
        env = Environment(loader=jinja2.FileSystemLoader(peers), autoescape=select_autoescape(["html"]))
        data = json.load(open(os.path.join(peers, "data.json"), encoding="utf-8"))
        with open(os.path.join(HERE, "peer-table.html"), "w", encoding="utf-8", newline="") as out:
            out.write(env.get_template("table.html").render(**data))
        print("peer-table.html written")


if __name__ == "__main__":
    main()

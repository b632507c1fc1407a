"""`werk render TEMPLATE --templates DIR [--context FILE.json]`: the page on stdout, exit 0; a
template error as TEMPLATE:LINE:COLUMN: message on stderr, exit 1. Black-box against the werk
binary (WERK_BIN); the peers' page is compared with Jinja2's rendering when Jinja2 is installed."""
import json
import os
import pathlib
import subprocess

import pytest

BINARY = os.environ.get("WERK_BIN", ".build/debug/werk")
REPO = pathlib.Path(__file__).resolve().parents[2]
PEERS = REPO.parent / "shared" / "peers" / "templates"


def render(*arguments):
    return subprocess.run([BINARY, "render", *arguments], capture_output=True, timeout=60)


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "base.html").write_text("<title>{% block title %}{% endblock %}</title>\n{% block body %}{% endblock %}\n")
    (tmp_path / "page.html").write_text(
        "{% extends 'base.html' %}{% block title %}{{ title }}{% endblock %}"
        "{% block body %}{% for u in users %}<li>{{ loop.index }} {{ u.name }} {{ u.score|round(1) }}</li>{% endfor %}{% endblock %}\n")
    (tmp_path / "broken.html").write_text("<ul>\n{% for u in users %}\n  <li>{{ u }}</li>\n{% endif %}\n")
    (tmp_path / "fails.html").write_text("ok\n  {{ user.name.first }}\n")
    (tmp_path / "context.json").write_text(json.dumps({"title": "<Users>", "users": [{"name": "O'Neil", "score": 2.25}, {"name": "b&c", "score": 3.0}]}))
    return tmp_path


def test_prints_the_page(folder):
    result = render("page.html", "--templates", str(folder), "--context", str(folder / "context.json"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"<title>&lt;Users&gt;</title>\n<li>1 O&#39;Neil 2.2</li><li>2 b&amp;c 3.0</li>"
    assert result.stderr == b""


def test_syntax_error_names_template_line_and_column(folder):
    result = render("broken.html", "--templates", str(folder))
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[0] == "broken.html:4:4: unexpected 'endif', expected 'endfor' or 'else'"
    assert lines[1].strip() == "{% endif %}" and lines[2].strip() == "^"
    assert result.stdout == b""


def test_runtime_error_names_template_line_and_column(folder):
    result = render("fails.html", "--templates", str(folder), "--context", str(folder / "context.json"))
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "fails.html:2:6: 'user' is undefined"


def test_strict_mode_and_missing_things(folder):
    (folder / "strict.html").write_text("{{ nothing }}")
    assert render("strict.html", "--templates", str(folder)).returncode == 0
    strict = render("strict.html", "--templates", str(folder), "--strict")
    assert strict.returncode == 1 and strict.stderr.decode().startswith("strict.html:1:4: 'nothing' is undefined")
    missing = render("nope.html", "--templates", str(folder))
    assert missing.returncode == 1 and b"no template named 'nope.html'" in missing.stderr
    assert render("page.html", "--templates", str(folder), "--context", str(folder / "missing.json")).returncode == 2
    (folder / "list.json").write_text("[1, 2]")
    assert render("page.html", "--templates", str(folder), "--context", str(folder / "list.json")).returncode == 2
    assert render("--templates", str(folder)).returncode == 2


@pytest.mark.skipif(not (PEERS / "table.html").exists(), reason="../shared/peers/templates is not beside the checkout")
def test_peers_page_matches_jinja2():
    result = render("table.html", "--templates", str(PEERS), "--context", str(PEERS / "data.json"))
    assert result.returncode == 0, result.stderr
    jinja2 = pytest.importorskip("jinja2")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(PEERS)), autoescape=jinja2.select_autoescape(["html"]))
    data = json.loads((PEERS / "data.json").read_text(encoding="utf-8"))
    assert result.stdout == env.get_template("table.html").render(**data).encode()

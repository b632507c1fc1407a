"""The Werkzeug answers the Swift tests compare against are Werkzeug's own: each fixture script
in Tests/fixtures, run with --check against the Werkzeug installed here, finds the committed
file current. (The fixtures are read by Tests/WerkTests/Routing/WerkzeugRoutingTests.swift and
Tests/WerkTests/HTTP/WerkzeugUtilitiesTests.swift.)"""
import json
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("script", ["Tests/fixtures/make_werkzeug_routing.py", "Tests/fixtures/make_werkzeug_utilities.py",
                                    "Scripts/make_nfkd_table.py"])
def test_fixture_is_what_werkzeug_answers(script):
    # make_nfkd_table.py: the NFKD folding table secureFilename uses is Python's unicodedata's.
    path = REPO / script
    result = subprocess.run([sys.executable, str(path), "--check"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_notices_a_changed_answer(tmp_path):
    # The check compares answers, not just that the file parses: a fixture with one answer
    # changed is reported.
    fixture = REPO / "Tests" / "fixtures" / "werkzeug-routing.json"
    data = json.loads(fixture.read_text())
    data["cases"][0]["outcome"] = {"status": 404}
    copy = tmp_path / "fixtures"
    copy.mkdir()
    (copy / "werkzeug-routing.json").write_text(json.dumps(data))
    for name in ("make_werkzeug_routing.py", "werkzeug_fixture.py"):
        (copy / name).write_text((REPO / "Tests" / "fixtures" / name).read_text())
    script = copy / "make_werkzeug_routing.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "not what Werkzeug" in result.stdout, result.stdout + result.stderr

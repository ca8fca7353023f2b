"""What a reader sees: the article page, a source page and the claims table in headless Chromium.

Starts Datasette on 127.0.0.1 (a free port) as a subprocess, loads each page
in Debian's ``chromium --headless``, checks the DOM after scripts have run and
saves a screenshot to ``tests/artifacts/``. The article text of the fixture
carries ``<script>`` and ``<img onerror>`` that would change
``document.title`` if they ever ran.

Skipped when chromium is not installed, unless ``PROVENANCE_REQUIRE_BROWSER``
is set (CI), where a missing browser fails.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.processes import free_port, stop
import web_fixture
from provenance.web import load_metadata
from web_html import parse

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)

if CHROMIUM is None:
    if os.environ.get("PROVENANCE_REQUIRE_BROWSER"):
        pytest.fail("chromium is required (PROVENANCE_REQUIRE_BROWSER is set) but not installed",
                    pytrace=False)
    pytest.skip("chromium not installed (apt-get install chromium)", allow_module_level=True)

#: Runs Datasette with the plugin registered even when the project is not pip-installed.
SERVE = "from provenance.web import ensure_plugin; ensure_plugin(); from datasette.cli import cli; cli()"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    db = web_fixture.build(tmp / "provenance.db")
    metadata = tmp / "metadata.json"
    metadata.write_text(json.dumps(load_metadata()))
    port = free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, "serve", str(db), "-m", str(metadata), "--host", "127.0.0.1",
         "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                httpx.get(base + "/-/versions.json", timeout=1)
                break
            except httpx.HTTPError:
                if proc.poll() is not None:
                    pytest.fail("datasette did not start: " + proc.stderr.read().decode())
                time.sleep(0.1)
        plugins = httpx.get(base + "/-/plugins.json").json()
        assert any(p["name"] == "provenance" or "provenance" in p["name"] for p in plugins), plugins
        yield base, db, tmp
    finally:
        stop(proc)


def browse(url: str, screenshot: str, profile: Path, height: int = 1400) -> str:
    """The DOM of ``url`` after its scripts ran, and a screenshot saved in tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    argv = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--window-size=1280,{height}",
        "--hide-scrollbars", "--virtual-time-budget=3000",
        f"--screenshot={ARTIFACTS / screenshot}", "--dump-dom", url,
    ]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (ARTIFACTS / screenshot).stat().st_size > 10_000
    return result.stdout


def _ids(db, sql):
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(sql)]


def _assert_nothing_ran(dom):
    doc = parse(dom)
    title = doc.find_all("title")[0].text
    assert "pwned" not in title and "owned" not in title, title
    assert not [img for img in doc.find_all("img") if img.attrs.get("src") == "x"]
    assert not [s for s in doc.find_all("script") if "document.title" in s.text]
    return doc


def test_article_page_in_browser(server):
    base, db, tmp = server
    article = _ids(db, "select id from articles where doc = 'budget-row'")[0]
    dom = browse(f"{base}/provenance/-/article/{article}", "article.png", tmp / "profile-article")
    doc = _assert_nothing_ran(dom)
    assert doc.find_all("title")[0].text.startswith("Budget row <i>deepens</i>")
    body = doc.by_id("article-text")
    text = _ids(db, f"select text from articles where id = '{article}'")[0]
    assert body.text == text  # the payloads are there, as text
    assert web_fixture.XSS_SCRIPT in body.text and web_fixture.XSS_IMG in body.text
    assert [m.text for m in body.find_all("mark", cls="source")] == ["Mayor Tom Reyes", "he", "Officials"]
    assert [m.text for m in body.find_all("mark", cls="cue")] == ["denied", "said", "claimed"]
    assert len(body.find_all("mark", cls="content")) == 3
    assert [s.text for s in body.find_all("span", cls="unattributed")] == ["The council meets on Friday."]


def test_nested_article_page_in_browser(server):
    base, db, tmp = server
    article = _ids(db, "select id from articles where doc = 'harbour-terminal'")[0]
    dom = browse(f"{base}/provenance/-/article/{article}", "article-nested.png", tmp / "profile-nested")
    body = _assert_nothing_ran(dom).by_id("article-text")
    for child, parent in zip(*[_ids(db, f"select {c} from claims where parent_id is not null order by id")
                               for c in ("id", "parent_id")]):
        assert body.by_id(f"c-{parent}") in list(body.by_id(f"c-{child}").ancestors())


def test_source_page_in_browser(server):
    base, db, tmp = server
    source = _ids(db, "select id from sources where name = 'Tom Reyes'")[0]
    dom = browse(f"{base}/provenance/-/source/{source}", "source.png", tmp / "profile-source")
    doc = _assert_nothing_ran(dom)
    assert "Tom Reyes" in doc.find_all("h1")[0].text
    snippets = doc.find_all("span", cls="pv-snippet")
    assert sorted(m.text for s in snippets for m in s.find_all("mark", cls="source")) == [
        "Mayor Tom Reyes", "Reyes", "he"]


def test_claims_table_in_browser(server):
    base, db, tmp = server
    dom = browse(f"{base}/provenance/claims", "claims.png", tmp / "profile-claims", height=2600)
    doc = _assert_nothing_ran(dom)
    snippets = doc.find_all("span", cls="pv-snippet")
    assert len(snippets) == 11
    assert any(web_fixture.XSS_SCRIPT in s.text for s in snippets)
    assert any(web_fixture.XSS_IMG in s.text for s in snippets)
    facets = " ".join(f.text for f in doc.find_all("div", cls="facet-info"))
    for name in ("type", "source_kind", "cue_class", "publisher"):
        assert name in facets

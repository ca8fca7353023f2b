"""The article page of a huge article: linear work, off the event loop (issue 12, item 15)."""

from __future__ import annotations

import asyncio
import re
import threading
import time

from datasette.app import Datasette

from provenance.model import Article, Claim, Cue, Extraction, Sentence, Source, Span, assign_ids
from provenance.store import Store
from provenance.web import ensure_plugin, load_metadata

PARAGRAPH = [
    "Mayor Lena Brandt said the harbour would reopen in March.",
    "The council met on Friday.",
    "\u201cWe kept every branch open,\u201d she told reporters.",
    "Officials claimed the audit would clear her.",
]


def huge_article(size: int) -> Extraction:
    """An article of about ``size`` characters: paragraphs of four sentences, three with a claim."""
    sentences, claims, parts, pos = [], [], [], 0
    while pos < size:
        for s in PARAGRAPH:
            sentences.append((len(sentences), pos, s))
            parts.append(s)
            pos += len(s) + 1
        parts[-1] += "\n"
        pos += 1
    text = " ".join(parts)
    # recompute offsets from the joined text (the paragraph break adds a character)
    out, at = [], 0
    for idx, _, s in sentences:
        start = text.index(s, at)
        out.append(Sentence(idx, start, start + len(s), s))
        at = start + len(s)
    article = Article(doc="huge", text=text, publisher="Post", title="Huge")
    for sent in out:
        t, b = sent.text, sent.start
        if t.startswith("Mayor"):
            src = Source(text="Mayor Lena Brandt", start=b, end=b + 17, name="Lena Brandt", kind="person")
            claims.append(Claim(type="indirect", cue=Cue("said", b + 18, b + 22, "say"),
                                content=Span.from_offsets(text, b + 23, b + len(t) - 1), sentence=sent.idx,
                                source=src, confidence=0.9))
        elif t.startswith("\u201c"):
            she = t.index("she")
            src = Source(text="she", start=b + she, end=b + she + 3, name="Lena Brandt", kind="person")
            claims.append(Claim(type="direct", cue=Cue("told", b + she + 4, b + she + 8, "tell"),
                                content=Span.from_offsets(text, b + 1, b + t.index("\u201d")), sentence=sent.idx,
                                source=src, confidence=0.9))
        elif t.startswith("Officials"):
            src = Source(text="Officials", start=b, end=b + 9, name="officials", kind="anonymous")
            claims.append(Claim(type="indirect", cue=Cue("claimed", b + 10, b + 17, "claim"),
                                content=Span.from_offsets(text, b + 18, b + len(t) - 1), sentence=sent.idx,
                                source=src, confidence=0.9))
    return Extraction(article=article, sentences=tuple(out), claims=tuple(assign_ids(claims, article.id)))


def test_a_400_kb_article_page_renders_fast_and_never_stalls_other_requests(tmp_path, monkeypatch):
    from provenance.web import plugin

    ex = huge_article(400_000)
    store = Store(tmp_path / "provenance.db")
    store.write(ex)
    store.close()
    ensure_plugin()
    answered = threading.Event()
    threads = []
    build = plugin.article_parts

    def article_parts_after_another_request(*args):
        # the page's work waits until another request has been answered: if it ran in the event
        # loop, that request could never be served and this would give up after 10 s
        threads.append(threading.current_thread())
        answered.wait(timeout=10)
        return build(*args)

    monkeypatch.setattr(plugin, "article_parts", article_parts_after_another_request)

    async def scenario():
        ds = Datasette([str(tmp_path / "provenance.db")], metadata=load_metadata())
        await ds.invoke_startup()
        await ds.client.get("/provenance/articles.json")  # warm up
        page = asyncio.create_task(ds.client.get(f"/provenance/-/article/{ex.article.id}"))
        while not threads:
            await asyncio.sleep(0.01)
        other = await ds.client.get("/provenance/articles.json?_shape=array")
        answered.set()
        return await page, other

    response, other = asyncio.run(scenario())
    assert other.status_code == 200 and not page_was_waited_for_in(threads)
    assert response.status_code == 200
    assert len(re.findall(r'<span class="claim [^"]*" id="c-', response.text)) == len(ex.claims)
    assert len(re.findall(r'<span class="sentence unattributed" id="s-', response.text)) == len(ex.sentences) // 4

    # and the work is linear: CPU time, which a loaded machine does not inflate (10.1 s before)
    monkeypatch.setattr(plugin, "article_parts", build)

    async def timed():
        ds = Datasette([str(tmp_path / "provenance.db")], metadata=load_metadata())
        await ds.client.get("/provenance/articles.json")
        cpu, wall = time.process_time(), time.perf_counter()
        r = await ds.client.get(f"/provenance/-/article/{ex.article.id}")
        return r, time.process_time() - cpu, time.perf_counter() - wall

    response, cpu, wall = asyncio.run(timed())
    print(f"400 KB article page: {cpu:.2f} s CPU, {wall:.2f} s wall")
    assert response.status_code == 200 and cpu < 1.0, cpu  # the bound; 0.45-0.6 s measured


def page_was_waited_for_in(threads) -> bool:
    """Whether the page's work ran in the event loop's thread (the main thread here)."""
    return any(t is threading.main_thread() for t in threads)

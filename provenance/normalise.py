"""Normalising: a :class:`RawInput` -> an :class:`Article` whose text is final.

The article text is what every stored offset points into, so this is the one
place where text may change:

- plain text is decoded and kept exactly as decoded (a UTF-8 BOM is dropped);
- bytes that are not UTF-8 are decoded as Windows-1252 (a superset of the
  printable Latin-1 range) only when the result is plausible text, and the
  encoding is recorded on the article; anything else is refused, never
  stored as mojibake;
- HTML goes through trafilatura, which keeps the article and drops scripts,
  styles and navigation; its metadata (title, author, date, site name)
  fills fields the caller did not give.
"""

from __future__ import annotations

import re
from typing import Optional

import attrs

from provenance.model import Article
from provenance.read import RawInput


class NormaliseError(ValueError):
    """The input cannot become an article; the message says why."""


#: C0 control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: C1 controls: in text decoded as Windows-1252 they mean the guess was wrong.
_C1 = re.compile(r"[\x80-\x9f]")


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for the bytes of a text or HTML file."""
    if b"\x00" in data:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16"), "utf-16"
            except UnicodeDecodeError:
                pass
        raise NormaliseError("binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise NormaliseError(f"UTF-8 BOM but invalid UTF-8 at byte {exc.start + 3}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _CONTROL.search(text) and not _C1.search(text):
        return text, "cp1252"
    raise NormaliseError(
        f"not valid UTF-8 (byte {utf8_error.start}) and not plausible Windows-1252/Latin-1 text; "
        "re-encode the file as UTF-8"
    )


def check_text(text: str) -> None:
    """Refuse what is not text: nothing but whitespace, NULs, or mostly control characters."""
    if not text.strip():
        raise NormaliseError("empty document (only whitespace)")
    if "\x00" in text:
        raise NormaliseError(f"text contains a NUL character at offset {text.index(chr(0))}: not text")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise NormaliseError(f"text contains {controls} control characters: not text")


#: An HTML page whose main text has fewer words than this has no article
#: (what is left is a menu or a cookie notice).
MIN_HTML_WORDS = 5

_WORD = re.compile(r"\w+")


def _words(text: Optional[str]) -> int:
    return len(_WORD.findall(text)) if text else 0


def _has_prose(text: str) -> bool:
    """True when some line of ``text`` is a sentence of at least MIN_HTML_WORDS words
    (a list of links or headlines is not)."""
    return any(
        line.rstrip().rstrip("\"'”’)]").endswith((".", "!", "?")) and _words(line) >= MIN_HTML_WORDS
        for line in text.splitlines()
    )


def html_to_text(html: str) -> tuple[str, dict]:
    """The article text of an HTML page and the metadata trafilatura finds in it."""
    import trafilatura

    text = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=False, favor_precision=True
    )
    if _words(text) < MIN_HTML_WORDS:
        # Some short pages are below trafilatura's precision thresholds: try recall, but recall also
        # returns menus and lists of headlines, so keep what it finds only if it has a sentence in it.
        recall = trafilatura.extract(html, output_format="txt", include_comments=False, favor_recall=True)
        text = recall if recall and _has_prose(recall) else text
    if _words(text) < MIN_HTML_WORDS:
        raise NormaliseError(
            "no article text found in the HTML"
            + (f" (only {_words(text)} words outside the boilerplate)" if text and text.strip() else "")
        )
    meta: dict = {}
    try:
        found = trafilatura.extract_metadata(html)
    except Exception:  # metadata is a bonus: never fail the article over it
        found = None
    if found is not None:
        for ours, theirs in (("title", "title"), ("author", "author"), ("published", "date"), ("publisher", "sitename"), ("url", "url")):
            value = getattr(found, theirs, None)
            if value:
                meta[ours] = str(value)
    return text, meta


def normalise(raw: RawInput, defaults: Optional[dict] = None) -> Article:
    """The :class:`Article` for ``raw``. Metadata: the record's own fields,
    then ``defaults`` (the ingest options), then what the HTML says."""
    encoding = "utf-8"
    if isinstance(raw.data, bytes):
        if not raw.data.strip():
            raise NormaliseError("empty file")
        text, encoding = decode(raw.data)
    else:
        text = raw.data
    found: dict = {}
    if raw.format == "html":
        check_text(text)
        text, found = html_to_text(text)
    check_text(text)
    meta = {**found, **{k: v for k, v in (defaults or {}).items() if v}, **raw.meta}
    return Article(
        doc=raw.doc,
        text=text,
        url=meta.get("url"),
        title=meta.get("title"),
        publisher=meta.get("publisher"),
        author=meta.get("author"),
        published=meta.get("published"),
        path=raw.path if raw.line is None else f"{raw.path}:{raw.line}",
        encoding=encoding,
        line=raw.line,
    )

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
  fills fields the caller did not give;
- a plain-text file whose first line is a headline (:func:`headline`) gets it
  as its title; the text keeps it, so offsets do not move.
"""

from __future__ import annotations

import codecs
import re
from typing import Optional


from provenance.model import Article, sha256_text
from provenance.read import RawInput


class NormaliseError(ValueError):
    """The input cannot become an article; the message says why."""


#: C0 control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: C1 controls: in text decoded as Windows-1252 they mean the guess was wrong.
_C1 = re.compile(r"[\x80-\x9f]")
#: Lone UTF-16 surrogates (a JSON string may hold "\\ud800"): not text, and SQLite cannot store them.
_SURROGATE = re.compile("[\ud800-\udfff]")


#: A word of four or more letters most of which are not ASCII: in text decoded as Windows-1252 it is
#: the mark of another single-byte encoding read wrongly (Cyrillic "Министр" in windows-1251 reads
#: "Ìèíèñòð"; Greek, Hebrew, Arabic, Chinese likewise). French, German, Spanish... have few such words.
_WORD_LETTERS = re.compile(r"[^\W\d_]{4,}")
#: A charset declared in the first bytes of an HTML page (<meta charset>, http-equiv, <?xml encoding>).
_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.I)
#: Labels that browsers read as Windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = {"ascii", "latin_1", "iso8859_1", "cp1252"}


def declared_charset(data: bytes) -> Optional[str]:
    """The Python codec of the charset an HTML page declares, if any and if Python knows it."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup((m.group(1) or m.group(2)).decode("ascii")).name.replace("-", "_")
    except (LookupError, UnicodeDecodeError):
        return None
    return "cp1252" if name in _AS_CP1252 else name


def _mojibake_words(text: str) -> list[str]:
    """Words of ``text`` that are mostly non-ASCII letters (see :data:`_WORD_LETTERS`)."""
    return [w for w in _WORD_LETTERS.findall(text) if sum(c > "\x7f" for c in w) * 2 > len(w)]


def decode(data: bytes, declared: Optional[str] = None) -> tuple[str, str]:
    """``(text, encoding)`` for the bytes of a text or HTML file.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order
    mark are read as such; then the ``declared`` charset of an HTML page;
    then Windows-1252 (which covers Latin-1), only when the result reads as
    text in a Western European language. Anything else is refused: never
    stored as mojibake."""
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
    if declared and declared not in ("utf_8", "cp1252"):
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration is wrong: judge the bytes alone
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _CONTROL.search(text) and not _C1.search(text):
        words = _mojibake_words(text)
        if len(words) < 2 or len(words) * 5 < len(_WORD_LETTERS.findall(text)):
            return text, "cp1252"
        raise NormaliseError(
            f"not valid UTF-8 (byte {utf8_error.start}), and read as Windows-1252/Latin-1 it gives words like "
            f"{' '.join(words[:3])!r}: another encoding (Cyrillic, Greek, Chinese...?); re-encode the file as UTF-8"
        )
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
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise NormaliseError(f"text contains an unpaired surrogate (U+{ord(surrogate.group()):04X}) at offset {surrogate.start()}: not valid Unicode")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise NormaliseError(f"text contains {controls} control characters: not text")


#: An HTML page whose main text has fewer words than this has no article
#: (what is left is a menu or a cookie notice).
MIN_HTML_WORDS = 5

#: A word; in Chinese and Japanese, written without spaces, each character counts as one.
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+")


def _words(text: Optional[str]) -> int:
    return len(_WORD.findall(text)) if text else 0


def _has_prose(text: str) -> bool:
    """True when some line of ``text`` is a sentence of at least MIN_HTML_WORDS words
    (a list of links or headlines is not)."""
    return any(
        line.rstrip().rstrip("\"'”’)]").endswith((".", "!", "?", "\u3002", "\uff01", "\uff1f")) and _words(line) >= MIN_HTML_WORDS
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
            + (f" (only {_words(text)} word{'' if _words(text) == 1 else 's'} outside the boilerplate)" if text and text.strip() else "")
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


#: A first line followed by a blank line and more text: the shape of a headline in a plain-text article.
_FIRST_LINE = re.compile(r"\A[ \t]*([^\n]+?)[ \t]*\r?\n[ \t]*\r?\n\s*\S")
#: Longer than this, a first line is a paragraph, not a headline.
MAX_HEADLINE_WORDS = 20


def headline(text: str) -> Optional[str]:
    """The headline of a plain-text article: its first line when that line is short (at most
    :data:`MAX_HEADLINE_WORDS` words), has a letter in it, does not end like a sentence or a lead-in
    (``.``, ``,``, ``:``, ``;``) and is followed by a blank line. None otherwise. The text itself is
    not changed: the headline stays its first line, and every offset stays as it is."""
    m = _FIRST_LINE.match(text)
    if not m:
        return None
    line = m.group(1).strip()
    if len(line.split()) > MAX_HEADLINE_WORDS or line.endswith((".", ",", ":", ";")) or not any(c.isalpha() for c in line):
        return None
    return line


def normalise(raw: RawInput, defaults: Optional[dict] = None) -> Article:
    """The :class:`Article` for ``raw``. Metadata: the record's own fields,
    then ``defaults`` (the ingest options), then what the HTML says."""
    encoding = "utf-8"
    if isinstance(raw.data, bytes):
        if not raw.data.strip():
            raise NormaliseError("empty file")
        text, encoding = decode(raw.data, declared_charset(raw.data) if raw.format == "html" else None)
    else:
        text = raw.data
    found: dict = {}
    if raw.format == "html":
        check_text(text)
        text, found = html_to_text(text)
    check_text(text)
    given = {**{k: v for k, v in (defaults or {}).items() if v}, **raw.meta}
    if raw.format == "text" and isinstance(raw.data, bytes) and not given.get("title"):
        found["title"] = headline(text)  # a .txt file (or text on stdin) says its title on its first line
    meta = {**{k: v for k, v in found.items() if v}, **given}
    for name, value in meta.items():
        if isinstance(value, str) and _SURROGATE.search(value):
            raise NormaliseError(f"field {name!r} contains an unpaired surrogate: not valid Unicode")
    # A URL the user gave (a record's "url", --url) is the article's identity. One found in the content
    # (a canonical link, og:url) is only shown: a page could name any stored article's URL, and pages
    # of one site often share a canonical URL.
    origin = given.get("url") or raw.origin or f"sha256:{sha256_text(text)}"
    former = raw.former_keys if given.get("url") else (*raw.former_keys, *filter(None, [found.get("url")]), raw.doc)
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
        # stdin text has no name of its own: the same text is the same article
        origin=origin,
        former_keys=tuple(k for i, k in enumerate(former) if k != origin and k not in former[:i]),
    )

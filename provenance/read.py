"""Reading inputs: files, directories, JSON records and stdin -> :class:`RawInput`.

Everything here streams: a directory is walked lazily, a ``.jsonl`` file is
read a line at a time, so memory does not grow with the size of a batch.
An input that cannot be read becomes a :class:`provenance.model.Failure`
(file, line, reason) and the walk goes on.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Optional, Union

import attrs

from provenance.model import Failure

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES

#: Optional metadata fields of a JSON record (and of the ingest options).
META_FIELDS = ("url", "title", "publisher", "author", "published")

#: Inputs larger than this are refused (the limit protects memory, not the parser:
#: long texts are parsed in pieces).
MAX_BYTES = 64 * 1024 * 1024


@attrs.frozen
class RawInput:
    """One article as read, before decoding and HTML extraction.

    ``data`` is ``bytes`` for files (decoded in :mod:`provenance.normalise`)
    and ``str`` for JSON records; ``format`` is ``"text"`` or ``"html"``.
    """

    path: str
    doc: str
    data: Union[bytes, str]
    format: str
    line: Optional[int] = None
    meta: dict = attrs.field(factory=dict)
    #: What identifies the article when it has no URL (see :attr:`provenance.model.Article.key`);
    #: None for stdin text, which is then known by its content.
    origin: Optional[str] = None
    #: Keys older versions knew the article by (see :attr:`provenance.model.Article.former_keys`).
    former_keys: tuple[str, ...] = ()


Item = Union[RawInput, Failure]


def file_origin(path: Union[str, Path], line: Optional[int] = None) -> str:
    """A file's identity: its absolute path (symlinks kept, so a link is its own file), with the line
    of a record."""
    where = os.path.abspath(path)
    return f"file:{where}" if line is None else f"file:{where}:{line}"


STDIN_LABEL = "<stdin>"

#: Called with the number of input bytes each item accounted for, once the
#: consumer has taken the item (for progress bars).
OnBytes = Optional[Callable[[int], None]]


def iter_inputs(paths: Iterable[str], *, stdin: Optional[BinaryIO] = None, on_bytes: OnBytes = None) -> Iterator[Item]:
    """Yield a :class:`RawInput` for every article under ``paths`` (``-`` is stdin),
    and a :class:`Failure` for every input that cannot be read."""
    for p in paths:
        if p == "-":
            yield from _read_stream(stdin if stdin is not None else sys.stdin.buffer, STDIN_LABEL, "stdin")
            continue
        for item in _files(p):
            if isinstance(item, Failure):
                yield item
            else:
                yield from read_file(item, on_bytes=on_bytes)


def total_bytes(paths: Iterable[str]) -> Optional[int]:
    """The size of every input file under ``paths`` (None when stdin is one of
    them: its size is unknown). Walks the folders without reading a file."""
    total = 0
    for p in paths:
        if p == "-":
            return None
        for item in _files(p):
            if isinstance(item, Path):
                try:
                    total += item.stat().st_size
                except OSError:
                    pass
    return total


def _files(p: str) -> Iterator[Union[Path, Failure]]:
    """The input files a command-line path names: itself, or the files of a folder."""
    path = Path(p)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists() or path.is_symlink():
        yield path
    else:
        yield Failure(path=str(path), reason="no such file or directory")


def _walk(root: Path) -> Iterator[Union[Path, Failure]]:
    """Input files under ``root`` in a stable order. Symlinked directories are
    followed, except one that points back into its own ancestry (a loop,
    reported) or to a directory already walked (read once); unreadable
    folders are reported."""
    errors: list[OSError] = []
    walked: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=True):
        while errors:
            yield _dir_failure(errors.pop(), dirpath)
        here = os.path.realpath(dirpath)
        walked.add(here)
        dirnames.sort()
        for name in list(dirnames):
            sub = os.path.join(dirpath, name)
            if not os.path.islink(sub):
                continue
            target = os.path.realpath(sub)
            if here == target or here.startswith(target.rstrip(os.sep) + os.sep):
                dirnames.remove(name)
                yield Failure(path=sub, reason=f"symbolic link loop: it points back to {target}, a folder it is in")
            elif target in walked:
                dirnames.remove(name)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.suffix.lower() in SUFFIXES and not name.startswith("."):
                yield path
    while errors:
        yield _dir_failure(errors.pop(), str(root))


def _dir_failure(err: OSError, default: str) -> Failure:
    return Failure(path=str(err.filename or default), reason=f"cannot read directory: {err.strerror or err}")


def _not_a_file(path: Path) -> str:
    """Why ``path``, which is not a readable regular file, cannot be read."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link never reaches a file"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return f"broken symbolic link: it points to {os.readlink(path)}, which does not exist"
        return f"cannot read file: {exc.strerror or exc}"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory"
    return "not a regular file (a pipe, socket or device): not read"


def read_file(path: Path, *, on_bytes: OnBytes = None) -> Iterator[Item]:
    """The article(s) in one file, chosen by suffix."""
    for item, nbytes in _read_file(path):
        yield item
        if on_bytes is not None and nbytes:
            on_bytes(nbytes)


def _read_file(path: Path) -> Iterator[tuple[Item, int]]:
    """(item, bytes it accounts for) pairs of one file."""
    size = 0
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield Failure(
            path=str(path),
            reason=f"unsupported file type {suffix or '(none)'!r}: expected one of {', '.join(sorted(SUFFIXES))}",
        ), 0
        return
    try:
        if not path.is_file():
            yield Failure(path=str(path), reason=_not_a_file(path)), 0
            return
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Failure(path=str(path), reason=f"file too large ({size:,} bytes; the limit is {MAX_BYTES:,})"), size
            return
        if suffix == ".jsonl":
            with path.open("rb") as fh:
                yield from _read_jsonl(fh, str(path), path.stem, sized=True)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(path=str(path), reason=f"cannot read file: {exc.strerror or exc}"), size
        return
    if suffix == ".json":
        items = list(_read_json(data, str(path), path.stem))
        for i, item in enumerate(items):
            yield item, size if i == len(items) - 1 else 0
    else:
        fmt = "html" if suffix in HTML_SUFFIXES else "text"
        yield RawInput(path=str(path), doc=path.stem, data=data, format=fmt, origin=file_origin(path)), size


def _read_stream(stream: BinaryIO, label: str, doc: str) -> Iterator[Item]:
    """stdin: JSON lines if it starts with ``{``, HTML if it starts with ``<``, else text.

    JSON lines are streamed a line at a time; a text or HTML document is read whole.
    """
    head = stream.read(_PEEK)
    stripped = head.lstrip(b" \t\r\n\xef\xbb\xbf")
    if stripped.startswith(b"{"):
        yield from _read_jsonl(_lines(head, stream), label, doc)
        return
    data = head + stream.read()
    yield RawInput(path=label, doc=doc, data=data, format="html" if stripped[:1] == b"<" else "text")


_PEEK = 64 * 1024


def _lines(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    """The lines of ``head`` followed by the rest of ``stream``."""
    lines = head.splitlines(keepends=True)
    if lines and not lines[-1].endswith(b"\n"):
        lines[-1] += stream.readline()
    yield from lines
    yield from stream


def _read_jsonl(fh: Iterable[bytes], label: str, stem: str, *, sized: bool = False) -> Iterator:
    """Records of a JSON-lines stream; with ``sized``, (record, bytes of its line) pairs."""
    pending = 0  # bytes of blank lines, counted with the next record
    for lineno, raw in enumerate(fh, start=1):
        pending += len(raw)
        if not raw.strip():
            continue
        try:
            item = _record(loads(raw), label, stem, lineno)
        except ValueError as exc:
            item = Failure(path=label, line=lineno, reason=f"malformed JSON: {exc}")
        yield (item, pending) if sized else item
        pending = 0


def loads(data: Union[bytes, str]):
    """``json.loads``, with every way a hostile document can make it raise turned into
    :class:`ValueError` (malformed JSON, bad UTF-8, a number of thousands of digits, arrays nested
    deeper than Python's recursion limit), so it is that record's failure, not the batch's."""
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _read_json(data: bytes, label: str, stem: str) -> Iterator[Item]:
    try:
        payload = loads(data)
    except ValueError as exc:
        yield Failure(path=label, reason=f"malformed JSON: {exc}")
        return
    if isinstance(payload, list):
        for i, record in enumerate(payload, start=1):
            yield _record(record, label, stem, i)
    else:
        yield _record(payload, label, stem, None)


def _record(record, label: str, stem: str, line: Optional[int]) -> Item:
    """One JSON record -> RawInput, or a Failure saying what is wrong with it."""
    if not isinstance(record, dict):
        return Failure(path=label, line=line, reason=f"record is a JSON {type(record).__name__}, expected an object")
    text, html = record.get("text"), record.get("html")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return Failure(path=label, line=line, reason=f"field {name!r} must be a string, got {type(value).__name__}")
    if not (text and text.strip()) and not (html and html.strip()):
        return Failure(path=label, line=line, reason="record has no 'text' or 'html'")
    meta = {}
    for name in META_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool) and name == "published":
            value = str(value)
        if not isinstance(value, str):
            return Failure(path=label, line=line, reason=f"field {name!r} must be a string, got {type(value).__name__}")
        meta[name] = value
    rid = record.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, (str, int))):
        return Failure(path=label, line=line, reason=f"field 'id' must be a string or an integer, got {type(rid).__name__}")
    doc = str(rid) if rid is not None else (f"{stem}-{line}" if line is not None else stem)
    former: tuple[str, ...] = ()
    if isinstance(rid, int):
        # 7 and "7" are two records' ids: a number is known as such (before, both were "7")
        origin, former = f"number:{rid}", (str(rid),)
    elif rid is not None:
        origin = rid
    elif label == STDIN_LABEL:
        origin = None  # known by its content
    else:
        origin = file_origin(label, line)
    if text and text.strip():
        return RawInput(path=label, doc=doc, data=text, format="text", line=line, meta=meta, origin=origin, former_keys=former)
    return RawInput(path=label, doc=doc, data=html, format="html", line=line, meta=meta, origin=origin, former_keys=former)

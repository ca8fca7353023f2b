"""The source-kinds word lists (``provenance/data/source_kinds.tsv``, or ``$PROVENANCE_SOURCE_KINDS``)."""

from __future__ import annotations

import functools
import os
import re
from typing import Optional, Union

import attrs

from ..datafiles import DATA_DIR, choose
from ..model import normalise_name

ENV_VAR = "PROVENANCE_SOURCE_KINDS"
DEFAULT_PATH = DATA_DIR / "source_kinds.tsv"

LISTS = (
    "title",
    "title_m",
    "title_f",
    "publication",
    "document",
    "anonymous",
    "anonymous_phrase",
    "organization",
    "organization_generic",
    "group",
)



#: the most names a lexicon remembers the answer for (:meth:`SourceLexicon.is_publication`; cleared past it)
_MAX_MEMO = 100_000


class SourceLexiconError(ValueError):
    """The source-kinds data file is malformed."""



def _pattern(entry: str, *, word: str) -> "re.Pattern[str]":
    """``entry`` with each ``*`` standing for ``word``, words separated by any space."""
    return re.compile("^" + r"\s+".join(word if w == "*" else re.escape(w) for w in entry.split()) + "$")


@attrs.frozen(slots=False)  # slots=False: cached_property needs an instance __dict__
class SourceLexicon:
    """The word lists of :data:`LISTS`, each a tuple of entries as written in the file."""

    lists: dict = attrs.field(converter=lambda d: {k: tuple(d.get(k, ())) for k in LISTS})
    path: str = ""

    def _words(self, name: str) -> frozenset[str]:
        return frozenset(e.casefold() for e in self.lists[name])

    @functools.cached_property
    def title_re(self) -> "re.Pattern[str]":
        """One or more leading titles ("Trade Minister", "Mr.") and the space after them."""
        titles = sorted(self.lists["title"] + self.lists["title_m"] + self.lists["title_f"], key=len, reverse=True)
        alts = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
        return re.compile(rf"^(?:(?:{alts})(?=\s)\s+)+", re.IGNORECASE)

    @functools.cached_property
    def title_words(self) -> frozenset[str]:
        words = set()
        for name in ("title", "title_m", "title_f"):
            for t in self.lists[name]:
                words.update(w.casefold().rstrip(".") for w in t.split())
        return frozenset(words)

    @functools.cached_property
    def title_heads(self) -> frozenset[str]:
        """The last word of each title: "Fire Chief" -> "chief", "Prime Minister" -> "minister"."""
        return frozenset(
            t.split()[-1].casefold().rstrip(".") for name in ("title", "title_m", "title_f") for t in self.lists[name]
        )

    @functools.cached_property
    def gender_titles(self) -> dict[str, str]:
        out = {t.casefold().rstrip("."): "m" for t in self.lists["title_m"]}
        out.update({t.casefold().rstrip("."): "f" for t in self.lists["title_f"]})
        return out

    @functools.cached_property
    def _publications(self) -> tuple[frozenset[str], Optional["re.Pattern[str]"]]:
        exact = frozenset(normalise_name(e) for e in self.lists["publication"] if "*" not in e)
        # "*" is one or more capitalised words; patterns keep their case.
        pats = tuple(
            _pattern(e, word=r"(?:[A-Z0-9][^\s]*)(?:\s+[A-Z0-9][^\s]*)*") for e in self.lists["publication"] if "*" in e
        )
        # one alternation of the anchored patterns: a name matches it when it matches one of them, in one scan
        return exact, re.compile("|".join(f"(?:{p.pattern})" for p in pats)) if pats else None

    @functools.cached_property
    def _publication_memo(self) -> dict[str, bool]:
        return {}

    def is_publication(self, name: str) -> bool:
        """Whether ``name`` is a publication of the list (exact or by a pattern); remembered per name (the
        resolver asks it of the same names again and again; 2,800 times on PolNeAR dev's 84 articles)."""
        memo = self._publication_memo
        got = memo.get(name)
        if got is None:
            if len(memo) > _MAX_MEMO:
                memo.clear()
            got = memo[name] = self._is_publication(name)
        return got

    def _is_publication(self, name: str) -> bool:
        name = " ".join(name.split())
        if not name or not name[0].isupper() and not name[0].isdigit():
            return False
        exact, pats = self._publications
        return normalise_name(name) in exact or (pats is not None and pats.match(name) is not None)

    @functools.cached_property
    def _groups(self) -> tuple[frozenset[str], Optional["re.Pattern[str]"]]:
        exact = frozenset(e.casefold() for e in self.lists["group"] if "*" not in e)
        pats = [_pattern(e.casefold(), word=r"\S+") for e in self.lists["group"] if "*" in e]
        # one alternation of the anchored patterns: a name matches it when it matches one of them, in one scan
        return exact, re.compile("|".join(f"(?:{p.pattern})" for p in pats)) if pats else None

    @functools.cached_property
    def _group_memo(self) -> dict[str, bool]:
        return {}

    def is_group(self, text: str) -> bool:
        """Whether ``text`` names parties of the group list ("Both sides", "the two leaders"), exact or by a
        pattern; remembered per name, like :meth:`is_publication`."""
        key = " ".join(text.replace("\u2019", "'").split()).casefold()
        memo = self._group_memo
        got = memo.get(key)
        if got is None:
            if len(memo) > _MAX_MEMO:
                memo.clear()
            exact, pats = self._groups
            got = memo[key] = key in exact or (pats is not None and pats.match(key) is not None)
        return got

    @functools.cached_property
    def documents(self) -> frozenset[str]:
        return self._words("document")

    @functools.cached_property
    def anonymous(self) -> frozenset[str]:
        return self._words("anonymous")

    @functools.cached_property
    def anonymous_phrases(self) -> tuple[str, ...]:
        return tuple(sorted(self._words("anonymous_phrase")))

    @functools.cached_property
    def organizations(self) -> frozenset[str]:
        return self._words("organization")

    @functools.cached_property
    def generic_organizations(self) -> frozenset[str]:
        return self._words("organization_generic")


def read_lexicon(path: Union[str, os.PathLike]) -> SourceLexicon:
    """Read a source-kinds file (format in the header of the bundled one)."""
    lists: dict[str, list[str]] = {k: [] for k in LISTS}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 2 or not cols[1].strip():
                raise SourceLexiconError(f"{path}:{n}: expected 'list<TAB>entry', got {line!r}")
            name, entry = cols[0].strip(), " ".join(cols[1].split())
            if name not in lists:
                raise SourceLexiconError(f"{path}:{n}: unknown list {name!r} (one of {', '.join(LISTS)})")
            lists[name].append(entry)
    return SourceLexicon(lists=lists, path=str(path))


@functools.lru_cache(maxsize=8)
def _cached(path: str, mtime: int) -> SourceLexicon:
    return read_lexicon(path)


def load_lexicon(path: Optional[Union[str, os.PathLike]] = None) -> SourceLexicon:
    """The lexicon at ``path``, else ``$PROVENANCE_SOURCE_KINDS``, else the bundled one (cached)."""
    return _cached(*choose(path, ENV_VAR, DEFAULT_PATH, "source-kinds file"))

"""The cue lexicon: which words signal an attribution, of what class, how reliably.

The words live in a data file (``provenance/data/cues.tsv``, see its header
for the format) that users can edit; :func:`load_lexicon` reads it. The
environment variable ``PROVENANCE_CUES`` names a replacement file.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Optional, Union

import attrs

from provenance.datafiles import DATA_DIR, choose

ENV_VAR = "PROVENANCE_CUES"
DEFAULT_PATH = DATA_DIR / "cues.tsv"

KINDS = ("verb", "noun", "prep", "hedge", "evidential", "mark", "label", "target", "light", "adjective", "as-phrase", "object",
         "causer")
#: What the optional fifth column may say about a cue (comma-separated):
FLAGS = {
    "addressee": "its direct object is whom it was said to, not what (tell, ask); a for-phrase is content (asked for X)",
    "no-about": "an about/of/on phrase after it is not the content (say, add: 'said on Monday')",
    "no-object": "its direct object is not what was said ('added a provision', 'maintain the status quo', 'found a job')",
    "no-infinitive": "an infinitive after it is not what was said ('continued to push')",
    "wh-not-content": "a wh-clause after it is not a claim when it stands inside a quotation ('I know who I am')",
    "frame": "said by 'we' or 'you' as it happens, it frames the speaker's topic, it reports nothing ('we're talking about a Senate ...')",
    "cue-infinitive": "the verb of the infinitive after it is part of the cue, that verb's complement is the content "
                      "('continued to push for X', 'tried to paint X as Y')",
    "cue-object": "its object noun and the preposition after it are part of the cue, the preposition's object is the "
                  "content ('expressed concern about X', 'made comments about X')",
    "cue-participle": "a participle right after its object noun joins the cue with the noun, what the participle takes "
                      "is the content ('published a story detailing X')",
    "cue-prep": "its passive's preposition joins the cue, the subject and the preposition's object are the content "
                "('Ginsburg is known for | speaking her mind', 'Manafort is known as | a debate prep expert')",
    "holder": "its passive's subject holds what it says and is the source ('is assured of winning X', 'are pumped to re-elect X')",
    "experiencer": "its object (passive: its subject) is who holds the attitude and is the source, its subject (passive: "
                   "the by-phrase) what it is about, the content ('The remark worried some analysts', 'were angered by the deal')",
    "participle": "(causer) its object also does what a participle right after it says ('left many Republicans wondering')",
    "source-object": "(prep) 'PREPOSITION NOUN': the preposition alone is the cue when its object is headed by NOUN, the "
                     "object's noun phrase is the source, the clause it hangs on the content ('In a CNN poll, 45 percent ...')",
    "of-holder": "(noun) the object of its 'of' phrase holds it, the subject of 'have' or of a target verb taking it has it "
                 "('the bill has the backing of many Democrats': source 'many Democrats', content 'the bill')",
    "possessor": "(noun) a cue only with a possessive holder, its source ('Trump's attacks on Curiel'; 'an attack on X' is "
                 "mostly an event), or, with of-holder, as that flag reads it ('Cruz won the endorsement of X')",
    "attribute": "(noun) a cue only as the attribute of 'be', its subject the source, the object of its of-phrase or the "
                 "name before it the content ('Hughes is a fervent supporter of Trump', 'Dayton has been a longtime Clinton "
                 "supporter')",
    "turn": "a mark after a name that opens a sentence: 'NAME: words' (a transcript turn)",
    "signature": "a mark before a name signing the quotation before it: '“Words.” ― Name'",
}
CLASSES = ("neutral", "assertive", "evaluative", "concessive", "denial", "belief")


@attrs.frozen
class Entry:
    cue: str
    kind: str
    cls: str
    strength: float
    flags: frozenset = frozenset()


@attrs.frozen(slots=False)  # slots=False: cached_property needs an instance __dict__
class Lexicon:
    """Cue entries keyed by kind, then by cue string; ``path`` says where they came from."""

    entries: tuple[Entry, ...]
    path: str = ""

    @functools.cached_property
    def by_kind(self) -> dict[str, dict[str, Entry]]:
        out: dict[str, dict[str, Entry]] = {k: {} for k in KINDS}
        for e in self.entries:
            out[e.kind][e.cue] = e
        return out

    def _by_verb(self, kind: str) -> dict[str, dict[str, Entry]]:
        """verb lemma -> {the cue's other words or "": entry} of the entries of ``kind``."""
        out: dict[str, dict[str, Entry]] = {}
        for e in self.by_kind[kind].values():
            lemma, _, rest = e.cue.partition(" ")
            out.setdefault(lemma, {})[rest] = e
        return out

    @functools.cached_property
    def verbs(self) -> dict[str, dict[str, Entry]]:
        """verb lemma -> {particle or "": entry} ("see as" is verbs["see"]["as"])."""
        return self._by_verb("verb")

    @functools.cached_property
    def verb_adjectives(self) -> dict[str, dict[str, Entry]]:
        """verb lemma -> {adjective: entry} of the verb + adjective cues ("make clear" is verb_adjectives["make"]["clear"])."""
        return self._by_verb("adjective")

    @functools.cached_property
    def as_phrases(self) -> dict[str, dict[str, Entry]]:
        """verb lemma -> {object: entry} of the verb phrases that attribute only in an as-clause ("put it" is
        as_phrases["put"]["it"]: "As Tom Ridge put it, ...")."""
        return self._by_verb("as-phrase")

    @functools.cached_property
    def verb_objects(self) -> dict[str, dict[str, Entry]]:
        """verb lemma -> {"object preposition": entry} of the verb + object + preposition cues ("take aim at" is
        verb_objects["take"]["aim at"])."""
        return self._by_verb("object")

    @functools.cached_property
    def prep_objects(self) -> dict[str, dict[str, Entry]]:
        """preposition -> {object noun lemma: entry} of the prep cues flagged source-object ("in poll" is
        prep_objects["in"]["poll"]: "In a Fox News poll, 45 percent ...")."""
        out: dict[str, dict[str, Entry]] = {}
        for e in self.by_kind["prep"].values():
            if "source-object" in e.flags:
                prep, _, noun = e.cue.partition(" ")
                out.setdefault(prep, {})[noun] = e
        return out

    @functools.cached_property
    def cue_frames(self) -> dict[str, frozenset]:
        """verb lemma -> its cue-span flags (cue-infinitive, cue-object): of its entry without a particle,
        or of its ``light`` entry (a verb never a cue alone whose infinitive or object completes the cue of a
        learned claim: "tried to paint", "made comments about")."""
        spans = frozenset({"cue-infinitive", "cue-object"})
        out = {e.cue: e.flags & spans for e in self.by_kind["light"].values() if e.flags & spans}
        for lemma, entries in self.verbs.items():
            e = entries.get("")
            if e is not None and e.flags & spans:
                out[lemma] = e.flags & spans
        return out

    @functools.cached_property
    def holders(self) -> frozenset:
        """Verb lemmas flagged ``holder``, of a cue verb or of a ``light`` entry (a verb the cue model may propose:
        "The voters are split on whether ...", "Clinton officials were thrilled with the editorial")."""
        out = {e.cue for e in self.by_kind["light"].values() if "holder" in e.flags}
        out |= {v for v, es in self.verbs.items() if any("holder" in e.flags for e in es.values())}
        return frozenset(out)

    @functools.cached_property
    def verb_s_forms(self) -> dict[str, str]:
        """A cue verb's third-person form -> its lemma ("slams" -> "slam", "denies" -> "deny"): the tagger reads
        it as a plural noun or a name in a headline ("Trump Slams Clinton", "Trump claims he's worth $10 billion")."""
        out = {}
        for lemma in self.verbs:
            if " " in lemma or not lemma.isalpha():
                continue
            if lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "o", "u"):
                form = lemma[:-1] + "ies"
            elif lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
                form = lemma + "es"
            else:
                form = lemma + "s"
            out[form] = lemma
        return out

    @functools.cached_property
    def trigger_words(self) -> frozenset[str]:
        """Every word (lemma or lower-case form) that can start a cue: the quick filter."""
        words = set(self.verbs)
        words.update(e.cue.split()[-1] for e in self.by_kind["noun"].values())
        words.update(e.cue.split()[0] for e in self.by_kind["prep"].values())
        words.update(self.by_kind["hedge"])
        words.update(self.by_kind["evidential"])
        words.update(self.by_kind["mark"])
        words.update(self.verb_s_forms)
        words.update(self.verb_adjectives)
        words.update(self.as_phrases)
        words.update(self.verb_objects)
        return frozenset(words)


def _parse(lines, path: str) -> Lexicon:
    entries = []
    seen = {}
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{path}, line {lineno}"
        if len(fields) not in (4, 5):
            raise ValueError(f"{where}: expected 4 TAB-separated columns (cue, kind, class, strength) and an optional "
                             f"fifth (flags), got {len(fields)}: {line!r}")
        cue, kind, cls, strength = (f.strip() for f in fields[:4])
        flags = frozenset(f.strip() for f in fields[4].split(",") if f.strip()) if len(fields) == 5 else frozenset()
        unknown = sorted(flags - set(FLAGS))
        if unknown:
            raise ValueError(f"{where}: flag {unknown[0]!r} is not one of {', '.join(FLAGS)}")
        cue = " ".join(cue.split())
        if not cue:
            raise ValueError(f"{where}: empty cue")
        if kind not in KINDS:
            raise ValueError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if cls not in CLASSES:
            raise ValueError(f"{where}: class {cls!r} is not one of {', '.join(CLASSES)}")
        try:
            value = float(strength)
        except ValueError:
            raise ValueError(f"{where}: strength {strength!r} is not a number") from None
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{where}: strength {value} is not between 0 and 1")
        key = (cue.lower(), kind)
        if key in seen:
            raise ValueError(f"{where}: {kind} cue {cue!r} is already defined on line {seen[key]}")
        seen[key] = lineno
        entries.append(Entry(cue=cue.lower() if kind != "verb" else cue, kind=kind, cls=cls, strength=value, flags=flags))
    if not entries:
        raise ValueError(f"{path}: no cues defined")
    return Lexicon(entries=tuple(entries), path=path)


def load_lexicon(path: Optional[Union[str, Path]] = None) -> Lexicon:
    """Read a cue file: ``path``, else ``$PROVENANCE_CUES``, else the packaged ``cues.tsv``.

    A missing or malformed file raises :class:`ValueError` naming the file (and line).
    """
    return _load_cached(*choose(path, ENV_VAR, DEFAULT_PATH, "cue file"))


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime: int) -> Lexicon:
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.readlines()
    except OSError as exc:
        raise ValueError(f"cannot read cue file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"cue file {path} is not UTF-8: {exc}") from None
    return _parse(lines, path)

"""Figures over PolNeAR gold attributions that tell the engine builder what matters.

    python tools/polnear_analysis.py [GOLD.jsonl] [--cues 80]

A development script, not a test: it prints counts and shares only (no corpus text beyond cue
words), over one record per content piece unless it says "attributions" (pieces sharing a group).
Sentences come from a small punctuation splitter (abbreviations kept, paragraph breaks split),
so sentence figures are approximate to within a few percent.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "polnear" / "train.jsonl"
PRONOUNS = frozenset({
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it",
    "its", "they", "them", "their", "who", "whom", "whose", "which", "that", "this", "these",
    "those", "one", "himself", "herself", "themselves",
})
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "st", "jr",
    "sr", "prof", "rev", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "no", "vs", "inc", "corp", "co", "ltd", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m", "e.g",
    "i.e", "ft", "mt", "pres", "sec",
})
SENTENCE_END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z0-9])|\n+")
LAST_WORD_RE = re.compile(r"([A-Za-z.]+)\.$")
CUE_SKIPPED_WORDS = frozenset({
    "has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "would", "will",
    "could", "can", "may", "might", "should", "did", "does", "do", "not", "to", "a", "an", "the",
    "also", "later", "then", "now", "once", "further", "previously", "already", "still", "even",
    "just", "often", "widely", "repeatedly", "publicly", "reportedly", "openly", "never",
})
IRREGULAR_VERBS = {
    "said": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
    "knew": "know", "known": "know", "spoke": "speak", "spoken": "speak", "felt": "feel",
    "found": "find", "made": "make", "took": "take", "gave": "give", "given": "give",
    "saw": "see", "seen": "see", "held": "hold", "meant": "mean", "sought": "seek", "led": "lead",
    "heard": "hear", "taught": "teach", "swore": "swear", "sworn": "swear", "began": "begin",
    "got": "get", "came": "come", "became": "become", "chose": "choose", "went": "go",
    "gone": "go",
}
VERB_ENDINGS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("es", ""), ("ed", ""),
                ("ed", "e"), ("s", ""), ("d", ""))
EDGE_CHARS = " \t\n\"'“”‘’«».,;:!?…)(—–-"


# ---------------------------------------------------------------- sentences

def sentence_ends(text: str) -> list[int]:
    """Offsets where sentences end (after their final punctuation), text end included."""
    ends = []
    for match in SENTENCE_END_RE.finditer(text):
        word = LAST_WORD_RE.search(text[max(0, match.start() - 20):match.start() + 1])
        if match.group().startswith(".") and word and _is_abbreviation(word.group(1)):
            continue
        if ends and not text[ends[-1]:match.end()].strip():
            ends[-1] = match.end()  # a paragraph break right after a sentence end
        else:
            ends.append(match.end())
    return ends + [len(text)]


def _is_abbreviation(word: str) -> bool:
    """A word before a full stop that does not end the sentence ("Mr", "U.S", "J")."""
    bare = word.lower().strip(".")
    return bare in ABBREVIATIONS or (len(bare) == 1 and bare.isalpha())


def sentence_index(ends: list[int], offset: int) -> int:
    """The sentence holding character ``offset``."""
    return next(i for i, end in enumerate(ends) if offset < end or end == ends[-1])


# ---------------------------------------------------------------- per quote facts

@dataclass(frozen=True)
class Piece:
    """What the figures need about one gold content piece."""

    type: str
    cue: str | None
    speaker: str | None
    chars: int
    words: int
    sentences: int
    cue_sentence_touched: bool | None
    inside_cue_sentence: bool | None
    before_cue: bool | None
    speaker_after_cue: bool | None
    starts_sentence: bool
    ends_sentence: bool


def pieces(path: Path) -> Iterator[tuple[str, Piece]]:
    """(group, facts) for every content piece of the file."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            document = json.loads(line)
            text, ends = document["text"], sentence_ends(document["text"])
            for record in document["quotes"]:
                yield record.get("group") or "", describe(text, ends, record)


def describe(text: str, ends: list[int], record: dict) -> Piece:
    """The facts of one gold record."""
    start, end = record["start"], record["end"]
    first, last = sentence_index(ends, start), sentence_index(ends, max(start, end - 1))
    cue_at = (record.get("cue_spans") or [[None, None]])[0]
    cue_sentence = sentence_index(ends, cue_at[0]) if cue_at[0] is not None else None
    speaker_at = (record.get("speaker_spans") or [[None]])[0][0]
    has_cue = cue_sentence is not None
    sentence_start = ends[first - 1] if first else 0
    return Piece(
        type=record.get("type") or "none",
        cue=" ".join(record["cue"].lower().split()) if record.get("cue") else None,
        speaker=record.get("speaker"),
        chars=end - start, words=len(text[start:end].split()), sentences=last - first + 1,
        cue_sentence_touched=first <= cue_sentence <= last if has_cue else None,
        inside_cue_sentence=first == last == cue_sentence if has_cue else None,
        before_cue=end <= cue_at[0] if has_cue else None,
        speaker_after_cue=(speaker_at > cue_at[0] if has_cue and speaker_at is not None
                           else None),
        starts_sentence=not text[sentence_start:start].strip(EDGE_CHARS),
        ends_sentence=not text[end:ends[last]].strip(EDGE_CHARS),
    )


# ---------------------------------------------------------------- report

def share(part: int, whole: int) -> str:
    """``part`` of ``whole`` as count and percentage."""
    return f"{part} / {whole} = {100 * part / whole:.1f}%" if whole else "0"


def known_share(values: list[bool | None]) -> str:
    """The share of True among the values that are known."""
    known = [v for v in values if v is not None]
    return share(sum(known), len(known))


def cue_table(found: list[Piece], top: int) -> list[str]:
    """The most frequent cues with their share of all quotes, cumulative."""
    counts = Counter(p.cue for p in found if p.cue)
    rows, covered = [f"{len(counts)} distinct cues; {sum(not p.cue for p in found)} without cue",
                     "rank cue                      count  share  cumulative"], 0
    for rank, (cue, count) in enumerate(counts.most_common(top), 1):
        covered += count
        rows.append(f"{rank:4d} {cue:<24} {count:6d} {100 * count / len(found):5.1f}% "
                    f"{100 * covered / len(found):6.1f}%")
    return rows


def length_rows(found: list[Piece]) -> list[str]:
    """Content length in characters and words: mean and quantiles."""
    rows = []
    for unit in ("chars", "words"):
        values = sorted(getattr(p, unit) for p in found)
        deciles = statistics.quantiles(values, n=10)
        rows.append(f"content {unit}: mean {statistics.mean(values):.1f}, "
                    f"median {statistics.median(values):.0f}, p10 {deciles[0]:.0f}, "
                    f"p90 {deciles[-1]:.0f}, max {values[-1]}")
    return rows


def sentence_rows(found: list[Piece]) -> list[str]:
    """How contents sit against sentence boundaries, overall and by type."""
    n = len(found)
    spans = Counter(min(p.sentences, 3) for p in found)
    rows = [f"contents within one sentence: {share(spans[1], n)}; two: {share(spans[2], n)}; "
            f"three or more: {share(spans[3], n)}",
            f"contents ending at a sentence end: {share(sum(p.ends_sentence for p in found), n)}",
            f"contents starting a sentence: {share(sum(p.starts_sentence for p in found), n)}",
            "whole sentences (start and end at boundaries): "
            + share(sum(p.starts_sentence and p.ends_sentence for p in found), n)]
    for kind in sorted({p.type for p in found}):
        of_type = [p for p in found if p.type == kind]
        one = sum(p.sentences == 1 for p in of_type)
        at_end = sum(p.ends_sentence for p in of_type)
        rows.append(f"  {kind:<9} one sentence {share(one, len(of_type))}; "
                    f"ends at sentence end {share(at_end, len(of_type))}")
    return rows


def cue_word(cue: str) -> str:
    """The main word of a cue: "has also said" → "said"; prepositional cues are kept whole."""
    if cue.startswith("according") or not cue[:1].isalpha():
        return cue
    words = [w.strip(":,.") for w in cue.split()]
    return next((w for w in words if w not in CUE_SKIPPED_WORDS), words[0])


def verb_bases(word: str) -> list[str]:
    """Possible bases of an inflected word: "planned" → "plann", "plane", "plan", ..."""
    bases = [word[: -len(end)] + base for end, base in VERB_ENDINGS if word.endswith(end)]
    return bases + [b[:-1] for b in bases if len(b) > 2 and b[-1] == b[-2]]


def lemmatiser(words: set[str], known: set[str]) -> Callable[[str], str]:
    """A rough lemmatiser for ``words``: the base, among ``known`` words, most forms share.

    "added", "adds" and "adding" share "add" ("adde" is no known word, "declin" neither); a word
    keeps its form when no known base is shared by more forms ("news" stays "news").
    """
    support = Counter(b for w in words for b in {w, *verb_bases(w)})

    def lemma(word: str) -> str:
        bases = [b for b in verb_bases(word) if b in known]
        return IRREGULAR_VERBS.get(word) or max([word, *bases], key=support.__getitem__)

    return lemma


def text_words(path: Path) -> set[str]:
    """Every lowercased word of the documents' texts."""
    with open(path, encoding="utf-8") as lines:
        texts = (json.loads(line)["text"].lower() for line in lines)
        return {word for text in texts for word in re.findall(r"[a-z]+", text)}


def lemma_table(found: list[Piece], known: set[str], top: int) -> list[str]:
    """The most frequent rough cue lemmas with their share of all quotes, cumulative."""
    heads = [cue_word(p.cue) for p in found if p.cue]
    lemma = lemmatiser(set(heads), known)
    counts = Counter(lemma(head) for head in heads)
    rows, covered = [f"{len(counts)} distinct rough cue lemmas",
                     "rank lemma                    count  share  cumulative"], 0
    for rank, (lemma, count) in enumerate(counts.most_common(top), 1):
        covered += count
        rows.append(f"{rank:4d} {lemma:<24} {count:6d} {100 * count / len(found):5.1f}% "
                    f"{100 * covered / len(found):6.1f}%")
    return rows


def report(path: Path, top: int) -> list[str]:
    """Every figure, as printable lines."""
    grouped = list(pieces(path))
    found = [p for _, p in grouped]
    n = len(found)
    group_sizes = Counter(Counter(g for g, _ in grouped).values())
    types = Counter(p.type for p in found)
    pronouns = Counter(p.speaker.lower().strip() for p in found
                       if p.speaker and p.speaker.lower().strip() in PRONOUNS)
    according_to = sum(bool(p.cue and "according to" in p.cue) for p in found)
    rows = [f"{path.name}: {n} content pieces in {sum(group_sizes.values())} attributions; "
            "pieces per attribution "
            + ", ".join(f"{k}: {v}" for k, v in sorted(group_sizes.items())),
            "types: " + "; ".join(f"{t} {share(c, n)}" for t, c in types.most_common()),
            f"speaker is a pronoun: {share(sum(pronouns.values()), n)} ("
            + ", ".join(f"{w} {c}" for w, c in pronouns.most_common(8)) + ")",
            f"null speaker: {share(sum(not p.speaker for p in found), n)}",
            f"cue 'according to': {share(according_to, n)}",
            "content touches the cue's sentence: "
            f"{known_share([p.cue_sentence_touched for p in found])}",
            f"content wholly inside the cue's sentence: "
            f"{known_share([p.inside_cue_sentence for p in found])}",
            f"content before the cue (\"..., he said\"): "
            f"{known_share([p.before_cue for p in found])}",
            f"speaker after the cue (\"said X\", \"according to X\"): "
            f"{known_share([p.speaker_after_cue for p in found])}"]
    for kind in sorted(types):
        of_type = [p for p in found if p.type == kind]
        rows.append(f"  {kind:<9} cue sentence touched "
                    f"{known_share([p.cue_sentence_touched for p in of_type])}; before cue "
                    f"{known_share([p.before_cue for p in of_type])}")
    return (rows + length_rows(found) + sentence_rows(found) + [""] + cue_table(found, top)
            + [""] + lemma_table(found, text_words(path), top))


def main() -> None:
    """Print the figures for the file named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--cues", type=int, default=80, help="how many cues to list")
    args = parser.parse_args()
    print("\n".join(report(args.gold, args.cues)))


if __name__ == "__main__":
    main()

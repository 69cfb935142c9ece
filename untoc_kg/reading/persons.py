"""Persons named in a report: one record per person, however many spellings the report uses.

The report names panellists twice (in the summary and in the organization chapter) and does
not always spell them the same way ("Oswaldo Scazezi Junior" / "Osvaldo Scalezi Junior").
Mentions for the same state or organization whose names are close are one person; the
spelling of the organization chapter is kept as the name, the others as variants, and every
merge is reported so a reader can check it.

A mention is read before the persons are known; once every mention is read, ``resolve`` gives
each its person (``mention.person``), so that whatever holds the mention holds the person.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from untoc_kg.gazetteer import Entity
from untoc_kg.records import Person, Problem, Source

# Two spellings of one person differ by a letter or two; two colleagues from one state
# share at most a common surname. The threshold was set on the sample reports.
SAME_PERSON_SIMILARITY = 0.8


def fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def person_key(name: str) -> str:
    """IRI slug: ASCII-folded Latin names, Chinese names kept as printed."""
    folded = fold(name)
    slug = re.sub(r"[\s·.'’_]+", "-", folded)
    slug = re.sub(r"[^\w-]", "", slug).strip("-")
    return re.sub(r"-{2,}", "-", slug)


@dataclass(eq=False)
class Mention:
    name: str
    affiliation: Entity | None
    source: Source
    authoritative: bool   # printed in the organization chapter
    person: Person | None = None   # set by PersonRegistry.resolve

    def resolved(self) -> Person:
        if self.person is None:
            raise RuntimeError(f"the mention “{self.name}” was used before the persons of the report were resolved.")
        return self.person


class PersonRegistry:
    def __init__(self) -> None:
        self._mentions: list[Mention] = []

    def mention(self, name: str, affiliation: Entity | None, source: Source, authoritative: bool) -> Mention:
        mention = Mention(" ".join(name.split()), affiliation, source, authoritative)
        self._mentions.append(mention)
        return mention

    def resolve(self, problems: list[Problem]) -> list[Person]:
        """Cluster the mentions into persons, give each mention its person, and return the
        persons, one per IRI key, in the order they were first mentioned."""
        clusters: list[list[Mention]] = []
        for mention in self._mentions:
            for cluster in clusters:
                if any(_same_person(mention, other) for other in cluster):
                    cluster.append(mention)
                    break
            else:
                clusters.append([mention])
        persons: dict[str, Person] = {}
        for cluster in clusters:
            # The organization chapter's spelling wins; a surname alone never does.
            longest = max(len(m.name.split()) for m in cluster)
            complete = [m for m in cluster if len(m.name.split()) == longest or len(m.name.split()) > 1]
            chosen = next((m for m in complete if m.authoritative), complete[0])
            variants = sorted({m.name for m in cluster if len(m.name.split()) > 1} - {chosen.name})
            person = Person(person_key(chosen.name), chosen.name, variants, chosen.affiliation,
                            [m.source for m in cluster])
            if variants:
                problems.append(Problem(
                    "discrepancy",
                    f"the report spells one person several ways: “{chosen.name}” (kept) and "
                    + ", ".join(f"“{v}”" for v in variants) + "; they are merged into one person.",
                    chosen.source.paragraph))
            for m in cluster:
                m.person = person
            persons.setdefault(person.key, person)
        return list(persons.values())


def _same_person(a: Mention, b: Mention) -> bool:
    if a.name == b.name:
        return True
    if a.affiliation is None or b.affiliation is None or a.affiliation.code != b.affiliation.code:
        return False
    first, second = fold(a.name), fold(b.name)
    # "Burrows 先生（美国）" is Thomas Burrows of the United States named by surname.
    tokens_a, tokens_b = set(first.split()), set(second.split())
    if tokens_a <= tokens_b or tokens_b <= tokens_a:
        return True
    return difflib.SequenceMatcher(None, first, second).ratio() >= SAME_PERSON_SIMILARITY

"""What every reader shares while reading one report: the document, the phrasebook and the
language it is written in, the gazetteer, the series, and the list of problems found so far."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from untoc_kg.gazetteer import Entity, Gazetteer
from untoc_kg.reading.language import Language
from untoc_kg.reading.names import resolve_printed, split_name_list
from untoc_kg.reading.phrasebook import Phrasebook, PhraseMatch
from untoc_kg.reading.series import Series
from untoc_kg.reading.structure import Block, Document
from untoc_kg.records import Problem, Source

_NOTE_MARKER = re.compile(r"(\u0000\d+\u0000)")


@dataclass
class ListEntry:
    """One name of a printed list, with what its parenthesis says about the statement:
    "欧洲联盟（代表欧洲联盟及其成员国；阿尔巴尼亚、…和乌克兰赞同该发言）"."""

    entity: Entity
    on_behalf_of: Entity | None = None
    aligned: list[Entity] = field(default_factory=list)


@dataclass
class ReadContext:
    document: Document
    phrasebook: Phrasebook
    gazetteer: Gazetteer
    series: Series
    language: Language
    problems: list[Problem] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.document.file

    def source(self, block: Block | None, match: PhraseMatch | str) -> Source:
        method = match if isinstance(match, str) else match.method
        return Source(self.document.paragraph_of(block) if block else None, method, block.line if block else None)

    def bodies_named_in(self, text: str):
        """The bodies of the series named in ``text``, in the report's language."""
        return self.series.bodies_named_in(text, self.language.code)

    def issuer_before(self, text: str):
        return self.series.issuer_before(text, self.language.code)

    def problem(self, kind: str, message: str, block: Block | None = None) -> None:
        self.problems.append(Problem(kind, message, self.document.paragraph_of(block) if block else None,
                                     block.line if block else None))

    def resolve_list(self, text: str, block: Block, what: str) -> list[Entity]:
        """Split a printed list of names and resolve each; report what does not resolve."""
        for word in self.phrasebook_words("lists.strip_words"):
            text = text.replace(word, "")
        entities: list[Entity] = []
        for part in split_name_list(text, self.gazetteer, self.language):
            if part.entity is None:
                self.problem("unresolved", f"the name “{part.text}” in the list of {what} matches no state or organization in the gazetteer.", block)
            else:
                entities.append(part.entity)
        return entities

    def read_list(self, text: str, block: Block, what: str) -> list[ListEntry]:
        """Like resolve_list, but parentheses are read, not split: an abbreviation
        ("国际刑事警察组织（国际刑警组织）") is dropped, a group spoken for and the states
        aligning themselves are kept with the name they follow. A parenthesis that belongs to a
        name ("Venezuela (Bolivarian Republic of)") stays in it."""
        notes: list[str] = []
        pieces: list[str] = []
        position = 0
        found = self.phrasebook.finditer("lists.note", text)
        # Only a list with a parenthesis is searched for names (find_all is the costly step).
        names = [(lo, hi) for lo, hi, _entity in self.gazetteer.find_all(text)] if found else []
        for note in found:
            if any(lo <= note.start and note.end <= hi for lo, hi in names):
                continue
            pieces.append(text[position:note.start])
            pieces.append(f"\u0000{len(notes)}\u0000")
            notes.append(note.group("note"))
            position = note.end
        pieces.append(text[position:])
        bare = "".join(pieces)
        entries: list[ListEntry] = []
        for piece in _NOTE_MARKER.split(bare):
            marker = re.fullmatch(r"\u0000(\d+)\u0000", piece)
            if marker:
                if entries:
                    self._annotate(entries[-1], notes[int(marker.group(1))], block)
                continue
            entries.extend(ListEntry(e) for e in self.resolve_list(self._after_note(piece), block, what))
        return entries

    def _after_note(self, piece: str) -> str:
        # After a parenthesis the list goes on with its separator: "（…）和欧洲联盟（…）". A
        # leading connective is a separator unless it begins a name (和平大学).
        stripped = piece.lstrip()
        connective = self.language.connective.match(stripped)
        if connective and connective.end() > 0:
            first = re.split(f"[{re.escape(self.language.separators)}]", stripped, maxsplit=1)[0]
            if resolve_printed(first, self.gazetteer) is None:
                return stripped[connective.end():]
        return piece

    def _annotate(self, entry: ListEntry, note: str, block: Block) -> None:
        aligned = self.phrasebook.search("lists.aligned", note)
        if aligned:
            entry.aligned = self.resolve_list(aligned.group("list"), block, "states aligning themselves")
        if self.phrasebook.search("lists.also_members", note):
            entry.on_behalf_of = entry.entity
        behalf = self.phrasebook.search("lists.on_behalf", note)
        if behalf:
            entry.on_behalf_of = self.resolve_one(behalf.group("group"), block, "group spoken for")

    def resolve_one(self, name: str, block: Block, what: str) -> Entity | None:
        entity = self.gazetteer.resolve(name)
        if entity is None:
            self.problem("unresolved", f"the {what} “{name.strip()}” matches no state or organization in the gazetteer.", block)
        return entity

    def phrasebook_words(self, entry: str) -> list[str]:
        return self.phrasebook.words(entry)

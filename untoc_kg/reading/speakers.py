"""Who spoke under which agenda item, in which role.

The organization chapter lists speakers per item ("在议程项目 2 下，《公约》下列缔约方的代表作了
发言：…"); the summary of deliberations names the panellists, officials and invited persons;
the Conference's chapters list delegations, observers, rights of reply and the statements
made after action on a draft. A statement is one speaker in one role under one item; a
speaker named twice for the same item and role is one statement with two sources. Under a
joint item a statement belongs to both working groups' items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from untoc_kg.gazetteer import Entity
from untoc_kg.reading.agenda import ItemIndex, ItemRef, sentence_around
from untoc_kg.reading.context import ListEntry, ReadContext
from untoc_kg.reading.persons import Mention, PersonRegistry
from untoc_kg.reading.phrasebook import PhraseMatch
from untoc_kg.reading.spans import Spans
from untoc_kg.reading.structure import Block
from untoc_kg.records import Person, Source, Statement
from untoc_kg.vocab import OBSERVER_CAPACITY

DELEGATION_CLASSES = ("State", "RegionalEconomicIntegrationOrganization")


@dataclass
class Turn:
    """One speaker named once as speaking under an item: a State, an organization, or a person
    mention that becomes a person when the report's persons are resolved."""

    refs: list[ItemRef]
    role: str
    speaker: Entity | Mention
    for_agent: Entity | None
    source: Source
    on_behalf_of: Entity | None = None
    aligned: list[Entity] = field(default_factory=list)
    on_act: tuple[str, str] | None = None

    @property
    def agent(self) -> Entity | Person:
        return self.speaker.resolved() if isinstance(self.speaker, Mention) else self.speaker


def statements_of(turns: list[Turn], body: str) -> list[Statement]:
    """The statements made under the items of ``body``: one speaker's turns under one item in
    one role are one Statement with several sources; a turn after action on a different act, or
    for a different group, is another statement."""
    merged: dict[tuple, Statement] = {}
    for turn in turns:
        if not any(b == body for b, _ in turn.refs):
            continue
        speaker = turn.agent
        group = turn.on_behalf_of.code if turn.on_behalf_of else None
        key = (tuple(turn.refs), turn.role, _speaker_key(speaker), turn.on_act, group)
        statement = merged.get(key)
        if statement is None:
            merged[key] = Statement(list(turn.refs), turn.role, speaker, for_agent=turn.for_agent,
                                    on_behalf_of=turn.on_behalf_of, aligned=list(turn.aligned),
                                    on_act=turn.on_act, sources=[turn.source])
        else:
            statement.sources.append(turn.source)
            statement.aligned.extend(a for a in turn.aligned if a not in statement.aligned)
    return list(merged.values())


def _speaker_key(speaker: Entity | Person) -> str:
    return f"person:{speaker.key}" if isinstance(speaker, Person) else speaker.code


def _refs(index: ItemIndex, block: Block, match: PhraseMatch, number_group: str = "item") -> list[ItemRef] | None:
    """The items the sentence names, or None when it names none (the caller uses the context)."""
    number = match.group(number_group)
    title = match.group("title")
    about = match.group("about")
    if not (number or title or about):
        return None
    return index.resolve(block, number=number, title=title or about, body_text=match.group("body"))


class StatementReader:
    def __init__(self, ctx: ReadContext, persons: PersonRegistry, index: ItemIndex):
        self.ctx, self.persons, self.index = ctx, persons, index
        self.found: list[Turn] = []
        self.reported: set[tuple] = set()
        self.claimed = Spans()
        self.after_act: tuple[str, str] | None = None

    # -- recording ----------------------------------------------------------------------
    def add(self, refs, role: str, speaker, for_agent, block: Block, match, on_behalf_of=None, aligned=None) -> None:
        if not refs:
            if (block.para, match.start) not in self.reported:
                self.reported.add((block.para, match.start))
                self.ctx.problem("unread", f"speakers are listed ({match.entry}), but under which agenda item is not "
                                 "said, so their statements were not recorded.", block)
            return
        on_act = None
        if self.after_act and role not in ("secretariat", "right-of-reply"):
            role, on_act = "after-action", self.after_act
        self.found.append(Turn(list(refs), role, speaker, for_agent, self.ctx.source(block, match),
                               on_behalf_of, list(aligned or []), on_act))

    def add_entries(self, entries: list[ListEntry], refs, block: Block, match, delegation_role: str = "party") -> None:
        for entry in entries:
            entity = entry.entity
            if entry.on_behalf_of is not None:
                role = "on-behalf-of-group"
            elif entity.rdf_class in DELEGATION_CLASSES and delegation_role:
                role = delegation_role
            else:
                role = OBSERVER_CAPACITY.get(entity.rdf_class, "igo")
            self.add(refs, role, entity, None, block, match, entry.on_behalf_of, entry.aligned)

    def matches(self, entry: str, text: str) -> list[PhraseMatch]:
        """Matches of an entry that no earlier entry has read in this paragraph."""
        # The matches of one entry never overlap one another, only what earlier entries read.
        fresh = [m for m in self.ctx.phrasebook.finditer(entry, text) if not self.claimed.overlaps(m.start, m.end)]
        self.claimed.extend((m.start, m.end) for m in fresh)
        return fresh

    # -- reading ------------------------------------------------------------------------
    def read(self) -> list[Turn]:
        ctx, index = self.ctx, self.index
        # Where the agenda was derived from the report's chapters, a chapter or section is
        # about its item even before a paragraph names it (the Conference's 会议开幕 is 1(a)).
        section_refs: dict[tuple, list[ItemRef]] = {
            item.home: [(body, item.number)]
            for body, items in index.agendas.items() for item in items if item.home is not None
        }
        chapter_of_act = None
        # Chapters in which an "actions taken" heading has been passed so far; asking each
        # adoption to look back from the start of the report made reading quadratic.
        headed_chapters: set[str | None] = set()
        for block in ctx.document.blocks:
            if block.kind == "line" and ctx.phrasebook.matches("statements.action_heading", block.text):
                headed_chapters.add(block.chapter_label)
            if block.act is not None or block.kind not in ("paragraph", "line", "chapter", "section"):
                continue
            section = (block.chapter_label, block.section_label)
            if block.kind in ("chapter", "section"):
                self.after_act = None
                continue
            if block.kind == "line":
                heading = _summary_item_heading(ctx, block)
                if heading:
                    section_refs[section] = index.resolve(block, title=heading) or section_refs.get(section)
                continue
            if chapter_of_act is not None and block.chapter_label != chapter_of_act:
                self.after_act = None
            text = ctx.document.paragraph_text(block.para)
            self.claimed = Spans()
            current = section_refs.get(section)
            considered = ctx.phrasebook.search("agenda.considered", text)
            if considered:
                current = index.resolve(block, number=considered.group("item"), title=considered.group("title"),
                                        body_text=sentence_around(ctx.language, text, considered.start, considered.end)) or current
                section_refs[section] = current
            adopted = ctx.phrasebook.search("acts.adopted", text)
            if adopted and adopted.group("number") and block.chapter_label in headed_chapters:
                self.after_act = (adopted.value("kind"), adopted.group("number"))
                chapter_of_act = block.chapter_label
                continue
            current = self.read_paragraph(block, text, current)
            section_refs[section] = current
        return self.found

    def read_paragraph(self, block: Block, text: str, current):
        ctx, index = self.ctx, self.index
        for match in self.matches("statements.party", text):
            current = _refs(index, block, match) or current
            self.add_entries(ctx.read_list(match.group("list"), block, "delegations"), current, block, match)
        for match in self.matches("statements.reio", text):
            self.add_entries(ctx.read_list(match.group("list"), block, "regional organizations"), current, block, match)
        for match in self.matches("statements.each_delegation", text):
            refs = _refs(index, block, match) or current
            self.add_entries(ctx.read_list(match.group("list"), block, "delegations"), refs, block, match)
        for match in self.matches("statements.observers", text):
            refs = _refs(index, block, match) or current
            self.add_entries(ctx.read_list(match.group("list"), block, "observers"), refs, block, match, delegation_role="")
        for match in self.matches("statements.opening", text):
            names = _drop_titles(ctx, match.group("list"))
            self.add_entries(ctx.read_list(names, block, "speakers"), current, block, match)
        for match in self.matches("statements.in_capacity", text):
            self.add_entries(ctx.read_list(match.group("list"), block, "observers"), current, block, match, delegation_role="")
        for match in self.matches("statements.observer_list", text):
            self.add_entries(ctx.read_list(match.group("list"), block, "observers"), current, block, match, delegation_role="")
        for match in self.matches("statements.delegations", text):
            self.add_entries(ctx.read_list(match.group("list"), block, "delegations"), current, block, match)
        for match in self.matches("statements.right_of_reply", text):
            for entity in ctx.resolve_list(match.group("list"), block, "states given the right of reply"):
                self.add(current, "right-of-reply", entity, None, block, match)
        for match in self.matches("statements.officials", text):
            for official in self.officials(match.group("list")):
                entity = self.official_state(official, block)
                if entity is not None:
                    self.add(current, "party" if entity.rdf_class in DELEGATION_CLASSES else OBSERVER_CAPACITY.get(entity.rdf_class, "igo"),
                             entity, None, block, match)
        for match in self.matches("statements.panellists", text):
            refs = _refs(index, block, match) or current
            authoritative = _in_organization_chapter(ctx, block)
            for person in ctx.phrasebook.finditer("person.with_affiliation", match.group("list")):
                affiliation = ctx.resolve_one(person.group("for"), block, "state or organization of a panellist")
                mention = self.persons.mention(person.group("name"), affiliation, ctx.source(block, match), authoritative)
                self.add(refs, "panellist", mention, affiliation, block, match)
        for match in self.matches("statements.secretariat", text):
            secretariat = ctx.gazetteer.by_code(ctx.series.secretariat)
            numbers = re.findall(r"\d+", match.group("items") or "")
            if numbers:
                for number in numbers:
                    self.add(index.resolve(block, number=number, body_text=match.group("body")), "secretariat",
                             secretariat, None, block, match)
            else:
                self.add(_refs(index, block, match, "items") or current, "secretariat", secretariat, None, block, match)
        if current:
            for match in self.matches("statements.official", text):
                org = ctx.resolve_one(match.group("org"), block, "organization of an official")
                if org is None:
                    continue
                mention = self.persons.mention(match.group("name"), org, ctx.source(block, match), False)
                self.add(current, OBSERVER_CAPACITY.get(org.rdf_class, "igo"), mention, org, block, match)
            for match in self.matches("statements.invited", text):
                org = ctx.resolve_one(match.group("org"), block, "organization of an invited speaker")
                mention = self.persons.mention(match.group("name"), org, ctx.source(block, match), False)
                self.add(current, "invited", mention, org, block, match)
        return current

    def officials(self, text: str) -> list[str]:
        """Split the general debate's list of officials. The strong separators (lists.strong_separators:
        semicolons) separate them, and so does the usual one (lists.separator, "、") where the next
        title begins with a State ("纳米比亚总检察长、乌干达总检察长"); inside one title it does not
        ("以色列常驻联合国、欧洲安全与合作组织和维也纳国际组织代表")."""
        language = self.ctx.language
        separator = language.separator.strip() or language.separator
        out: list[str] = []
        for segment in re.split(f"[{re.escape(language.strong_separators)}]", text):
            pieces = segment.split(separator)
            current = pieces[0]
            for piece in pieces[1:]:
                if self.begins_with_state(piece):
                    out.append(current)
                    current = piece
                else:
                    current = f"{current}{separator}{piece}"
            out.append(current)
        return out

    def begins_with_state(self, text: str) -> bool:
        stripped = text.strip()
        return any(start == 0 and entity.kind == "state" for start, _end, entity in self.ctx.gazetteer.find_all(stripped))

    def official_state(self, official: str, block: Block) -> Entity | None:
        """"秘鲁外交部长" → Peru: the state whose name the official's title starts with."""
        official = official.strip()
        if not official:
            return None
        for start, _end, entity in self.ctx.gazetteer.find_all(official):
            if start == 0:
                return entity
        self.ctx.problem("unresolved", f"the official “{official}” does not begin with the name of a state or organization.", block)
        return None


def read_statements(ctx: ReadContext, persons: PersonRegistry, index: ItemIndex) -> list[Turn]:
    return StatementReader(ctx, persons, index).read()


def _drop_titles(ctx: ReadContext, names: str) -> str:
    """"…执行主任以及哥伦比亚代表（…）" → "…、哥伦比亚（…）": titles out, and where a title stood
    between two names (group separator), the language's list separator."""
    out, position = [], 0
    for title in sorted(ctx.phrasebook.finditer("lists.speaker_titles", names), key=lambda m: m.start):
        if title.start < position:
            continue
        out.append(names[position:title.start])
        if title.group("separator"):
            out.append(ctx.language.separator)
        position = title.end
    out.append(names[position:])
    return "".join(out)


def _summary_item_heading(ctx: ReadContext, block: Block) -> str | None:
    """The item title of a numbered heading line in the summary of deliberations."""
    if not (block.chapter and ctx.phrasebook.matches("summary.chapter", block.chapter)):
        return None
    match = ctx.phrasebook.search("summary.item_heading", block.text)
    return match.group("title").strip() if match else None


def _in_organization_chapter(ctx: ReadContext, block: Block) -> bool:
    return bool(block.chapter) and ctx.phrasebook.matches("structure.organization_chapter", block.chapter)

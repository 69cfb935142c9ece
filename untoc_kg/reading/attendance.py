"""Who attended: parties, signatories, observer states, UN entities, IGOs and NGOs."""

from __future__ import annotations

from untoc_kg.reading.context import ReadContext
from untoc_kg.reading.spans import Spans
from untoc_kg.records import Participation
from untoc_kg.vocab import OBSERVER_CAPACITY

STATUS_BY_ENTRY = {
    "attendance.party": "party",
    "attendance.reio": "party",
    "attendance.signatory": "signatory",
    "attendance.igo": "igo",
    "attendance.ngo": "ngo",
}


def read_attendance(ctx: ReadContext) -> list[Participation]:
    found: list[Participation] = []
    seen: set[str] = set()
    for block in ctx.document.paragraphs():
        if block.act is not None:
            continue
        read: list[tuple[int, int]] = []
        for entry, status in STATUS_BY_ENTRY.items():
            for match in ctx.phrasebook.finditer(entry, block.text):
                read.append((match.start, match.end))
                for entity in ctx.resolve_list(match.group("list"), block, f"{status} attendees"):
                    if entity.code not in seen:
                        seen.add(entity.code)
                        found.append(Participation(entity, status, ctx.source(block, match)))
        claimed = Spans(read)
        for match in ctx.phrasebook.finditer("attendance.single_observer", block.text):
            if claimed.overlaps(match.start, match.end):
                continue
            for entity in ctx.resolve_list(match.group("list"), block, "observers"):
                if entity.code not in seen:
                    seen.add(entity.code)
                    found.append(Participation(entity, OBSERVER_CAPACITY[entity.rdf_class] if entity.kind != "state" else "observer-state",
                                               ctx.source(block, match)))
    elsewhere = any(ctx.phrasebook.search("attendance.elsewhere", b.text) for b in ctx.document.paragraphs())
    if not any(p.status == "party" for p in found) and not elsewhere:
        ctx.problem("unread", "no list of parties attending was found (expected “《公约》下列缔约方派代表出席了会议：…”).")
    return found


def read_attendance_counts(ctx: ReadContext) -> dict[str, int]:
    """The numbers of attendees by status, where the report gives numbers instead of a list."""
    counts: dict[str, int] = {}
    for block in ctx.document.paragraphs():
        if block.act is not None:
            continue
        parties = ctx.phrasebook.search("attendance.party_count", block.text)
        if parties and "party" not in counts:
            counts["party"] = ctx.language.number(parties.group("states")) + (
                ctx.language.number(parties.group("reio")) if parties.group("reio") else 0)
        signatories = ctx.phrasebook.search("attendance.signatory_count", block.text)
        if signatories and "signatory" not in counts:
            counts["signatory"] = ctx.language.number(signatories.group("count"))
    return counts

"""Write a corpus of N synthetic meeting reports derived from the five sample reports.

    .venv/bin/python bench/generate.py N [--seed S] [--out DIR] [--check]

Every report is one of the samples transformed, so it reads like the next report of the series:

- another body: a working-group sample is given one of the working groups of
  loaders/series.yaml (WG.2, WG.3, WG.4, WG.6, WG.7); the joint-meeting sample (001) a pair
  of them; the Conference sample (002) stays the Conference, with another session number
  (13–97) and its resolutions and decisions renumbered to that session (12/4 → S/4);
- another date: every date of the text (title, paragraphs, distribution date, document
  symbols) moves by the same number of days, so that the meeting starts on a Monday that no
  other meeting of its bodies starts on (the graph key is body + start date) and no meeting
  spans the end of a month;
- other speakers: the lists of parties that spoke, attended, sponsored or replied are
  sampled again from the States that loaders/gazetteer/states.tsv resolves (their UN short
  names, now and then their formal names), speakers drawn from the attendance list, the
  list syntax kept ("、" and a final "和");
- other recommendations: in the recommendations chapter some recommendations are dropped,
  new ones are made by recombining sentences (or clauses) of two others, and the labels are
  numbered again ("建议 N" or "(a)" … "(z)"); a summary placing an item's recommendations by
  their letters ("第 8(a)至(o)段", 001) is given their new letters;
- other resolutions: the Conference's sponsor lists are sampled again (those without a
  parenthesis), the acts renumbered;
- one of three layouts: markdown (as the samples), plain numbered paragraphs (markdown
  stripped) or a PDF extraction (hard wraps every 34–42 characters, a Latin name wrapped at a
  space, page furniture — job number, running header, page number — every 40–48 lines,
  sometimes a blank line after every line);
- and, now and then, GB18030 or a BOM instead of UTF-8, CRLF instead of LF.

The joint sample is first unwrapped with the reader's own text cleaner (it is a PDF
extraction) and rendered again. The Conference sample is rendered without its table of
contents in the plain and PDF layouts (with it the reader cannot find the title there; see
bench/RESULTS.md). The first five reports derive one from each sample; the rest are about
27 % each of 000, 003 and 004, 10 % of 001 and 8 % of 002 (at most 85 Conference reports,
one per year). Layouts are balanced. The output is a pure function of (N, seed): the same
bytes every time.

DIR receives NNNNN_<body>_<start>_<layout>.txt files and manifest.json, which records for
each report its sample, bodies, dates, layout, encoding, how many recommendations it prints
and which States its lists name (tests/test_generate.py checks the reader against it).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from untoc_kg.gazetteer import Gazetteer  # noqa: E402
from untoc_kg.reading.names import split_name_list  # noqa: E402
from untoc_kg.reading.phrasebook import Phrasebook  # noqa: E402
from untoc_kg.reading.series import Series  # noqa: E402
from untoc_kg.reading.text import clean, decode  # noqa: E402

SAMPLES = ROOT / "samples"
LAYOUTS = ("markdown", "plain", "pdf")
COP = "CTOC/COP"
COP_SEED_SESSION = 12
COP_SESSIONS = range(13, 98)   # 第…届 is read with 一…十 only (≤ 99), and S+2 is printed too
COP_YEARS = range(1990, 2090)
WG_YEARS = (1990, 2039)
GENERATED = re.compile(r"^\d{5}_.+\.txt$")


@dataclass(frozen=True)
class Seed:
    key: str
    file: str
    kind: str                      # "wg", "joint" or "cop"
    bodies: tuple[str, ...]        # in the order the title names them
    start: dt.date
    end: dt.date

    @property
    def span(self) -> int:
        return (self.end - self.start).days


SEEDS = (
    Seed("000", "000_edfd6897bde2ce76.txt", "wg", ("CTOC/COP/WG.2",), dt.date(2024, 6, 3), dt.date(2024, 6, 4)),
    Seed("001", "001_6123668a8f4c815b.txt", "joint", ("CTOC/COP/WG.3", "CTOC/COP/WG.2"),
         dt.date(2022, 5, 23), dt.date(2022, 5, 27)),
    Seed("002", "002_ed9f8f015a552a03.txt", "cop", (COP,), dt.date(2024, 10, 14), dt.date(2024, 10, 18)),
    Seed("003", "003_f1c36f5d3f0b82b2.txt", "wg", ("CTOC/COP/WG.3",), dt.date(2023, 9, 11), dt.date(2023, 9, 12)),
    Seed("004", "004_1128377bf6bc7323.txt", "wg", ("CTOC/COP/WG.2",), dt.date(2023, 5, 29), dt.date(2023, 5, 30)),
)
SEED_BY_KEY = {s.key: s for s in SEEDS}
# The annexes of the Conference's resolutions that repeat the recommendations of a sample
# meeting: (sample, body, its dates as the Conference prints them, the symbol of its report).
# A generated Conference report endorses instead the latest generated meeting of that body
# derived from that sample (the annex keeps the sample's recommendations; the links are made
# where the texts still agree, see untoc_kg/linking.py).
ENDORSED = (
    ("003", "CTOC/COP/WG.3", r"2023\s*年\s*9\s*月\s*11\s*日和\s*12\s*日", "CTOC/COP/WG.3/2023/4"),
    ("004", "CTOC/COP/WG.2", r"2023\s*年\s*5\s*月\s*29\s*日和\s*30\s*日", "CTOC/COP/WG.2/2023/4"),
    ("000", "CTOC/COP/WG.2", r"2024\s*年\s*6\s*月\s*3\s*日和\s*4\s*日", "CTOC/COP/WG.2/2024/5"),
)
# Shares of the reports after the first five (one from each sample).
WEIGHTS = (("000", 0.274), ("001", 0.10), ("002", 0.08), ("003", 0.273), ("004", 0.273))


@dataclass
class Plan:
    index: int
    seed: Seed
    bodies: tuple[str, ...]
    start: dt.date
    layout: str
    encoding: str
    newline: str
    session: int | None = None
    doc_offsets: dict[str, int] = field(default_factory=dict)   # body → added to its document numbers
    endorses: list[tuple[int, "Plan"]] = field(default_factory=list)  # (ENDORSED index, working-group meeting)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.seed.span)

    @property
    def symbol(self) -> str:
        """The symbol of the report itself (its running header in the PDF layout)."""
        if self.seed.kind == "cop":
            return f"{COP}/{self.start.year}/15"
        return "-".join(f"{b}/{self.start.year}/{5 + self.doc_offsets.get(b, 0)}" for b in self.bodies)

    @property
    def file_name(self) -> str:
        return f"{self.index:05d}_{self.bodies[0].replace('/', '-')}_{self.start.isoformat()}_{self.layout}.txt"


# ---------------------------------------------------------------- the plan of a corpus


def _mondays(year: int, month: int, span: int) -> list[dt.date]:
    """Mondays of the month on which a meeting of ``span`` more days ends in the same month
    (and before the 28th, so that no date of the meeting crosses into the next month)."""
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    out = []
    while day.month == month and day.day + span <= 27:
        out.append(day)
        day += dt.timedelta(days=7)
    return out


def plan_corpus(n: int, seed: int) -> list[Plan]:
    rng = random.Random(f"untoc-kg-bench:{seed}")
    series = Series.load()
    groups = [b.symbol for b in series.bodies if b.kind == "WorkingGroup"]
    kinds: list[Seed] = [SEEDS[i] for i in range(min(n, len(SEEDS)))]
    cop_cap = len(COP_SESSIONS)
    for _ in range(n - len(kinds)):
        weights = [(key, w) for key, w in WEIGHTS
                   if not (key == "002" and sum(1 for k in kinds if k.kind == "cop") >= cop_cap)]
        key = rng.choices([k for k, _ in weights], [w for _, w in weights])[0]
        kinds.append(SEED_BY_KEY[key])
    layouts = [LAYOUTS[i % 3] for i in range(n)]
    rng.shuffle(layouts)

    used: dict[str, set[dt.date]] = {}
    for s in SEEDS:                       # never the meeting of a sample: both may be loaded together
        for body in s.bodies:
            used.setdefault(body, set()).add(s.start)
    cops = [i for i, s in enumerate(kinds) if s.kind == "cop"]
    sessions = sorted(rng.sample(list(COP_SESSIONS), len(cops)))
    years = sorted(rng.sample([y for y in COP_YEARS if y != SEEDS[2].start.year], len(cops)))
    cop_of = {i: (sessions[k], years[k]) for k, i in enumerate(cops)}

    plans: list[Plan] = []
    for index, s in enumerate(kinds):
        session = None
        if s.kind == "cop":
            bodies = (COP,)
            session, year = cop_of[index]
            start = rng.choice(_mondays(year, 10, s.span))
        else:
            bodies = (rng.choice(groups),) if s.kind == "wg" else tuple(rng.sample(groups, 2))
            while True:
                candidates = _mondays(rng.randint(*WG_YEARS), rng.randint(1, 12), s.span)
                start = rng.choice(candidates)
                if not any(start in used.get(b, ()) for b in bodies):
                    break
        for body in bodies:
            used.setdefault(body, set()).add(start)
        draw = rng.random()
        encoding = "gb18030" if draw < 0.08 else "utf-8-sig" if draw < 0.16 else "utf-8"
        newline = "\r\n" if rng.random() < 0.12 else "\n"
        plans.append(Plan(index, s, bodies, start, layouts[index], encoding, newline, session))

    # A body that meets twice in a year numbers the documents of its second meeting from 11,
    # of its third from 21 …, so that two meetings never share a document symbol.
    by_year: dict[tuple[str, int], list[Plan]] = {}
    for plan in plans:
        for body in plan.bodies:
            by_year.setdefault((body, plan.start.year), []).append(plan)
    for (body, _), meetings in by_year.items():
        for k, plan in enumerate(sorted(meetings, key=lambda p: p.start)):
            plan.doc_offsets[body] = 10 * k

    endorsed: set[int] = set()
    for cop in sorted((p for p in plans if p.seed.kind == "cop"), key=lambda p: p.start):
        for k, (key, body, _, _) in enumerate(ENDORSED):
            earlier = sorted((p for p in plans if p.seed.key == key and p.bodies == (body,) and p.end < cop.start),
                             key=lambda p: (p.index in endorsed, -p.start.toordinal()))
            if earlier:
                cop.endorses.append((k, earlier[0]))
                endorsed.add(earlier[0].index)
    return plans


# ---------------------------------------------------------------- the sample texts


@lru_cache(maxsize=None)
def base_text(key: str) -> str:
    """The sample as the generator edits it: the markdown samples as they are; the PDF
    extraction (001) unwrapped into one line per paragraph by the reader's text cleaner."""
    seed = SEED_BY_KEY[key]
    data = (SAMPLES / seed.file).read_bytes()
    text, _ = decode(data, seed.file)
    if key != "001":
        return text
    lines = clean(text, Phrasebook.load("zh")).lines
    return "\n\n".join(line.text for line in lines) + "\n"


# ---------------------------------------------------------------- States to sample


@dataclass(frozen=True)
class StateName:
    code: str
    short: str
    formal: str | None


@lru_cache(maxsize=1)
def state_pool() -> tuple[StateName, ...]:
    """Every State of states.tsv whose UN short name (and formal name, where it differs)
    resolves back to it in the gazetteer the reader uses."""
    gazetteer = Gazetteer.load()
    pool = []
    path = ROOT / "loaders" / "gazetteer" / "states.tsv"
    rows = path.read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    for row in rows[1:]:
        if not row.strip() or row.startswith("#"):
            continue
        cells = dict(zip(header, row.split("\t")))
        code, short, formal = cells["alpha3"], cells["name_zh"], cells.get("name_zh_official") or None
        entity = gazetteer.resolve(short)
        if entity is None or entity.code != code or re.search("[、，,；;]", short):
            continue
        if formal and (formal == short or getattr(gazetteer.resolve(formal), "code", None) != code):
            formal = None
        pool.append(StateName(code, short, formal))
    return tuple(pool)


# ---------------------------------------------------------------- recommendations

_CHAPTER = re.compile(r"^[一二三四五六七八九十]+\.\s*(?P<title>\S.*)$")
_SECTION = re.compile(r"^[A-Z]\.\s*\S")
_PARAGRAPH = re.compile(r"^\d{1,3}\.\s*\S")
_LABEL_NUMBER = re.compile(r"^建议\s*(?P<n>\d+)\s*$")
_LABEL_LETTER = re.compile(r"^(?P<pre>-?\s*)\((?P<l>[a-z]{1,2})\)(?P<sp>\s*)(?P<text>\S.*)$")


def _bare(line: str) -> str:
    """A line without its markdown: heading marks, bold, surrounding space."""
    return re.sub(r"\*\*|__", "", re.sub(r"^#+\s*", "", line.strip())).strip()


@dataclass
class Unit:
    style: str             # "number" or "letter"
    lines: list[str]       # the label line, its text lines and the blank lines after them
    made: bool = False     # recombined by the generator, not printed in the sample

    def text(self) -> str:
        if self.style == "letter":
            return _LABEL_LETTER.match(self.lines[0].strip()).group("text")
        return "".join(line.strip() for line in self.lines[1:] if line.strip())


def _sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。]+。?", text) if s.strip()]


def _recombine(a: str, b: str, rng: random.Random) -> str:
    """A new recommendation: the first sentences of one and the last of another; for two
    one-sentence texts, the first clause of one and the rest of the other."""
    sa, sb = _sentences(a), _sentences(b)
    if len(sa) > 1 or len(sb) > 1:
        head = sa[:max(1, len(sa) // 2)]
        tail = sb[len(sb) // 2:] if len(sb) > 1 else sb
        return "".join(head + tail)
    if "，" in a and "，" in b:
        return a[:a.index("，") + 1] + b[b.index("，") + 1:]
    return a if rng.random() < 0.5 else b


def rework_recommendations(lines: list[str], rng: random.Random) -> tuple[list[str], int]:
    """Drop some recommendations, add recombined ones, renumber; return (lines, labels printed)."""
    start = next((i for i, line in enumerate(lines)
                  if (m := _CHAPTER.match(_bare(line))) and m.group("title") == "建议"), None)
    if start is None:
        return lines, 0
    stop = next((i for i in range(start + 1, len(lines)) if _CHAPTER.match(_bare(lines[i]))), len(lines))
    items: list[Unit | str] = []
    for line in lines[start + 1:stop]:
        bare = _bare(line)
        if _LABEL_NUMBER.match(bare):
            items.append(Unit("number", [line]))
        elif _LABEL_LETTER.match(bare):
            items.append(Unit("letter", [line]))
        elif not bare and items and isinstance(items[-1], Unit):
            items[-1].lines.append(line)
        elif (items and isinstance(items[-1], Unit) and items[-1].style == "number"
              and not (_SECTION.match(bare) or _PARAGRAPH.match(bare))):
            items[-1].lines.append(line)         # the text of "建议 N", a page break included
        else:
            items.append(line)
    pool = [u for u in items if isinstance(u, Unit)]
    if not pool:
        return lines, 0

    # Runs of consecutive recommendations are edited one run at a time.
    edited: list[Unit | str] = []
    run: list[Unit] = []

    def flush() -> None:
        if not run:
            return
        kept = [u for u in run if rng.random() >= 0.2] or [rng.choice(run)]
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            a, b = rng.sample(pool, 2) if len(pool) > 1 else (pool[0], pool[0])
            if a.style != b.style:
                continue
            text = _recombine(a.text(), b.text(), rng)
            blank = [""] * max(1, sum(1 for x in a.lines if not x.strip()))
            if a.style == "number":
                unit = Unit("number", ["建议 0", "", text] + blank, made=True)
            else:
                unit = Unit("letter", [f"(a) {text}"] + blank, made=True)
            kept.insert(rng.randint(0, len(kept)), unit)
        edited.extend(kept)
        run.clear()

    for item in items:
        if isinstance(item, Unit):
            run.append(item)
        else:
            flush()
            edited.append(item)
    flush()

    out: list[str] = []
    number, letter, count = 0, 0, 0
    paragraph, heading = None, 0
    # Each numbered paragraph's lettered recommendations: (the letter the sample printed, or
    # None for a recombined one; the letter printed now; which run between two lines that are
    # not recommendations, a heading or a paragraph, it is printed in).
    lettered: dict[str, list[tuple[str | None, str, int]]] = {}
    for item in edited:
        if isinstance(item, str):
            heading += 1
            bare = _bare(item)
            if _SECTION.match(bare) or _PARAGRAPH.match(bare):
                letter = 0                      # lettering restarts with each list (001)
                paragraph = bare.split(".")[0] if _PARAGRAPH.match(bare) else None
            out.append(item)
            continue
        if item.style == "number":
            number += 1
            head = re.sub(r"建议\s*\d+", f"建议 {number}", item.lines[0], count=1)
        else:
            if letter >= 26:
                continue
            printed = chr(ord('a') + letter)
            head = re.sub(r"\([a-z]{1,2}\)", f"({printed})", item.lines[0], count=1)
            letter += 1
            if paragraph is not None:
                was = None if item.made else _LABEL_LETTER.match(_bare(item.lines[0])).group("l")
                lettered.setdefault(paragraph, []).append((was, printed, heading))
        count += 1
        out.extend([head] + item.lines[1:])
    sample = _sample_letters(items)
    before = [_relist(line, lettered, sample) for line in lines[:start + 1]]
    after = [_relist(line, lettered, sample) for line in lines[stop:]]
    return before + out + after, count


def _sample_letters(items: list) -> dict[str, list[str]]:
    """The letters of each numbered paragraph's recommendations as the sample prints them."""
    letters: dict[str, list[str]] = {}
    paragraph = None
    for item in items:
        if isinstance(item, str):
            bare = _bare(item)
            if _SECTION.match(bare) or _PARAGRAPH.match(bare):
                paragraph = bare.split(".")[0] if _PARAGRAPH.match(bare) else None
        elif item.style == "letter" and paragraph is not None:
            letters.setdefault(paragraph, []).append(_LABEL_LETTER.match(_bare(item.lines[0])).group("l"))
    return letters


def _relist(line: str, lettered: dict[str, list[tuple[str | None, str, int]]], sample: dict[str, list[str]]) -> str:
    """A summary that says where an item's recommendations are printed ("已通过的建议列于本报告
    第二节第 8(a)至(o)段", 001 ¶42) given the letters they are printed under now: the reader
    takes the item of those recommendations from it, so a range left as the sample had it
    leaves out (or takes in) recommendations the generator added or dropped. A range that
    covered the paragraph's whole list covers it whole again; a part of it, from the first to
    the last of its recommendations that are still printed, with the recombined ones printed
    beside them under the same heading."""
    found = _phrasebook().search("recommendations.listed_at", line)
    if found is None or found.group("paragraph") not in lettered:
        return line
    paragraph, first, last = found.group("paragraph"), found.group("first"), found.group("last")
    now = lettered[paragraph]
    if sample.get(paragraph) and (first, last) == (sample[paragraph][0], sample[paragraph][-1]):
        span = now
    else:
        inside = [i for i, (was, _, _) in enumerate(now) if was is not None and first <= was <= last]
        if not inside:
            return line
        low, high = inside[0], inside[-1]
        while low > 0 and now[low - 1][0] is None and now[low - 1][2] == now[low][2]:
            low -= 1
        while high + 1 < len(now) and now[high + 1][0] is None and now[high + 1][2] == now[high][2]:
            high += 1
        span = now[low:high + 1]
    (a, b), (c, d) = found.span_of("first"), found.span_of("last")
    return line[:a] + span[0][1] + line[b:c] + span[-1][1] + line[d:]


@lru_cache(maxsize=1)
def _phrasebook() -> Phrasebook:
    return Phrasebook.load("zh")


# ---------------------------------------------------------------- lists of States

_LIST = re.compile(
    r"(?P<intro>(?:下列缔约[方国](?:的)?代表作了发言|(?:以下|下列)国家(?:的)?代表(?:也)?作了发言"
    r"|派代表出席了(?:会议|本届会议)(?:[，,][^：:。]{0,60})?|提案国有|答辩权)[：:]\s*)"
    r"(?P<list>[^。：:]+?)(?P<end>。)")


@dataclass
class Lists:
    attendees: list[StateName]
    speakers: set[str] = field(default_factory=set)     # codes named as speakers
    attended: set[str] = field(default_factory=set)     # codes named as attending
    sponsors: set[str] = field(default_factory=set)


def replace_lists(lines: list[str], rng: random.Random, lists: Lists) -> list[str]:
    gazetteer = Gazetteer.load()
    pool = state_pool()

    def name(state: StateName) -> str:
        return state.formal if state.formal and rng.random() < 0.12 else state.short

    def replace(match: re.Match) -> str:
        text = match.group("list")
        if re.search(r"[（()）;；]", text):
            return match.group(0)
        parts = split_name_list(text, gazetteer)
        if len(parts) < 1 or any(p.entity is None or (p.entity.kind != "state" and p.entity.code != "EU")
                                 for p in parts):
            return match.group(0)
        states = [p for p in parts if p.entity.code != "EU"]
        has_eu = len(states) < len(parts)
        final_and = len(parts) > 1 and "和" in text[parts[-2].end:parts[-1].start]
        intro = match.group("intro")
        if "出席" in intro:
            chosen = list(lists.attendees)
            lists.attended.update(s.code for s in chosen)
        else:
            source = lists.attendees if "作了发言" in intro and lists.attendees else list(pool)
            k = max(1, min(len(source), round(max(1, len(states)) * rng.uniform(0.6, 1.4))))
            picked = set(rng.sample(range(len(source)), k))
            chosen = [s for i, s in enumerate(source) if i in picked]   # in the order of the list
            target = lists.sponsors if "提案国" in intro else lists.speakers
            target.update(s.code for s in chosen)
        names = [name(s) for s in chosen]
        if has_eu:
            names.insert(rng.randint(0, len(names)), "欧洲联盟")
        if len(names) > 1 and final_and:
            printed = "、".join(names[:-1]) + "和" + names[-1]
        else:
            printed = "、".join(names)
        return match.group("intro") + printed + match.group("end")

    return [_LIST.sub(replace, line) for line in lines]


# ---------------------------------------------------------------- bodies, sessions, acts


def _outside_quotes(line: str, edit) -> str:
    parts = re.split(r"(“[^”]*”)", line)
    return "".join(part if part.startswith("“") else edit(part) for part in parts)


def replace_bodies(lines: list[str], seed: Seed, bodies: tuple[str, ...]) -> list[str]:
    series = Series.load()
    names = sorted(((name, i) for i, symbol in enumerate(seed.bodies) for name in series.body(symbol).names_zh),
                   key=lambda ni: -len(ni[0]))
    targets = [series.body(symbol).names_zh[0] for symbol in bodies]

    def edit(text: str) -> str:
        for name, i in names:
            text = text.replace(name, f"\x00{i}\x00")
        return re.sub("\x00(\\d)\x00", lambda m: targets[int(m.group(1))], text)

    symbols = {old: new for old, new in zip(seed.bodies, bodies)}
    symbol_re = re.compile("|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True)) + r"(?=/\d{4}/)")
    out = []
    for line in lines:
        line = _outside_quotes(line, edit)
        out.append(symbol_re.sub(lambda m: symbols[m.group(0)], line))
    return out


_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")


def renumber_session(lines: list[str], session: int) -> list[str]:
    """The Conference's session S: 第十二届 → S, 第十一届 → S-1, 第十三/十四届会议 → S+1, S+2;
    its acts 12/N → S/N (acts of earlier sessions that it cites keep their numbers)."""
    shift = {"十一": -1, "十二": 0, "十三": 1, "十四": 2}
    sessions = re.compile(r"第(十一|十二|十三|十四)届(?=会议)")
    acts = re.compile(rf"(?<![\d/]){COP_SEED_SESSION}/(\d{{1,2}})(?![\d/])")
    out = []
    for line in lines:
        line = sessions.sub(lambda m: f"第{zh_number(session + shift[m.group(1)])}届", line)
        out.append(acts.sub(lambda m: f"{session}/{m.group(1)}", line))
    return out


_ACT_HEADING = re.compile(r"^第\s*\d+/\d+\s*号(决议|决定)$")
_FORMULA = re.compile(r"^联合国打击跨国有组织犯罪公约缔约方会议\s*[，,]\s*$")
_OPERATIVE = re.compile(r"^\d{1,2}\.\s*\S")


def drop_preamble(lines: list[str], rng: random.Random) -> tuple[list[str], int]:
    """Drop about a quarter of the preambular paragraphs of each act (never all of them): a
    paragraph is a line ending in "，" that follows the formula or another such paragraph."""
    out, dropped, in_preamble, kept_one, previous_whole = [], 0, False, False, False
    for line in lines:
        bare = _bare(line)
        if _ACT_HEADING.match(bare) or _OPERATIVE.match(bare) or _CHAPTER.match(bare):
            in_preamble = False
        if _FORMULA.match(bare):
            in_preamble, kept_one, previous_whole = True, False, True
            out.append(line)
            continue
        if in_preamble and bare and not bare.startswith(("<sup>", "\\*", "*")):
            whole = bare.endswith("，")
            if whole and previous_whole and kept_one and rng.random() < 0.25:
                dropped += 1
                continue
            kept_one = kept_one or whole
            previous_whole = whole
        out.append(line)
    return out, dropped


# ---------------------------------------------------------------- dates and symbols

_DATE = re.compile(r"(?:(?P<y>\d{4})(?P<s1>\s*)年\s*)?(?:(?P<m>\d{1,2})(?P<s2>\s*)月\s*)?(?<!\d)(?P<d>\d{1,2})(?P<s3>\s*)日")
_CHAIN = re.compile(r"^\s*(?:和|至|、|，|,|及)\s*$")
_ENGLISH = re.compile(r"\b(?P<d>\d{1,2})\s+(?P<m>January|February|March|April|May|June|July|August|September|"
                      r"October|November|December)\s+(?P<y>\d{4})\b")
_MONTHS = list(calendar.month_name)
_SYMBOL = re.compile(r"(?P<pre>CTOC/COP(?:/WG\.\d)?)/(?P<y>\d{4})/(?P<kind>CRP\.|INF/|L\.)?(?P<n>\d+)")


def shift_dates(line: str, delta: dt.timedelta, seed_year: int, new_year: int) -> str:
    """Every Chinese date of the line moved by ``delta``: "2024 年 6 月 3 日和 4 日" as a
    chain (the later members take year and month from the one before, and print them again
    where the move changed them); a date without a year is in the meeting's year."""
    out, last, chain_end = [], 0, None
    previous_old = previous_new = None
    for match in _DATE.finditer(line):
        chained = chain_end is not None and _CHAIN.match(line[chain_end:match.start()])
        if not chained:
            previous_old = previous_new = None
        year = int(match.group("y")) if match.group("y") else (previous_old.year if previous_old else seed_year)
        if match.group("m"):
            month = int(match.group("m"))
        elif previous_old:
            month = previous_old.month
        else:
            chain_end = None
            continue
        try:
            old = dt.date(year, month, int(match.group("d")))
        except ValueError:
            chain_end = None
            continue
        new = old + delta
        sp = " " if (match.group("s1") or match.group("s2") or match.group("s3")) else ""
        reference = previous_new or dt.date(new_year, 1, 1)
        show_year = bool(match.group("y")) or new.year != reference.year
        show_month = bool(match.group("m")) or show_year or (previous_new is not None and new.month != previous_new.month)
        printed = (f"{new.year}{sp}年{sp}" if show_year else "") + (f"{new.month}{sp}月{sp}" if show_month else "") \
            + f"{new.day}{sp}日"
        out.append(line[last:match.start()] + printed)
        last = match.end()
        previous_old, previous_new, chain_end = old, new, match.end()
    out.append(line[last:])
    return "".join(out)


def shift_english(line: str, delta: dt.timedelta) -> str:
    def edit(m: re.Match) -> str:
        new = dt.date(int(m.group("y")), _MONTHS.index(m.group("m")), int(m.group("d"))) + delta
        return f"{new.day} {_MONTHS[new.month]} {new.year}"
    return _ENGLISH.sub(edit, line)


def shift_symbols(line: str, years: int, plan: Plan) -> str:
    """Document symbols follow the meeting's year; the meeting's own documents are numbered
    past those of earlier meetings of its body in that year."""
    def edit(m: re.Match) -> str:
        year = int(m.group("y")) + years
        number = int(m.group("n"))
        if year == plan.start.year:
            number += plan.doc_offsets.get(m.group("pre"), 0)
        return f"{m.group('pre')}/{year}/{m.group('kind') or ''}{number}"
    return _SYMBOL.sub(edit, line)


# ---------------------------------------------------------------- layouts


def strip_markdown(text: str) -> str:
    """Plain numbered paragraphs: no heading marks, emphasis, links or superscripts."""
    out = []
    for line in text.split("\n"):
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"\*\*|__", "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"<sup>[^<]*</sup>", "", line)
        line = re.sub(r"^\s*[-*]\s+(?=\()", "", line)
        out.append(line.rstrip())
    return "\n".join(out).rstrip("\n") + "\n"


def add_markdown(text: str) -> str:
    """Markdown for a text that has none (the unwrapped 001): the title, chapter and section
    headings marked."""
    out, titled = [], False
    for line in text.split("\n"):
        bare = line.strip()
        if bare and not titled:
            out.append(f"## {bare}")
            titled = True
        elif _CHAPTER.match(bare) and len(bare) < 60:
            out.append(f"## {bare}")
        elif _SECTION.match(bare) and len(bare) < 80:
            out.append(f"### {bare}")
        else:
            out.append(line)
    return "\n".join(out)


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "/.-")


# A wrapped line must not start with what opens a block (a paragraph number, a list label,
# page furniture): pdftotext would print it so, but then no reader could tell it from a new
# paragraph. The cut moves left a character or two instead.
_OPENS = re.compile(r"^(?:\d{1,3}\.|\d{1,3}\s*$|\d{1,3}/\d{1,3}\s*$|[一二三四五六七八九十]+\.|[A-Z]\.|-?\s*\([a-z]{1,2}\)"
                    r"|建议\s*\d|第\s*\d+/\d+\s*号|附件|V\.\d|GE\.\d|CTOC/|https?:|\*)")


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _cut(line: str, columns: int) -> int:
    """Where pdftotext breaks ``line`` printed ``columns`` wide: Chinese anywhere, Latin words
    at a space (which the extraction drops), never before a block opener."""
    used, limit = 0, len(line)
    for i, ch in enumerate(line):
        used += _width(ch)
        if used > columns:
            limit = i
            break
    for cut in range(limit, 0, -1):
        if _latin(line[cut - 1]) and _latin(line[cut]):
            continue
        if _OPENS.match(line[cut:].lstrip(" ")):
            continue
        return cut
    cut = limit                          # a symbol longer than the line overflows it
    while cut < len(line) and _latin(line[cut]):
        cut += 1
    return cut


def wrap_pdf(text: str, rng: random.Random, header: str, year: int) -> str:
    columns = 2 * rng.randint(34, 42)
    per_page = rng.randint(40, 48)
    blank_after = rng.random() < 0.4
    lines: list[str] = []
    for line in strip_markdown(text).split("\n"):
        line = line.strip()
        if not line:
            lines.append("")
            continue
        while sum(map(_width, line)) > columns:
            cut = _cut(line, columns)
            if cut >= len(line):
                break
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip(" ")
        lines.append(line)
    body = [line for line in lines if line] if blank_after else lines
    pages = max(1, -(-len(body) // per_page))
    job = rng.randint(1000, 99999)
    out: list[str] = []
    for n, line in enumerate(body, start=1):
        out.append(line)
        if blank_after:
            out.append("")
        if n % per_page == 0 and n < len(body):
            page = n // per_page
            out += ["", f"V.{year % 100:02d}-{job + page:05d}", "", header, "", f"{page + 1}/{pages}", ""]
    return "\n".join(out) + "\n"


def drop_contents(lines: list[str]) -> list[str]:
    """The Conference report without its table of contents (from 目录 to chapter one)."""
    start = next((i for i, line in enumerate(lines) if _bare(line) == "目录"), None)
    if start is None:
        return lines
    stop = next((i for i in range(start + 1, len(lines))
                 if _CHAPTER.match(_bare(lines[i])) and "...." not in lines[i]), start)
    return lines[:start] + lines[stop:]


# ---------------------------------------------------------------- one report


def render(plan: Plan, seed: int) -> tuple[bytes, dict]:
    rng = random.Random(f"untoc-kg-bench:{seed}:{plan.index}")
    s = plan.seed
    lines = base_text(s.key).split("\n")
    if s.kind == "cop" and plan.layout != "markdown":
        lines = drop_contents(lines)
    recommendations = 0
    if s.kind != "cop":
        lines, recommendations = rework_recommendations(lines, rng)
    pool = state_pool()
    size = max(20, min(len(pool), round(rng.gauss(80, 15))))
    picked = set(rng.sample(range(len(pool)), size))
    lists = Lists([state for i, state in enumerate(pool) if i in picked])
    lines = replace_lists(lines, rng, lists)
    if s.kind != "cop":
        lines = replace_bodies(lines, s, plan.bodies)
    else:
        lines = renumber_session(lines, plan.session)
        lines, dropped = drop_preamble(lines, rng)
        lines = _mark_endorsed(lines, plan)
    delta = plan.start - s.start
    years = plan.start.year - s.start.year
    lines = [shift_symbols(shift_english(shift_dates(line, delta, s.start.year, plan.start.year), delta), years, plan)
             for line in lines]
    text = _fill_endorsed("\n".join(lines), plan)
    header = plan.symbol
    if plan.layout == "markdown":
        text = add_markdown(text) if s.key == "001" else text
    elif plan.layout == "plain":
        text = strip_markdown(text)
    else:
        text = wrap_pdf(text, rng, header, plan.start.year)
    if not text.endswith("\n"):
        text += "\n"
    data = text.replace("\n", plan.newline).encode(plan.encoding)
    info = {
        "file": plan.file_name,
        "sample": s.file,
        "kind": s.kind,
        "bodies": list(plan.bodies),
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "session": plan.session,
        "layout": plan.layout,
        "encoding": plan.encoding,
        "newline": "CRLF" if plan.newline == "\r\n" else "LF",
        "recommendations": recommendations,
        "speakers": sorted(lists.speakers),
        "attendees": sorted(lists.attended),
        "sponsors": sorted(lists.sponsors),
        "endorses": [{"file": target.file_name, "body": target.bodies[0], "start": target.start.isoformat()}
                     for _, target in plan.endorses],
    }
    return data, info


def _mark_endorsed(lines: list[str], plan: Plan) -> list[str]:
    """The sample meetings an annex repeats, marked so that no date shift touches them."""
    text = "\n".join(lines)
    for k, target in plan.endorses:
        _, _, dates, symbol = ENDORSED[k]
        text = re.sub(dates, f"\x01{k}\x01", text)
        text = text.replace(symbol, f"\x02{k}\x02")
    return text.split("\n")


def _fill_endorsed(text: str, plan: Plan) -> str:
    for k, target in plan.endorses:
        start, end = target.start, target.end
        text = text.replace(f"\x01{k}\x01", f"{start.year} 年 {start.month} 月 {start.day} 日和 {end.day} 日")
        text = text.replace(f"\x02{k}\x02", target.symbol)
    return text


def generate(n: int, seed: int, out: Path) -> list[dict]:
    """Write the corpus to ``out`` (earlier generated reports there are removed) and return
    the manifest entries."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.is_file() and (GENERATED.match(old.name) or old.name == "manifest.json"):
            old.unlink()
    entries = []
    for plan in plan_corpus(n, seed):
        data, info = render(plan, seed)
        (out / plan.file_name).write_bytes(data)
        entries.append(info)
    manifest = {"generator": "bench/generate.py", "n": n, "seed": seed, "reports": entries}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return entries


def check(out: Path, entries: list[dict]) -> int:
    """Read every generated report; print those with unresolved names and those read in part
    (a gap the reader says it left: "unread"). The samples have neither, so each is a fault of
    the generator or of the reader. Returns how many reports have one or the other."""
    from untoc_kg.reading.report import read_report

    bad = unresolved = partial = 0
    for entry in entries:
        records = read_report(out / entry["file"])
        gaps = [p for p in records.problems if p.kind == "unread"]
        if records.unresolved:
            unresolved += 1
            print(f"{entry['file']}: {len(records.unresolved)} unresolved")
            for problem in records.unresolved[:5]:
                print("   ", problem.line_text(entry["file"]))
        if gaps:
            partial += 1
            print(f"{entry['file']}: {len(gaps)} unread (sample {entry['sample'][:3]}, {entry['layout']})")
            for problem in gaps[:5]:
                print("   ", problem.line_text(entry["file"]))
        bad += bool(records.unresolved or gaps)
    print(f"{unresolved} of {len(entries)} reports have unresolved names; {partial} are read in part")
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many reports")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (same seed, same bytes)")
    parser.add_argument("--out", type=Path, default=Path("bench-corpus"), help="folder to write to")
    parser.add_argument("--check", action="store_true",
                        help="read every report back and list unresolved names and partial readings")
    args = parser.parse_args()
    entries = generate(args.n, args.seed, args.out)
    kinds = {}
    for e in entries:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    print(f"wrote {len(entries)} reports to {args.out} ({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))})")
    if args.check:
        sys.exit(1 if check(args.out, entries) else 0)


if __name__ == "__main__":
    main()

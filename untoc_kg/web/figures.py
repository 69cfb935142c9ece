"""Plotly figures drawn from the rows of the stored queries that the tables show.

Each function takes the QueryResult of one stored query (run_query, or a query worker of the
server, gives it), the labels of codes in the page's language (Labels) and the words of the
pictures in that language, and returns a plotly figure as a dict {"data": […], "layout": {…}}
that plotly.js draws in the page. `words` are the UI messages of the page's language
(rendering.messages: the pic_ keys of messages-pictures.yaml). Nothing here reads the store
or knows about requests.

How the cells are drawn. The matrices a page shows whole (the flagship's states × meetings,
a topic's heatmap, a state's strip) are drawn as one square marker per cell: each is an SVG
element, so a cell can be hovered, clicked (it links to the statements it stands for) and
counted. The participation heatmap of every state at every meeting is a plotly heatmap (one
raster image): at a thousand reports it has far too many cells for one SVG element each. Up to
MOST_COLUMNS meetings each has a column of its own; past that they stand at their start dates
on a time axis, and a figure is as wide as its page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import networkx as nx
# plotly imports numpy on first use, from whichever thread first builds a figure, and looks it
# up in sys.modules before that import has finished: two pages drawn at once in the server's
# threads saw it half imported (500s). Imported here, once, before any thread draws.
import numpy  # noqa: F401
import plotly.graph_objects as go
import yaml

from untoc_kg.queries import QueryResult
from untoc_kg.vocab import PARTICIPATION_STATUSES, SPEAKER_ROLES

# The site's fonts (CJK glyphs too) and colours, on white. plotly's own templates are not
# used: validating one copies it whole, which took more time than the rest of a figure.
FONT = 'system-ui, "Noto Sans CJK SC", sans-serif'
INK = "#222222"
PLAIN = dict(template="none", paper_bgcolor="white", plot_bgcolor="white")
CELL = 22            # px between the rows of a matrix; a square marker is a little smaller
MARKER = 16
PALETTE = yaml.safe_load((Path(__file__).with_name("pictures.yaml")).read_text(encoding="utf-8"))["palette"]


@dataclass(frozen=True)
class Labels:
    """Labels of codes in one language, by kind: agent codes (with whether each is a state),
    statuses, roles, offices and topic keys; a code without a label shows as itself."""
    lang: str
    by_kind: dict[str, dict[str, str]] = field(default_factory=dict)
    states: frozenset[str] = frozenset()

    @classmethod
    def from_records(cls, lang: str, found: list[dict[str, str]]) -> "Labels":
        """From the rows of views/picture-labels.rq (kind, key, label)."""
        by_kind: dict[str, dict[str, str]] = defaultdict(dict)
        states = set()
        for row in found:
            kind, key = row["kind"], row["key"]
            if kind in ("state", "organization"):
                by_kind["agent"][key] = row["label"]
                if kind == "state":
                    states.add(key)
            else:
                by_kind[kind][key] = row["label"]
        return cls(lang, dict(by_kind), frozenset(states))

    def of(self, kind: str, key: str | None) -> str:
        if not key:
            return ""
        return self.by_kind.get(kind, {}).get(key, key)

    def agent(self, code: str) -> str:
        return self.of("agent", code)

    def is_state(self, code: str) -> bool:
        return code in self.states


def records(result: QueryResult) -> list[dict[str, str | None]]:
    return [dict(zip(result.columns, row)) for row in result.rows]


def short_body(symbol: str) -> str:
    """The last part of a UN symbol: WG.2 for CTOC/COP/WG.2, COP for CTOC/COP."""
    return symbol.rsplit("/", 1)[-1]


def meeting_key(body: str, start: str) -> str:
    return f"{body} {start}"


def meeting_tick(body: str, start: str) -> str:
    return f"{short_body(body)}<br>{start}"


def _text_px(text: str) -> int:
    """About how wide a label is drawn at 12 px: a Han character takes about twice a Latin letter."""
    return round(sum(12.5 if ord(ch) >= 0x2E80 else 6.5 for ch in text))


NARROWEST_COLUMN = 26


def _columns(n: int) -> tuple[int, int | None]:
    """(px per column, angle of the column labels): a few meetings side by side with their labels
    level (plotly turns them when the figure is drawn narrower), many in narrow columns with
    their labels upright."""
    return (76, None) if n <= 12 else (NARROWEST_COLUMN, -90)


SMALL = 10      # px: the font of a row label on more than one line


def wrapped(label: str, limit: int = 36) -> str:
    """A row label longer than about `limit` Latin letters (half as many Han characters) on
    lines as even as they can be, broken at spaces where it has them, in a smaller font so
    that two lines fit in a row (plotly's <br> and <span style>)."""
    if len(_greedy_lines(label, limit)) == 1:
        return label
    # In the smaller font more letters fit on a line of the same width.
    limit = limit * 12 // SMALL
    lines = _greedy_lines(label, limit)
    # The fewest lines, made as even as they can be: no last line of one short word.
    for narrower in range(limit - 1, 7, -1):
        again = _greedy_lines(label, narrower)
        if len(again) > len(lines):
            break
        lines = again
    return f'<span style="font-size:{SMALL}px">' + "<br>".join(lines) + "</span>"


def _label_lines(label: str) -> tuple[list[str], int]:
    """The lines of a (wrapped) label and the px of its font."""
    if label.startswith("<span"):
        return label[label.index(">") + 1:-len("</span>")].split("<br>"), SMALL
    return [label], 12


def _greedy_lines(label: str, limit: int) -> list[str]:
    room = 6.5 * limit
    lines, line = [], ""
    for word in label.split(" ") if " " in label else [label]:
        while _text_px(word) > room:          # a word (or a Chinese label) longer than a line
            cut = next((k for k in range(len(word), 0, -1) if _text_px(word[:k]) <= room), 1)
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        if line and _text_px(line + " " + word) > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def _layout(row_labels: list[str], columns: int, right: int = 0, **extra) -> dict:
    """A matrix's size: its height from its rows, its width from its labels (wrapped) and its
    columns, so that its cells stay close together on a wide page. layout.meta.least_width is
    as narrow as it can be drawn with its cells apart: pictures.js draws it as wide as its box
    between the two, and a box narrower than that scrolls. A matrix over time (columns=0) is
    as wide as its box."""
    width_per_column, _ = _columns(columns)
    shapes = [_label_lines(label) for label in row_labels]
    widest = max((round(_text_px(line) * size / 12) for lines, size in shapes for line in lines), default=40)
    most_lines = max((len(lines) for lines, _ in shapes), default=1)
    # Two lines of the small font fit in a row; a label of more lines makes every row taller.
    row = CELL if most_lines <= 2 else (SMALL + 1) * most_lines + 4
    fixed = widest + 30 + right + 20
    layout = dict(**PLAIN, font=dict(family=FONT, size=12, color=INK),
                  height=max(240, row * len(row_labels) + (170 if columns <= 12 else 230)),
                  margin=dict(l=10, r=10, t=30, b=10), hoverlabel=dict(font=dict(family=FONT)))
    if columns:
        layout.update(width=max(320, fixed + width_per_column * columns),
                      meta=dict(least_width=max(280, fixed + NARROWEST_COLUMN * columns)))
    layout.update(extra)
    return layout


def _figure(data: list, layout: dict) -> dict:
    # Built through plotly's object model, so that a misspelt property fails here, not silently
    # in the browser.
    figure = go.Figure(data=data, layout=layout).to_plotly_json()
    return {"data": figure["data"], "layout": figure["layout"]}


def _category_axis(keys: list[str], ticks: list[str], title: str, **extra) -> dict:
    return dict(type="category", categoryorder="array", categoryarray=keys, tickvals=keys,
                ticktext=ticks, title=dict(text=title), automargin=True, showgrid=False, ticks="",
                zeroline=False, **extra)


def _meeting_axis(keys: list[str], ticks: list[str], title: str) -> dict:
    """The meetings across the top of a matrix, in the order given."""
    angle = _columns(len(keys))[1]
    return _category_axis(keys, ticks, title, side="top", **({} if angle is None else {"tickangle": angle}))


# Up to this many meetings a matrix gives each its own column; past it (a thousand reports span
# decades) the meetings stand at their start dates on a time axis, and the figure is as wide as
# the page instead of many thousand pixels.
MOST_COLUMNS = 40


def _time_axis(title: str) -> dict:
    return dict(type="date", side="top", title=dict(text=title), automargin=True, showgrid=True,
                gridcolor="#eeeeee", zeroline=False, ticks="")


@dataclass(frozen=True)
class Columns:
    """Where the meetings of a matrix stand: x(body, start) for a meeting's cells, the axis, and
    how many columns it has (0 when the meetings stand on a time axis)."""
    x: Callable[[str, str], str]
    axis: dict
    count: int


def meeting_columns(meetings: list[tuple[str, str]], title: str) -> Columns:
    """A column per meeting (body, start), in the order given, or past MOST_COLUMNS their start
    dates on a time axis (where two meetings that start on the same day share a column)."""
    if len(meetings) > MOST_COLUMNS:
        return Columns(lambda body, start: start, _time_axis(title), 0)
    keys = [meeting_key(*m) for m in meetings]
    return Columns(meeting_key, _meeting_axis(keys, [meeting_tick(*m) for m in meetings], title), len(meetings))


def date_columns(dates: list[str], title: str) -> Columns:
    """A column per start date, or past MOST_COLUMNS the dates on a time axis."""
    if len(dates) > MOST_COLUMNS:
        return Columns(lambda _body, start: start, _time_axis(title), 0)
    return Columns(lambda _body, start: start, _meeting_axis(dates, dates, title), len(dates))


def _discrete_colorscale(colors: list[str]) -> list:
    """A colour scale that gives the integer k the colour k (categories on a heatmap)."""
    n = len(colors)
    scale = []
    for k, color in enumerate(colors):
        scale += [[k / n, color], [(k + 1) / n, color]]
    return scale


def _palette(n: int) -> list[str]:
    return [PALETTE[k % len(PALETTE)] for k in range(n)]


# -- participation: attendance ---------------------------------------------------------------

def participation_heatmap(result: QueryResult, labels: Labels, words: dict, who: str = "states") -> dict:
    """States (or, with who="all", every participant) × meetings from `attendance`, each cell
    the status the participant attended in, as a heatmap with one colour per status."""
    rows = [r for r in records(result) if who == "all" or labels.is_state(r["participant_code"])]
    meetings = sorted({(r["body"], r["meeting_start"]) for r in rows}, key=lambda m: (m[1], m[0]))
    codes = sorted({r["participant_code"] for r in rows}, key=lambda c: (labels.agent(c).casefold(), c))
    present = {r["status"] for r in rows}
    statuses = [s for s in PARTICIPATION_STATUSES if s in present] + sorted(present - set(PARTICIPATION_STATUSES))
    status_index = {s: k for k, s in enumerate(statuses)}
    columns = meeting_columns(meetings, words["pic_axis_meeting"])
    keys = list(dict.fromkeys(columns.x(*m) for m in meetings))
    column = {key: j for j, key in enumerate(keys)}
    line = {c: i for i, c in enumerate(codes)}
    z = [[None] * len(keys) for _ in codes]
    text = [[""] * len(keys) for _ in codes]
    for r in sorted(rows, key=lambda r: status_index[r["status"]], reverse=True):
        # Where two meetings share a column (a time axis), the first status of the scheme shows.
        i, j = line[r["participant_code"]], column[columns.x(r["body"], r["meeting_start"])]
        z[i][j] = status_index[r["status"]]
        text[i][j] = (f"{labels.agent(r['participant_code'])}<br>{r['body']} · {r['meeting_start']}"
                      f"<br>{labels.of('status', r['status'])}")
    n = max(1, len(statuses))
    heatmap = go.Heatmap(
        z=z, x=keys, y=codes, text=text, hovertemplate="%{text}<extra></extra>", hoverongaps=False,
        zmin=-0.5, zmax=n - 0.5, colorscale=_discrete_colorscale(_palette(n)), xgap=2, ygap=2,
        colorbar=dict(tickvals=list(range(len(statuses))), ticktext=[labels.of("status", s) for s in statuses],
                      thickness=14, len=min(1.0, 40 * n / (CELL * len(codes) + 1) + 0.05) if codes else 1.0,
                      y=1, yanchor="top"))
    names = [wrapped(labels.agent(c)) for c in codes]
    widest_status = max((_text_px(labels.of("status", s)) for s in statuses), default=0)
    layout = _layout(names, columns.count, right=widest_status + 50, xaxis=columns.axis,
                     yaxis=_category_axis(codes, names, "", autorange="reversed"))
    return _figure([heatmap], layout)


# -- the flagship: states-on-topic -------------------------------------------------------------

def topic_matrix(result: QueryResult, labels: Labels, words: dict,
                 href: Callable[[str], str] | None = None) -> dict:
    """The states `states-on-topic` answers × the meetings at which they spoke on the topic:
    one square per (state, meeting start) in each row's meeting_starts. `href(code)` is where
    a click on a state's square leads (its statements on the topic)."""
    rows = records(result)
    codes = [r["speaker_code"] for r in rows]
    dates = sorted({d for r in rows for d in (r["meeting_starts"] or "").split(";") if d})
    xs, ys, text, links = [], [], [], []
    for r in rows:
        roles = ", ".join(labels.of("role", v) for v in (r["via"] or "").split(";") if v)
        for date in (r["meeting_starts"] or "").split(";"):
            if not date:
                continue
            xs.append(date)
            ys.append(r["speaker_code"])
            text.append(f"{labels.agent(r['speaker_code'])}<br>{date}<br>"
                        + words["pic_roles"].format(roles=roles))
            links.append(href(r["speaker_code"]) if href else "")
    columns = date_columns(dates, words["pic_axis_meeting"])
    squares = go.Scatter(x=xs, y=ys, mode="markers", text=text, customdata=links,
                         hovertemplate="%{text}<extra></extra>", showlegend=False,
                         marker=dict(symbol="square", size=MARKER if columns.count else MARKER // 2,
                                     color=PALETTE[0]))
    names = [wrapped(labels.agent(c)) for c in codes]
    layout = _layout(names, columns.count, xaxis=columns.axis,
                     yaxis=_category_axis(codes, names, "", autorange="reversed"))
    return _figure([squares], layout)


# -- a topic over time: topic-timeline ----------------------------------------------------------

def timeline(result: QueryResult, labels: Labels, words: dict,
             href: Callable[[str], str] | None = None) -> dict:
    """Meetings (in the order of time) × topics from `topic-timeline`: a circle per topic and
    meeting, its area the number of statements, one colour (and legend entry) per body. A
    meeting is a column of its own, so that the two working groups of a joint meeting, which
    start on the same day, stand side by side instead of one over the other."""
    rows = records(result)
    topics = sorted({r["topic_key"] for r in rows}, key=lambda k: (labels.of("topic", k).casefold(), k))
    meetings = sorted({(r["body"], r["meeting_start"]) for r in rows}, key=lambda m: (m[1], m[0]))
    bodies = sorted({r["body"] for r in rows})
    most = max((int(r["statements"] or 0) for r in rows), default=1) or 1
    columns = meeting_columns(meetings, words["pic_axis_meeting"])
    largest = min(34, _columns(len(meetings))[0] - 4) if columns.count else 12
    data = []
    for body, color in zip(bodies, _palette(len(bodies))):
        mine = [r for r in rows if r["body"] == body]
        data.append(go.Scatter(
            name=short_body(body), legendgroup=body, mode="markers",
            x=[columns.x(r["body"], r["meeting_start"]) for r in mine], y=[r["topic_key"] for r in mine],
            customdata=[href(r["topic_key"]) if href else "" for r in mine],
            text=[f"{labels.of('topic', r['topic_key'])}<br>{body} · {r['meeting_start']}<br>"
                  f"{words['pic_agenda_items'].format(count=r['agenda_items'])}, "
                  f"{words['pic_statements'].format(count=r['statements'])}" for r in mine],
            hovertemplate="%{text}<extra></extra>",
            marker=dict(size=[max(1, int(r["statements"] or 0)) for r in mine], sizemode="area",
                        sizeref=2.0 * most / (largest ** 2), sizemin=4, color=color, opacity=0.8,
                        line=dict(width=1, color="white"))))
    names = [wrapped(labels.of("topic", k)) for k in topics]
    layout = _layout(names, columns.count, xaxis=columns.axis,
                     yaxis=_category_axis(topics, names, "", autorange="reversed"),
                     legend=dict(orientation="h", x=0, y=0, yanchor="top"))
    layout["height"] += 40          # the legend, under the matrix
    return _figure(data, layout)


# -- co-sponsorship ------------------------------------------------------------------------------

def cosponsorship_network(result: QueryResult, labels: Labels, words: dict,
                          href: Callable[[str], str] | None = None, seed: int = 7) -> dict:
    """The sponsors of `co-sponsorship` as a network: a line per pair (thicker for more acts
    together), a node per sponsor (larger for more partners), laid out by networkx's
    force-directed spring layout with a fixed seed (the same picture every time)."""
    graph = nx.Graph()
    acts_of: dict[str, set[str]] = defaultdict(set)
    for r in records(result):
        together = int(r["together"] or 0)
        graph.add_edge(r["sponsor_a"], r["sponsor_b"], weight=together, acts=r["acts"] or "")
        for code in (r["sponsor_a"], r["sponsor_b"]):
            acts_of[code].update(a for a in (r["acts"] or "").split(";") if a)
    nodes = sorted(graph.nodes)
    positions = nx.spring_layout(graph, weight="weight", seed=seed) if nodes else {}
    data = []
    # One trace per weight: a trace has one line width, and the lines of a weight share it.
    by_weight: dict[int, list] = defaultdict(list)
    for a, b, attributes in graph.edges(data=True):
        by_weight[attributes["weight"]].append((a, b))
    heaviest = max(by_weight, default=1)
    for weight in sorted(by_weight):
        xs, ys = [], []
        for a, b in by_weight[weight]:
            xs += [float(positions[a][0]), float(positions[b][0]), None]
            ys += [float(positions[a][1]), float(positions[b][1]), None]
        data.append(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                               line=dict(width=0.5 + 3.5 * weight / heaviest, color="#8a9bb0"),
                               opacity=0.25 + 0.6 * weight / heaviest))
    degree = dict(graph.degree())
    most = max(degree.values(), default=1) or 1
    data.append(go.Scatter(
        x=[float(positions[c][0]) for c in nodes], y=[float(positions[c][1]) for c in nodes],
        mode="markers+text", text=[labels.agent(c) for c in nodes], textposition="top center",
        textfont=dict(size=10), showlegend=False, customdata=[href(c) if href else "" for c in nodes],
        hovertext=[f"{labels.agent(c)}<br>{words['pic_partners'].format(count=degree[c])}<br>"
                   f"{';'.join(sorted(acts_of[c]))}" for c in nodes],
        hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(size=[8 + 14 * degree[c] / most for c in nodes], color=PALETTE[0],
                    line=dict(width=1, color="white"))))
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    layout = dict(**PLAIN, font=dict(family=FONT, size=12, color=INK), height=640,
                  margin=dict(l=10, r=10, t=20, b=10), xaxis=hidden, yaxis=hidden,
                  hoverlabel=dict(font=dict(family=FONT)))
    return _figure(data, layout)


# -- endorsements -------------------------------------------------------------------------------

def endorsement_sankey(result: QueryResult, labels: Labels, words: dict) -> dict:
    """`endorsement-chain` as a Sankey diagram: a node per working-group meeting and per act
    that endorsed its recommendations (and one for those not (yet) endorsed), a band from a
    meeting to an act as wide as the number of its recommendations the act endorsed."""
    counted: dict[tuple, set] = defaultdict(set)
    for r in records(result):
        meeting = (r["body"], r["meeting_start"])
        counted[(meeting, r["endorsed_by"] or "")].add(r["order"] or r["label"])
    meetings = sorted({m for m, _ in counted}, key=lambda m: (m[1], m[0]))
    acts = sorted({a for _, a in counted if a}, key=_act_order)
    names = ([f"{short_body(b)} · {s}" for b, s in meetings] + [words["pic_act"].format(number=a) for a in acts]
             + ([words["pic_not_endorsed"]] if any(not a for _, a in counted) else []))
    index = {("meeting", m): k for k, m in enumerate(meetings)}
    index.update({("act", a): len(meetings) + k for k, a in enumerate(acts)})
    index[("act", "")] = len(meetings) + len(acts)
    colors = _palette(len(meetings))
    sources, targets, values, text, link_colors = [], [], [], [], []
    for (meeting, act), recommendations in sorted(counted.items(), key=lambda kv: (index[("meeting", kv[0][0])],
                                                                                    index[("act", kv[0][1])])):
        sources.append(index[("meeting", meeting)])
        targets.append(index[("act", act)])
        values.append(len(recommendations))
        text.append(f"{meeting[0]} · {meeting[1]} → "
                    f"{words['pic_act'].format(number=act) if act else words['pic_not_endorsed']}<br>"
                    f"{words['pic_recommendations'].format(count=len(recommendations))}")
        link_colors.append(_translucent(colors[meetings.index(meeting)]))
    node_colors = colors + ["#555555"] * len(acts) + (["#bbbbbb"] if any(not a for _, a in counted) else [])
    sankey = go.Sankey(
        arrangement="snap",
        node=dict(label=names, color=node_colors, pad=18 if len(names) <= MOST_COLUMNS else 3, thickness=16,
                  hovertemplate="%{label}<br>" + words["pic_recommendations"].format(count="%{value}")
                                + "<extra></extra>"),
        link=dict(source=sources, target=targets, value=values, customdata=text, color=link_colors,
                  hovertemplate="%{customdata}<extra></extra>"))
    layout = dict(**PLAIN, font=dict(family=FONT, size=12, color=INK),
                  height=max(360, (28 if len(names) <= MOST_COLUMNS else 12) * len(names) + 120),
                  margin=dict(l=10, r=10, t=20, b=10),
                  hoverlabel=dict(font=dict(family=FONT)))
    return _figure([sankey], layout)


def _act_order(number: str):
    # 12/2 before 12/10: the session, then the number within it.
    return tuple(int(p) if p.isdigit() else p for p in number.replace("/", " ").split())


def _translucent(color: str, alpha: float = 0.35) -> str:
    red, green, blue = (int(color[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


# -- one state: state-profile -------------------------------------------------------------------

# What each aspect of `state-profile` becomes in the strip: a row per attendance status and per
# speaker role, one for panellists, offices and acts.
_ASPECTS = ("attended", "spoke", "panel", "office", "sponsored")


def strip(result: QueryResult, labels: Labels, words: dict,
          href: Callable[[str, str], str] | None = None) -> dict:
    """One state's meetings × what it did there, from `state-profile`: a row per status it
    attended in and per role it spoke in, then panellists, offices and acts sponsored; a
    square per meeting and row, with the number of entries. `href(body, start)` is where a
    click on a square leads."""
    cells: dict[tuple, list[str]] = defaultdict(list)
    for r in records(result):
        row, detail = _strip_row(r["aspect"], r["detail"] or "", labels, words)
        cells[(row, (r["body"], r["meeting_start"]))].append(detail)
    meetings = sorted({m for _, m in cells}, key=lambda m: (m[1], m[0]))
    rows = sorted({row for row, _ in cells}, key=lambda row: row[0])
    columns = meeting_columns(meetings, words["pic_axis_meeting"])
    data = []
    for (order, name), color in zip(rows, _palette(len(rows))):
        mine = [(m, cells[((order, name), m)]) for m in meetings if ((order, name), m) in cells]
        data.append(go.Scatter(
            name=name, x=[columns.x(*m) for m, _ in mine], y=[name] * len(mine),
            mode="markers+text" if columns.count else "markers",
            text=[str(len(details)) if order[0] > 0 else "" for _, details in mine],
            textfont=dict(color="white", size=10), showlegend=False,
            customdata=[href(*m) if href else "" for m, _ in mine],
            hovertext=[f"{name}<br>{m[0]} · {m[1]}<br>" + "<br>".join(sorted(set(details))[:12])
                       for m, details in mine],
            hovertemplate="%{hovertext}<extra></extra>",
            marker=dict(symbol="square", size=MARKER + 2 if columns.count else MARKER // 2, color=color)))
    names = [name for _, name in rows]
    layout = _layout(names, columns.count, xaxis=columns.axis,
                     yaxis=_category_axis(names, names, "", autorange="reversed"))
    layout["height"] = max(200, CELL * len(rows) + (150 if len(meetings) <= 12 else 210))
    return _figure(data, layout)


def _strip_row(aspect: str, detail: str, labels: Labels, words: dict) -> tuple[tuple, str]:
    """The row of the strip an entry of state-profile belongs to ((sort key), name) and the
    entry in the page's language. The query writes its details as "item 2 as party",
    "Mariela Bondar under item 3", "chair: Name", "resolution 12/1" (queries/state-profile.rq)."""
    rank = _ASPECTS.index(aspect) if aspect in _ASPECTS else len(_ASPECTS)
    if aspect == "attended":
        status = labels.of("status", detail)
        order = list(PARTICIPATION_STATUSES).index(detail) if detail in PARTICIPATION_STATUSES else 99
        return ((0, order), words["pic_attended_as"].format(status=status)), status
    if aspect == "spoke" and " as " in detail:
        item, role = detail.rsplit(" as ", 1)
        order = list(SPEAKER_ROLES).index(role) if role in SPEAKER_ROLES else 99
        number = item.removeprefix("item ").strip()
        row = words["pic_spoke_as"].format(role=labels.of("role", role))
        return ((1, order), row), words["pic_item"].format(number=number)
    if aspect == "panel":
        person, _, item = detail.partition(" under item ")
        return ((2, 0), words["pic_row_panel"]), f"{person.strip()} ({words['pic_item'].format(number=item.strip())})"
    if aspect == "office":
        office, _, person = detail.partition(": ")
        return ((3, 0), words["pic_row_office"]), f"{labels.of('office', office)}: {person}"
    if aspect == "sponsored":
        number = detail.rsplit(" ", 1)[-1]
        return ((4, 0), words["pic_row_sponsored"]), words["pic_act"].format(number=number)
    return ((rank, 0), aspect), detail


def cell_count(figure: dict) -> int:
    """The cells a figure draws: the points of its marker traces, or the filled cells of its heatmaps."""
    count = 0
    for trace in figure["data"]:
        if trace.get("type") == "heatmap":
            count += sum(1 for row in trace["z"] for value in row if value is not None)
        elif "markers" in (trace.get("mode") or ""):
            count += len(trace.get("x") or ())
    return count


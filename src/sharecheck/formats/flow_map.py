"""The flow map of the committee report: a table of who sends what to whom and an SVG diagram.

Each flow is shown with the datasets and categories it carries, the gateways cited and both
parties' lawful bases, and either ✓ or the findings (blockers and warnings, not waived) about
either party that say why it is not covered. The diagram places the parties on a circle and
draws one arrow per flow, red and dashed when a finding is open, green and solid otherwise, so a
committee sees at a glance which link is in question (the dash is the cue that does not rely on
colour). Coordinates are computed and rounded here so output is byte-identical.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sharecheck.formats.context import FlowSummary, ProposalSummary
from sharecheck.results.report import Finding, Result, Severity


@dataclass(frozen=True)
class FlowView:
    flow: FlowSummary
    gateways: tuple[str, ...]
    issues: tuple[str, ...]
    """Rule ids of open blockers and warnings about either party; empty means covered (✓)."""

    @property
    def covered(self) -> bool:
        return not self.issues


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    x: float
    y: float
    anchor: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Arrow:
    number: int
    discloser: str
    recipient: str
    x1: float
    y1: float
    x2: float
    y2: float
    covered: bool
    title: str


@dataclass(frozen=True)
class FlowDiagram:
    width: int
    height: int
    nodes: tuple[Node, ...]
    arrows: tuple[Arrow, ...]


WIDTH, HEIGHT = 760, 460
RADIUS, NODE_R, OFFSET = 160.0, 14.0, 5.0


# Findings about a party that matter only to the flows carrying one category of data (an Art 10
# finding about the hub says nothing about the school checks it receives). Bundled rule ids:
# a pack's own rules about a party mark all of that party's flows.
ONLY_FOR_CATEGORY = {
    "SC-SENSITIVE-001": "special_category",
    "SC-SENSITIVE-003": "special_category",
    "SC-SENSITIVE-004": "special_category",
    "SC-SENSITIVE-006": "criminal_offence",
    "SC-SENSITIVE-007": "criminal_offence",
}


def _about(finding: Finding, flow: FlowSummary) -> bool:
    needs = ONLY_FOR_CATEGORY.get(finding.rule)
    if needs is not None and needs not in flow.categories:
        return False
    return any(finding.path == p or finding.path.startswith(p + "/") for p in flow.paths)


def flow_views(result: Result, summary: ProposalSummary | None) -> tuple[FlowView, ...]:
    if summary is None:
        return ()
    live = [f for f in result.findings if f.waiver is None and f.severity is not Severity.INFO]
    gateways = tuple(g.label for g in summary.gateways)
    return tuple(
        FlowView(flow, gateways, tuple(sorted({f.rule for f in live if _about(f, flow)}))) for flow in summary.flows
    )


def _r(value: float) -> float:
    return round(value, 1)


def diagram(views: tuple[FlowView, ...], summary: ProposalSummary | None) -> FlowDiagram | None:
    if not views or summary is None:
        return None
    ids: list[str] = []
    names: dict[str, str] = {}
    for party in summary.parties:
        if party.id and party.id not in ids:
            ids.append(party.id)
            names[party.id] = party.name or party.id
    for view in views:
        for pid, name in (
            (view.flow.discloser, view.flow.discloser_name),
            (view.flow.recipient, view.flow.recipient_name),
        ):
            if pid not in ids:
                ids.append(pid)
                names[pid] = name
    cx, cy = WIDTH / 2, HEIGHT / 2
    at: dict[str, tuple[float, float]] = {}
    nodes = []
    for i, pid in enumerate(ids):
        angle = -math.pi / 2 + 2 * math.pi * i / len(ids)
        x, y = cx + RADIUS * math.cos(angle), cy + RADIUS * math.sin(angle)
        at[pid] = (x, y)
        right = math.cos(angle) >= -1e-9
        anchor = "middle" if abs(math.cos(angle)) < 0.2 else ("start" if right else "end")
        lx = x + (0 if anchor == "middle" else (NODE_R + 6 if right else -NODE_R - 6))
        ly = y + (-NODE_R - 8 if math.sin(angle) < -0.9 else (NODE_R + 16 if math.sin(angle) > 0.9 else 4))
        label = names[pid] if len(names[pid]) <= 34 else names[pid][:33] + "…"
        nodes.append(Node(pid, label, _r(x), _r(y), anchor, _r(lx), _r(ly)))
    arrows = []
    for number, view in enumerate(views, start=1):
        (x1, y1), (x2, y2) = at[view.flow.discloser], at[view.flow.recipient]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        # shift sideways so that A -> B and B -> A are two arrows, not one line
        px, py = -uy * OFFSET, ux * OFFSET
        start = (x1 + ux * NODE_R + px, y1 + uy * NODE_R + py)
        end = (x2 - ux * (NODE_R + 4) + px, y2 - uy * (NODE_R + 4) + py)
        status = "covered" if view.covered else "not covered: " + ", ".join(view.issues)
        title = f"{view.flow.discloser_name} to {view.flow.recipient_name}: {', '.join(view.flow.datasets)} ({status})"
        arrows.append(
            Arrow(
                number,
                view.flow.discloser,
                view.flow.recipient,
                _r(start[0]),
                _r(start[1]),
                _r(end[0]),
                _r(end[1]),
                view.covered,
                title,
            )
        )
    return FlowDiagram(WIDTH, HEIGHT, tuple(nodes), tuple(arrows))

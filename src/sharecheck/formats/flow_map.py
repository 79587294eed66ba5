"""The flow map of the reports: a table of who sends what to whom and an SVG diagram.

Each flow arrives on the Result (`Result.flows`, made by checking/flow_checks.py): the datasets
and categories it carries, the cited gateways relied on for it, both parties' lawful bases, and
the open blockers (why it is not covered) and warnings about it. This module only lays them out.
The diagram places the parties on a circle and draws one arrow per flow, red and dashed when a
blocker is open, green and solid otherwise, so a committee sees at a glance which link is in
question (the dash is the cue that does not rely on colour). Coordinates are computed and
rounded here so output is byte-identical.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sharecheck.formats.context import ProposalSummary
from sharecheck.results.report import FlowCheck, Result


@dataclass(frozen=True)
class FlowView:
    flow: FlowCheck

    @property
    def gateways(self) -> tuple[str, ...]:
        return self.flow.gateways

    @property
    def issues(self) -> tuple[str, ...]:
        """Rule ids of open blockers about this flow; empty means covered (✓)."""
        return self.flow.issues

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.flow.warnings

    @property
    def covered(self) -> bool:
        return self.flow.covered


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
    head: str
    """The arrowhead's polygon points (drawn inline: no marker url() reference in the page)."""


@dataclass(frozen=True)
class FlowDiagram:
    width: int
    height: int
    nodes: tuple[Node, ...]
    arrows: tuple[Arrow, ...]


WIDTH, HEIGHT = 760, 460
RADIUS, NODE_R, OFFSET = 160.0, 14.0, 5.0


def flow_views(result: Result) -> tuple[FlowView, ...]:
    return tuple(FlowView(flow) for flow in result.flows)


def _r(value: float) -> float:
    return round(value, 1)


def diagram(views: tuple[FlowView, ...], summary: ProposalSummary | None) -> FlowDiagram | None:
    """Every party of the proposal (from `summary`, in its order) and then any other end of a flow."""
    if not views:
        return None
    ids: list[str] = []
    names: dict[str, str] = {}
    for party in summary.parties if summary is not None else ():
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
        tip = (x2 - ux * (NODE_R + 2) + px, y2 - uy * (NODE_R + 2) + py)
        end = (tip[0] - ux * 9, tip[1] - uy * 9)
        wing = ((end[0] - uy * 5, end[1] + ux * 5), (end[0] + uy * 5, end[1] - ux * 5))
        head = " ".join(f"{_r(x)},{_r(y)}" for x, y in (tip, *wing))
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
                head,
            )
        )
    return FlowDiagram(WIDTH, HEIGHT, tuple(nodes), tuple(arrows))

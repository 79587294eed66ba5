"""`sharecheck gateways [TEXT]` and `explain GATEWAY_ID`: the catalogue's ids, found without reading YAML.

A proposal cites a catalogued gateway by id (`{"id": "pcsca2022_s16"}`), so a user needs the
ids with what they are: title, Act and section, where the law extends, when it is in force, and
who may disclose to whom. Filtering is plain text over those, case-insensitive.
"""

from __future__ import annotations

import datetime as dt
import textwrap

from sharecheck.law.gateway_catalogue import ANY, Catalogue, Gateway


def _words(gateway: Gateway) -> str:
    return " ".join(
        [
            gateway.id,
            gateway.short_name,
            gateway.statute,
            f"s{gateway.section}",
            gateway.section,
            gateway.type,
            *gateway.extent,
            *gateway.disclosers,
            *gateway.recipients,
            *gateway.permitted_purposes,
        ]
    ).lower()


def matching(catalogue: Catalogue, text: str | None) -> list[Gateway]:
    """The gateways whose id, title, statute, section, extent, parties or purposes mention every word of TEXT."""
    words = (text or "").lower().split()
    return [g for g in catalogue.gateways if all(w in _words(g) for w in words)]


def _who(values: tuple[str, ...]) -> str:
    return "anyone" if ANY in values else ", ".join(values)


def _in_force(gateway: Gateway, on: dt.date) -> str:
    return gateway.period + ("" if gateway.in_force(on) else f" (not in force on {on.isoformat()})")


def listing(gateways: list[Gateway], on: dt.date) -> str:
    """One block per gateway: id and title, then citation, extent, dates and parties."""
    blocks = []
    for g in gateways:
        blocks.append(
            "\n".join(
                [
                    f"{g.id}  {g.short_name}",
                    f"  {g.citation}    {g.type}    extent: {', '.join(g.extent)}    in force {_in_force(g, on)}",
                    _wrap(f"who may disclose: {_who(g.disclosers)}"),
                    _wrap(f"to: {_who(g.recipients)}"),
                ]
            )
        )
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=100, initial_indent="  ", subsequent_indent="    ")


def explain_gateway(gateway: Gateway, on: dt.date) -> str:
    """A gateway in words, with the object a proposal writes to cite it."""
    lines = [
        f"{gateway.id}  {gateway.short_name}",
        f"{gateway.citation}    type: {gateway.type}    {gateway.url}",
        "",
        f"Extent: {', '.join(gateway.extent)}",
        f"In force: {_in_force(gateway, on)}",
        _wrap(f"Who may disclose: {_who(gateway.disclosers)}").strip(),
        _wrap(f"To: {_who(gateway.recipients)}").strip(),
        _wrap(f"For: {_who(gateway.permitted_purposes)}").strip(),
    ]
    if gateway.conditions:
        lines += ["Conditions:", *(f"  - {c}" for c in gateway.conditions)]
    if gateway.exclusions:
        lines += ["Exclusions:", *(f"  - {x.description} ({x.source})" for x in gateway.exclusions)]
    if gateway.notes:
        lines += ["Notes:", _wrap(" ".join(gateway.notes.split()))]
    lines += [
        f"Verified: {gateway.verified.level}" + (f" by {gateway.verified.by}" if gateway.verified.by else ""),
        "",
        "Cite it in a proposal as:",
        f'  "legal": {{"gateways": [{{"id": "{gateway.id}"}}]}}',
    ]
    return "\n".join(lines) + "\n"

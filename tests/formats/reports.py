"""Committee reports of the fixtures, rendered through the library as `check` renders them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sharecheck import __version__
from sharecheck.checking.pipeline import check, check_bytes
from sharecheck.formats import render
from sharecheck.formats.context import ReportContext, summarise, summarise_bytes
from sharecheck.packs.loader import Pack
from sharecheck.results.report import Report, Result
from tests.conftest import AS_OF, FIXTURES

VALID = sorted(p.name for p in FIXTURES.glob("*.json"))
ALL = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.json"))


def titles(pack: Pack) -> dict[str, tuple[str, str]]:
    """The gateway titles `check` gives the committee formats."""
    return {g.id: (g.short_name, g.citation) for g in pack.gateways.gateways}


def fixture_report(pack: Pack, names: Iterable[str]) -> tuple[Report, ReportContext]:
    results: list[Result] = []
    summaries = {}
    for name in names:
        raw = (FIXTURES / name).read_bytes()
        file = f"fixtures/{name}"
        results.append(check_bytes(raw, pack, file=file, today=AS_OF))
        if (summary := summarise_bytes(raw)) is not None:
            summaries[file] = summary
    return Report(__version__, pack.info, tuple(results)), ReportContext(pack.framework, summaries, AS_OF, titles(pack))


def render_fixtures(fmt: str, pack: Pack, names: Iterable[str]) -> str:
    report, context = fixture_report(pack, names)
    return render(fmt, report, context=context)


def render_proposal(fmt: str, pack: Pack, data: Mapping[str, Any], file: str = "proposal.json") -> str:
    result = check(data, pack, file=file, today=AS_OF)
    report = Report(__version__, pack.info, (result,))
    return render(fmt, report, context=ReportContext(pack.framework, {file: summarise(data)}, AS_OF, titles(pack)))


SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT} {IMG}"


def hostile_proposal() -> dict[str, Any]:
    """The clean fixture with markup in every free-text field a committee page shows."""
    from tests.conftest import early_help

    data = early_help()
    data["title"] = f"Troubled families {PAYLOAD}"
    data["version"] = f"1.0 {IMG}"
    data["parties"][0]["name"] = f"Council {SCRIPT}"
    data["purpose"]["statement"] = f"Find families {PAYLOAD} | a | table | breaker\n# heading\n- list"
    data["legal"]["gateways"][0]["notes"] = f"Notes {PAYLOAD} `code` **bold** [link](x)"
    data["framework"]["scored_by"] = f"Board {IMG}"
    for answer in data["framework"]["answers"].values():
        answer["rationale"] = f"Because {PAYLOAD} | cell"
    data["waivers"] = [
        {
            "rule": "SC-IDENT-001",
            "reason": f"Approved {PAYLOAD}",
            "approved_by": f"IG {SCRIPT}",
            "expires": "2027-01-01",
        }
    ]
    return data


def golden_report(pack: Pack) -> tuple[Report, ReportContext]:
    """Two fixtures' proposals with results written out here rather than produced by the rules,
    so that the golden files change when the report's layout does, not when the pack grows."""
    import json

    from sharecheck.band.framework import assess
    from sharecheck.results.report import NOT_ASSESSED, Finding, ProposalInfo, Severity, Waiver

    assert pack.framework is not None
    residents = json.loads((FIXTURES / "residents-index.json").read_text("utf-8"))
    residents["waivers"] = [
        {"rule": "SC-SENSITIVE-002", "reason": "Equalities field, dropped at build", "approved_by": "SIRO"},
    ]
    violence = json.loads((FIXTURES / "ae-violence-csp.json").read_text("utf-8"))
    blocked = Result(
        "proposals/residents-index.json",
        ProposalInfo(residents["id"], residents["title"], "1" * 64),
        (
            Finding(
                "SC-IDENT-001",
                Severity.BLOCKER,
                "identifiability",
                "Personally identifiable data is shared, but purpose.why_identifiable does not say why.",
                "/purpose/why_identifiable",
                19,
                14,
                "Explain in purpose.why_identifiable why identifiable records are needed.",
                ("UK GDPR Art 5(1)(c) (data minimisation)", "ICO Data sharing code, Annex A"),
            ),
            Finding(
                "SC-SENSITIVE-002",
                Severity.WARNING,
                "sensitive_data",
                "Field 'ethnicity' looks like special-category data but is declared special_category: none.",
                "/data/datasets/1/fields/4",
                133,
                11,
                "Declare its category so the Article 9 checks apply.",
                ("UK GDPR Art 9(1)",),
                Waiver("SC-SENSITIVE-002", "Equalities field, dropped at build", "SIRO", None, "/waivers/0"),
            ),
        ),
        NOT_ASSESSED,
    )
    scored = Result(
        "proposals/ae-violence-csp.json",
        ProposalInfo(violence["id"], violence["title"], "2" * 64),
        (),
        assess(pack.framework, violence),
    )
    context = ReportContext(
        pack.framework,
        {blocked.file: summarise(residents), scored.file: summarise(violence)},
        gateway_titles=titles(pack),
    )
    return Report(__version__, pack.info, (blocked, scored)), context

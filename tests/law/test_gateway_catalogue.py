"""The gateway catalogue: every entry loads, every exclusion can fire, problems at file:line:col."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sharecheck.authoring.rule_tests import load_cases
from sharecheck.checking.pipeline import assessment_date, cited_gateways
from sharecheck.engines.runtime import DurableEngine, ReferenceEngine
from sharecheck.law.facts import derive
from sharecheck.packs.loader import Pack, PackError, load_pack
from sharecheck.packs.yaml_source import load
from sharecheck.reading.bundled import schema
from tests.conftest import ROOT, early_help

CONTRACT_IDS = {
    # SPEC §2 names these; domain.md §4.2 gives the rest. Proposals cite them: they never change.
    "dea2017_s35_psd",
    "dea2017_s64_research",
    "cda1998_s115",
    "care2014_s45",
    "pcsca2022_s16",
}
AS_OF = dt.date(2026, 6, 1)


def facts(data: dict[str, Any], pack: Pack, engine: Any = None, today: dt.date = AS_OF) -> list[dict[str, Any]]:
    on = assessment_date(data, today)
    return cited_gateways(data, derive(data, on), pack, engine or ReferenceEngine(), on)


def test_the_catalogue_has_every_domain_gateway(pack: Pack) -> None:
    ids = [g.id for g in pack.gateways.gateways]
    assert len(ids) >= 30 and len(ids) == len(set(ids))
    assert set(ids) >= CONTRACT_IDS
    for gateway in pack.gateways.gateways:
        assert gateway.url.startswith("https://www.legislation.gov.uk/")
        assert gateway.verified.level in ("V", "S", "M")
        assert gateway.extent and gateway.disclosers and gateway.recipients and gateway.permitted_purposes


def test_the_catalogue_file_validates_against_its_own_schema() -> None:
    document = load((ROOT / "rules" / "gateways.yaml").read_text("utf-8"))
    gateways_schema = schema("gateways")
    jsonschema.validators.validator_for(gateways_schema)(gateways_schema).validate(document.data)


def _exclusions_fired_by_cases(pack: Pack) -> dict[str, set[str]]:
    """exclusion name -> the rule cases in which the engines find it applies."""
    fired: dict[str, set[str]] = {}
    for case in load_cases(pack):
        data = dict(case.proposal)
        per_engine = []
        for engine in (DurableEngine(), ReferenceEngine()):
            names = set()
            for item in facts(data, pack, engine, case.as_of):
                gateway = pack.gateways.get(str(item.get("id")))
                if gateway is None:
                    continue
                applying = [*item["exclusions"], *item["doubts"]]  # a doubt names its unverified fact after
                names |= {
                    x.name(gateway.id)
                    for x in gateway.exclusions
                    if any(text.startswith(x.description) for text in applying)
                }
            per_engine.append(names)
        assert per_engine[0] == per_engine[1], f"engines disagree on exclusions in {case.name!r}"
        for name in per_engine[0]:
            fired.setdefault(name, set()).add(case.name)
    return fired


def test_every_exclusion_fires_in_a_rule_case_with_the_rule_that_reports_it(pack: Pack) -> None:
    fired = _exclusions_fired_by_cases(pack)
    names = set(pack.gateways.exclusions.conditions)
    assert names - set(fired) == set(), "exclusions that no rule case exercises"
    cases = {c.name: c for c in load_cases(pack)}
    for gateway in pack.gateways.gateways:
        for exclusion in gateway.exclusions:
            rule = "SC-GATEWAY-009" if exclusion.verified == "V" else "SC-GATEWAY-010"
            named = [cases[n] for n in fired[exclusion.name(gateway.id)] if n.startswith(exclusion.name(gateway.id))]
            assert named, f"no case is named after {exclusion.name(gateway.id)}"
            assert all(rule in c.fires for c in named), f"{exclusion.name(gateway.id)} should be reported by {rule}"


def test_facts_of_a_cited_gateway(pack: Pack) -> None:
    (item,) = facts(early_help(), pack)
    assert item["$pointer"] == "/legal/gateways/0"
    assert item["in_catalogue"] and item["in_force"] and item["permits_purpose"]
    assert item["exclusions"] == [] and item["doubts"] == []
    assert not {"not_in_force", "outside_extent", "disclosers_not_covered", "recipients_not_covered"} & set(item)


def test_in_force_from_its_first_day(pack: Pack) -> None:
    data = early_help()
    data["legal"]["gateways"] = [{"id": "pcsca2022_s16"}]
    data["assessment_date"] = "2023-01-31"
    assert facts(data, pack)[0]["in_force"] is True
    data["assessment_date"] = "2023-01-30"
    assert facts(data, pack)[0]["in_force"] is False
    del data["assessment_date"]
    assert facts(data, pack, today=dt.date(2023, 1, 30))[0]["in_force"] is False


def test_an_unknown_id_suggests_the_closest(pack: Pack) -> None:
    data = early_help()
    data["legal"]["gateways"] = [{"id": "cda1998_115"}, {"statute": "Children Act 1989", "section": "17"}]
    unknown, free = facts(data, pack)
    assert not unknown["in_catalogue"] and unknown["suggestion"].startswith("cda1998_s115")
    assert free["free_text"] and free["grants_power"] and free["suggestion"] is None


def test_parties_not_covered_are_named_with_their_org_type(pack: Pack) -> None:
    data = early_help()
    data["legal"]["gateways"] = [{"id": "pcsca2022_s16"}]  # its lists are verified (V)
    data["purpose"]["category"] = "serious_violence"
    data["parties"][0]["org_type"] = "police"
    data["parties"][1]["org_type"] = "private_company"
    data["parties"].append({"id": "acme", "name": "Acme Data Ltd", "role": "processor", "org_type": "private_company"})
    (item,) = facts(data, pack)
    # processors neither disclose nor receive as controllers under the gateway
    assert item["recipients_not_covered"] == ["Northshire County Council (Early Help Service) (private_company)"]


def test_doubts_on_an_unverified_entry_are_worded(pack: Pack) -> None:
    data = early_help()
    data["legal"]["gateways"] = [{"id": "ha1996_s213"}]
    data["jurisdiction"] = ["scotland"]
    (item,) = facts(data, pack)
    assert item["verified"] == "M"
    assert item["doubts"] == [
        "does not extend to scotland [extent: level M, not verified]",
        "does not let Department for Work and Pensions (dwp) disclose [disclosers: level M, not verified]",
        "does not permit public_service_delivery [permitted purposes: level M, not verified]",
    ]


def test_a_gateway_is_judged_only_for_the_parties_it_is_relied_on_for(pack: Pack) -> None:
    data = early_help()
    data["purpose"]["category"] = "serious_violence"
    data["parties"][0]["org_type"] = "nhs_trust"  # not a s16 specified authority
    data["parties"][1]["org_type"] = "police"
    data["legal"]["gateways"] = [{"id": "pcsca2022_s16"}]
    (everyone,) = facts(data, pack)
    assert everyone["disclosers_not_covered"] == ["Department for Work and Pensions (nhs_trust)"]
    data["legal"]["gateways"] = [{"id": "pcsca2022_s16", "applies_to": ["northshire-cc"]}]
    (scoped,) = facts(data, pack)
    assert "disclosers_not_covered" not in scoped and scoped["applies_to"] == ["northshire-cc"]


def _pack_with_gateways(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text("pack:\n  name: local\n  version: '1'\n  extends: sharecheck\n")
    (folder / "gateways.yaml").write_text(text)
    return folder


ENTRY = """\
gateways:
  - id: local_act_2030_s5
    short_name: Local sharing power
    statute: Local Act 2030
    section: "5"
    url: https://www.legislation.gov.uk/ukpga/2030/1/section/5
    extent: [england]
    type: power
    disclosers: [local_authority]
    recipients: [police]
    permitted_purposes: [crime_disorder]
    overrides_confidence: unknown
    valid_from: "2030-01-01"
    valid_to: null
    verified: {level: V}
"""


def test_an_organisation_pack_adds_a_gateway(tmp_path: Path) -> None:
    pack = load_pack(_pack_with_gateways(tmp_path, ENTRY))
    assert pack.gateways.get("local_act_2030_s5") is not None
    assert pack.gateways.get("dea2017_s35_psd") is not None  # the base catalogue is kept


def test_an_organisation_pack_replaces_a_gateway_by_id(tmp_path: Path) -> None:
    pack = load_pack(_pack_with_gateways(tmp_path, ENTRY.replace("local_act_2030_s5", "cda1998_s115")))
    replaced = pack.gateways.get("cda1998_s115")
    assert replaced is not None and replaced.statute == "Local Act 2030"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("[local_authority]", "[local_athority]"),
            "gateways.yaml:9:18: 'local_athority' is not an org type of the proposal format; "
            "did you mean `local_authority`?",
        ),
        (("[crime_disorder]", "[crime]"), "gateways.yaml:11:26: 'crime' is not a purpose category"),
        (("[england]", "[england, cornwall]"), "gateways.yaml:7:23: 'cornwall' is not a jurisdiction"),
        (('"2030-01-01"', '"2030-02-30"'), "gateways.yaml:13:17: '2030-02-30' is not a date"),
        (("valid_to: null", 'valid_to: "2029-01-01"'), "gateways.yaml:14:15: valid_to is before valid_from"),
        (("type: power", "type: gateway"), "gateways.yaml:8:11: `gateways[0].type` must be one of"),
        (("    verified: {level: V}\n", ""), "gateways.yaml:2:5: `gateways[0].verified` is required"),
    ],
)
def test_catalogue_problems_are_named_at_file_line_col(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    folder = _pack_with_gateways(tmp_path, ENTRY.replace(*change))
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    messages = [str(p) for p in caught.value.problems]
    assert any(expected in m for m in messages), messages


EXCLUSION = """\
    exclusions:
      - id: health
        description: not health data
        verified: V
        source: Local Act 2030 s5(3)
        when: {field: data.datasets[].fields, present: true}
"""


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("{field: data.identifability, equals: anonymous}", "did you mean `data.identifiability`?"),
        ("{field: data.identifiability, equals: anonymised}", "'anonymised' is not a value of `data.identifiability`"),
        ("{field: data.identifiability, matches: anonymous}", "unknown operator or key `matches`"),
        (
            "{any_item: derived.cited_gateways, where: {field: in_force, equals: true}}",
            "unknown field `derived.cited_gateways`",
        ),
    ],
)
def test_an_exclusion_is_checked_like_a_rule_condition(tmp_path: Path, when: str, expected: str) -> None:
    text = ENTRY.replace(
        "    valid_from", EXCLUSION.replace("{field: data.datasets[].fields, present: true}", when) + "    valid_from"
    )
    with pytest.raises(PackError) as caught:
        load_pack(_pack_with_gateways(tmp_path, text))
    (problem,) = caught.value.problems
    assert problem.file.endswith("gateways.yaml") and problem.line == 18 and expected in problem.message


def test_duplicate_gateway_ids_in_one_file_are_refused(tmp_path: Path) -> None:
    twice = ENTRY + ENTRY.split("gateways:\n", 1)[1]
    with pytest.raises(PackError) as caught:
        load_pack(_pack_with_gateways(tmp_path, twice))
    assert any("duplicate gateway id local_act_2030_s5" in str(p) for p in caught.value.problems)


def test_the_default_catalogue_is_part_of_the_pack_hash(tmp_path: Path) -> None:
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", copy)
    before = load_pack(copy).sha256
    text = (copy / "gateways.yaml").read_text("utf-8")
    (copy / "gateways.yaml").write_text(text.replace('valid_from: "2023-01-31"', 'valid_from: "2023-02-01"'))
    changed = load_pack(copy)
    assert changed.sha256 != before
    gateway = changed.gateways.get("pcsca2022_s16")
    assert gateway is not None and gateway.valid_from == dt.date(2023, 2, 1)


def test_schema_command_prints_the_catalogue_schema(cli: Any) -> None:
    printed = cli("schema", "gateways")
    assert printed.exit_code == 0 and json.loads(printed.stdout)["title"] == "sharecheck gateway catalogue"


def test_exclusions_that_would_overflow_the_engine_are_refused_at_their_gateway(tmp_path: Path) -> None:
    # the exclusions are a program of their own (engines/durable_network.py): 510 titles straight
    # after the anchor would fill durable-rules' 512-slot table
    titles = ", ".join(f'"Proposal {i}"' for i in range(510))
    text = ENTRY.replace(
        "    valid_from",
        EXCLUSION.replace("{field: data.datasets[].fields, present: true}", f"{{field: title, in: [{titles}]}}")
        + "    valid_from",
    )
    with pytest.raises(PackError) as caught:
        load_pack(_pack_with_gateways(tmp_path, text))
    (problem,) = caught.value.problems
    assert problem.file.endswith("gateways.yaml") and problem.line == 2
    assert "gateway local_act_2030_s5, exclusion local_act_2030_s5/health" in problem.message
    assert "more than 500 different tests next" in problem.message
    (tmp_path / "fewer").mkdir()
    load_pack(_pack_with_gateways(tmp_path / "fewer", text.replace(titles, ", ".join(titles.split(", ")[:400]))))

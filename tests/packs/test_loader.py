"""Loading packs: every problem named at file:line:col, layering with reasons."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sharecheck.authoring.explain import explain_rule
from sharecheck.packs.loader import PackError, load_pack
from sharecheck.results.report import Severity
from tests.conftest import ROOT

RULE = """\
  - id: ORG-LOCAL-001
    title: Pupil data is shared only for education
    severity: warning
    category: purpose
    when:
      all:
        - {field: data.subjects, contains: pupils}
        - {field: purpose.category, not_equals: education}
    message: "Pupil data is shared for {purpose.category}."
    remediation: Say why pupil data is needed for this purpose.
    sources: ["Local policy IG-12"]
"""


def make_pack(tmp_path: Path, files: dict[str, str], manifest: str = "pack:\n  name: local\n  version: '1'\n") -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_text(manifest)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    return [str(p) for p in caught.value.problems]


def test_the_default_pack_loads() -> None:
    pack = load_pack()
    assert pack.name == "sharecheck" and pack.rule("SC-GATEWAY-001") is not None
    assert pack.framework is not None and len(pack.framework.questions) == 18


def test_a_pack_of_its_own(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path, {"local.yaml": "rules:\n" + RULE}))
    assert [r.id for r in pack.rules] == ["ORG-LOCAL-001"]
    assert pack.framework is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            RULE.replace("data.subjects", "data.subject"),
            ":8:19: unknown field `data.subject`: `data` has no `subject`; did you mean `data.subjects`?",
        ),
        (
            RULE.replace("contains: pupils", "contain: pupils"),
            ":8:34: unknown operator or key `contain`; did you mean `contains`?",
        ),
        (RULE.replace("contains: pupils", "contains: pupil"), ":8:44: 'pupil' is not a value of `data.subjects[]`"),
        (
            RULE.replace("category: purpose", "category: purposes"),
            ":5:15: `rules[0].category` must be one of input, purpose",
        ),
        (
            RULE.replace("severity: warning", "severity: error"),
            ":4:15: `rules[0].severity` must be one of blocker, warning, info",
        ),
        (
            RULE.replace("    sources:", "    source:"),
            ":12:5: unknown key `source` in `rules[0]`; did you mean `sources`?",
        ),
        (RULE.replace("{purpose.category}", "{purpose.categry}"), ":10:14: in `{purpose.categry}`: unknown field"),
        (RULE.replace("id: ORG-LOCAL-001", "id: org-local-1"), ":2:9: `rules[0].id` must be an id in capitals"),
        (
            RULE + RULE.replace("Pupil data is shared only", "Duplicate"),
            ":13:5: duplicate rule id ORG-LOCAL-001 (already defined at ",
        ),
        (
            RULE.replace(
                "        - {field: purpose.category, not_equals: education}\n",
                "        - {field: purpose.category, gt: 3}\n",
            ),
            ":9:41: `gt` compares numbers",
        ),
    ],
)
def test_broken_rules_are_named_at_file_line_col(tmp_path: Path, text: str, expected: str) -> None:
    found = problems_of(make_pack(tmp_path, {"local.yaml": "rules:\n" + text}))
    assert any(expected in p for p in found), found
    assert all(p.startswith(str(tmp_path / "pack" / "local.yaml")) or "local.yaml" in p for p in found)


def test_unsafe_yaml_is_refused(tmp_path: Path) -> None:
    found = problems_of(make_pack(tmp_path, {"evil.yaml": "rules: !!python/object/apply:os.system ['echo pwned']\n"}))
    assert any("not allowed in rule files" in p for p in found)


def test_a_missing_manifest(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "r.yaml").write_text("rules:\n" + RULE)
    assert any("no pack manifest" in p for p in problems_of(folder))


def test_extends_overrides_and_disable_with_reasons(tmp_path: Path) -> None:
    manifest = (
        "pack:\n  name: our-policy\n  version: '2'\n  extends: sharecheck\n"
        "overrides:\n  SC-CONSENT-001: {severity: blocker, reason: 'Our board requires consent to be considered'}\n"
        "disable:\n  SC-SENSITIVE-002: 'Our field names follow the NHS data dictionary'\n"
    )
    pack = load_pack(make_pack(tmp_path, {"local.yaml": "rules:\n" + RULE}, manifest))
    assert pack.name == "our-policy"
    consent = pack.rule("SC-CONSENT-001")
    assert consent is not None and consent.severity is Severity.BLOCKER
    assert pack.rule("SC-SENSITIVE-002") is None
    assert pack.rule("ORG-LOCAL-001") is not None and pack.rule("SC-GATEWAY-001") is not None
    assert {(s.rule, s.change) for s in pack.settings} == {
        ("SC-CONSENT-001", "severity: warning -> blocker"),
        ("SC-SENSITIVE-002", "disabled"),
    }
    assert pack.framework is not None  # inherited
    assert pack.sha256 != load_pack().sha256


def test_overriding_an_unknown_rule_suggests_the_closest(tmp_path: Path) -> None:
    manifest = "pack:\n  name: p\n  version: '1'\n  extends: sharecheck\ndisable:\n  SC-SENSITIVE-02: 'x'\n"
    found = problems_of(make_pack(tmp_path, {}, manifest))
    assert any(":6:3: cannot disable SC-SENSITIVE-02" in p and "did you mean SC-SENSITIVE-002?" in p for p in found), (
        found
    )


def test_disable_needs_a_reason(tmp_path: Path) -> None:
    manifest = "pack:\n  name: p\n  version: '1'\n  extends: sharecheck\ndisable:\n  SC-SENSITIVE-002: ''\n"
    assert any("must not be empty" in p for p in problems_of(make_pack(tmp_path, {}, manifest)))


def test_circular_extends(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "pack.yaml").write_text("pack:\n  name: a\n  version: '1'\n  extends: ../b\n")
    (b / "pack.yaml").write_text("pack:\n  name: b\n  version: '1'\n  extends: ../a\n")
    assert any("goes round in a circle" in p for p in problems_of(a))


def test_an_invalid_threshold_names_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(ROOT / "rules", folder)
    framework = folder / "framework.yaml"
    framework.write_text(framework.read_text().replace("mean_at_least: 4.0", "mean_at_least: 7"))
    found = problems_of(folder)
    assert any("framework.yaml:" in p and "mean_at_least` must be at most 5" in p for p in found), found


def test_the_rule_cannot_be_evaluated_shape_is_refused(tmp_path: Path) -> None:
    old = (
        "      all:\n        - {field: data.subjects, contains: pupils}\n"
        "        - {field: purpose.category, not_equals: education}\n"
    )
    new = (
        "      all_items: parties\n      where:\n"
        "        any: [{field: role, equals: processor}, {field: sector, equals: public}]\n"
    )
    rule = RULE.replace(old, new)
    found = problems_of(make_pack(tmp_path, {"local.yaml": "rules:\n" + rule}))
    assert any("ORG-LOCAL-001: `any:` across different fields" in p for p in found), found


def test_several_folders_layer_in_order_and_a_shared_base_is_used_once(tmp_path: Path) -> None:
    region, trust = tmp_path / "region", tmp_path / "trust"
    for folder, name in ((region, "region"), (trust, "trust")):
        folder.mkdir()
        (folder / "pack.yaml").write_text(f"pack:\n  name: {name}\n  version: '1'\n  extends: sharecheck\n")
    (region / "local.yaml").write_text("rules:\n" + RULE)
    (trust / "pack.yaml").write_text(
        (trust / "pack.yaml").read_text()
        + "overrides:\n  ORG-LOCAL-001: {severity: blocker, reason: 'The trust board treats pupil data as high risk'}\n"
        + "disable:\n  SC-SENSITIVE-002: 'Field names follow the NHS data dictionary'\n"
    )
    pack = load_pack([region, trust])
    assert pack.name == "trust" and [p.name for p in pack.layers] == ["rules", "region", "trust"]
    local = pack.rule("ORG-LOCAL-001")
    assert local is not None and local.severity is Severity.BLOCKER
    assert [r.id for r in pack.disabled] == ["SC-SENSITIVE-002"] and pack.rule("SC-SENSITIVE-002") is None
    with pytest.raises(PackError) as caught:
        load_pack([trust, region])  # the override comes before the rule it changes
    assert any("cannot override ORG-LOCAL-001" in str(p) for p in caught.value.problems)
    assert [p.name for p in caught.value.layers] == ["rules", "trust", "region"]


def test_a_manifest_with_a_problem_is_still_the_manifest(tmp_path: Path) -> None:
    manifest = "pack:\n  name: p\n  version: '1'\n  extends: sharecheck\ndisable:\n  SC-SENSITIVE-002: ''\n"
    found = problems_of(make_pack(tmp_path, {}, manifest))
    assert not any("no pack manifest" in p for p in found), found


def test_a_missing_extends_folder_is_named_as_written(tmp_path: Path) -> None:
    manifest = "pack:\n  name: p\n  version: '1'\n  extends: ../shared-policy\n"
    found = problems_of(make_pack(tmp_path, {}, manifest))
    assert any(p.endswith(":4:12: no such pack folder: ../shared-policy") for p in found), found


def test_a_retired_alias_finds_the_rule(tmp_path: Path) -> None:
    renamed = RULE.replace("    severity: warning\n", "    severity: warning\n    aliases: [ORG-PUPIL-001]\n")
    pack = load_pack(make_pack(tmp_path, {"local.yaml": "rules:\n" + renamed}))
    found = pack.rule("ORG-PUPIL-001")
    assert found is not None and found.id == "ORG-LOCAL-001" and found.aliases == ("ORG-PUPIL-001",)
    explained = explain_rule("org-pupil-001", pack)
    assert explained is not None and explained.startswith("ORG-LOCAL-001  Pupil data is shared only for education")

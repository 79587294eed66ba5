"""`sharecheck init`: a starter proposal with every section present and guidance inside it.

JSON has no comments, so the guidance lives in `x-help` keys (the proposal format leaves
every `x-` key to its authors). The starter is valid against the proposal schema, and it
records nothing as a fact the author has not established: choices are `unknown`, text is
blank, yes/no answers are left out. So `sharecheck check` on it passes the schema and then
points, finding by finding, at everything still to fill in (`unknown` is a warning until it
is replaced, and missing self-assessment answers are listed).
"""

from __future__ import annotations

import json
import re
from typing import Any

from sharecheck.band.framework import Framework
from sharecheck.reading.bundled import schema, schemas_dir

SCHEMA_VERSION = "sharecheck.proposal/1"
DEFAULT_ID = "new-data-sharing-proposal"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

_U = "unknown"


def proposal_id(name: str | None) -> str:
    """A slug for the proposal: the file's name when it is one (fuel-poverty.json)."""
    if name:
        stem = name.rsplit("/", 1)[-1].removesuffix(".json").lower()
        if _SLUG.match(stem):
            return stem
    return DEFAULT_ID


def schema_uri() -> str:
    """The installed proposal schema, so an editor validates and completes the file offline."""
    return (schemas_dir() / "proposal.schema.json").as_uri()


def choices(path: tuple[str, ...]) -> str:
    """The values of an enum with their plain-English labels (x-labels), from the schema."""
    node: Any = schema("proposal")
    defs = node["$defs"]
    for key in path:
        while "$ref" in node:
            node = defs[node["$ref"].rsplit("/", 1)[-1]]
        node = node["items"] if key == "[]" else node["properties"][key]
    labels = node.get("x-labels", {})
    return "; ".join(f"{v} ({labels[v]})" if v in labels else v for v in node["enum"] if v != _U)


def starter(framework: Framework | None, name: str | None = None) -> dict[str, Any]:
    """The starter proposal as data."""
    answers: dict[str, Any] = {
        "x-help": (
            'Score each question from 1 (the left pole) to 5 (the right pole) as {"score": N, "rationale": '
            '"why"}. Only q10 may be "n/a", and only when consent is relied on. The band is computed once no '
            "blocker remains."
        )
    }
    if framework is not None:
        for question in framework.questions:
            answers[f"x-{question.id}"] = f"{question.text} 1 = {question.left}; 5 = {question.right}."
    return {
        "$schema": schema_uri(),
        "x-help": (
            'A starter data-sharing proposal (sharecheck.proposal/1). Replace every "unknown" and fill every '
            "blank text; add the yes/no answers each section's x-help names. `sharecheck check` on this file lists "
            "what is still missing; `sharecheck explain RULE_ID` says how to fix each finding. Keys starting with "
            "x- are yours (these x-help notes may stay or go)."
        ),
        "schema_version": SCHEMA_VERSION,
        "id": proposal_id(name),
        "title": "",
        "version": "0.1.0",
        "status": "draft",
        "x-help-dates": (
            'Add "assessment_date": "YYYY-MM-DD" for the date whose law applies (default: the day you check).'
        ),
        "jurisdiction": [_U],
        "sharing_type": _U,
        "parties": [
            {
                "x-help": (
                    "Every organisation involved. id: a short slug used elsewhere in this file; org_type, e.g. "
                    "local_authority, nhs_trust, police, dwp; sector: public, voluntary or private; role: "
                    "disclosing_controller, receiving_controller, joint_controller or processor."
                ),
                "x-org-types": choices(("parties", "[]", "org_type")),
                "id": "discloser",
                "name": "",
                "org_type": _U,
                "sector": _U,
                "role": "disclosing_controller",
            },
            {
                "id": "recipient",
                "name": "",
                "org_type": _U,
                "sector": _U,
                "role": "receiving_controller",
            },
        ],
        "purpose": {
            "x-help": (
                "What the sharing is for, and why it needs this data. category, e.g. public_service_delivery, "
                'safeguarding_children, research. Add "punitive": true if the sharing may lead to sanctions '
                "against individuals (fraud, enforcement, withdrawal of a benefit), false otherwise. "
                "children_best_interests: only if children's data is shared. If the data was collected for "
                'another purpose, add "compatibility_basis" (art8a_assessment, annex2_condition, '
                "research_archiving_statistics or consent: UK GDPR Art 8A from 5 February 2026)."
            ),
            "x-categories": choices(("purpose", "category")),
            "statement": "",
            "category": _U,
            "objectives": [],
            "success_measures": [],
            "alternatives_considered": "",
            "why_identifiable": "",
            "original_collection_purpose": "",
            "compatible_with_original_purpose": _U,
            "children_best_interests": "",
        },
        "public_benefit": {
            "x-help": "Who benefits (individuals, service_providers, communities), how, and the evidence for it.",
            "beneficiaries": [_U],
            "description": "",
            "evidence": "",
        },
        "data": {
            "x-help": (
                'Whose data, how much, how identifiable, and every dataset and field. Add "volume_records", '
                '"population" and "smallest_group" (whole numbers), and "confidential": true if the data is '
                'held under a duty of confidence. linkage: add "will_link": true or false. In each field, '
                "identifier is direct, indirect or none; special_category is none or the category (e.g. health); "
                'add "criminal_offence" and "financial" (true or false) and a justification. Each dataset\'s '
                '"source" is the party id it comes from and "recipients" the party ids that receive it; a '
                'dataset may set its own "identifiability" (e.g. identifiable to a processor only). For '
                "confidential patient information (including adult social care data) used beyond individual care "
                'under s251 support, add "national_data_opt_out": {"status": "applied"}, or "not_applicable" with '
                'a "reason".'
            ),
            "subjects": [_U],
            "frequency": _U,
            "identifiability": _U,
            "linkage": {"method": _U, "keys": []},
            "de_identification": {"method": _U},
            "datasets": [
                {
                    "name": "",
                    "source": "discloser",
                    "recipients": ["recipient"],
                    "fields": [
                        {
                            "name": "",
                            "identifier": _U,
                            "special_category": _U,
                            "justification": "",
                        }
                    ],
                }
            ],
        },
        "legal": {
            "x-help": (
                "The legal gateway (an id from the gateway catalogue, e.g. dea2017_s35_psd, or a statute and "
                "section), the power it gives, and one lawful basis entry per controller: art6, the law behind it "
                "(art6_law), and for special-category data art9 with its DPA 2018 Schedule 1 condition "
                "(dpa_schedule1, e.g. part2_para6), for criminal offence data art10. Remove art9/art10 if they do "
                "not apply. A multi-agency share relies on different powers for different parties: give each gateway "
                '"applies_to", the party ids it is relied on for. Police, probation or a youth offending team '
                'processing for law enforcement add "regime": "dpa_part3" with "part3_condition" (DPA 2018 s35) '
                "instead of art6/art9/art10. A charity or company relying on a recognised legitimate interest "
                '(art6 recognised_legitimate_interest, from 5 February 2026) adds its "annex1_condition"; on '
                'legitimate_interests add "lia_reference". Neither is open to a public body for its own tasks.'
            ),
            "gateways": [],
            "power": _U,
            "bases": [
                {
                    "party": "discloser",
                    "art6": [_U],
                    "art6_law": "",
                    "art9": _U,
                    "dpa_schedule1": _U,
                    "art10": _U,
                },
                {
                    "party": "recipient",
                    "art6": [_U],
                    "art6_law": "",
                    "art9": _U,
                    "dpa_schedule1": _U,
                    "art10": _U,
                },
            ],
            "confidentiality_basis": _U,
            "s251_reference": "",
            "appropriate_policy_document": "",
        },
        "consent": {
            "x-help": (
                "Is consent relied on (none, lawful_basis, explicit_consent_art9, confidentiality)? If so, how it "
                "is obtained, withdrawn and recorded; if not, why it is not sought or not viable."
            ),
            "relied_on": _U,
            "mechanism": "",
            "withdrawal": "",
            "evidence": "",
            "why_not_sought": "",
        },
        "transparency": {
            "x-help": (
                "Where people are told (privacy notices), any exemption relied on instead, whether they would "
                "expect this use, and how the public was involved."
            ),
            "privacy_notices": [],
            "exemption": "",
            "reasonable_expectations": _U,
            "public_engagement": "",
        },
        "dpia": {
            "x-help": (
                "The data protection impact assessment: status, reference, or why none is required. Add "
                '"residual_high_risk" and "ico_consulted" (true or false).'
            ),
            "status": _U,
            "reference": "",
            "not_required_reason": "",
        },
        "agreement": {
            "x-help": (
                'The data sharing agreement or protocol: type and reference. Add "review_date": "YYYY-MM-DD" and '
                '"signed": true or false, and in "covers" what it holds whatever it is called (art26 for joint '
                "controllers, art28 for a processor, data_sharing)."
            ),
            "type": _U,
            "reference": "",
        },
        "retention": {
            "x-help": (
                'How long the recipient keeps the data: "period" as an ISO 8601 duration (P2Y = two years, '
                "P18M = eighteen months), and what happens at the end; or, where a fixed period does not fit, "
                '"until_event" (e.g. "until the child\'s 25th birthday") instead of the period.'
            ),
            "period": _U,
            "end_action": _U,
        },
        "security": {
            "x-help": (
                'How the data moves and who can see it. Add "encryption_in_transit" and "encryption_at_rest" '
                "(true or false)."
            ),
            "transfer_method": _U,
            "access": _U,
            "onward_sharing": _U,
        },
        "international_transfer": {
            "x-help": (
                "Only if data leaves the UK: the countries (ISO codes such as IE) and the transfer mechanism. "
                "Remove this section if the data stays in the UK."
            ),
            "countries": [],
            "mechanism": _U,
        },
        "outputs": {
            "x-help": (
                "What the sharing produces (record_level, aggregate, dashboard, publication, model); for "
                'published figures add "min_cell_count", the smallest cell shown before suppression, and '
                '"sdc_policy": {"name": "...", "threshold": N}, the disclosure-control policy it follows.'
            ),
            "types": [_U],
        },
        "x-help-governance": (
            'Add "governance": {"approvals": [...]} with the approvals a reviewer checks, one entry each: role '
            "(caldicott_guardian, dpo_advice, siro, confidentiality_advisory_group, research_ethics, other), "
            '"by", "reference" and "date". For research under DEA 2017 s64 add "uksa_accreditation": '
            '{"project": true, "researchers": true, "processors": true, "reference": "..."} inside governance '
            "(UK Statistics Authority accreditation)."
        ),
        "framework": {
            "x-help": (
                "The Data for Public Benefit self-assessment: 18 questions, each scored 1 to 5. The x-qNN notes "
                'below give each question and its poles; write the answers as "q01": {"score": 4, '
                '"rationale": "…"}.'
            ),
            "answers": answers,
            "scored_by": "",
        },
        "waivers": [],
        "x-help-waivers": (
            'A waiver accepts a finding for a time: {"rule": "SC-…", "reason": "…", "approved_by": "…", '
            '"expires": "YYYY-MM-DD"}. Leave the list empty unless your governance board has approved one.'
        ),
    }


def render(framework: Framework | None, name: str | None = None) -> str:
    return json.dumps(starter(framework, name), indent=2, ensure_ascii=False) + "\n"

"""The Rego peer of the batch benchmark: 4 of sharecheck's rules in Rego, run with regopy.

    python benchmarks/rego_peer.py FOLDER      # prints one JSON line per file: its denials

It does what a minimal policy check does for each file: read it, parse it, evaluate four rules,
print the result. The rules: a legal gateway is named; identifiable data says why it must be;
special-category fields have an Article 9 condition; consent not relied on says why not sought.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

POLICY = """
package sharecheck

import rego.v1

gateway_named if count(input.legal.gateways) > 0

deny contains "SC-GATEWAY-001 /legal" if not gateway_named

deny contains "SC-IDENT-001 /purpose" if {
    input.data.identifiability == "personally_identifiable"
    not input.purpose.why_identifiable
}

has_art9 if {
    some basis in input.legal.bases
    basis.art9
}

deny contains sprintf("SC-SENSITIVE-001 /data/datasets/%d/fields/%d", [d, f]) if {
    some d, f
    category := input.data.datasets[d].fields[f].special_category
    not category in {"none", "unknown"}
    not has_art9
}

deny contains "SC-CONSENT-002 /consent" if {
    input.consent.relied_on == "none"
    not input.consent.why_not_sought
}
"""


def main() -> None:
    from regopy import Interpreter

    folder = Path(sys.argv[1])
    out = []
    rego = Interpreter()  # compiled once, as a long-running policy service would
    rego.add_module("sharecheck", POLICY)
    for path in sorted(folder.rglob("*.json")):
        rego.set_input(json.loads(path.read_bytes()))
        denials = rego.query("x := data.sharecheck.deny")
        out.append(json.dumps({"file": path.name, "denials": str(denials)}))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()

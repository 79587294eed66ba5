"""The command line: parse, run the library, print, map the outcome to an exit code.

Exit codes (SPEC §6): 0 nothing at or above --fail-on; 1 findings at or above --fail-on
(an unreadable or invalid proposal counts as a blocker); 2 the check could not run (bad
usage, no such path, an invalid rule pack, an engine failure). Never a traceback.
Each command lives in its own module beside this one.
"""

from __future__ import annotations

import click

from sharecheck import __version__
from sharecheck.cli.check import check
from sharecheck.cli.explain import explain
from sharecheck.cli.gateways import gateways
from sharecheck.cli.init import init
from sharecheck.cli.lsp import lsp
from sharecheck.cli.rules import rules
from sharecheck.cli.schema import schema
from sharecheck.cli.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sharecheck")
def main() -> None:
    """Check data-sharing proposals (JSON) against declarative rules (YAML).

    \b
    Start here:
      sharecheck init proposal.json      write a starter proposal
      sharecheck check proposals/        check every *.json below a folder
      sharecheck explain SC-GATEWAY-001  what a rule checks and how to fix it
      sharecheck gateways police         the legal gateways a proposal can cite, by id
      sharecheck explain pcsca2022_s16   one gateway in full

    \b
    Writing rules (see docs/authoring.md):
      sharecheck rules lint ./our-policy  every problem in a pack, with hints
      sharecheck rules test ./our-policy  run its test cases and show coverage
      sharecheck rules docs ./our-policy  its Markdown catalogue
      sharecheck rules show ./our-policy  the effective pack and where each setting came from
      sharecheck schema rules             the JSON Schema of pack files, for editors
      sharecheck lsp                      the language server, for editors (docs/editors.md)

    \b
    For proposal authors (docs/serve.md):
      sharecheck serve proposals/         build and edit proposals in your browser
    """


for command in (check, explain, gateways, init, lsp, rules, schema, serve):
    main.add_command(command)

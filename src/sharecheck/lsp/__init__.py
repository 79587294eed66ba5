"""The language server (`sharecheck lsp`, extra `sharecheck[lsp]`): a thin adapter like the CLI.

Live diagnostics for proposals and rule packs, hover, completion and quick fixes, all from the
library (check, rules lint, explain, the schema, the gateway catalogue). See docs/editors.md.
"""

"""One module per command; `sharecheck.cli` wires them into the group."""

"""Rule packs: loading YAML with line numbers, layering packs over packs, rules and their messages.

Owns turning a folder of YAML into a checked, compiled `Pack` (every problem at file:line:col).
May use `law` (the catalogue is part of a pack), `engines`, `band` (thresholds), `reading`, `results`.
"""

"""Reading a proposal: strict JSON with a source map, JSON Pointers, file expansion, schema validation.

Owns everything between bytes on disk and a validated document whose every value has a line and
column, and turns what cannot be read into `input` findings in words a non-developer understands.
Knows nothing of rules, packs or engines; may use only `results`.
"""

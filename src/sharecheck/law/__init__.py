"""The law as data: the legal gateway catalogue and the facts derived from a proposal for the rules.

Owns what a gateway covers (extent, parties, purposes, exclusions, dates) and the joins a
declarative condition cannot express (who is a controller, which basis each party records).
May use `engines` (to evaluate exclusion predicates), `reading` and `results`.
"""

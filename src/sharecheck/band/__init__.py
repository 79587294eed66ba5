"""The Data for Public Benefit band: scoring the 18 answers, the thresholds, hold-downs, next moves.

Computed only after gating. Pure functions over answers and thresholds; may use only `results`.
"""

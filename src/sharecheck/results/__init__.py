"""The values a check produces: Finding, Result, Report, Severity, Band, and the built-in rules.

Frozen, explicitly ordered, free of I/O. The bottom layer: it imports nothing else of sharecheck,
and every other stage may use it.
"""

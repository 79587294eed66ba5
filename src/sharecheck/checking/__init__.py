"""The flow: one proposal through reading, facts, the engine, waivers and the band; many in a batch.

`pipeline.check()` is the library's main entry point and does no I/O; `batch` reads files and
spreads them over worker processes. May use every stage below it (formats only to summarise a
proposal for the committee report); never click.
"""

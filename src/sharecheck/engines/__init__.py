"""The condition language and the two engines that evaluate it behind one protocol.

Owns parsing and type-checking conditions, compiling them for durable-rules (with its traps
designed out), running it with its process-global state contained, and the pure-Python reference
engine that must agree with it. May use `reading` (field types, pointers) and `results`.
"""

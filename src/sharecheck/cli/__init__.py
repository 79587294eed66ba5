"""The command line: one module per command, wired into one click group in `main`.

Owns argument parsing, reading and writing files, progress, colour and exit codes (SPEC §6).
May use every stage below it; nothing below it may import click or this package.
"""

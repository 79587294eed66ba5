"""Tools for the people who write rule packs and proposals: lint, rule tests, docs, show, explain, init.

They sit above `checking` because rule tests run the real pipeline. May use every library stage;
never click (the commands in `cli` print what these return).
"""

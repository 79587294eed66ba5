"""`sharecheck serve`: a local proposal builder, a thin web adapter over check() (docs/serve.md).

Only this package (and the cli command that starts it) imports starlette and uvicorn; the
optional extra `sharecheck[serve]` installs them.
"""

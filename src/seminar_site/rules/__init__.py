"""Public-sector text rules (issue 12 item 7), run by ``check`` as warnings and notes.

They read the author's source text (YAML string values and Markdown files), so that each
finding is located exactly, and some carry a mechanical fix for ``check --fix`` (fix.py).
docs/text-rules.md lists the rules; the build never imports this package.
"""

"""The form editor of ``seminar-site serve`` at ``/_edit/``: report.yaml without YAML."""

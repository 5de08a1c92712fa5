"""Export: one report handed off without a web server (CMS fragment, A4 PDF, zip)."""

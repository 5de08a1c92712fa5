"""Pages in memory: the Jinja environment, page contexts, structured data, feeds, theme assets."""

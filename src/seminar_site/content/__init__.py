"""Read a site into the model: report folders, photo records, paths kept inside content/,
Markdown."""

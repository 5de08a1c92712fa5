"""The preview server, the watcher, scaffolding."""

"""The published tree: one owner per path, the spare tree, the atomic swap."""

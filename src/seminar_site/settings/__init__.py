"""Site settings: site.yaml, the declarative shapes of every key, YAML with positions,
UTF-8 text."""

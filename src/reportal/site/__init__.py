"""5 Site build: the only code that imports mkdocs (plugin, listings, editions)."""

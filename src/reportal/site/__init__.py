"""5 Site adapter: the only code that imports mkdocs, material or mkdocs_macros (plugin, config,
navigation, theme, macros, build workers)."""

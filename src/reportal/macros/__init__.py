"""4 Macros adapter: the only code that renders Jinja or uses mkdocs-macros."""

"""4 Portal content: report headers, listings, dashboards, plan and register pages as plain
Markdown/HTML and data. Knows nothing of MkDocs; the site adapter hands these to the generator."""

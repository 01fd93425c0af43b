"""6 PDF: the report pages of a built edition -> verified, optionally signed PDFs beside them."""

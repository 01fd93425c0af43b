"""6 PDF and archive: built editions -> PDFs, snapshots, manifests, verification."""

"""8 Archive: write-once versioned copies of published editions, manifests, verification."""

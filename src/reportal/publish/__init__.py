"""7 Publish: staging trees per edition, builds aside, the leak scan, build records, atomic swap."""

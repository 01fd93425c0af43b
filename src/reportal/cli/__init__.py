"""Command line: parse, call one stage, print issues, exit 0 (clean) / 1 (issues) / 2 (usage)."""

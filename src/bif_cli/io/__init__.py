"""Everything that touches disk or git: reading, caching, round-trip writing, the root, checking."""

"""Data in, text or files out: overviews, report contexts, rendering, the diff in words."""

"""bif: keep a regional business-development programme as YAML in git."""

__version__ = "0.1.0"

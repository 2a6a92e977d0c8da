"""Turn LLM benchmark results kept as JSON and CSV into pages for a static site."""

__version__ = "0.1.0"

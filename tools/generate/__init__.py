"""Writes the SDK surface from the official spec: ``python -m tools.generate``."""

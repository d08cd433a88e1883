"""Counts in words, for reports and the command line."""

from __future__ import annotations

__all__ = ["counted"]


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless there is one: ``1 change``, ``2 changes``, ``0 changes``."""
    return f"{count} {noun}{'s' * (count != 1)}"

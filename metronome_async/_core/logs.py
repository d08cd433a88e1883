"""``METRONOME_LOG=debug|info``: the ``metronome_async`` logger to stderr, without code.

Nothing the SDK logs carries the API key: requests are logged by method, path, status, attempt and duration.
"""

from __future__ import annotations

import logging
import os

__all__ = ["configure_from_env"]

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


class _EnvironmentHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``METRONOME_LOG`` adds (to stderr), so it is added only once."""


def configure_from_env() -> None:
    """Honour ``METRONOME_LOG`` once: a stderr handler at that level. Other values are ignored."""
    level = LEVELS.get(os.environ.get("METRONOME_LOG", "").strip().lower())
    logger = logging.getLogger("metronome_async")
    if level is None or any(isinstance(h, _EnvironmentHandler) for h in logger.handlers):
        return
    handler = _EnvironmentHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s] %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)

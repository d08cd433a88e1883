"""The package version and the User-Agent built from it."""

import platform

import aiohttp

__version__ = "0.1.0"

USER_AGENT = (
    f"metronome-async/{__version__} {platform.python_implementation()}/{platform.python_version()} "
    f"aiohttp/{aiohttp.__version__}"
)

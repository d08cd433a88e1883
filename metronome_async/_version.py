"""The package version (imports nothing: ``import metronome_async`` reads it without loading the SDK)."""

__version__ = "0.2.0"

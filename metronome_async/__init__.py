"""metronome_async: an async-first client for the Metronome billing API."""

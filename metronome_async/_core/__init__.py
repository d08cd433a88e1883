"""The core the resources rest on: settings, the transport, retries, pacing, JSON and models, checks."""

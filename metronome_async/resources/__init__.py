"""The API's resources: the generated ones (``_generated``, one module per area) and the few methods written
by hand over them (``customers.update``, ``contracts.list``, ``usage.ingest``); the client exposes them as
attributes."""

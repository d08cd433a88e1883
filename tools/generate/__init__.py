"""The generator: the SDK's operations, request checks and response models, derived from the official spec."""

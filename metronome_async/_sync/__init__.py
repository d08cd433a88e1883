"""The blocking facade's machinery: the loop thread it runs on and the generator that writes ``sync.py``."""

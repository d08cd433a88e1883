"""``python -m metronome_async``: the same as the ``metronome-async`` command."""

import sys

from metronome_async.cli import main

sys.exit(main())

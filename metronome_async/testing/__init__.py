"""An embedded Metronome for tests: a stateful, in-memory server speaking the official API over HTTP.

`async with FakeMetronome() as fake:` serves from the running event loop, `with FakeMetronome() as fake:`
from a background thread (for blocking code); point a client at `fake.url` with `fake.api_key`. It can
inject faults (`configure`), be seeded directly (`create_plan`, `seed_customers`, ...), and send signed
webhooks (`set_webhook`, `emit_invoice_finalized`, `emit_alert`, `webhook_deliveries`).
`set_testing(True)` (or `with set_testing():`) makes the SDK's retry waits instant, for your tests.
"""

from typing import TYPE_CHECKING

from metronome_async._lazy import first_use

if TYPE_CHECKING:
    from metronome_async._core.retry import set_testing

    from ._exchange import Exchange
    from ._fake import FakeMetronome
    from ._faults import FaultSettings
    from ._webhooks import WebhookAttempt, WebhookDelivery
else:  # imported on first use, as the package's own names are (see metronome_async._lazy)
    __getattr__, __dir__ = first_use(__name__)

__all__ = ["Exchange", "FakeMetronome", "FaultSettings", "WebhookAttempt", "WebhookDelivery", "set_testing"]

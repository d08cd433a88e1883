"""Stands for a user's application code: what the example tests exercise."""

from __future__ import annotations

from metronome_async import AsyncMetronome, Metronome
from metronome_async.webhooks import AlertEvent, InvoiceFinalized, WebhookReceiver


async def sign_up(client: AsyncMetronome, name: str, email: str, plan_id: str) -> str:
    """Create the customer, keyed by email for usage, and put them on a plan from 2024-01-01."""
    customer = await client.customers.create(name=name, ingest_aliases=[email])
    await client.customers.plans.add(customer.id, plan_id=plan_id, starting_on="2024-01-01T00:00:00Z")
    return customer.id


async def record_api_calls(client: AsyncMetronome, email: str, calls: int) -> None:
    """Send the calls' usage; an outage raises, so the caller can retry (transaction ids dedupe)."""
    report = await client.usage.ingest(
        [
            {
                "transaction_id": f"{email}-{i}",
                "customer_id": email,
                "event_type": "api_call",
                "timestamp": "2024-01-02T00:00:00Z",
            }
            for i in range(calls)
        ]
    )
    report.raise_first_error()


def churn(client: Metronome, customer_id: str) -> None:
    """Blocking code: archive a customer."""
    client.customers.archive(customer_id)


class Notifications:
    """Webhook handlers: remember which invoices to email and which customers ran low."""

    def __init__(self, secret: str) -> None:
        self.receiver = WebhookReceiver(secret)
        self.invoices_to_email: list[str] = []
        self.low_balance: list[str] = []
        self.receiver.on("invoice.finalized")(self.invoice_finalized)
        self.receiver.on("alerts.*")(self.alert)

    async def invoice_finalized(self, event: InvoiceFinalized) -> None:
        assert event.invoice_id is not None
        self.invoices_to_email.append(event.invoice_id)

    async def alert(self, event: AlertEvent) -> None:
        assert event.customer_id is not None
        self.low_balance.append(event.customer_id)

"""Receive Metronome webhooks with aiohttp: verify the signature, skip redeliveries, dispatch typed events.

    python examples/webhook_receiver.py            # a self-contained demo: the embedded Metronome sends to it
    python examples/webhook_receiver.py --serve    # serve on :8080 for a real Metronome until Ctrl+C

``--serve`` (also chosen when METRONOME_BASE_URL is set) needs METRONOME_WEBHOOK_SECRET, the secret of the
webhook endpoint configured in Metronome, and a public URL forwarding to http://HOST:PORT/webhooks.
Check a delivery you saved by hand: metronome-async webhooks verify --body body.json --header '...'
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets

from aiohttp import ClientSession, web

from metronome_async.webhooks import AlertEvent, InvoiceFinalized, WebhookReceiver, sign


def make_receiver(secret: str | None = None) -> WebhookReceiver:
    receiver = WebhookReceiver(secret)  # secret=None: METRONOME_WEBHOOK_SECRET

    @receiver.on("invoice.finalized")
    async def invoice_finalized(event: InvoiceFinalized) -> None:
        print(f"invoice {event.invoice_id} finalized for customer {event.customer_id}")

    @receiver.on("alerts.*")  # every alert type
    async def alert(event: AlertEvent) -> None:
        print(f"{event.type}: customer {event.customer_id}, threshold {event.threshold}")

    return receiver


async def serve(receiver: WebhookReceiver, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(receiver.aiohttp_app("/webhooks"), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


async def demo() -> None:
    from metronome_async import AsyncMetronome
    from metronome_async.testing import FakeMetronome

    secret = "whsec_" + secrets.token_hex(16)
    runner = await serve(make_receiver(secret), "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    url = f"http://{host}:{port}/webhooks"
    print(f"Receiver listening at {url}")
    try:
        async with FakeMetronome(webhook_url=url, webhook_secret=secret) as fake:
            async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
                customer = await client.customers.create(name="Acme", ingest_aliases=["acme@example.com"])
            fake.emit_invoice_finalized(customer.id)
            fake.emit_alert(customer.id, "low_credit_balance_reached", threshold=10.0, remaining_balance=4.5)
            deliveries = await fake.wait_for_webhooks()
            print(f"Metronome delivered {sum(d.state == 'delivered' for d in deliveries)} signed webhooks")

            # What a receiver must also survive: a redelivery, and a forged or stale request.
            first = deliveries[0]
            async with ClientSession() as session:
                async with session.post(url, data=first.body, headers=sign(first.body, secret)) as answer:
                    print(f"The same event again: {answer.status} {await answer.text()}")
                async with session.post(
                    url, data=first.body, headers=sign(first.body, "wrong-secret")
                ) as answer:
                    print(f"A forged signature: {answer.status}")
    finally:
        await runner.cleanup()


async def serve_forever(host: str, port: int) -> None:
    if not os.environ.get("METRONOME_WEBHOOK_SECRET"):
        raise SystemExit("set METRONOME_WEBHOOK_SECRET to your webhook endpoint's secret")
    runner = await serve(make_receiver(), host, port)
    print(f"Receiving Metronome webhooks at http://{host}:{port}/webhooks (Ctrl+C to stop)")
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="serve for a real Metronome until Ctrl+C")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    if args.serve or os.environ.get("METRONOME_BASE_URL"):
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve_forever(args.host, args.port))
    else:
        asyncio.run(demo())


if __name__ == "__main__":
    main()

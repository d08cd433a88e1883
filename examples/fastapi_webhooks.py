"""Receive Metronome webhooks with FastAPI (Starlette is the same): give the receiver the raw body.

    pip install fastapi uvicorn                  # not dependencies of metronome-async
    python examples/fastapi_webhooks.py          # a self-contained demo: the embedded Metronome sends to it
    python examples/fastapi_webhooks.py --serve  # serve on :8080 for a real Metronome until Ctrl+C

Without METRONOME_WEBHOOK_SECRET the demo starts the embedded Metronome, serves the app with uvicorn on a
free local port and gives the receiver the embedded Metronome's webhook secret. ``--serve`` (also chosen
when METRONOME_WEBHOOK_SECRET is set) needs that variable: the secret of the webhook endpoint configured in
Metronome. In your own deployment: uvicorn --factory examples.fastapi_webhooks:create_app
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket

try:
    import uvicorn
    from fastapi import FastAPI, Request, Response
except ModuleNotFoundError as missing:
    raise SystemExit(
        f"This example needs FastAPI and uvicorn ({missing.name} is not installed): "
        "pip install fastapi uvicorn"
    ) from None

from metronome_async.webhooks import AlertEvent, InvoiceFinalized, WebhookReceiver, sign


def create_app(secret: str | None = None) -> FastAPI:
    """The FastAPI app; ``secret=None`` takes METRONOME_WEBHOOK_SECRET."""
    if secret is None and not os.environ.get("METRONOME_WEBHOOK_SECRET"):
        raise SystemExit("set METRONOME_WEBHOOK_SECRET to your webhook endpoint's secret")
    receiver = WebhookReceiver(secret)
    app = FastAPI()

    @receiver.on("invoice.finalized")
    async def invoice_finalized(event: InvoiceFinalized) -> None:
        print(f"invoice {event.invoice_id} finalized for customer {event.customer_id}")

    @receiver.on("alerts.*")
    async def alert(event: AlertEvent) -> None:
        print(f"{event.type}: customer {event.customer_id}, threshold {event.threshold}")

    @app.post("/webhooks")
    async def metronome_webhooks(request: Request) -> Response:
        # The raw bytes, never the parsed JSON: the signature covers the body exactly as sent.
        status, message = await receiver.handle(await request.body(), request.headers)
        return Response(content=message, status_code=status, media_type="text/plain")

    return app


async def demo() -> None:
    from aiohttp import ClientSession

    from metronome_async import AsyncMetronome
    from metronome_async.testing import FakeMetronome

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))  # a free port, known before the server starts
    listener.listen()  # connections wait in the backlog until uvicorn accepts them
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/webhooks"
    async with FakeMetronome(webhook_url=url) as fake:  # it makes a webhook secret: fake.webhook_secret
        secret = fake.webhook_secret
        assert secret is not None  # made for webhook_url
        server = uvicorn.Server(uvicorn.Config(create_app(secret), log_level="warning"))
        serving = asyncio.create_task(server.serve(sockets=[listener]))
        try:
            print(f"FastAPI receiver listening at {url}")
            async with AsyncMetronome(api_key=fake.api_key, base_url=fake.url) as client:
                customer = await client.customers.create(name="Acme", ingest_aliases=["acme@example.com"])
            fake.emit_invoice_finalized(customer.id)
            fake.emit_alert(customer.id, "low_credit_balance_reached", threshold=10.0, remaining_balance=4.5)
            deliveries = await fake.wait_for_webhooks()
            print(f"Metronome delivered {sum(d.state == 'delivered' for d in deliveries)} signed webhooks")

            first = deliveries[0]
            async with ClientSession() as session:
                async with session.post(url, data=first.body, headers=sign(first.body, secret)) as answer:
                    print(f"The same event again: {answer.status} {await answer.text()}")
                forged = sign(first.body, "wrong-secret")
                async with session.post(url, data=first.body, headers=forged) as answer:
                    print(f"A forged signature: {answer.status}")
        finally:
            server.should_exit = True
            await serving


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="serve for a real Metronome until Ctrl+C")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    if args.serve or os.environ.get("METRONOME_WEBHOOK_SECRET"):
        app = create_app()
        print(f"Receiving Metronome webhooks at http://{args.host}:{args.port}/webhooks (Ctrl+C to stop)")
        uvicorn.run(app, host=args.host, port=args.port)
    else:
        asyncio.run(demo())


if __name__ == "__main__":
    main()

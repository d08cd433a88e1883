"""Receiving Metronome webhooks with FastAPI (Starlette is the same): give the receiver the raw body.

pip install fastapi uvicorn
METRONOME_WEBHOOK_SECRET=... uvicorn examples.fastapi_webhooks:app
"""

from fastapi import FastAPI, Request, Response

from metronome_async.webhooks import AlertEvent, InvoiceFinalized, WebhookReceiver

receiver = WebhookReceiver()  # the secret comes from METRONOME_WEBHOOK_SECRET
app = FastAPI()


@receiver.on("invoice.finalized")
async def invoice_finalized(event: InvoiceFinalized) -> None:
    print(f"invoice {event.invoice_id} finalized for customer {event.customer_id}")


@receiver.on("alerts.*")
async def alert(event: AlertEvent) -> None:
    print(f"alert {event.alert_type} for customer {event.customer_id}")


@app.post("/webhooks")
async def metronome_webhooks(request: Request) -> Response:
    # The raw bytes, never the parsed JSON: the signature covers the body exactly as sent.
    status, message = await receiver.handle(await request.body(), request.headers)
    return Response(content=message, status_code=status, media_type="text/plain")

// The official Node SDK (@metronome/sdk) against the embedded Metronome: one call or more in every area of
// the API, each checked for what it gave back. Run by tests/test_fake_official_node_sdk.py with
// METRONOME_BASE_URL, METRONOME_BEARER_TOKEN and the ids it seeded (CUSTOMER_ID, PLAN_ID); prints "ok".
import assert from "node:assert/strict";
import Metronome from "@metronome/sdk";

const client = new Metronome({ maxRetries: 0 }); // reads METRONOME_BASE_URL and METRONOME_BEARER_TOKEN
const { v1, v2 } = client;
const customer_id = process.env.CUSTOMER_ID;
const plan_id = process.env.PLAN_ID;
const START = "2025-01-01T00:00:00.000Z";
const END = "2026-01-01T00:00:00.000Z";
const all = async (pages) => {
  const found = [];
  for await (const item of pages) found.push(item);
  return found;
};

// customers and contracts (written by hand in the emulator)
const card_id = (await v1.contracts.rateCards.create({ name: "Standard" })).data.id;
const contract_id = (await v1.contracts.create({ customer_id, starting_at: START })).data.id;
assert.equal((await v2.contracts.retrieve({ customer_id, contract_id })).data.id, contract_id);

// products, and rates on a rate card
const calls = (await v1.billableMetrics.create({ name: "API calls", aggregation_type: "COUNT" })).data.id;
const product_id = (
  await v1.contracts.products.create({ name: "API calls", type: "USAGE", billable_metric_id: calls })
).data.id;
const product = (await v1.contracts.products.retrieve({ id: product_id })).data;
assert.deepEqual([product.id, product.type, product.initial.name], [product_id, "USAGE", "API calls"]);
await v1.contracts.products.update({ product_id, starting_at: START, name: "Calls" });
assert.deepEqual((await all(v1.contracts.products.list())).map((p) => p.current.name), ["Calls"]);
await v1.contracts.rateCards.rates.add({
  rate_card_id: card_id, product_id, entitled: true, rate_type: "FLAT", price: 2.5, starting_at: START,
});
const rates = await all(v1.contracts.rateCards.rates.list({ rate_card_id: card_id, at: START }));
assert.deepEqual(rates.map((r) => [r.product_id, r.rate.rate_type, r.rate.price]), [[product_id, "FLAT", 2.5]]);

// billable metrics
const metric_id = (await v1.billableMetrics.create({ name: "Calls", aggregation_type: "COUNT" })).data.id;
const metric = (await v1.billableMetrics.retrieve({ billable_metric_id: metric_id })).data;
assert.deepEqual([metric.id, metric.name, metric.aggregation_type], [metric_id, "Calls", "COUNT"]);
await v1.billableMetrics.archive({ id: metric_id });
assert.deepEqual((await all(v1.billableMetrics.list())).map((m) => m.id), [calls]);
assert.equal((await all(v1.billableMetrics.list({ include_archived: true }))).length, 2);

// alerts, and a customer's alerts
const alert = await v1.alerts.create({ alert_type: "spend_threshold_reached", name: "Spend", threshold: 100 });
assert.equal((await v1.alerts.archive({ id: alert.data.id })).data.id, alert.data.id);
assert.deepEqual(await all(v1.customers.alerts.list({ customer_id })), []);

// credit grants
const amount = { amount: 10, credit_type_id: card_id };
const grant_id = (
  await v1.creditGrants.create({
    customer_id, grant_amount: amount, paid_amount: { ...amount, amount: 0 }, name: "Welcome",
    expires_at: END, priority: 1,
  })
).data.id;
await v1.creditGrants.edit({ id: grant_id, name: "Welcome credit" });
const grants = await all(v1.creditGrants.list({ customer_ids: [customer_id] }));
assert.deepEqual(grants.map((g) => [g.id, g.name]), [[grant_id, "Welcome credit"]]);
assert.equal((await v1.creditGrants.void({ id: grant_id })).data.id, grant_id);

// a customer's commits, credits and invoices
const access_schedule = { schedule_items: [{ amount: 100, starting_at: START, ending_before: END }] };
const commit_id = (
  await v1.customers.commits.create({ customer_id, type: "PREPAID", priority: 1, product_id, access_schedule })
).data.id;
const commits = await all(v1.customers.commits.list({ customer_id }));
assert.deepEqual(commits.map((c) => [c.id, c.type, c.product.id]), [[commit_id, "PREPAID", product_id]]);
const credit_id = (
  await v1.customers.credits.create({ customer_id, priority: 1, product_id, access_schedule, name: "Promo" })
).data.id;
await v2.contracts.editCredit({ customer_id, credit_id, name: "Promotion" });
const credits = await all(v1.customers.credits.list({ customer_id }));
assert.deepEqual(credits.map((c) => [c.id, c.name]), [[credit_id, "Promotion"]]);
const invoices = await all(v1.customers.invoices.list({ customer_id })); // one per month of its contract
assert.ok(invoices.length > 0 && invoices.every((i) => i.type === "USAGE"));
const invoice_id = invoices[0].id;
const invoice = (await v1.customers.invoices.retrieve({ customer_id, invoice_id })).data;
assert.deepEqual([invoice.id, invoice.customer_id, invoice.status], [invoice_id, customer_id, "FINALIZED"]);
assert.equal((await v1.invoices.void({ id: invoice_id })).data.id, invoice_id);
assert.notEqual((await v1.invoices.regenerate({ id: invoice_id })).data.id, invoice_id);

// contracts' other operations
const contract = (await v1.contracts.retrieve({ customer_id, contract_id })).data;
assert.deepEqual([contract.id, contract.customer_id], [contract_id, customer_id]);
const edit_id = (await v2.contracts.edit({ customer_id, contract_id })).data.id;
const history = (await v2.contracts.getEditHistory({ customer_id, contract_id })).data;
assert.deepEqual(history.map((e) => e.id), [edit_id]);
const balance = (await v1.contracts.getNetBalance({ customer_id, credit_type_id: card_id })).data;
assert.deepEqual([balance.balance, balance.credit_type_id], [0, card_id]);

// packages
const package_id = (await v1.packages.create({ name: "Starter", rate_card_id: card_id })).data.id;
const found = (await v1.packages.retrieve({ package_id })).data;
assert.deepEqual([found.id, found.name, found.rate_card_id], [package_id, "Starter", card_id]);
await v1.packages.archive({ package_id });
assert.deepEqual(await all(v1.packages.list()), []);
assert.equal((await all(v1.packages.list({ archive_filter: "ALL" }))).length, 1);

// notifications: not in this SDK, so through its raw post
const policy = { type: "contract.start", offset: "P1D" };
const made = await client.post("/v2/notifications/create", { body: { name: "Heads up", policy } });
const notification = (await client.post("/v2/notifications/get", { body: { id: made.data.id } })).data;
assert.deepEqual([notification.id, notification.name, notification.archived_at], [made.data.id, "Heads up", null]);
await assert.rejects(client.post("/v2/notifications/get", { body: { id: invoice_id } }), Metronome.NotFoundError);

// plans, pricing units, services, settings, dashboards, usage, audit logs
assert.equal((await v1.plans.getDetails({ plan_id })).data.id, plan_id);
assert.deepEqual(await all(v1.plans.listCharges({ plan_id })), []);
assert.deepEqual(await all(v1.pricingUnits.list()), []);
assert.deepEqual((await v1.services.list()).services, []);
assert.deepEqual((await v1.settings.billingProviders.list()).data, []);
await v1.dashboards.getEmbeddableURL({ customer_id, dashboard: "invoices" });
assert.deepEqual(await all(v1.usage.list({ window_size: "DAY", starting_on: START, ending_before: END })), []);
const audited = new Set((await all(v1.auditLogs.list())).map((e) => e.resource_type));
for (const kind of ["product", "billable_metric", "rate_card", "contract"]) assert.ok(audited.has(kind), kind);

// payments: not in this SDK either
const payments = await client.post("/v1/payments/list", { body: { customer_id, invoice_id } });
assert.deepEqual(payments, { data: [] });

console.log("ok");

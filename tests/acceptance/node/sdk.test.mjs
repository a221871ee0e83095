/**
 * The official `stripe` npm package, unchanged except for host/port/protocol, against the
 * Identity sandbox whose base URL is in env SANDBOX_URL (set by ../test_node_sdk.py).
 *
 * Run: SANDBOX_URL=http://127.0.0.1:PORT node --test
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import Stripe from 'stripe';

const BASE = process.env.SANDBOX_URL;
if (!BASE) {
  throw new Error('SANDBOX_URL is not set (e.g. http://127.0.0.1:41234)');
}
const base = new URL(BASE);
const SESSIONS = '/v1/identity/verification_sessions';

const newKey = (prefix = 'sk_test_') => prefix + randomBytes(12).toString('hex');
const unique = (p) => `${p}_${randomBytes(6).toString('hex')}`;

function client(key = KEY, extra = {}) {
  return new Stripe(key, {
    host: base.hostname,
    port: Number(base.port),
    protocol: 'http',
    maxNetworkRetries: 2,
    ...extra,
  });
}

const KEY = newKey();
const stripe = client();
const vs = stripe.identity.verificationSessions;

async function control(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(new URL(path, BASE), init);
  assert.equal(r.status, 200, `${method} ${path}: ${r.status}`);
  return r.json();
}

async function submit(clientSecret, outcome) {
  const r = await fetch(new URL(`/_sandbox/verification_pages/${clientSecret}/submit`, BASE), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ outcome }),
  });
  assert.equal(r.status, 200);
  return (await r.json()).verification_session;
}

function assertRequestId(obj) {
  assert.match(obj.lastResponse.requestId, /^req_\w+$/);
}

async function expectError(promise, Cls, { statusCode, code, param, message } = {}) {
  let caught;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, 'expected the call to fail');
  assert.ok(caught instanceof Cls, `expected ${Cls.name}, got ${caught && caught.type}: ${caught && caught.message}`);
  assert.ok(caught instanceof Stripe.errors.StripeError);
  if (statusCode !== undefined) assert.equal(caught.statusCode, statusCode);
  assert.equal(caught.code, code);
  assert.equal(caught.param, param);
  if (message !== undefined) assert.match(caught.message, message);
  assert.match(caught.requestId, /^req_\w+$/);
  return caught;
}

test('create with options and metadata, then retrieve and update', async () => {
  const ref = unique('node_create');
  const session = await vs.create({
    type: 'document',
    options: {
      document: {
        allowed_types: ['driving_license', 'id_card'],
        require_matching_selfie: true,
        require_live_capture: false,
        require_id_number: true,
      },
    },
    metadata: { kiosk: 'K1', keep: 'yes' },
    client_reference_id: ref,
    provided_details: { email: 'node@example.com' },
    return_url: 'https://example.com/return',
  });
  assert.match(session.id, /^vs_/);
  assert.equal(session.object, 'identity.verification_session');
  assert.equal(session.status, 'requires_input');
  assert.equal(session.livemode, false);
  assert.deepEqual(session.options.document, {
    allowed_types: ['driving_license', 'id_card'],
    require_matching_selfie: true,
    require_live_capture: false,
    require_id_number: true,
  });
  assert.deepEqual(session.metadata, { kiosk: 'K1', keep: 'yes' });
  assert.equal(session.client_reference_id, ref);
  assert.ok(session.client_secret.startsWith(`${session.id}_secret_test_`));
  assert.ok(session.url.startsWith(`${BASE}/start/test_`));
  assertRequestId(session);

  const again = await vs.retrieve(session.id, { expand: ['provided_details'] });
  assert.equal(again.id, session.id);
  assert.notEqual(again.client_secret, session.client_secret, 'retrieve mints a fresh secret');
  assert.equal(again.provided_details.email, 'node@example.com');

  const updated = await vs.update(session.id, { metadata: { kiosk: '', lane: '7' } });
  assert.deepEqual(updated.metadata, { keep: 'yes', lane: '7' });
  const cleared = await vs.update(session.id, { metadata: null });
  assert.deepEqual(cleared.metadata, {});
});

test('list filters and auto-pagination (for await, autoPagingToArray, backwards)', async () => {
  const ref = unique('node_pages');
  const ids = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await vs.create({ type: 'id_number', client_reference_id: ref })).id);
  }
  const newestFirst = [...ids].reverse();

  const page = await vs.list({ limit: 2, client_reference_id: ref });
  assert.equal(page.object, 'list');
  assert.equal(page.url, SESSIONS);
  assert.equal(page.has_more, true);
  assert.deepEqual(page.data.map((s) => s.id), newestFirst.slice(0, 2));

  const seen = [];
  for await (const s of vs.list({ limit: 2, client_reference_id: ref })) {
    seen.push(s.id);
  }
  assert.deepEqual(seen, newestFirst);

  const all = await vs.list({ limit: 2, client_reference_id: ref }).autoPagingToArray({ limit: 100 });
  assert.deepEqual(all.map((s) => s.id), newestFirst);

  // Backwards from the oldest: stripe-node yields each page newest-first, pages going newer.
  const back = await vs.list({ limit: 2, client_reference_id: ref, ending_before: ids[0] });
  assert.deepEqual(back.data.map((s) => s.id), [ids[2], ids[1]]);
  assert.equal(back.has_more, true);
  const backAll = await vs
    .list({ limit: 2, client_reference_id: ref, ending_before: ids[0] })
    .autoPagingToArray({ limit: 100 });
  assert.deepEqual(new Set(backAll.map((s) => s.id)), new Set(ids.slice(1)));
  assert.equal(backAll.length, 4);

  await vs.cancel(ids[3]);
  const canceled = await vs.list({ client_reference_id: ref, status: 'canceled' });
  assert.deepEqual(canceled.data.map((s) => s.id), [ids[3]]);
  const first = await vs.retrieve(ids[0]);
  const since = await vs.list({ client_reference_id: ref, created: { gte: first.created }, limit: 100 });
  assert.equal(since.data.length, 5);
  const none = await vs.list({ client_reference_id: ref, created: { lt: first.created } });
  assert.deepEqual(none.data, []);
});

test('cancel, forbidden transitions and redact', async () => {
  const session = await vs.create({ type: 'document', metadata: { a: 'b' } });
  const canceled = await vs.cancel(session.id);
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.client_secret, null);
  assert.equal(canceled.url, null);
  await expectError(vs.cancel(session.id), Stripe.errors.StripeInvalidRequestError, {
    statusCode: 400,
    message: /canceled/,
  });

  const verified = await vs.create({ type: 'document', metadata: { a: 'b' } });
  const summary = await submit(verified.client_secret, 'verified');
  assert.equal(summary.status, 'verified');
  await expectError(vs.cancel(verified.id), Stripe.errors.StripeInvalidRequestError, {
    statusCode: 400,
    message: /verified/,
  });
  const redacted = await vs.redact(verified.id);
  assert.equal(redacted.status, 'verified');
  assert.equal(redacted.redaction.status, 'processing');
  assert.deepEqual(redacted.metadata, {});
  assertRequestId(redacted);

  const expanded = await vs.retrieve(verified.id, { expand: ['verified_outputs', 'last_verification_report'] });
  assert.equal(expanded.verified_outputs.first_name, '[redacted]');
  assert.match(expanded.last_verification_report.id, /^vr_/);
  const reports = await stripe.identity.verificationReports.list({ verification_session: verified.id });
  assert.deepEqual(reports.data.map((r) => r.id), [expanded.last_verification_report.id]);
  const report = await stripe.identity.verificationReports.retrieve(reports.data[0].id);
  assert.equal(report.verification_session, verified.id);
  assert.equal(report.document.status, 'verified');
});

test('idempotent replay and mismatch', async () => {
  const key = `node-${randomUUID()}`;
  const first = await vs.create({ type: 'document', metadata: { n: '1' } }, { idempotencyKey: key });
  const replay = await vs.create({ type: 'document', metadata: { n: '1' } }, { idempotencyKey: key });
  assert.equal(replay.id, first.id);
  assert.equal(replay.lastResponse.headers['idempotent-replayed'], 'true');
  const err = await expectError(
    vs.create({ type: 'id_number', metadata: { n: '1' } }, { idempotencyKey: key }),
    Stripe.errors.StripeIdempotencyError,
    { statusCode: 400 },
  );
  assert.equal(err.rawType, 'idempotency_error');
});

test('invalid request errors name the param', async () => {
  await expectError(vs.create({ type: 'document', foo: 'bar' }), Stripe.errors.StripeInvalidRequestError, {
    statusCode: 400,
    code: 'parameter_unknown',
    param: 'foo',
  });
  await expectError(vs.create({ type: 'selfie' }), Stripe.errors.StripeInvalidRequestError, {
    statusCode: 400,
    param: 'type',
  });
  await expectError(
    vs.create({ type: 'document', options: { document: { require_matching_selfie: 'yes' } } }),
    Stripe.errors.StripeInvalidRequestError,
    { statusCode: 400, param: 'options[document][require_matching_selfie]' },
  );
  const longKey = 'x'.repeat(41);
  await expectError(
    vs.create({ type: 'document', metadata: { [longKey]: 'v' } }),
    Stripe.errors.StripeInvalidRequestError,
    { statusCode: 400, param: `metadata[${longKey}]` },
  );
  for (const limit of [0, 101]) {
    await expectError(vs.list({ limit }), Stripe.errors.StripeInvalidRequestError, {
      statusCode: 400,
      code: 'parameter_invalid_integer',
      param: 'limit',
    });
  }
  await expectError(vs.retrieve('vs_nope1234'), Stripe.errors.StripeInvalidRequestError, {
    statusCode: 404,
    code: 'resource_missing',
    param: 'session',
    message: /vs_nope1234/,
  });
});

test('authentication and permission errors', async () => {
  await expectError(client('sk_test_short').identity.verificationSessions.list(), Stripe.errors.StripeAuthenticationError, {
    statusCode: 401,
    message: /Invalid API Key/,
  });
  await expectError(client(newKey('sk_live_')).identity.verificationSessions.list(), Stripe.errors.StripeAuthenticationError, {
    statusCode: 401,
    message: /sandbox/,
  });
  await expectError(client(newKey('pk_test_')).identity.verificationSessions.list(), Stripe.errors.StripeAuthenticationError, {
    statusCode: 401,
    message: /publishable/,
  });
  const revoked = newKey();
  await control('POST', '/_sandbox/keys', { key: revoked, state: 'revoked' });
  await expectError(client(revoked).identity.verificationSessions.list(), Stripe.errors.StripeAuthenticationError, {
    statusCode: 401,
    code: 'api_key_expired',
  });
  const restricted = newKey('rk_test_');
  await control('POST', '/_sandbox/keys', { key: restricted, state: 'no_identity_permission' });
  await expectError(
    client(restricted).identity.verificationSessions.create({ type: 'document' }),
    Stripe.errors.StripePermissionError,
    { statusCode: 403, message: /rak_identity_product_write/ },
  );
});

test('injected faults: 429 is not retried, 500 is retried with the same Idempotency-Key', async () => {
  await control('DELETE', '/_sandbox/faults');
  try {
    await control('POST', '/_sandbox/faults', { method: 'POST', path_prefix: SESSIONS, status: 429 });
    await expectError(vs.create({ type: 'document' }), Stripe.errors.StripeRateLimitError, {
      statusCode: 429,
      code: 'rate_limit',
    });
    assert.deepEqual((await control('GET', '/_sandbox/faults')).faults, []);

    const before = (await control('GET', '/_sandbox/requests')).data.length;
    await control('POST', '/_sandbox/faults', { method: 'POST', path_prefix: SESSIONS, status: 500 });
    // stripe-node retries without reading the 500 body, so that keep-alive socket stays busy
    // (keeping the process alive) until the request timeout fires: keep it short here.
    const retrying = client(KEY, { timeout: 3000 }).identity.verificationSessions;
    const session = await retrying.create({ type: 'document', client_reference_id: unique('node_retry') });
    assert.equal(session.status, 'requires_input');
    const log = (await control('GET', '/_sandbox/requests')).data.slice(before);
    const attempts = log.filter((r) => r.method === 'POST' && r.path === SESSIONS);
    assert.deepEqual(attempts.map((r) => r.status), [500, 200]);
    assert.match(attempts[0].idempotency_key, /^stripe-node-retry-/);
    assert.equal(attempts[0].idempotency_key, attempts[1].idempotency_key);
  } finally {
    await control('DELETE', '/_sandbox/faults');
  }
});

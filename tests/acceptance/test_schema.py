"""Every `/v1/` response body conforms to the Stripe Identity OpenAPI spec.

A dedicated sandbox records its responses (IDENTITY_SANDBOX_RECORD) while the key SDK
scenarios run (create with options, retrieve, update, list with expansion, submissions,
reports, cancel, redact, and the error paths incl. injected faults); then
`validate_responses.py` checks the record, both imported and as a CLI. The validator itself is
also shown to reject wrong bodies.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import stripe

import validate_responses
from conftest import new_secret_key, start_sandbox, unique

HERE = Path(__file__).resolve().parent
SESSIONS = "/v1/identity/verification_sessions"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    record = tmp_path_factory.mktemp("record") / "responses.jsonl"
    sandbox = start_sandbox(record_path=record, name="sandbox-schema")
    try:
        run_scenarios(sandbox)
    finally:
        sandbox.stop()
    return record


def run_scenarios(sandbox) -> None:
    client = stripe.StripeClient(sandbox.key, base_addresses={"api": sandbox.url}, max_network_retries=2)
    vs = client.v1.identity.verification_sessions
    reports = client.v1.identity.verification_reports
    ref = unique("schema")

    full = vs.create(params={
        "type": "document",
        "client_reference_id": ref,
        "metadata": {"a": "1"},
        "options": {"document": {"allowed_types": ["id_card"], "require_matching_selfie": True,
                                 "require_live_capture": True, "require_id_number": True}},
        "provided_details": {"email": "jenny@example.com"},
        "return_url": "https://example.com/done",
        "expand": ["provided_details"],
    })
    vs.retrieve(full.id)
    vs.update(full.id, params={"metadata": {"a": "", "b": "2"}})
    id_number = vs.create(params={"type": "id_number", "client_reference_id": ref})

    sandbox.submit(full.client_secret, "unverified")
    retry = vs.retrieve(full.id, params={"expand": ["last_verification_report"]})
    sandbox.submit(retry.client_secret, "verified")
    sandbox.submit(id_number.client_secret, "verified")
    vs.retrieve(full.id, params={"expand": ["verified_outputs", "last_verification_report", "provided_details"]})
    vs.retrieve(id_number.id, params={"expand": ["verified_outputs", "last_verification_report"]})
    vs.list(params={"client_reference_id": ref, "limit": 1, "expand": ["data.last_verification_report"]})
    vs.list(params={"status": "verified", "created": {"gte": 0}})
    report_page = reports.list(params={"client_reference_id": ref})
    for r in report_page.data:
        reports.retrieve(r.id)

    pending = vs.create(params={"type": "document"})
    sandbox.submit(pending.client_secret, "unverified_async")
    vs.retrieve(pending.id)  # processing
    vs.cancel(vs.create(params={"type": "document"}).id)
    vs.redact(vs.create(params={"type": "document", "metadata": {"x": "y"}}).id)
    vs.redact(full.id)
    deadline = time.monotonic() + 15
    while vs.retrieve(full.id, params={"expand": ["verified_outputs"]}).redaction.status != "redacted":
        assert time.monotonic() < deadline
        time.sleep(0.25)
    reports.list(params={"verification_session": full.id})

    # Error bodies: 400, 401, 403, 404, idempotency, state machine.
    failing = [
        lambda: vs.create(params={"type": "document", "foo": "bar"}),
        lambda: vs.create(params={"type": "selfie"}),
        lambda: vs.list(params={"limit": 0}),
        lambda: vs.retrieve("vs_missing"),
        lambda: reports.retrieve("vr_missing"),
        lambda: vs.cancel(full.id),
        lambda: stripe.StripeClient("sk_test_short", base_addresses={"api": sandbox.url})
        .v1.identity.verification_sessions.list(),
        lambda: stripe.StripeClient("sk_live_" + "a" * 20, base_addresses={"api": sandbox.url})
        .v1.identity.verification_sessions.list(),
    ]
    restricted = "rk_test_" + new_secret_key()[8:]
    sandbox.set_key_state(restricted, "no_identity_permission")
    failing.append(lambda: stripe.StripeClient(restricted, base_addresses={"api": sandbox.url})
                   .v1.identity.verification_sessions.list())
    key = str(uuid.uuid4())
    vs.create(params={"type": "document"}, options={"idempotency_key": key})
    vs.create(params={"type": "document"}, options={"idempotency_key": key})
    failing.append(lambda: vs.create(params={"type": "id_number"}, options={"idempotency_key": key}))
    for call in failing:
        with pytest.raises(stripe.StripeError):
            call()
    r = sandbox.api("GET", "/v1/identity/unknown_things")
    assert r.status_code == 404

    # Injected faults: an error status, a retried 500, and a deliberately malformed 200.
    sandbox.add_fault(method="POST", path_prefix=SESSIONS, status=429)
    with pytest.raises(stripe.RateLimitError):
        vs.create(params={"type": "document"})
    sandbox.add_fault(method="GET", path_prefix=SESSIONS, status=500)
    vs.list(params={"limit": 1})
    sandbox.add_fault(method="GET", path_prefix=SESSIONS, malformed=True)
    with pytest.raises(stripe.APIError):
        stripe.StripeClient(sandbox.key, base_addresses={"api": sandbox.url}, max_network_retries=0) \
            .v1.identity.verification_sessions.list()
    assert sandbox.faults() == []


def test_recorded_responses_match_the_spec(recorded: Path):
    lines = [json.loads(line) for line in recorded.read_text().splitlines()]
    statuses = {line["status"] for line in lines}
    assert {200, 400, 401, 403, 404, 429, 500} <= statuses
    summary = validate_responses.validate_file(recorded)
    details = [(i.line, i.method, i.path, i.status, i.errors) for i in summary.invalid]
    assert summary.invalid == [], details
    assert summary.malformed_skipped == 1
    assert summary.validated == len(lines) - 1
    assert summary.ok


def test_validator_cli(recorded: Path):
    result = subprocess.run(
        [sys.executable, str(HERE / "validate_responses.py"), str(recorded)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    n = len(recorded.read_text().splitlines()) - 1
    assert f"{n} responses validated, 0 invalid" in result.stdout
    assert "1 deliberately malformed" in result.stdout


def test_validator_rejects_wrong_bodies(recorded: Path, tmp_path: Path):
    lines = [json.loads(line) for line in recorded.read_text().splitlines()]
    session = next(l for l in lines if l["status"] == 200 and l["path"] == SESSIONS and l["method"] == "POST")
    error = next(l for l in lines if l["status"] == 404)
    bad_session = json.loads(json.dumps(session))
    bad_session["body"]["status"] = "approved"
    del bad_session["body"]["livemode"]
    bad_error = json.loads(json.dumps(error))
    bad_error["body"]["error"]["type"] = "oops"
    broken_error = dict(error, body=None)
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text("".join(json.dumps(l) + "\n" for l in (session, bad_session, bad_error, broken_error)))
    summary = validate_responses.validate_file(wrong)
    assert summary.validated == 3
    assert [i.line for i in summary.invalid] == [2, 3, 4]
    assert any("status" in e for e in summary.invalid[0].errors)
    assert any("livemode" in e for e in summary.invalid[0].errors)
    assert not summary.ok
    assert validate_responses.main([str(wrong)]) == 1
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert validate_responses.main([str(empty)]) == 1

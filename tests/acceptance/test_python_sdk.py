"""The official `stripe` Python SDK, unchanged except for its API base, against the sandbox.

Both SDK styles are exercised: the global-module style (`stripe.api_base`,
`stripe.identity.VerificationSession.create(...)`) and the `StripeClient` style
(`client.v1.identity.verification_sessions.create(params=...)`). Test outcomes are submitted
through the sandbox's private `/_sandbox/verification_pages/{client_secret}/submit` endpoint.
"""

from __future__ import annotations

import time
import uuid

import pytest
import stripe

from conftest import Sandbox, new_secret_key, unique

SESSIONS = "/v1/identity/verification_sessions"


@pytest.fixture
def sdk(sandbox: Sandbox):
    """Configures the global `stripe` module for the sandbox; restores it afterwards."""
    saved = (stripe.api_key, stripe.api_base, stripe.max_network_retries)
    stripe.api_key = sandbox.key
    stripe.api_base = sandbox.url
    stripe.max_network_retries = 2
    try:
        yield stripe
    finally:
        stripe.api_key, stripe.api_base, stripe.max_network_retries = saved


@pytest.fixture
def client(sandbox: Sandbox) -> stripe.StripeClient:
    return stripe.StripeClient(sandbox.key, base_addresses={"api": sandbox.url}, max_network_retries=2)


VS = stripe.identity.VerificationSession


def assert_request_id(obj) -> None:
    rid = obj.last_response.request_id
    assert isinstance(rid, str) and rid.startswith("req_"), rid


def assert_error(exc_info, cls, http_status, code=None, param=None, message_part=None):
    err = exc_info.value
    assert type(err) is cls, f"{type(err).__name__}: {err}"
    assert err.http_status == http_status
    # The parsed error body; stripe-python only copies code/param onto some error classes.
    body = err.json_body["error"]
    assert body.get("code") == code
    assert body.get("param") == param
    if isinstance(err, stripe.InvalidRequestError):
        assert err.code == code
        assert err.param == param
    if message_part is not None:
        assert message_part in str(err.user_message), err.user_message
    assert isinstance(err.request_id, str) and err.request_id.startswith("req_"), err.request_id
    return err


# ---------------------------------------------------------------------------------------
# create / retrieve / update
# ---------------------------------------------------------------------------------------


def test_create_with_all_options_global_style(sdk, sandbox):
    ref = unique("py_create")
    session = VS.create(
        type="document",
        options={
            "document": {
                "allowed_types": ["driving_license", "passport"],
                "require_matching_selfie": True,
                "require_live_capture": True,
                "require_id_number": False,
            }
        },
        metadata={"kiosk_id": "K42", "lane": "3"},
        client_reference_id=ref,
        provided_details={"email": "jenny@example.com"},
        return_url="https://example.com/done",
        expand=["provided_details"],
    )
    assert isinstance(session, VS)
    assert session.object == "identity.verification_session"
    assert session.id.startswith("vs_")
    assert session.status == "requires_input"
    assert session.type == "document"
    assert session.livemode is False
    assert session.client_reference_id == ref
    assert session.metadata.to_dict() == {"kiosk_id": "K42", "lane": "3"}
    assert session.options.document.to_dict() == {
        "allowed_types": ["driving_license", "passport"],
        "require_matching_selfie": True,
        "require_live_capture": True,
        "require_id_number": False,
    }
    assert session.provided_details.email == "jenny@example.com"
    assert session.client_secret.startswith(session.id + "_secret_test_")
    assert session.url.startswith(sandbox.url + "/start/test_")
    assert session.last_error is None
    assert session.last_verification_report is None
    assert session.redaction is None
    assert abs(session.created - time.time()) < 120
    assert_request_id(session)
    # What went over the wire: the SDK's indexed arrays, booleans as true/false.
    logged = sandbox.requests_log(request_id=session.last_response.request_id)
    assert len(logged) == 1
    entry = logged[0]
    assert entry["method"] == "POST" and entry["path"] == SESSIONS and entry["status"] == 200
    assert entry["authorization"] == "bearer"
    assert entry["idempotency_key"], "stripe-python sends an Idempotency-Key on every POST"
    assert entry["body"]["options"]["document"]["require_matching_selfie"] == "true"


def test_create_with_client_style(client, sandbox):
    ref = unique("py_client")
    vs = client.v1.identity.verification_sessions
    session = vs.create(
        params={
            "type": "id_number",
            "metadata": {"order": "1"},
            "client_reference_id": ref,
        }
    )
    assert isinstance(session, VS)
    assert session.type == "id_number"
    assert session.metadata.to_dict() == {"order": "1"}
    assert session.options.to_dict() == {}
    assert_request_id(session)
    fetched = vs.retrieve(session.id)
    assert fetched.id == session.id and fetched.client_reference_id == ref
    updated = vs.update(session.id, params={"metadata": {"order": "2"}})
    assert updated.metadata.to_dict() == {"order": "2"}
    listed = vs.list(params={"client_reference_id": ref})
    assert [s.id for s in listed.data] == [session.id]
    canceled = vs.cancel(session.id)
    assert canceled.status == "canceled"
    assert canceled.client_secret is None and canceled.url is None


def test_retrieve_gives_a_fresh_client_secret_while_requires_input(sdk, sandbox):
    created = VS.create(type="document")
    again = VS.retrieve(created.id)
    assert again.id == created.id
    assert again.status == "requires_input"
    assert again.client_secret.startswith(created.id + "_secret_test_")
    assert again.client_secret != created.client_secret
    assert again.url != created.url
    assert_request_id(again)
    # Both secrets are usable until one is spent.
    assert sandbox.page_info(created.client_secret).status_code == 200
    assert sandbox.page_info(again.client_secret).status_code == 200
    sandbox.submit(again.client_secret, "verified")
    spent = sandbox.page_info(created.client_secret)
    assert spent.status_code == 410
    assert spent.json()["error"]["code"] == "client_secret_used"
    assert sandbox.page_info(created.id + "_secret_test_nope").status_code == 404
    verified = VS.retrieve(created.id)
    assert verified.status == "verified"
    assert verified.client_secret is None and verified.url is None


def test_update_sets_and_unsets_metadata(sdk):
    session = VS.create(type="document", metadata={"a": "1", "b": "2"})
    updated = VS.modify(session.id, metadata={"b": "", "c": "3"})
    assert updated.metadata.to_dict() == {"a": "1", "c": "3"}
    updated = VS.modify(
        session.id,
        type="id_number",
        options={"document": {"require_matching_selfie": True}},
    )
    assert updated.type == "id_number"
    assert updated.options.document.to_dict() == {"require_matching_selfie": True}
    assert updated.metadata.to_dict() == {"a": "1", "c": "3"}
    # Posting an empty value to metadata clears all keys.
    cleared = VS.modify(session.id, metadata="")
    assert cleared.metadata.to_dict() == {}
    assert VS.retrieve(session.id).metadata.to_dict() == {}


# ---------------------------------------------------------------------------------------
# list + pagination
# ---------------------------------------------------------------------------------------


def test_list_filters(sdk, sandbox):
    ref = unique("py_filter")
    first = VS.create(type="document", client_reference_id=ref)
    second = VS.create(type="document", client_reference_id=ref)
    VS.cancel(second.id)
    other = VS.create(type="document", client_reference_id=unique("py_other"))

    page = VS.list(client_reference_id=ref)
    assert page.object == "list"
    assert page.url == SESSIONS
    assert page.has_more is False
    assert [s.id for s in page.data] == [second.id, first.id]
    assert_request_id(page)

    canceled = VS.list(client_reference_id=ref, status="canceled")
    assert [s.id for s in canceled.data] == [second.id]
    open_ = VS.list(client_reference_id=ref, status="requires_input")
    assert [s.id for s in open_.data] == [first.id]

    since = VS.list(client_reference_id=ref, created={"gte": first.created})
    assert [s.id for s in since.data] == [second.id, first.id]
    future = VS.list(client_reference_id=ref, created={"gt": second.created + 3600})
    assert future.data == []
    past = VS.list(client_reference_id=ref, created={"lt": first.created})
    assert past.data == []
    exact = VS.list(client_reference_id=ref, created=first.created)
    assert first.id in [s.id for s in exact.data]
    assert other.id not in [s.id for s in VS.list(client_reference_id=ref, limit=100).data]


def test_auto_paging_over_several_pages(sdk, sandbox):
    ref = unique("py_pages")
    ids = [VS.create(type="document", client_reference_id=ref).id for _ in range(5)]
    newest_first = list(reversed(ids))

    first_page = VS.list(limit=2, client_reference_id=ref)
    assert [s.id for s in first_page.data] == newest_first[:2]
    assert first_page.has_more is True

    before = len(sandbox.requests_log())
    seen = [s.id for s in first_page.auto_paging_iter()]
    assert seen == newest_first, "every session exactly once, newest first"
    pages = [r for r in sandbox.requests_log()[before:] if r["method"] == "GET" and r["path"] == SESSIONS]
    assert [p["query"].get("starting_after") for p in pages] == [newest_first[1], newest_first[3]]

    last_page = VS.list(limit=2, client_reference_id=ref, starting_after=newest_first[3])
    assert [s.id for s in last_page.data] == [newest_first[4]]
    assert last_page.has_more is False

    # Backwards: the `limit` sessions just newer than the cursor, still newest first.
    back = VS.list(limit=2, client_reference_id=ref, ending_before=ids[0])
    assert [s.id for s in back.data] == [ids[2], ids[1]]
    assert back.has_more is True
    # stripe-python pages backwards from there and yields oldest to newest.
    assert [s.id for s in back.auto_paging_iter()] == ids[1:]

    top = VS.list(limit=2, client_reference_id=ref, ending_before=ids[2])
    assert [s.id for s in top.data] == [ids[4], ids[3]]
    assert top.has_more is False


def test_client_style_auto_paging(client):
    ref = unique("py_client_pages")
    vs = client.v1.identity.verification_sessions
    ids = [vs.create(params={"type": "id_number", "client_reference_id": ref}).id for _ in range(5)]
    page = vs.list(params={"limit": 2, "client_reference_id": ref})
    assert [s.id for s in page.auto_paging_iter()] == list(reversed(ids))


# ---------------------------------------------------------------------------------------
# cancel / redact / state machine
# ---------------------------------------------------------------------------------------


def test_cancel_and_forbidden_transitions(sdk, sandbox):
    session = VS.create(type="document")
    canceled = VS.cancel(session.id)
    assert canceled.status == "canceled"
    assert canceled.client_secret is None and canceled.url is None
    assert_request_id(canceled)
    # The old secret no longer opens the flow.
    assert sandbox.page_info(session.client_secret).status_code == 410

    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.cancel(session.id)
    assert_error(exc, stripe.InvalidRequestError, 400, message_part="canceled")

    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.modify(session.id, metadata={"x": "y"})
    assert_error(exc, stripe.InvalidRequestError, 400, message_part="canceled")

    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.redact(session.id)
    assert_error(exc, stripe.InvalidRequestError, 400, message_part="canceled")

    verified = VS.create(type="document")
    sandbox.submit(verified.client_secret, "verified")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.cancel(verified.id)
    assert_error(exc, stripe.InvalidRequestError, 400, message_part="verified")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.modify(verified.id, metadata={"x": "y"})
    assert_error(exc, stripe.InvalidRequestError, 400, message_part="verified")


def test_redact_verified_session(sdk, sandbox):
    session = VS.create(
        type="document",
        metadata={"k": "v"},
        provided_details={"email": "jenny@example.com"},
    )
    sandbox.submit(session.client_secret, "verified")
    redacted = VS.redact(session.id)
    assert redacted.status == "verified"
    assert redacted.redaction.status == "processing"
    assert redacted.metadata.to_dict() == {}
    assert_request_id(redacted)
    deadline = time.monotonic() + 15
    while VS.retrieve(session.id).redaction.status != "redacted":
        assert time.monotonic() < deadline, "redaction never finished"
        time.sleep(0.25)
    final = VS.retrieve(session.id, expand=["verified_outputs", "provided_details"])
    assert final.verified_outputs.first_name == "[redacted]"
    assert final.provided_details.email == "[redacted]"
    # Redacting again is a no-op; updating is refused.
    assert VS.redact(session.id).redaction.status == "redacted"
    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.modify(session.id, metadata={"k": "again"})
    assert_error(exc, stripe.InvalidRequestError, 400, message_part="redacted")


def test_redact_requires_input_session_also_cancels_it(sdk):
    session = VS.create(type="document", metadata={"k": "v"})
    redacted = VS.redact(session.id)
    assert redacted.status == "canceled"
    assert redacted.redaction.status in ("processing", "redacted")
    assert redacted.client_secret is None
    assert redacted.metadata.to_dict() == {}


# ---------------------------------------------------------------------------------------
# reports and expansion after a submission
# ---------------------------------------------------------------------------------------


def test_reports_after_submission(sdk, sandbox):
    ref = unique("py_reports")
    session = VS.create(
        type="document",
        client_reference_id=ref,
        options={"document": {"allowed_types": ["passport"], "require_matching_selfie": True}},
    )
    summary = sandbox.submit(session.client_secret, "unverified")
    assert summary == {"id": session.id, "status": "requires_input", "type": "document", "livemode": False}
    failed = VS.retrieve(session.id)
    assert failed.status == "requires_input"
    assert failed.last_error.code == "document_unverified_other"
    assert failed.last_error.reason
    assert failed.client_secret and failed.client_secret != session.client_secret
    first_report_id = failed.last_verification_report
    assert first_report_id.startswith("vr_")

    sandbox.submit(failed.client_secret, "verified")
    verified = VS.retrieve(session.id)
    assert verified.status == "verified"
    assert verified.last_error is None
    second_report_id = verified.last_verification_report
    assert second_report_id.startswith("vr_") and second_report_id != first_report_id

    Report = stripe.identity.VerificationReport
    reports = Report.list(verification_session=session.id)
    assert reports.url == "/v1/identity/verification_reports"
    assert [r.id for r in reports.data] == [second_report_id, first_report_id]
    assert_request_id(reports)
    assert [r.id for r in Report.list(client_reference_id=ref, limit=1).data] == [second_report_id]
    assert Report.list(verification_session=session.id, type="id_number").data == []

    bad = Report.retrieve(first_report_id)
    assert isinstance(bad, Report)
    assert bad.object == "identity.verification_report"
    assert bad.verification_session == session.id
    assert bad.client_reference_id == ref
    assert bad.type == "document"
    assert bad.document.status == "unverified"
    assert bad.document.error.code == "document_unverified_other"
    good = Report.retrieve(second_report_id)
    assert good.document.status == "verified"
    assert good.document.error is None
    assert good.document.type == "passport"
    assert good.selfie.status == "verified"
    assert good.options.document.require_matching_selfie is True
    assert_request_id(good)

    with pytest.raises(stripe.InvalidRequestError) as exc:
        Report.retrieve("vr_doesnotexist")
    assert_error(exc, stripe.InvalidRequestError, 404, code="resource_missing", param="report")


def test_expand_after_verified_submission(sdk, sandbox, client):
    session = VS.create(type="document", provided_details={"email": "jenny@example.com"})
    sandbox.submit(session.client_secret, "verified")
    plain = VS.retrieve(session.id)
    assert "verified_outputs" not in plain
    assert isinstance(plain.last_verification_report, str)

    full = VS.retrieve(session.id, expand=["verified_outputs", "last_verification_report"])
    assert full.status == "verified"
    outputs = full.verified_outputs
    assert outputs.first_name and outputs.last_name
    assert outputs.email == "jenny@example.com"
    assert outputs.dob is None, "dob needs a restricted key and explicit expansion"
    report = full.last_verification_report
    assert isinstance(report, stripe.identity.VerificationReport)
    assert report.id.startswith("vr_")
    assert report.verification_session == session.id
    assert report.document.status == "verified"

    listed = client.v1.identity.verification_sessions.list(
        params={"limit": 1, "expand": ["data.last_verification_report"]}
    )
    assert listed.data[0].id == session.id
    assert listed.data[0].last_verification_report.id == report.id

    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.retrieve(session.id, expand=["metadata"])
    assert_error(exc, stripe.InvalidRequestError, 400)


def test_async_outcome_goes_through_processing(sdk, sandbox):
    session = VS.create(type="document")
    summary = sandbox.submit(session.client_secret, "verified_async")
    assert summary["status"] == "processing"
    processing = VS.retrieve(session.id)
    assert processing.status == "processing"
    assert processing.client_secret is None
    with pytest.raises(stripe.InvalidRequestError):
        VS.cancel(session.id)
    assert sandbox.wait_for_status(session.id, "verified")["last_error"] is None


# ---------------------------------------------------------------------------------------
# idempotency
# ---------------------------------------------------------------------------------------


def test_idempotent_replay_and_mismatch(sdk, sandbox, client):
    key = "py-" + str(uuid.uuid4())
    first = VS.create(type="document", metadata={"n": "1"}, idempotency_key=key)
    replay = VS.create(type="document", metadata={"n": "1"}, idempotency_key=key)
    assert replay.id == first.id
    assert replay.client_secret == first.client_secret
    assert replay.last_response.headers.get("Idempotent-Replayed") == "true"
    with pytest.raises(stripe.IdempotencyError) as exc:
        VS.create(type="document", metadata={"n": "2"}, idempotency_key=key)
    err = exc.value
    assert err.http_status == 400
    assert err.error.type == "idempotency_error"
    assert key in err.user_message
    # The same parameters through StripeClient (a different encoder path) still replay.
    again = client.v1.identity.verification_sessions.create(
        params={"type": "document", "metadata": {"n": "1"}}, options={"idempotency_key": key}
    )
    assert again.id == first.id
    # Only one session exists for that key.
    created = [r for r in sandbox.requests_log() if r["idempotency_key"] == key]
    assert [r["replayed"] for r in created] == [False, True, False, True]
    assert [r["status"] for r in created] == [200, 200, 400, 200]


# ---------------------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, code, param",
    [
        ({"type": "document", "foo": "bar"}, "parameter_unknown", "foo"),
        ({"type": "document", "options": {"email": {"require_verification": True}}}, "parameter_unknown", "options[email]"),
        ({"type": "selfie"}, None, "type"),
        ({"type": "document", "options": {"document": {"require_live_capture": "maybe"}}}, None,
         "options[document][require_live_capture]"),
        ({"type": "document", "options": {"document": {"allowed_types": ["visa"]}}}, None,
         "options[document][allowed_types][0]"),
        ({"type": "document", "metadata": {"k" * 41: "v"}}, None, "metadata[" + "k" * 41 + "]"),
        ({"type": "document", "metadata": {"k": "v" * 501}}, None, "metadata[k]"),
        ({"type": "document", "return_url": "not a url"}, "url_invalid", "return_url"),
        ({}, "parameter_missing", "type"),
    ],
    ids=["unknown", "unknown_nested", "enum", "boolean", "array_enum", "metadata_key", "metadata_value",
         "return_url", "missing_type"],
)
def test_create_validation_errors(sdk, params, code, param):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.create(**params)
    err = assert_error(exc, stripe.InvalidRequestError, 400, code=code, param=param)
    assert err.error.type == "invalid_request_error"
    assert err.user_message


@pytest.mark.parametrize("limit", [0, 101])
def test_list_limit_out_of_range(sdk, limit):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.list(limit=limit)
    assert_error(exc, stripe.InvalidRequestError, 400, code="parameter_invalid_integer", param="limit")


def test_list_bad_status_and_cursor(sdk):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.list(status="done")
    assert_error(exc, stripe.InvalidRequestError, 400, param="status")
    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.list(starting_after="vs_doesnotexist")
    assert_error(exc, stripe.InvalidRequestError, 404, code="resource_missing", param="starting_after")


def test_unknown_session_id(sdk, client):
    with pytest.raises(stripe.InvalidRequestError) as exc:
        VS.retrieve("vs_doesnotexist")
    assert_error(exc, stripe.InvalidRequestError, 404, code="resource_missing", param="session",
                 message_part="vs_doesnotexist")
    for call in (
        lambda: client.v1.identity.verification_sessions.cancel("vs_doesnotexist"),
        lambda: client.v1.identity.verification_sessions.redact("vs_doesnotexist"),
        lambda: client.v1.identity.verification_sessions.update("vs_doesnotexist", params={"metadata": {"a": "b"}}),
    ):
        with pytest.raises(stripe.InvalidRequestError) as exc:
            call()
        assert_error(exc, stripe.InvalidRequestError, 404, code="resource_missing", param="session")


def test_missing_key_is_401(sandbox):
    r = sandbox.api("GET", SESSIONS, headers={"Authorization": ""})
    assert r.status_code == 401
    assert r.headers["Request-Id"].startswith("req_")
    body = r.json()["error"]
    assert body["type"] == "invalid_request_error"
    assert "You did not provide an API key" in body["message"]


@pytest.mark.parametrize(
    "key, message_part",
    [
        ("sk_test_short", "Invalid API Key provided"),
        ("not_a_key_at_all", "Invalid API Key provided"),
        ("sk_live_" + "a" * 24, "sandbox"),
        ("pk_test_" + "a" * 24, "publishable API key"),
    ],
    ids=["malformed", "garbage", "live", "publishable"],
)
def test_bad_keys_are_authentication_errors(sdk, sandbox, key, message_part):
    with pytest.raises(stripe.AuthenticationError) as exc:
        VS.create(type="document", api_key=key)
    err = assert_error(exc, stripe.AuthenticationError, 401, message_part=message_part)
    assert key not in err.user_message, "keys are never echoed whole"
    with pytest.raises(stripe.AuthenticationError):
        stripe.StripeClient(key, base_addresses={"api": sandbox.url}).v1.identity.verification_sessions.list()


def test_revoked_key(sdk, sandbox):
    key = new_secret_key()
    VS.list(api_key=key, limit=1)
    assert sandbox.set_key_state(key, "revoked")["state"] == "revoked"
    with pytest.raises(stripe.AuthenticationError) as exc:
        VS.list(api_key=key, limit=1)
    assert_error(exc, stripe.AuthenticationError, 401, code="api_key_expired", message_part="Expired API Key")
    sandbox.set_key_state(key, "ok")
    assert VS.list(api_key=key, limit=1).object == "list"


def test_restricted_key_without_identity_permission(sdk, sandbox):
    key = "rk_test_" + new_secret_key()[len("sk_test_"):]
    sandbox.set_key_state(key, "no_identity_permission")
    with pytest.raises(stripe.PermissionError) as exc:
        VS.list(api_key=key)
    assert_error(exc, stripe.PermissionError, 403, message_part="rak_identity_product_read")
    with pytest.raises(stripe.PermissionError) as exc:
        VS.create(type="document", api_key=key)
    assert_error(exc, stripe.PermissionError, 403, message_part="rak_identity_product_write")


def test_rate_limit_fault(sdk, clean_faults):
    sandbox = clean_faults
    sandbox.add_fault(method="POST", path_prefix=SESSIONS, status=429)
    with pytest.raises(stripe.RateLimitError) as exc:
        VS.create(type="document")
    assert_error(exc, stripe.RateLimitError, 429, code="rate_limit")
    assert sandbox.faults() == []
    assert VS.create(type="document").status == "requires_input"


def test_server_error_is_retried_with_the_same_idempotency_key(sdk, clean_faults):
    sandbox = clean_faults
    sandbox.add_fault(method="POST", path_prefix=SESSIONS, status=500, count=1)
    before = len(sandbox.requests_log())
    ref = unique("py_retry")
    session = VS.create(type="document", client_reference_id=ref)
    assert session.status == "requires_input"
    attempts = [r for r in sandbox.requests_log()[before:] if r["path"] == SESSIONS and r["method"] == "POST"]
    assert len(attempts) == 2
    assert [r["status"] for r in attempts] == [500, 200]
    assert attempts[0]["fault"] == "status"
    assert attempts[0]["idempotency_key"] and attempts[0]["idempotency_key"] == attempts[1]["idempotency_key"]
    assert [s.id for s in VS.list(client_reference_id=ref).data] == [session.id]


def test_server_error_without_retries_raises_api_error(sandbox, clean_faults):
    sandbox.add_fault(method="GET", path_prefix=SESSIONS, status=503)
    client = stripe.StripeClient(sandbox.key, base_addresses={"api": sandbox.url}, max_network_retries=0)
    with pytest.raises(stripe.APIError) as exc:
        client.v1.identity.verification_sessions.list()
    assert exc.value.http_status == 503
    assert exc.value.request_id.startswith("req_")

"""The one Python client of the sandbox's test controls (`/_sandbox/*`, not part of Stripe).

The acceptance tests' and the end-to-end tests' `Sandbox` classes (and the soak, through the
latter) inherit it; the Rust tests have `identity_sandbox::testing`. It knows the control
endpoints and the verification-page endpoints a customer's modal would post to, nothing else.
"""

from __future__ import annotations

from typing import Any, Optional

import requests


class SandboxControl:
    """Controls of the sandbox at `self.url`, over `self.http` (set by the subclass)."""

    url: str
    http: requests.Session

    def add_fault(self, **fault: Any) -> list:
        """`POST /_sandbox/faults` with a JSON fault (method, path_prefix, count, status, ...);
        returns every pending fault."""
        r = self.http.post(f"{self.url}/_sandbox/faults", json=fault, timeout=10)
        r.raise_for_status()
        return r.json()["faults"]

    def faults(self) -> list:
        r = self.http.get(f"{self.url}/_sandbox/faults", timeout=10)
        r.raise_for_status()
        return r.json()["faults"]

    def clear_faults(self) -> int:
        r = self.http.delete(f"{self.url}/_sandbox/faults", timeout=10)
        r.raise_for_status()
        return r.json()["cleared"]

    def set_key_state(self, key: str, state: str) -> dict:
        """`POST /_sandbox/keys`: state is ok, revoked or no_identity_permission."""
        r = self.http.post(f"{self.url}/_sandbox/keys", json={"key": key, "state": state}, timeout=10)
        r.raise_for_status()
        return r.json()

    def requests_log(self, request_id: Optional[str] = None) -> list:
        """`GET /_sandbox/requests`: the last 500 `/v1/` requests, oldest first."""
        params = {"request_id": request_id} if request_id else None
        r = self.http.get(f"{self.url}/_sandbox/requests", params=params, timeout=10)
        r.raise_for_status()
        body = r.json()
        assert body["object"] == "list"
        return body["data"]

    def page_info(self, client_secret: str) -> requests.Response:
        return self.http.get(f"{self.url}/_sandbox/verification_pages/{client_secret}", timeout=10)

    def submit_raw(self, client_secret: str, outcome: str) -> requests.Response:
        return self.http.post(
            f"{self.url}/_sandbox/verification_pages/{client_secret}/submit",
            data={"outcome": outcome},
            timeout=10,
        )

    def submit(self, client_secret: str, outcome: str) -> dict:
        """Submits a test outcome (verified, unverified, verified_async, unverified_async)."""
        r = self.submit_raw(client_secret, outcome)
        assert r.status_code == 200, r.text
        return r.json()["verification_session"]

    def decline(self, client_secret: str) -> dict:
        r = self.http.post(f"{self.url}/_sandbox/verification_pages/{client_secret}/decline", timeout=10)
        assert r.status_code == 200, r.text
        return r.json()["verification_session"]

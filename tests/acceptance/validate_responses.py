"""Validates recorded sandbox responses against the Stripe Identity OpenAPI spec.

Usage: python validate_responses.py RECORD.jsonl [SPEC.json]

RECORD.jsonl is what the sandbox writes when started with IDENTITY_SANDBOX_RECORD: one line
per `/v1/` response, `{"method", "path", "status", "body"}`. SPEC.json defaults to the repo's
embedded copy `src-tauri/identity-sandbox/spec/identity-openapi.json`, else
`../shared/stripe/identity-openapi.json` relative to the repo root.

Each body is matched to its operation (method + path template from the spec's `paths`) and
validated with openapi-schema-validator's OAS30Validator (which understands `nullable`),
extended for two Stripe conventions that a strict OAS 3.0.3 reading rejects for null:
nullable references written `{"anyOf": [{"$ref": ...}], "nullable": true}` (no `type`), and
nullable enums whose `enum` list lacks null (`sex`, `document.type`). Here `nullable: true`
admits null next to `anyOf`/`oneOf`/`allOf`/`enum`, as Stripe means it (its SDKs type these
fields `| null`):
status 200 against the operation's `200` response schema, other statuses against its
`default` (error) schema. A 200 line whose body is null is a deliberately malformed
response (fault injection `malformed`): it is counted and skipped. Prints
"N responses validated, M invalid" plus the first errors of each invalid one, then the closing
line "schema: N passed, M failed"; exits 1 if
any is invalid or if nothing was validated.

Importable: `validate_file(record, spec) -> Summary`, `main(argv) -> exit code`.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from jsonschema.validators import extend
from openapi_schema_validator import OAS30Validator

REPO_ROOT = Path(__file__).resolve().parents[2]
MAX_ERRORS_SHOWN = 3


def default_spec_path() -> Path:
    embedded = REPO_ROOT / "src-tauri" / "identity-sandbox" / "spec" / "identity-openapi.json"
    if embedded.exists():
        return embedded
    return (REPO_ROOT / ".." / "shared" / "stripe" / "identity-openapi.json").resolve()


def _nullable_aware(keyword: str):
    base = OAS30Validator.VALIDATORS[keyword]

    def check(validator, value, instance, schema):
        if instance is None and schema.get("nullable") is True:
            return
        yield from base(validator, value, instance, schema)

    return check


StripeOAS30Validator = extend(
    OAS30Validator,
    {k: _nullable_aware(k) for k in ("anyOf", "oneOf", "allOf", "enum")},
)


@dataclass
class Invalid:
    line: int
    method: str
    path: str
    status: int
    errors: List[str]


@dataclass
class Summary:
    validated: int = 0
    malformed_skipped: int = 0
    invalid: List[Invalid] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.validated > 0 and not self.invalid


class SpecIndex:
    """Path templates of the spec and a validator per (template, method, status class)."""

    def __init__(self, spec: Dict[str, Any]):
        self.spec = spec
        self.templates: List[Tuple[re.Pattern, str]] = []
        # Literal paths first so `/x/{id}` never shadows a literal sibling.
        for template in sorted(spec["paths"], key=lambda t: (t.count("{"), -len(t))):
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            self.templates.append((re.compile(pattern), template))
        self._validators: Dict[Tuple[str, str, str], Any] = {}

    def template_for(self, path: str) -> Optional[str]:
        for pattern, template in self.templates:
            if pattern.match(path):
                return template
        return None

    def validator(self, template: str, method: str, response: str) -> Optional[Any]:
        key = (template, method, response)
        if key not in self._validators:
            operation = self.spec["paths"][template].get(method.lower())
            if operation is None or response not in operation["responses"]:
                return None
            schema = operation["responses"][response]["content"]["application/json"]["schema"]
            # Make `#/components/...` references resolvable from the response schema.
            rooted = dict(schema, components=self.spec["components"])
            StripeOAS30Validator.check_schema(rooted)
            self._validators[key] = StripeOAS30Validator(rooted)
        return self._validators[key]


def _describe(error) -> str:
    # For a failed anyOf, report the branch error that got deepest into the instance.
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    return f"at {where}: {error.message[:300]}"


def validate_file(record: Path, spec_path: Optional[Path] = None) -> Summary:
    spec = json.loads(Path(spec_path or default_spec_path()).read_text())
    index = SpecIndex(spec)
    summary = Summary()
    for number, raw in enumerate(Path(record).read_text().splitlines(), start=1):
        if not raw.strip():
            continue
        entry = json.loads(raw)
        method, path, status, body = entry["method"], entry["path"], int(entry["status"]), entry["body"]

        def bad(*errors: str) -> None:
            summary.invalid.append(Invalid(number, method, path, status, list(errors)))

        if body is None:
            if status == 200:
                summary.malformed_skipped += 1
            else:
                bad("body is not JSON")
            continue
        template = index.template_for(path)
        if template is None:
            # Only an unrouted path may answer with an error; check that it is Stripe-shaped.
            template = next(iter(spec["paths"]))
            if status == 200:
                bad("200 for a path that is not in the spec")
                continue
            validator = index.validator(template, "get", "default")
        else:
            response = "200" if status == 200 else "default"
            validator = index.validator(template, method, response)
            if validator is None:
                # e.g. a 404 for a method the spec does not define on this path: error shape.
                if status == 200:
                    bad(f"no {method} operation on {template} in the spec")
                    continue
                validator = index.validator(template, next(iter(spec["paths"][template])), "default")
        assert validator is not None
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        summary.validated += 1
        if errors:
            bad(*(_describe(e) for e in errors[:MAX_ERRORS_SHOWN]))
    return summary


def main(argv: Optional[List[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not 1 <= len(args) <= 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    record = Path(args[0])
    spec = Path(args[1]) if len(args) == 2 else default_spec_path()
    summary = validate_file(record, spec)
    print(f"{summary.validated} responses validated, {len(summary.invalid)} invalid")
    if summary.malformed_skipped:
        print(f"{summary.malformed_skipped} deliberately malformed (injected fault) responses skipped")
    for inv in summary.invalid:
        print(f"INVALID line {inv.line}: {inv.method} {inv.path} -> {inv.status}")
        for err in inv.errors:
            print(f"    {err}")
    if summary.validated == 0:
        print("nothing was validated", file=sys.stderr)
    # Last, the plain closing line CI reads: one response is one check.
    print(f"schema: {summary.validated} passed, {len(summary.invalid)} failed")
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())

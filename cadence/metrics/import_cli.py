"""``cadence import FILE --engagement UUID [--dry-run] [--json] [--as EMAIL] [--exchange-rate RATE]``.

The same services as the pages (``services.upload`` / ``analyse`` / ``confirm`` / ``write``), run in this
process whatever the file's size. Prints the detected platform and variant, the period, the currency, the
rows, the totals per measure and the problems with their line numbers (JSON with ``--json``). ``--dry-run``
reads the file and writes nothing, not even the import's history row. Exit status: 0 imported (or, with
``--dry-run``, importable), 1 a file it cannot import (unreadable, not recognised, errors, a currency without
its rate), 2 wrong arguments (an unknown engagement or user, a user who may not import).
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cadence import",
                                     description="Import an ad or analytics export (CSV or XLSX) into an engagement.")
    parser.add_argument("file", type=Path, help="the export file")
    parser.add_argument("--engagement", required=True, help="the engagement's id (its UUID, as in its address)")
    parser.add_argument("--dry-run", action="store_true", help="read and check the file; write nothing")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--as", dest="as_email", default="",
                        help="the member the import is made as (default: the workspace's first owner)")
    parser.add_argument("--exchange-rate", default=None,
                        help="1 unit of the file's currency in the engagement's currency (when they differ)")
    return parser


def _problem_lines(summary: dict[str, Any], engagement_currency: str) -> list[dict[str, Any]]:
    from cadence.metrics import queries

    return [{**p, "message": queries.describe(p, engagement_currency=engagement_currency)}
            for p in summary.get("problems") or []]


def _print_text(out: TextIO, data: dict[str, Any]) -> None:
    summary = data.get("summary") or {}
    if data.get("error"):
        out.write(f"{data['error']}\n")
    if summary.get("platform"):
        out.write(f"Platform: {summary['platform']}\nVariant: {summary.get('variant', '')}\n")
        out.write(f"Period: {summary.get('first_day') or '-'} .. {summary.get('last_day') or '-'}\n")
        out.write(f"Currency: {summary.get('currency') or '-'}\n")
        out.write(f"Rows: {summary.get('rows', 0)}\nCampaigns: {summary.get('campaign_count', 0)}\n")
        totals = summary.get("totals") or {}
        if totals:
            out.write("Totals:\n")
            for name, value in totals.items():
                out.write(f"  {name}: {value}\n")
    elif summary.get("headers"):
        out.write("Headers: " + " | ".join(summary["headers"]) + "\n")
    problems = data.get("problems") or []
    if problems:
        out.write(f"Problems ({summary.get('problem_count', len(problems))}):\n")
        for problem in problems:
            where = f"line {problem['line']}" if problem.get("line") else "file"
            out.write(f"  {where} [{problem.get('severity')}] {problem['message']}\n")
    for note in data.get("budget") or []:
        out.write(f"Budget: {note}\n")
    if data.get("written") is not None:
        out.write(f"Written: {data['written']} rows (import {data.get('batch')})\n")


def _find(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    from django.http import Http404

    from cadence.core.models import Membership, Role, Workspace
    from cadence.core.scoping import scope, scopes_disabled
    from cadence.engagements import access

    try:
        engagement_id = uuid.UUID(str(args.engagement))
    except ValueError:
        raise LookupError(f"no engagement with the id {args.engagement}") from None
    with scopes_disabled():
        workspace = Workspace.objects.filter(engagements__uuid=engagement_id).first()
        if workspace is None:
            raise LookupError(f"no engagement with the id {args.engagement}")
        members = Membership.objects.filter(workspace=workspace).select_related("user", "workspace")
        if args.as_email:
            membership = members.filter(user__email__iexact=args.as_email).first()
            if membership is None:
                raise LookupError(f"{args.as_email} is not a member of the engagement's workspace")
        else:
            membership = members.filter(role=Role.OWNER).order_by("id").first()
            if membership is None:
                raise LookupError("the workspace has no owner; name a member with --as")
    with scope(workspace=workspace):
        try:
            engagement = access.get_engagement(membership, engagement_id)
        except Http404:
            raise LookupError(f"{membership.user.email} cannot see the engagement {args.engagement}") from None
    return engagement, membership, membership.user


def run(args: argparse.Namespace, out: TextIO) -> int:
    from django.utils import translation

    from cadence.core.errors import DomainError
    from cadence.core.scoping import scope
    from cadence.metrics import problems as wording
    from cadence.metrics import services
    from cadence.metrics.domain import reader
    from cadence.metrics.models import Status

    translation.activate("en")
    try:
        engagement, membership, user = _find(args)
    except LookupError as exc:
        sys.stderr.write(f"cadence import: {exc}\n")
        return EXIT_USAGE
    if not args.file.is_file():
        sys.stderr.write(f"cadence import: {args.file} is not a file\n")
        return EXIT_USAGE
    data: dict[str, Any] = {"file": str(args.file), "engagement": str(engagement.uuid), "dry_run": args.dry_run}
    code = EXIT_OK
    with scope(workspace=engagement.workspace):
        if not membership.can("metrics.import"):
            sys.stderr.write(f"cadence import: {user.email} may not import into this workspace\n")
            return EXIT_USAGE
        if args.dry_run:
            code = _dry_run(args, engagement, data, services, reader, wording)
        else:
            try:
                with args.file.open("rb") as stream:
                    batch = services.upload(actor=user, membership=membership, engagement=engagement, stream=stream,
                                            file_name=args.file.name, size=args.file.stat().st_size,
                                            background=False)
                data["batch"] = str(batch.uuid)
                data["summary"] = batch.summary
                data["status"] = batch.status
                if batch.status == Status.READY and _importable(batch.summary, args.exchange_rate):
                    batch = services.confirm(actor=user, membership=membership, batch=batch,
                                             exchange_rate=args.exchange_rate, background=False)
                    data["status"] = batch.status
                if batch.status == Status.DONE:
                    data["written"] = batch.rows_written
                    data["budget"] = [_budget_text(n) for n in batch.summary.get("budget") or []]
                else:
                    code = EXIT_REFUSED
                    data["error"] = batch.error or _why(batch.status, batch.summary, args.exchange_rate)
                    if batch.status in services.DISCARDABLE:  # nothing was written: no history row left behind
                        services.discard(actor=user, membership=membership, batch=batch)
                        data["batch"] = None
            except DomainError as exc:
                data["error"], code = exc.message, EXIT_REFUSED
    summary = data.get("summary") or {}
    data["problems"] = _problem_lines(summary, engagement.currency)
    if args.json:
        json.dump(data, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    else:
        _print_text(out, data)
    return code


def _importable(summary: dict[str, Any], rate: Any) -> bool:
    mismatch = bool(summary.get("currency_mismatch"))
    errors = int(summary.get("error_count", 0)) - (1 if mismatch else 0)
    return errors <= 0 and (not mismatch or rate is not None)


def _why(status: str, summary: dict[str, Any], rate: Any) -> str:
    from django.utils.translation import gettext as _

    from cadence.metrics.models import Status

    if status == Status.NEEDS_MAPPING:
        return _("This file's layout is not known: map its columns on the imports page first.")
    if summary.get("currency_mismatch") and rate is None and int(summary.get("error_count", 0)) == 1:
        return _("This file is in another currency: enter the exchange rate to convert it.")
    return _("This file has errors; correct them and upload it again. Nothing was written.")


def _budget_text(note: dict[str, Any]) -> str:
    from cadence.metrics import queries

    return queries._budget_note(note).message


def _dry_run(args: argparse.Namespace, engagement: Any, data: dict[str, Any], services: Any, reader: Any,
             wording: Any) -> int:
    from cadence.core.errors import DomainError

    size = args.file.stat().st_size
    if size > services._max_bytes():
        data["error"] = services._too_big().message
        return EXIT_REFUSED
    try:
        with args.file.open("rb") as stream:
            summary, _profile = services.preview(stream, workspace_id=engagement.workspace_id,
                                                 engagement_currency=engagement.currency)
    except reader.FileRefused as exc:
        data["error"] = wording.refusal(exc)
        return EXIT_REFUSED
    except services.Unrecognised as exc:
        data["summary"] = services._recognition_json(exc.recognition)
        data["error"] = _why("needs_mapping", {}, None)
        return EXIT_REFUSED
    except DomainError as exc:
        data["error"] = exc.message
        return EXIT_REFUSED
    data["summary"] = summary
    if args.exchange_rate is not None and summary.get("currency_mismatch"):
        try:
            services.clean_rate(args.exchange_rate)
        except DomainError as exc:
            data["error"] = exc.message
            return EXIT_REFUSED
    if not _importable(summary, args.exchange_rate):
        data["error"] = _why("ready", summary, args.exchange_rate)
        return EXIT_REFUSED
    data["totals_in_engagement_currency"] = _converted(summary, args.exchange_rate)
    return EXIT_OK


def _converted(summary: dict[str, Any], rate: Any) -> dict[str, str] | None:
    if not summary.get("currency_mismatch") or rate is None:
        return None
    from cadence.metrics.domain.facts import MONEY

    factor = Decimal(str(rate).replace(",", "."))
    return {name: str((Decimal(value) * factor).quantize(Decimal("0.01")))
            for name, value in (summary.get("totals") or {}).items() if name in MONEY}


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    import django

    django.setup()
    return run(args, sys.stdout)

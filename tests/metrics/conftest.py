"""Shared helpers of the pipeline's tests: members, uploads of sample and generated exports."""

import io
from pathlib import Path

import pytest

from cadence.core.models import Membership

DATA = Path("/work/shared/data")
if not DATA.exists():  # the samples next to the repository (../shared/data)
    DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

META_HEADER = ("Reporting starts,Reporting ends,Campaign name,Results,Reach,Amount spent (EUR),Impressions,"
               "Link clicks\n")


def meta_csv(rows, currency="EUR"):
    """A Meta Ads Manager daily export: rows of (start, end, campaign, spend, impressions, clicks)."""
    lines = [META_HEADER.replace("(EUR)", f"({currency})")]
    for start, end, campaign, spend, impressions, clicks in rows:
        lines.append(f"{start},{end},{campaign},{clicks},{impressions},{spend},{impressions},{clicks}\n")
    return "".join(lines).encode("utf-8")


@pytest.fixture
def members(workspace, owner, manager, specialist, approver, viewer):
    return {u: Membership.objects.get(workspace=workspace, user=u) for u in (owner, manager, specialist, approver,
                                                                            viewer)}


@pytest.fixture
def upload(engagement, specialist, members):
    from cadence.metrics import services

    def _upload(content, name="export.csv", user=None, **kwargs):
        user = user or specialist
        data = content if isinstance(content, bytes) else (DATA / content).read_bytes()
        kwargs.setdefault("size", len(data))
        return services.upload(actor=user, membership=members[user], engagement=engagement,
                               stream=io.BytesIO(data), file_name=name, **kwargs)

    return _upload

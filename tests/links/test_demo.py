"""The links' part of the demo: the workspace's naming rule and five campaign links per engagement, built
through the services (so their URLs follow the builder), each classified by GA4 without "Unassigned"."""

from __future__ import annotations

import re

import pytest

from cadence.links.domain import ga4
from cadence.links.models import UtmLink, UtmRule


@pytest.mark.django_db
def test_the_demo_has_campaign_links(demo_build):
    found = re.search(r", (\d+) campaign links", demo_build.output)
    assert found is not None, demo_build.output
    links = UtmLink.objects.filter(workspace__slug="demo")
    assert int(found[1]) == links.count() > 0
    per_engagement = {e: links.filter(engagement_id=e).count() for e in links.values_list("engagement_id", flat=True)}
    assert set(per_engagement.values()) == {5}
    assert UtmRule.objects.get(workspace__slug="demo").separator == "_"
    for link in links:
        assert link.url.startswith("https://") and f"utm_campaign={link.campaign}" in link.url
        assert ga4.classify(link.source, link.medium, link.campaign) is not ga4.ChannelGroup.UNASSIGNED

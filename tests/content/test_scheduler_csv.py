"""The scheduler CSV formats (pure): Hootsuite (no header, DD/MM/YYYY HH:mm, 350 rows, 5-minute steps),
Sprout Social (header, 350 rows, 10 minutes apart), the generic file in and out, encodings and delimiters,
and every bad line reported with its number."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

from cadence.content import scheduler_csv as sc

TZ = ZoneInfo("Europe/Bucharest")
F = sc.ExportFormat


def post(n=1, *, at=dt.datetime(2026, 11, 3, 10, 0, tzinfo=TZ), channel="instagram", caption="Pâine caldă",
         link="https://shop.example.ro/?utm_source=instagram", title=""):
    return sc.ExportPost(uid=f"00000000-0000-0000-0000-{n:012d}", channel=channel, format="image", title=title,
                         text=caption + "\n\n#paine", caption=caption, hashtags=("paine",), link=link,
                         publish_at=at.astimezone(dt.UTC), status="scheduled")


def test_hootsuite_export_has_no_header_and_local_day_first_times():
    text = sc.export(F.HOOTSUITE, [post(2, at=dt.datetime(2026, 11, 4, 18, 30, tzinfo=TZ)), post(1)], TZ,
                     time_zone_name="Europe/Bucharest")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["03/11/2026 10:00", "Pâine caldă\n\n#paine", "https://shop.example.ro/?utm_source=instagram"],
                    ["04/11/2026 18:30", "Pâine caldă\n\n#paine", "https://shop.example.ro/?utm_source=instagram"]]
    assert text.endswith("\r\n") and not text.startswith("\ufeff")


def test_hootsuite_refuses_minutes_off_the_5_minute_step_and_names_the_post():
    with pytest.raises(sc.ExportRefused) as e:
        sc.export(F.HOOTSUITE, [post(1), post(2, at=dt.datetime(2026, 11, 3, 10, 7, tzinfo=TZ), title="Cozonac")],
                  TZ, time_zone_name="Europe/Bucharest")
    (problem,) = e.value.problems
    assert problem.uid.endswith("2") and "Cozonac" in problem.message and "10:05" in problem.message \
        and "10:10" in problem.message


def test_hootsuite_refuses_more_than_350_rows():
    posts = [post(i, at=dt.datetime(2026, 11, 1, tzinfo=TZ) + dt.timedelta(hours=i)) for i in range(351)]
    with pytest.raises(sc.ExportRefused) as e:
        sc.export(F.HOOTSUITE, posts, TZ, time_zone_name="Europe/Bucharest")
    assert "350" in e.value.problems[0].message
    assert sc.export(F.HOOTSUITE, posts[:350], TZ, time_zone_name="Europe/Bucharest").count("\r\n") == 350


def test_hootsuite_uses_the_engagement_zone_across_dst():
    # 2026-10-25 04:00 local: clocks go back in Bucharest; 08:00 UTC is 10:00 local after the change
    p = sc.ExportPost(uid="x", channel="instagram", format="image", title="", text="t", caption="t", hashtags=(),
                      link="", publish_at=dt.datetime(2026, 10, 26, 8, 0, tzinfo=dt.UTC), status="approved")
    assert sc.export(F.HOOTSUITE, [p], TZ, time_zone_name="Europe/Bucharest").startswith("26/10/2026 10:00,")


def test_sprout_export_header_and_gap_rule():
    text = sc.export(F.SPROUT, [post(1)], TZ, time_zone_name="Europe/Bucharest")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["date", "time_24hr", "message_text", "link"] and rows[1][:2] == ["03/11/2026", "10:00"]
    close = [post(1), post(2, at=dt.datetime(2026, 11, 3, 10, 5, tzinfo=TZ), title="Second")]
    with pytest.raises(sc.ExportRefused) as e:
        sc.export(F.SPROUT, close, TZ, time_zone_name="Europe/Bucharest")
    assert "Second" in e.value.problems[0].message
    # another network at the same time is fine
    other = [post(1), post(2, at=dt.datetime(2026, 11, 3, 10, 5, tzinfo=TZ), channel="facebook")]
    assert sc.export(F.SPROUT, other, TZ, time_zone_name="Europe/Bucharest")


@pytest.mark.parametrize("fmt", [F.GENERIC, F.BUFFER])
def test_generic_export_round_trips_through_the_import(fmt):
    text = sc.export(fmt, [post(1, caption="=SUM(A1)"), post(2, caption="Зимняя акция")], TZ,
                     time_zone_name="Europe/Bucharest")
    assert text.startswith("\ufeffchannel,format,publish_date,publish_time,time_zone")
    parsed = sc.parse(text.encode("utf-8"), sc.ImportFormat.GENERIC, time_zone="Europe/Bucharest")
    assert parsed.errors == [] and [r.caption for r in parsed.rows] == ["'=SUM(A1)", "Зимняя акция"]
    assert parsed.rows[0].publish_at == dt.datetime(2026, 11, 3, 8, 0, tzinfo=dt.UTC)
    assert parsed.rows[0].hashtags_text == "#paine"


GOOD = ("channel;format;publish_date;publish_time;caption;hashtags;link\r\n"
        "instagram;image;2026-11-03;10:00;Pâine caldă, ș și ț;#paine;\r\n"
        "Facebook;;03.11.2026;9.30;\"Two\nlines\";;https://x.example/\r\n")


@pytest.mark.parametrize(("encoding", "prefix"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b"")])
def test_import_encodings_and_semicolons(encoding, prefix):
    parsed = sc.parse(prefix + GOOD.encode(encoding), sc.ImportFormat.GENERIC, time_zone="Europe/Bucharest")
    assert parsed.errors == [] and parsed.delimiter == ";"
    assert [(r.line, r.channel, r.format) for r in parsed.rows] == [(2, "instagram", "image"), (3, "facebook", "image")]
    assert parsed.rows[0].caption == "Pâine caldă, ș și ț" and parsed.rows[1].caption == "Two\nlines"
    assert parsed.rows[1].publish_at == dt.datetime(2026, 11, 3, 7, 30, tzinfo=dt.UTC)


def test_import_windows_1250_and_1251():
    ro = "channel,publish_date,publish_time,caption\ninstagram,2026-11-03,10:00,Pâine şi ţuică în Cluj\n"
    parsed = sc.parse(ro.encode("cp1250"), sc.ImportFormat.GENERIC, time_zone="Europe/Bucharest")
    assert parsed.encoding == "cp1250" and parsed.rows[0].caption == "Pâine şi ţuică în Cluj"
    ru = "channel,publish_date,publish_time,caption\ntelegram,2026-11-03,10:00,Пробный урок математики бесплатно\n"
    parsed = sc.parse(ru.encode("cp1251"), sc.ImportFormat.GENERIC, time_zone="Europe/Moscow")
    assert parsed.encoding == "cp1251" and parsed.rows[0].caption == "Пробный урок математики бесплатно"


def test_every_bad_line_is_reported_with_its_number():
    text = ("channel,format,publish_date,publish_time,caption,time_zone\n"
            "instagram,image,2026-11-03,10:00,fine,\n"
            "myspace2,image,2026-11-03,10:00,unknown network,\n"
            "instagram,gif,2026-11-03,10:00,bad format,\n"
            "\n"
            "instagram,image,2026-02-30,10:00,bad date,\n"
            "instagram,image,2026-11-03,25:00,bad time,\n"
            "instagram,image,2026-03-29,03:30,skipped by DST,\n"
            "instagram,image,2026-11-03,10:00,,\n"
            "instagram,image,2026-11-03,10:00,\"multi\nline\",Europe/Moscow\n"
            "instagram,image,2026-11-03,10:00,control \x07 char,\n"
            "instagram,image,9999-11-03,10:00,far future,\n")
    parsed = sc.parse(text.encode(), sc.ImportFormat.GENERIC, time_zone="Europe/Bucharest")
    assert [r.line for r in parsed.rows] == [2]
    assert [(e.line, e.field) for e in parsed.errors] == [
        (3, "channel"), (4, "format"), (6, "publish_date"), (7, "publish_time"), (8, "publish_time"),
        (9, "caption"), (10, "time_zone"), (12, "caption"), (13, "publish_date")]
    assert all(e.message for e in parsed.errors)


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"caption,channel\nx,instagram\n", "publish_date"),
    (b"channel,publish_date,publish_time,caption\n", "no posts"),
    (b"channel,publish_date,publish_time,caption\ninstagram,2026-11-03,10:00,\"unclosed\n", "line"),
    (b"\xef\xbb\xbf\xff\xfe", "CSV"),
    (b"x" * (sc.IMPORT_MAX_BYTES + 1), "MB"),
])
def test_unreadable_files(data, words):
    with pytest.raises(sc.CsvError) as e:
        sc.parse(data, sc.ImportFormat.GENERIC, time_zone="Europe/Bucharest")
    assert words in e.value.message


def test_too_many_rows():
    text = "channel,publish_date,publish_time,caption\n" + "instagram,2026-11-03,10:00,x\n" * (sc.IMPORT_MAX_ROWS + 1)
    with pytest.raises(sc.CsvError):
        sc.parse(text.encode(), sc.ImportFormat.GENERIC, time_zone="Europe/Bucharest")


def test_hootsuite_import():
    text = ("03/11/2026 10:00,Pâine caldă,https://x.example/\n"
            "03/11/2026 10:07,off step,\n"
            "11/30/2026 10:00,month first,\n"
            "03/11/2026 11:00\n"
            "04/11/2026 09:15,\"no link\"\n")
    parsed = sc.parse(text.encode(), sc.ImportFormat.HOOTSUITE, time_zone="Europe/Bucharest", channel="facebook")
    assert [(r.line, r.channel, r.link) for r in parsed.rows] == [(1, "facebook", "https://x.example/"),
                                                                  (5, "facebook", "")]
    assert [(e.line, e.field) for e in parsed.errors] == [(2, "publish_time"), (3, "publish_date"), (4, "")]
    with pytest.raises(sc.CsvError):
        sc.parse(text.encode(), sc.ImportFormat.HOOTSUITE, time_zone="Europe/Bucharest", channel="")


def test_local_to_utc_dst():
    assert sc.local_to_utc(dt.date(2026, 3, 29), dt.time(3, 30), TZ) is None  # skipped hour
    assert sc.local_to_utc(dt.date(2026, 10, 25), dt.time(3, 30), TZ) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(("channel", "fmt"), [("instagram", "image"), ("youtube", "video"), ("blog", "text"),
                                               ("tiktok", "video"), ("telegram", "image")])
def test_default_format(channel, fmt):
    assert sc.default_format(sc.Channel(channel)).value == fmt

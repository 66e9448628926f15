"""The iCalendar writer: what calendar clients read back, byte for byte where RFC 5545 insists."""

import datetime
import zoneinfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coophub.core.ical import CalendarEvent, event_uid, ical_response, render_calendar

NOW = datetime.datetime(2026, 2, 5, 8, 30, tzinfo=datetime.UTC)
TITLE = "Báo cáo tiến độ; Nghị quyết 59-NQ/TW, đợt 2"
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def task_event(**overrides) -> CalendarEvent:
    fields = {
        "uid": event_uid("task", 42),
        "summary": TITLE,
        "start": datetime.date(2026, 3, 10),
        "description": "Gửi Vụ Hợp tác quốc tế trước ngày 10/03/2026, kèm phụ lục; bản mềm.\nLiên hệ: HTQT",
        "url": "https://coophub.mae.gov.vn/tasks/42/",
        "location": "Hà Nội, Việt Nam",
        "categories": ["Nhiệm vụ", "Nghị quyết 59"],
    }
    return CalendarEvent(**(fields | overrides))


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def only_event(data: bytes) -> icalendar.Event:
    (event,) = parse(data).walk("VEVENT")
    return event


def content_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[: -len(b"\r\n")].split(b"\r\n")


def test_the_calendar_parses_back_with_the_headers_every_feed_carries():
    calendar = parse(render_calendar([task_event()], name="Việc của tôi", now=NOW))
    assert str(calendar["PRODID"]) == "-//MAE//coophub//VI"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Việc của tôi"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert len(calendar.walk("VEVENT")) == 1


def test_every_content_line_is_at_most_75_octets_and_ends_with_crlf():
    long_text = TITLE + " — " + "Thúc đẩy hợp tác nông nghiệp bền vững với các đối tác ASEAN. " * 8
    data = render_calendar(
        [task_event(description=long_text, summary=long_text)], name="Việc của tôi", now=NOW
    )
    lines = content_lines(data)
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "the long description should have been folded"
    for line in lines:
        line.decode("utf-8")  # folding never splits a multi-byte character
    assert str(only_event(data)["DESCRIPTION"]) == long_text


def test_vietnamese_text_survives_with_commas_and_semicolons_escaped():
    data = render_calendar([task_event()], name="Việc của tôi", now=NOW)
    unfolded = data.replace(b"\r\n ", b"")
    assert "SUMMARY:Báo cáo tiến độ\\; Nghị quyết 59-NQ/TW\\, đợt 2\r\n".encode() in unfolded
    assert "LOCATION:Hà Nội\\, Việt Nam\r\n".encode() in unfolded
    assert b"\\n" in unfolded.split(b"DESCRIPTION:")[1].split(b"\r\n")[0]
    event = only_event(data)
    assert str(event["SUMMARY"]) == TITLE
    assert str(event["DESCRIPTION"]) == task_event().description
    assert str(event["LOCATION"]) == "Hà Nội, Việt Nam"
    assert str(event["URL"]) == "https://coophub.mae.gov.vn/tasks/42/"


def test_categories_are_a_list_and_a_comma_inside_one_is_escaped():
    data = render_calendar([task_event(categories=["Nhiệm vụ", "Nông, lâm"])], name="x", now=NOW)
    assert "CATEGORIES:Nhiệm vụ,Nông\\, lâm\r\n".encode() in data
    assert list(only_event(data)["CATEGORIES"].cats) == ["Nhiệm vụ", "Nông, lâm"]


def test_an_all_day_event_is_a_date_and_ends_the_next_day():
    data = render_calendar([task_event(start=datetime.date(2026, 12, 31))], name="x", now=NOW)
    assert b"DTSTART;VALUE=DATE:20261231\r\n" in data
    assert b"DTEND;VALUE=DATE:20270101\r\n" in data
    event = only_event(data)
    assert event.decoded("DTSTART") == datetime.date(2026, 12, 31)
    assert event.decoded("DTEND") == datetime.date(2027, 1, 1)


def test_a_multi_day_event_ends_the_day_after_its_last_day():
    event = task_event(start=datetime.date(2026, 3, 10), end=datetime.date(2026, 3, 12))
    data = render_calendar([event], name="x", now=NOW)
    assert b"DTSTART;VALUE=DATE:20260310\r\n" in data
    assert b"DTEND;VALUE=DATE:20260313\r\n" in data


def test_datetimes_are_written_in_utc_with_z():
    meeting = task_event(
        start=datetime.datetime(2026, 3, 10, 9, 0),  # naive: read as Hà Nội time
        end=datetime.datetime(2026, 3, 10, 11, 30, tzinfo=HANOI),
        last_modified=datetime.datetime(2026, 3, 1, 7, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")),
    )
    data = render_calendar([meeting], name="x", now=NOW)
    assert b"DTSTART:20260310T020000Z\r\n" in data
    assert b"DTEND:20260310T043000Z\r\n" in data
    assert b"LAST-MODIFIED:20260301T060000Z\r\n" in data
    assert b"TZID" not in data


def test_a_timed_event_without_an_end_has_no_dtend():
    data = render_calendar([task_event(start=datetime.datetime(2026, 3, 10, 9, 0, tzinfo=HANOI))], name="x")
    assert b"DTEND" not in data


def test_every_event_has_the_same_dtstamp_from_now():
    events = [task_event(uid=event_uid("task", pk)) for pk in (1, 2, 3)]
    data = render_calendar(events, name="x", now=NOW.replace(microsecond=123456))
    parsed = parse(data).walk("VEVENT")
    assert len(parsed) == 3
    assert data.count(b"DTSTAMP:20260205T083000Z\r\n") == 3


def test_the_uid_is_stable_across_exports():
    first = only_event(render_calendar([task_event()], name="x", now=NOW))
    later = only_event(
        render_calendar([task_event(summary="Đổi tên")], name="x", now=NOW + datetime.timedelta(1))
    )
    assert str(first["UID"]) == str(later["UID"]) == "task-42@coophub.mae.gov.vn"


def test_status_is_written_when_given_and_omitted_when_blank():
    cancelled = only_event(render_calendar([task_event(status="cancelled")], name="x", now=NOW))
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "STATUS" not in only_event(render_calendar([task_event()], name="x", now=NOW))


def test_optional_text_fields_are_omitted_when_blank():
    event = only_event(
        render_calendar([task_event(description="", url="", location="", categories=[])], name="x", now=NOW)
    )
    for name in ("DESCRIPTION", "URL", "LOCATION", "CATEGORIES", "LAST-MODIFIED"):
        assert name not in event


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": "POSTPONED"},
        {"uid": ""},
        {"start": datetime.date(2026, 3, 10), "end": datetime.datetime(2026, 3, 11, 9, 0)},
        {"start": datetime.date(2026, 3, 10), "end": datetime.date(2026, 3, 9)},
        {
            "start": datetime.datetime(2026, 3, 10, 9, 0, tzinfo=HANOI),
            "end": datetime.datetime(2026, 3, 10, 1, 0, tzinfo=datetime.UTC),
        },
    ],
)
def test_an_impossible_event_is_refused(overrides):
    with pytest.raises(ValueError):
        task_event(**overrides)


def test_an_empty_calendar_is_still_valid():
    calendar = parse(render_calendar([], name="Trống", now=NOW))
    assert calendar.walk("VEVENT") == []


def test_the_response_is_a_utf8_calendar_download_that_shared_caches_do_not_keep():
    response = ical_response([task_event()], name="Việc của tôi", filename="viec-cua-toi", now=NOW)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="viec-cua-toi.ics"'
    assert "private" in response["Cache-Control"]
    assert str(only_event(response.content)["SUMMARY"]) == TITLE


def test_a_vietnamese_filename_is_sent_safely():
    response = ical_response([], name="x", filename="lịch-công-tác.ics", now=NOW)
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_control_characters_are_dropped_and_windows_line_breaks_kept_as_line_breaks():
    description = "Dòng một\r\nDòng hai\rDòng ba\x00\x07\tcuối"
    event = only_event(render_calendar([task_event(description=description)], name="x", now=NOW))
    assert str(event["DESCRIPTION"]) == "Dòng một\nDòng hai\nDòng ba\tcuối"


def test_a_backslash_in_user_text_stays_a_backslash():
    path = r"Bản mềm: \\mae-fs\NQ59\Nong nghiep\new"
    data = render_calendar([task_event(description=path, categories=[r"a\Nb"])], name="x", now=NOW)
    assert r"DESCRIPTION:Bản mềm: \\\\mae-fs\\NQ59\\Nong nghiep\\new".encode() in data.replace(b"\r\n ", b"")
    event = only_event(data)
    assert str(event["DESCRIPTION"]) == path
    assert list(event["CATEGORIES"].cats) == [r"a\Nb"]


@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300))
def test_any_text_round_trips_within_the_line_limit(text):
    data = render_calendar([task_event(summary=text, description=text)], name="x", now=NOW)
    assert max(len(line) for line in content_lines(data)) <= 75
    event = only_event(data)
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = "".join(ch for ch in expected if ch in "\t\n" or not (ord(ch) < 0x20 or ord(ch) == 0x7F))
    assert str(event["SUMMARY"]) == str(event["DESCRIPTION"]) == expected

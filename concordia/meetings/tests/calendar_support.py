"""Helpers for the calendar and PDF tests: parse iCalendar with a second library (``ical``, not
the ``icalendar`` that writes it) and read what a PDF declares."""

import re

from ical.calendar import Calendar
from ical.calendar_stream import IcsCalendarStream

from concordia.testing.pdf import pdf_objects


def parse_ics(content: bytes) -> Calendar:
    """Parse strictly (RFC 5545) with the ``ical`` library; raises on an invalid calendar."""
    return IcsCalendarStream.calendar_from_ics(content.decode("utf-8"))


def unfolded(content: bytes) -> str:
    """The content lines with RFC 5545 folding undone, for assertions on raw properties."""
    return content.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


def pdf_title(pdf: bytes) -> str:
    """The document title as the PDF's XMP metadata states it."""
    match = re.search(rb'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)</rdf:li>',
                      pdf_objects(pdf))
    assert match is not None
    return match.group(1).decode("utf-8").replace("&amp;", "&")

"""Helpers for the calendar and PDF tests: parse iCalendar with a second library (``ical``, not
the ``icalendar`` that writes it) and read what a PDF declares."""

import re
import zlib

from ical.calendar import Calendar
from ical.calendar_stream import IcsCalendarStream


def parse_ics(content: bytes) -> Calendar:
    """Parse strictly (RFC 5545) with the ``ical`` library; raises on an invalid calendar."""
    return IcsCalendarStream.calendar_from_ics(content.decode("utf-8"))


def unfolded(content: bytes) -> str:
    """The content lines with RFC 5545 folding undone, for assertions on raw properties."""
    return content.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated (WeasyPrint packs objects in object streams)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            parts.append(match.group(1))
    return b"\n".join(parts)


def pdf_title(pdf: bytes) -> str:
    """The document title as the PDF's XMP metadata states it."""
    match = re.search(rb'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)</rdf:li>',
                      pdf_objects(pdf))
    assert match is not None
    return match.group(1).decode("utf-8").replace("&amp;", "&")

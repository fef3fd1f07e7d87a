"""Reading a PDF in tests: WeasyPrint packs its objects in Flate-compressed object streams."""

import re
import zlib


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated after it, so that its dictionaries can be read.

    Each stream is inflated from where it starts until the compressed data ends by itself
    (zlib knows its end), never up to the next "endstream": those bytes may occur inside
    compressed data, and cutting there loses the stream."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        inflater = zlib.decompressobj()
        try:
            parts.append(inflater.decompress(pdf[match.end():]))
        except zlib.error:
            continue  # not a Flate stream (a font program, an image), or "endstream" itself
    return b"\n".join(parts)

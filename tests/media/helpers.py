"""Uploads for the media tests: pictures in every accepted format, some carrying metadata."""

from __future__ import annotations

import io
import struct
import zipfile

from PIL import Image as PILImage
from PIL import PngImagePlugin

# Strings hidden in the uploads' metadata; none may reach a stored or served file.
SECRETS = (b"SECRET-JPEG-COMMENT", b"SECRET-EXIF-DESCRIPTION", b"SECRET-JPEG-XMP",
           b"SECRET-PNG-TEXT", b"SECRET-PNG-ITXT", b"SECRET-PNG-XMP", b"SECRET-GIF-COMMENT",
           b"SECRET-WEBP-XMP", b"SECRET-WEBP-EXIF")
GPS_IFD = 0x8825
IMAGE_DESCRIPTION = 0x010E


def exif_with_gps(marker: str) -> PILImage.Exif:
    """EXIF with a description and a GPS position (Enschede)."""
    exif = PILImage.Exif()
    exif[IMAGE_DESCRIPTION] = marker
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (52.0, 13.0, 12.0), 3: "E", 4: (6.0, 53.0, 40.0)})
    return exif


def jpeg_with_metadata(size: tuple[int, int] = (40, 30)) -> bytes:
    """A JPEG with a COM comment, EXIF with GPS, and an XMP packet."""
    out = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(
        out, "JPEG", comment=b"SECRET-JPEG-COMMENT", exif=exif_with_gps("SECRET-EXIF-DESCRIPTION"),
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>SECRET-JPEG-XMP</x:xmpmeta>")
    return out.getvalue()


def png_with_metadata(size: tuple[int, int] = (40, 30)) -> bytes:
    """An opaque PNG (so no flattening rebuilds it) with tEXt and iTXt chunks, one of them XMP."""
    info = PngImagePlugin.PngInfo()
    info.add_text("comment", "SECRET-PNG-TEXT")
    info.add_itxt("Description", "SECRET-PNG-ITXT")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta xmlns:x='adobe:ns:meta/'>SECRET-PNG-XMP</x:xmpmeta>")
    out = io.BytesIO()
    PILImage.new("RGB", size, (200, 80, 20)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def gif_with_comment(size: tuple[int, int] = (40, 30)) -> bytes:
    """A GIF with a comment extension."""
    out = io.BytesIO()
    PILImage.new("P", size, 3).save(out, "GIF", comment=b"SECRET-GIF-COMMENT")
    return out.getvalue()


def webp_with_metadata(size: tuple[int, int] = (40, 30)) -> bytes:
    """A WebP with EXIF (and GPS) and XMP chunks."""
    out = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(
        out, "WEBP", exif=exif_with_gps("SECRET-WEBP-EXIF"),
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>SECRET-WEBP-XMP</x:xmpmeta>")
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (40, 30), mode: str = "RGB") -> bytes:
    """A plain PNG of `size`."""
    out = io.BytesIO()
    PILImage.new(mode, size, (200, 80, 20)).save(out, "PNG")
    return out.getvalue()


UPLOADS_WITH_METADATA = {
    "jpeg": jpeg_with_metadata, "png": png_with_metadata, "gif": gif_with_comment,
    "webp": webp_with_metadata,
}


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)


def linear_rgb_profile() -> bytes:
    """An ICC v2 profile with sRGB's primaries and a linear tone curve (gamma 1.0).

    Grey 128 in it is about 188 in sRGB, so a picture carrying it shows whether its
    colours were converted or the profile was just dropped.
    """
    text = b"Linear RGB (hubsite test)\0"
    desc = (b"desc" + b"\0" * 4 + struct.pack(">I", len(text)) + text
            + b"\0" * 8 + b"\0" * 3 + b"\0" * 67)
    identity = b"curv" + b"\0" * 4 + struct.pack(">I", 0)
    tags = [(b"desc", desc), (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
            (b"rXYZ", _xyz(0.4361, 0.2225, 0.0139)), (b"gXYZ", _xyz(0.3851, 0.7169, 0.0971)),
            (b"bXYZ", _xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", identity), (b"gTRC", identity), (b"bTRC", identity)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = (struct.pack(">I", offset + len(body)) + b"\0" * 4 + struct.pack(">I", 0x02100000)
              + b"mntrRGB XYZ " + b"\0" * 12 + b"acsp" + b"\0" * 28
              + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"\0" * 48)
    return header + struct.pack(">I", len(tags)) + table + body


def jpeg_with_profile(profile: bytes, grey: int = 128, size: tuple[int, int] = (40, 30)) -> bytes:
    """A grey JPEG that carries `profile`."""
    out = io.BytesIO()
    PILImage.new("RGB", size, (grey, grey, grey)).save(out, "JPEG", quality=95, icc_profile=profile)
    return out.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def ooxml(main: str = DOCX_MAIN, macros: bool = False) -> bytes:
    """An Office Open XML package whose [Content_Types].xml names `main` (Word by default)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml",
                         f'<Types><Override PartName="/word/document.xml" ContentType="{main}"/></Types>')
        package.writestr("word/document.xml", "<w:document/>")
        if macros:
            package.writestr("word/vbaProject.bin", b"\0")
    return out.getvalue()


def opendocument(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    """An OpenDocument package with its `mimetype` entry."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", mimetype)
        package.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()

"""Scanned pages as images for OCR: the frames of an image file, or a PDF page's embedded scan
(else the page rendered), flattened to 8-bit with how its pixels map to points.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from ..errors import UnreadableDocument

RENDER_DPI = 200


POINTS_PER_INCH = 72.0


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageImage:
    """A page as OCR reads it, with how its pixels map to points on the page (x from the left,
    y from the top): point = offset + pixel * scale."""

    number: int
    image: Image.Image
    offset: tuple[float, float] = (0.0, 0.0)
    scale: tuple[float, float] = (1.0, 1.0)

    def to_points(self, box: Box) -> Box:
        (ox, oy), (sx, sy) = self.offset, self.scale
        return (ox + box[0] * sx, oy + box[1] * sy, ox + box[2] * sx, oy + box[3] * sy)


def _flatten(image: Image.Image) -> Image.Image:
    """Grey or RGB on white: transparency composited, bilevel (fax TIFF) and palette images
    widened, so the engine gets a plain picture of the page."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        page = Image.new("RGB", rgba.size, "white")
        page.paste(rgba, mask=rgba.getchannel("A"))
        return page
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        return _eight_bit(image)
    if image.mode in ("1", "L"):
        return image.convert("L")
    return image.convert("RGB")


def _eight_bit(image: Image.Image) -> Image.Image:
    """A 16-bit or float grey scan stretched to 8 bits (Pillow's own conversion clips every
    value above 255 to white, which blanks a 16-bit page)."""
    import numpy as np

    values = np.asarray(image, dtype=np.float64)
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) * (255.0 / (high - low)) if high > low else values * 0 + 255
    return Image.fromarray(scaled.round().astype(np.uint8))  # 2-D uint8: mode L


def _image_pages(data: bytes, path: str) -> tuple[int, Iterator[PageImage]]:
    """(page count, pages) of an image file: every frame of a TIFF is a page; EXIF rotation
    (a phone photo of a page) is applied. Boxes are in points at the image's stated dpi
    (1 px = 1 pt when it states none)."""
    try:
        image = Image.open(io.BytesIO(data))
        count = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise UnreadableDocument(path, f"a damaged or unreadable image ({error})") from None

    def pages() -> Iterator[PageImage]:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            try:
                picture = _flatten(ImageOps.exif_transpose(frame))
            except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
                raise UnreadableDocument(path, f"page {number} of the image cannot be decoded "
                                               f"({error})") from None
            yield PageImage(number, picture, scale=_points_per_pixel(frame.info.get("dpi")))

    return count, pages()


def _points_per_pixel(dpi: Any) -> tuple[float, float]:
    """Points per pixel at an image's stated resolution; 1 when it states none or a
    resolution no scanner uses (a TIFF without a resolution unit says 1 dpi)."""
    try:
        x, y = (float(value) for value in dpi[:2])
    except (TypeError, ValueError):
        return (1.0, 1.0)
    if not (50 <= x <= 2400 and 50 <= y <= 2400):
        return (1.0, 1.0)
    return (POINTS_PER_INCH / x, POINTS_PER_INCH / y)


def _pdf_pages(data: bytes, path: str) -> tuple[int, Iterator[PageImage]]:
    """(page count, pages) of a PDF: a page holding exactly one upright image gives that image
    at its own resolution; any other page (several images, vector text, a rotated page) is
    rendered at RENDER_DPI."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
        count = len(pdf)
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(path, f"a damaged or encrypted PDF ({error})") from None
    if count == 0:
        raise UnreadableDocument(path, "a PDF without pages")

    def pages() -> Iterator[PageImage]:
        try:
            for index in range(count):
                page = pdf[index]
                try:
                    yield _embedded_image(page, index + 1) or _rendered(page, index + 1)
                finally:
                    page.close()
        except pdfium.PdfiumError as error:
            raise UnreadableDocument(path, f"page {index + 1} cannot be drawn ({error})") \
                from None
        finally:
            pdf.close()

    return count, pages()


def _embedded_image(page: Any, number: int) -> PageImage | None:
    """The page's only image, as scanned, with its place on the page; None when the page holds
    anything else too, or is turned (then rendering shows it as a reader sees it)."""
    import pypdfium2.raw as pdfium_c

    objects = list(page.get_objects(max_depth=15))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE \
            or page.get_rotation() % 360:
        return None
    image = objects[0]
    matrix = image.get_matrix()
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
        return None    # rotated, skewed or mirrored placement: render what the reader sees
    picture = _flatten(image.get_bitmap(render=True).to_pil())
    left, bottom, right, top = image.get_bounds()
    crop_left, _, _, crop_top = page.get_cropbox()
    width, height = picture.size
    return PageImage(number, picture, offset=(left - crop_left, crop_top - top),
                     scale=((right - left) / width, (top - bottom) / height))


def _rendered(page: Any, number: int) -> PageImage:
    """The page drawn at RENDER_DPI in grey (scans are read in grey; colour adds nothing)."""
    scale = RENDER_DPI / POINTS_PER_INCH
    picture = page.render(scale=scale, grayscale=True).to_pil()
    return PageImage(number, _flatten(picture), scale=(1 / scale, 1 / scale))

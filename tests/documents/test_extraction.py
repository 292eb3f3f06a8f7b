"""Text extraction from real files built in the test: PDF, DOCX, ODT and plain text."""

import io
import zipfile

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from samen.documents.extraction import DOCX, ODT, PDF, TXT, ExtractionError, extract

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def make_pdf(*pages: str) -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for text in pages:
        drawing.drawString(72, 720, text)
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def make_docx(*paragraphs: str) -> bytes:
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' for text in paragraphs
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}'
        f"<w:p><w:r><w:t>Kolom</w:t><w:tab/><w:t>waarde</w:t></w:r></w:p>"
        f"</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
        )
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def make_odt(heading: str, paragraph: str) -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        f' xmlns:text="{TEXT_NS}"><office:body><office:text>'
        f"<text:h>{heading}</text:h>"
        f'<text:p>{paragraph}<text:s text:c="2"/><text:span>vervolg</text:span> einde</text:p>'
        f"</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_pdf_text_of_every_page_is_extracted():
    result = extract(io.BytesIO(make_pdf("Saneringsplan fase een", "Bijlage grondmonsters")))

    assert result is not None
    assert result.kind == PDF
    assert "Saneringsplan fase een" in result.text
    assert "Bijlage grondmonsters" in result.text
    assert not result.truncated


def test_docx_paragraphs_and_tabs_are_extracted():
    result = extract(io.BytesIO(make_docx("Besluit over de bodem", "Tweede alinea")))

    assert result is not None
    assert result.kind == DOCX
    assert result.text.splitlines()[:2] == ["Besluit over de bodem", "Tweede alinea"]
    assert "Kolom\twaarde" in result.text


def test_odt_headings_spaces_and_spans_are_extracted():
    result = extract(io.BytesIO(make_odt("Inleiding", "Verontreiniging")))

    assert result is not None
    assert result.kind == ODT
    assert result.text.splitlines() == ["Inleiding", "Verontreiniging  vervolg einde"]


def test_plain_text_in_utf8_and_windows_1252_is_extracted():
    utf8 = extract(io.BytesIO("Café Zwolle € 12".encode()), filename="notitie.txt")
    legacy = extract(io.BytesIO("Café Zwolle".encode("cp1252")), media_type="text/plain")

    assert utf8 is not None
    assert utf8.kind == TXT
    assert utf8.text == "Café Zwolle € 12"
    assert legacy is not None
    assert legacy.text == "Café Zwolle"


def test_text_beyond_the_limit_is_cut_and_marked_truncated():
    result = extract(io.BytesIO(b"a" * 5000), filename="lang.txt", limit=100)

    assert result is not None
    assert result.text == "a" * 100
    assert result.truncated


def test_docx_beyond_the_limit_stops_early():
    result = extract(io.BytesIO(make_docx(*(["woord " * 50] * 200))), limit=1000)

    assert result is not None
    assert len(result.text) <= 1000
    assert result.truncated


def test_nul_characters_are_removed():
    result = extract(io.BytesIO(b"voor\x00na"), filename="x.txt")

    assert result is not None
    assert result.text == "voorna"


def test_unsupported_content_gives_none():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100

    assert extract(io.BytesIO(png), filename="kaart.png", media_type="image/png") is None


def test_a_zip_that_is_neither_docx_nor_odt_gives_none():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hallo")

    assert extract(io.BytesIO(buffer.getvalue()), filename="archief.zip") is None


def test_format_follows_content_not_the_claimed_name():
    result = extract(io.BytesIO(make_pdf("Echt een PDF")), filename="brief.txt")

    assert result is not None
    assert result.kind == PDF


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\nthis is not a pdf at all", b"PK\x03\x04broken zip"],
    ids=["pdf", "zip"],
)
def test_broken_file_raises_extraction_error(content):
    with pytest.raises(ExtractionError):
        extract(io.BytesIO(content), filename="kapot")


def test_xml_entities_are_refused():
    content = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "boem">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", content)

    with pytest.raises(ExtractionError):
        extract(io.BytesIO(buffer.getvalue()))

"""Images among uploaded documents: identified by Pillow and bounded in pixels."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from smartrural.core.errors import ValidationFailed
from smartrural.core.uploads import JPEG, PNG, check_document

from . import bombs


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationFailed) as caught:
        check_document(SimpleUploadedFile(name, content))
    assert caught.value.field == "file"
    return caught.value.message


class ImageTests:
    def test_pillows_bomb_limit_is_the_setting(self, settings: Any) -> None:
        assert Image.MAX_IMAGE_PIXELS == settings.IMAGE_MAX_PIXELS == 50_000_000

    def test_real_images_are_accepted_and_the_file_is_left_at_its_start(self) -> None:
        upload = SimpleUploadedFile("anh.png", bombs.png(40, 30))
        assert check_document(upload) is PNG
        assert upload.tell() == 0
        out = io.BytesIO()
        Image.new("RGB", (8, 8)).save(out, format="JPEG")
        assert check_document(SimpleUploadedFile("anh.jpg", out.getvalue())) is JPEG

    def test_an_image_of_exactly_the_limit_is_accepted_and_one_pixel_more_refused(
        self, settings: Any
    ) -> None:
        settings.IMAGE_MAX_PIXELS = 12
        assert check_document(SimpleUploadedFile("a.png", bombs.png(4, 3))) is PNG
        assert refusal("b.png", bombs.png(13, 1)) == (
            "The image “b.png” has more than 12 pixels: make it smaller and upload it again."
        )

    @pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
    def test_a_tiny_png_declaring_gigapixels_is_refused_without_decoding(self) -> None:
        bomb = bombs.png_header(100_000, 100_000)  # 10 gigapixels: 30 GB decoded
        assert len(bomb) < 100
        message = refusal("bom.png", bomb)
        assert message.startswith("The image “bom.png” has more than 50,000,000 pixels")
        # Between the setting and twice it, Pillow only warns: the check refuses it itself.
        assert refusal("bom.png", bombs.png_header(8000, 8000)).startswith("The image")

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
            ("a.jpg", b"\xff\xd8\xff" + b"\x00" * 32),
        ],
    )
    def test_an_image_pillow_cannot_identify_is_refused(self, name: str, content: bytes) -> None:
        assert refusal(name, content).endswith("image: it may be damaged.")

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leizu.core.errors import ServiceError
from leizu.institutions import services

# The smallest valid PNG: 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def test_a_logo_is_stored_under_a_generated_name_and_served_to_those_who_see_it(
    world, actors, clients
):
    kz1 = world["institutions"]["kz1"]
    services.institution_set_logo(
        institution=kz1,
        by=actors["partner_a"],
        upload=SimpleUploadedFile("../../etc/evil name.png", PNG, content_type="image/png"),
    )
    kz1.refresh_from_db()
    assert kz1.logo.original_name.endswith("evil name.png")
    assert "evil" not in kz1.logo.file.name
    url = f"/institutions/{kz1.pk}/logo/"
    assert clients["partner_a"].get(url).status_code == 200
    assert clients["coordinator"].get(url).status_code == 200
    assert clients["partner_b"].get(url).status_code == 404
    assert clients["anonymous"].get(url).status_code == 302


def test_a_file_that_is_not_what_its_name_says_is_refused(world, actors):
    fake = SimpleUploadedFile(
        "logo.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )
    with pytest.raises(ServiceError):
        services.institution_set_logo(
            institution=world["institutions"]["kz1"], by=actors["partner_a"], upload=fake
        )


def test_a_file_over_the_size_cap_is_refused(world, actors, settings):
    settings.LEIZU_UPLOAD_MAX_BYTES = 50
    with pytest.raises(ServiceError):
        services.institution_set_logo(
            institution=world["institutions"]["kz1"],
            by=actors["partner_a"],
            upload=SimpleUploadedFile("logo.png", PNG + b"\0" * 100, content_type="image/png"),
        )


def test_the_edit_form_takes_a_logo_and_refuses_a_disguised_file(coordinator, world):
    from leizu.institutions.tests.test_editing import _form

    kz1 = world["institutions"]["kz1"]
    bad = _form(kz1)
    bad["logo_upload"] = SimpleUploadedFile("logo.png", b"MZ\x90\x00 not an image")
    response = coordinator.post(f"/institutions/{kz1.pk}/edit/", bad, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "This type of file is not accepted." in response.content.decode()
    kz1.refresh_from_db()
    assert kz1.logo_id is None and kz1.version == 1
    good = _form(kz1)
    good["logo_upload"] = SimpleUploadedFile("akzhol.png", PNG)
    assert coordinator.post(f"/institutions/{kz1.pk}/edit/", good).status_code == 302
    kz1.refresh_from_db()
    assert kz1.logo.content_type == "image/png"
    assert coordinator.get(f"/institutions/{kz1.pk}/logo/")["Content-Type"] == "image/png"

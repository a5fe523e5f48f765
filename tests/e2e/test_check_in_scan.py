"""Check-in at the door, on a phone (issue 14): a participant's agenda shows their check-in QR code;
staff on the dashboard press "Scan a QR code", the phone's camera sees the code (here Chromium's fake
camera plays a still picture of that very code, drawn by the test from the same token) and the person
is checked in, on this dashboard and live on another; scanning again says "already checked in". And
the search: a name typed without its accents and in other case finds the person, as one types, also
when the camera was refused."""

import re
from pathlib import Path

import pytest
import segno
from playwright.sync_api import Browser, expect

from events.enums import EventPhase
from events.selectors.day import check_in_codes_for
from frontend.qr_codes import qr_code_svg
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.helpers import PHONE, fits_the_screen, log_in
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory
from tests.factories.events import EventFactory, registered

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The fake camera's picture: 640 x 480 (4:2:0 needs even sizes), the code's modules 10 px wide.
FRAME_WIDTH, FRAME_HEIGHT, MODULE_PX = 640, 480, 10

# The camera refused: what the browser's getUserMedia does when the person says no.
REFUSE_THE_CAMERA = """
navigator.mediaDevices.getUserMedia = function () {
  return Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
};
"""


def qr_code_video(text: str, path: Path) -> Path:
    """A Y4M video (YUV 4:2:0, two identical frames) of `text`'s QR code, black on white, with its
    quiet zone of four modules, centred: what Chromium's fake camera then plays in a loop."""
    code = segno.make(text, error="m")  # as frontend.qr_codes draws it on the agenda
    rows = [[bool(module) for module in row] for row in code.matrix_iter(scale=MODULE_PX, border=4)]
    size = len(rows)
    assert size <= FRAME_HEIGHT, f"the code ({size} px) is taller than the frame"
    top, left = (FRAME_HEIGHT - size) // 2, (FRAME_WIDTH - size) // 2
    luma = bytearray(b"\xff" * (FRAME_WIDTH * FRAME_HEIGHT))
    for y, row in enumerate(rows):
        start = (top + y) * FRAME_WIDTH + left
        luma[start : start + size] = bytes(0 if dark else 255 for dark in row)
    chroma = b"\x80" * ((FRAME_WIDTH // 2) * (FRAME_HEIGHT // 2))  # no colour: grey
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{FRAME_WIDTH} H{FRAME_HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * 2)
    return path


def arrange():
    event = EventFactory.create(name="Smart Water Summit", phase=EventPhase.AGENDA_PUBLISHED)
    jose = registered(
        event,
        CorporationFactory.create(name="São Paulo Águas"),
        first_name="José",
        last_name="Gonçalves",
        username="jose",
    )[1]
    amina = registered(
        event, OrganisationFactory.create(name="Nairobi"), first_name="Amina", last_name="Odhiambo"
    )[1]
    return event, jose, amina, StaffFactory.create(username="door")


def the_code_on_the_agenda(browser: Browser, event_url: str, live_server_url: str, jose) -> str:
    """José opens his agenda on his phone: his check-in code is there; returns the token it encodes."""
    person_context, person_page = log_in(browser, live_server_url, jose.user)
    try:
        person_page.set_viewport_size(PHONE)
        person_page.goto(f"{event_url}agenda/")
        shown = person_page.get_by_test_id("check-in-code")
        expect(shown).to_have_count(1)
        expect(shown).to_contain_text("José Gonçalves")
        expect(shown.get_by_role("img", name="Check-in code of José Gonçalves")).to_be_visible()
        assert fits_the_screen(person_page)
        modules_shown = shown.locator("svg path[stroke]").get_attribute("d")
    finally:
        person_context.close()
    # The picture on the agenda is the QR code of the token the agenda is drawn from.
    (code,) = check_in_codes_for(jose.user, jose.registration)
    drawn = re.search(r'stroke="#000" d="([^"]+)"', qr_code_svg(code.token, title="Check-in code"))
    assert drawn is not None
    assert modules_shown == drawn[1]

    return code.token


def test_staff_check_a_person_in_by_scanning_the_qr_code_on_their_agenda(
    live_server_url, browser: Browser, tmp_path
):
    event, jose, _amina, staff = arrange()
    event_url = f"{live_server_url}/events/{event.slug}/"
    token = the_code_on_the_agenda(browser, event_url, live_server_url, jose)

    # Staff at the door: a phone whose camera sees José's code.
    video = qr_code_video(token, tmp_path / "jose-code.y4m")
    camera_args = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    # Its own Chromium: the camera flags hold for a whole browser (the same Playwright as the others).
    phone_browser = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *camera_args])
    try:
        staff_context, door = log_in(phone_browser, live_server_url, staff)
        staff_context.grant_permissions(["camera"], origin=live_server_url)
        door.set_viewport_size(PHONE)
        watcher = staff_context.new_page()  # the dashboard on the organisers' laptop
        watcher.goto(f"{event_url}dashboard/")
        expect(watcher.get_by_test_id("dashboard")).to_have_attribute("data-live", "connected")

        door.goto(f"{event_url}dashboard/")
        expect(door.get_by_test_id("dashboard")).to_have_attribute("data-live", "connected")
        assert fits_the_screen(door)
        door.get_by_role("button", name="Scan a QR code").click()

        result = door.get_by_test_id("scan-result")
        expect(result).to_have_text("José Gonçalves (São Paulo Águas): checked in.", timeout=20_000)
        row = door.locator(f'tr[data-rep="{jose.pk}"]')
        expect(row.locator('[data-field="status"]')).to_contain_text("Checked in")
        expect(door.locator('[data-count="checked_in"]')).to_have_text("1")
        assert fits_the_screen(door)

        watched = watcher.locator(f'tr[data-rep="{jose.pk}"]')
        expect(watched.locator('[data-field="status"]')).to_contain_text("Checked in")
        expect(watcher.locator('[data-count="checked_in"]')).to_have_text("1")
        expect(watcher.locator('[data-count="organisations_present"]')).to_have_text("1")

        # The code is still in front of the camera: a little later it is read again, harmlessly.
        expect(result).to_have_text(
            "José Gonçalves (São Paulo Águas) was already checked in.", timeout=20_000
        )
        expect(door.locator('[data-count="checked_in"]')).to_have_text("1")

        door.get_by_role("button", name="Stop scanning").click()
        expect(door.get_by_role("button", name="Scan a QR code")).to_be_visible()
        staff_context.close()
    finally:
        phone_browser.close()

    jose.refresh_from_db()
    assert jose.checked_in_by == staff


def test_staff_find_a_person_typed_without_accents_even_when_the_camera_is_refused(
    live_server_url, browser: Browser
):
    event, jose, amina, staff = arrange()
    context, page = log_in(browser, live_server_url, staff)
    try:
        page.add_init_script(REFUSE_THE_CAMERA)
        page.set_viewport_size(PHONE)
        page.goto(f"{live_server_url}/events/{event.slug}/dashboard/")
        page.get_by_role("button", name="Scan a QR code").click()
        expect(page.get_by_test_id("scan-result")).to_contain_text("The camera was not allowed")
        expect(page.get_by_role("button", name="Scan a QR code")).to_be_visible()

        rows = page.get_by_test_id("check-in").locator("tbody tr")
        expect(rows).to_have_count(2)
        page.get_by_label("Find a person or organisation").fill("GONCALVES")  # no button pressed
        expect(rows).to_have_count(1)
        expect(rows).to_contain_text("José Gonçalves")
        expect(page.get_by_test_id("check-in-total")).to_contain_text("1 person matches")
        expect(page).to_have_url(re.compile(r"\?q=GONCALVES$"))
        assert fits_the_screen(page)

        page.get_by_label("Find a person or organisation").fill("sao paulo aguas")
        expect(page).to_have_url(re.compile(r"\?q=sao\+paulo\+aguas$"))
        expect(rows).to_contain_text("São Paulo Águas")
        rows.get_by_role("button", name="Check in").click()
        expect(page.get_by_role("status").filter(has_text="José Gonçalves: checked in")).to_be_visible()
        expect(page.get_by_label("Find a person or organisation")).to_have_value("sao paulo aguas")
        expect(rows).to_have_count(1)
        expect(rows.locator('[data-field="status"]')).to_contain_text("Checked in")

        page.get_by_label("Find a person or organisation").fill("odhiambo")
        expect(rows).to_contain_text("Amina Odhiambo")
        expect(rows.locator('[data-field="status"]')).to_have_text("Not here yet")
    finally:
        context.close()

    jose.refresh_from_db()
    amina.refresh_from_db()
    assert (jose.checked_in_by, amina.checked_in_at) == (staff, None)

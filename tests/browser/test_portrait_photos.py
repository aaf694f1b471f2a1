"""Portrait photos on an article page, in a real browser: never taller than about three quarters
of the screen, whole (no crop, no stretch), centred, with the caption under them."""

import pytest

from tests.factories import make_article, make_photo

from . import tools

pytestmark = pytest.mark.browser

MEASURE_JS = """figure => {
  const img = figure.querySelector('img');
  const box = img.getBoundingClientRect();
  const frame = figure.getBoundingClientRect();
  const caption = figure.querySelector('figcaption').getBoundingClientRect();
  return {
    loaded: img.complete && img.naturalWidth > 0,
    width: box.width, height: box.height,
    natural: img.naturalWidth / img.naturalHeight,
    fit: getComputedStyle(img).objectFit,
    offCentre: Math.abs((box.left + box.right) / 2 - (frame.left + frame.right) / 2),
    captionTop: caption.top, imgBottom: box.bottom,
  };
}"""


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_portrait_photos_are_limited_to_three_quarters_of_the_screen(
    page, live_server, transactional_db, width, height, pytestconfig
):
    tall = make_photo(width=900, height=1600, caption="The spiral stair of the light")
    upright = make_photo(width=1200, height=1500, caption="The keeper at the lamp room window")
    article = make_article(
        lead_photo=tall,
        blocks=[
            {"kind": "text", "text": "<p>She has climbed the stair every night.</p>"},
            {"kind": "photo", "photo": upright},
        ],
    )
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + article.get_absolute_url())
    for selector, photo in [
        ("article figure.photo--lead", tall),
        (".article__body figure.photo", upright),
    ]:
        figure = page.locator(selector)
        figure.scroll_into_view_if_needed()
        page.wait_for_function(
            "el => el.querySelector('img').complete && el.querySelector('img').naturalWidth",
            arg=figure.element_handle(),
        )
        m = figure.evaluate(MEASURE_JS)
        tools.record(
            pytestconfig,
            "portrait photos",
            f"{selector} at {width}x{height}: {m['width']:.0f} x {m['height']:.0f} px",
        )
        assert m["height"] <= 0.75 * height + 1, m
        # Whole and undistorted: the box has the photo's own aspect.
        assert m["width"] / m["height"] == pytest.approx(photo.width / photo.height, rel=0.02)
        assert m["natural"] == pytest.approx(photo.width / photo.height, rel=0.02)
        assert m["fit"] in ("fill", "contain")
        assert m["offCentre"] <= 1, m
        assert m["captionTop"] >= m["imgBottom"] - 1, m

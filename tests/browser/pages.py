"""Opening the public pages in the browser, and what the keyboard tests ask the browser."""

# The elements a reader can reach with Tab, as the browser sees them.
TABBABLE_JS = """() => Array.from(document.querySelectorAll(
    'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex],'
    + '[contenteditable]'))
  .filter(el => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden')
  .map(el => el.outerHTML.slice(0, 120))"""

# The focused element, and whether focus shows on it: an outline or a box shadow that the
# element has while focused and loses when it is not (a shadow that is always there, such as
# the current section's underline, does not count).
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const look = () => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {outline: outline ? style.outline : '', shadow: style.boxShadow};
  };
  const focused = look();
  el.blur();
  const unfocused = look();
  el.focus();
  const box = el.getBoundingClientRect();
  return {
    html: el.outerHTML.slice(0, 120),
    tag: el.tagName.toLowerCase(),
    insideMain: !!el.closest('main'),
    visibleFocus: (focused.outline !== '' && focused.outline !== unfocused.outline)
      || (focused.shadow !== 'none' && focused.shadow !== unfocused.shadow),
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}"""


def open_page(page, site, newsroom, public_page):
    """Load ``public_page`` in the browser as a reader would; return the response whose HTML the
    reader got (after the page's action, if it has one)."""
    response = page.goto(site(public_page.url(newsroom)))
    assert response.status == public_page.status, f"{public_page.name}: {response.status}"
    if public_page.action is not None:
        response = public_page.action(page)
    return response


def start_keyboard_at_the_top(page):
    """Put the keyboard's starting point at the top of the document, as on a fresh page load.

    A page may move focus itself (the reply form's error summary takes focus so a screen reader
    announces it); the keyboard checks walk the page from the top whatever the page did.
    """
    page.evaluate(
        """() => {
          const start = document.createElement("span");
          start.tabIndex = -1;
          document.body.prepend(start);
          start.focus();
        }"""
    )

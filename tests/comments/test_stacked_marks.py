"""Accents piled on letters until they spill over the page ("Zalgo") are refused with a message
and the words kept; every writing system's own marks pass."""

import pytest

from comments.forms import MOSTLY_MARKS_MESSAGE
from comments.models import Comment
from tests.factories import comment_data

pytestmark = pytest.mark.django_db

ZALGO = "H̸̡̪̯ͨ͊̽̅̾̎Ȩ̬̩̾͛ͪ̈́̀́͘ ̶̧̨̱̹̭̯ͧ̾ͬC̷̙̲̝͖ͭ̏ͥͮ͟Oͮ͏̮̪̝͍M̲̖͊̒ͪͩͬ̚̚͜Ȇ̴̟̟͙̞ͩ͌͝S̨̥̫͎̭ͯ̿̔̀ͅ"
THREE_ON_ONE = "Jo" + "e\u0301\u0302\u0303"  # three accents on one letter


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Nguyễn Thị Ngọc Ánh", "Chúng tôi cần bản đồ lũ của hội đồng."),
        # Vietnamese typed as letters and separate marks (NFD): two on a letter.
        (
            "Nguye\u0302\u0303n Thi\u0323",
            "Cho\u0302\u0301 na\u0300y nga\u0302\u0323p nu\u031bo\u031b\u0301c.",
        ),
        ("Ệ", "Tên tôi là Ệ, một chữ cái."),  # one letter, two marks in NFD
        ("प्रिया क्षत्रिय", "नदी का पानी तेज़ी से बढ़ा। ज़िंदगी रुक गई।"),
        ("مُحَمَّدٌ", "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ، فَاضَ النَّهْرُ."),
        ("שְׁלֹמֹה", "מִשְׁפָּט: הַנָּהָר עָלָה עַל גְּדוֹתָיו, וְהַשְּׁכוּנָה הֻצְּפָה."),
        ("Ẹ̀kọ́ Adéwálé", "Omi ti kún ọ̀nà."),
        ("Jo 👩🏽‍💻", "The river rose 👨‍👩‍👧‍👦 👍🏿 1️⃣ 🇬🇧 ❤️"),
    ],
)
def test_every_writing_systems_own_marks_pass(article, post, name, text):
    response = post(comment_data(article, name=name, comment=text))
    assert response.status_code == 303, response.content.decode()[:2000]
    assert Comment.objects.get().name == name


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("comment", f"The river rose. {ZALGO}", "Your comment has more accent marks piled"),
        ("comment", f"Look at this {THREE_ON_ONE}", "Your comment has more accent marks piled"),
        ("comment", "Stacked " + "\u05b4" * 5 + " niqqud", "Your comment has more accent marks"),
        ("name", ZALGO, "Your name has more accent marks piled on one letter"),
        ("name", "J̷̢o̵̡ R̸̨e̶̛", MOSTLY_MARKS_MESSAGE),
    ],
)
def test_stacked_marks_are_refused_with_a_message_and_the_words_kept(
    article, post, html, field, value, message
):
    data = comment_data(article, **{field: value})
    response = post(data)
    assert response.status_code == 200
    assert not Comment.objects.exists()
    page = html(response)
    assert message in page.cssselect("#comment-errors")[0].text_content()
    if field == "name":
        assert page.cssselect("#id_name")[0].get("value") == value
    else:
        assert page.cssselect("#id_comment")[0].text.removeprefix("\n") == value

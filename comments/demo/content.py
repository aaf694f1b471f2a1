"""The demo newsroom's reader comments, by the slug of the article they are under.

Original, fictional writing like the articles they answer (``articles/demo/content.py``). Each
comment has a ``key`` unique under its article (its submission key is made from it, so a second
load finds it again), the ``parent`` key it replies to, its time in ``hours`` relative to the
load, and its ``status``; held comments carry the ``reasons`` the moderation policy would give.
"""

COMMENTS = {
    # The flagship: approved comments in several threads, plus three held for moderation.
    "river-lisle-bursts-banks-ravensmouth-flooding": [
        {
            "key": "c1",
            "name": "Janet Whitfield",
            "email": "janet.whitfield@example.com",
            "url": "",
            "text": (
                "Thinking of everyone on Mill Lane. My mum lived there for forty years and the "
                "water came in exactly the same way in 2007: under the door first, then up "
                "through the floorboards.\n\n"
                "Please look after each other today."
            ),
            "status": "approved",
            "hours": -2.3,
            "parent": None,
        },
        {
            "key": "c2",
            "name": "Mark Ellison",
            "email": "m.ellison@example.net",
            "url": "",
            "text": (
                "Same street, different year. We had covers on the air bricks this time and it "
                "still got in. The fire crew who came for my neighbour were brilliant, though."
            ),
            "status": "approved",
            "hours": -2.1,
            "parent": "c1",
        },
        {
            "key": "c3",
            "name": "Janet Whitfield",
            "email": "janet.whitfield@example.com",
            "url": "",
            "text": (
                "Glad you’re both out safely. Air brick covers only buy you time, sadly. Mum "
                "always said the floorboards were the real problem."
            ),
            "status": "approved",
            "hours": -1.9,
            "parent": "c2",
        },
        {
            "key": "c4",
            "name": "Sunil Mehta",
            "email": "sunil.mehta@example.org",
            "url": "",
            "text": (
                "If anyone on Mill Lane needs help moving furniture once the water goes down, a "
                "few of us from the allotments are getting organised. Ask for me at St Cuthbert’s."
            ),
            "status": "approved",
            "hours": -1.6,
            "parent": "c1",
        },
        {
            "key": "c5",
            "name": "Rachel Dunn",
            "email": "rachel.dunn@example.com",
            "url": "",
            "text": (
                "Does anyone know if the number 12 bus is still running to the hospital? The "
                "council page only mentions the ring road."
            ),
            "status": "approved",
            "hours": -2.0,
            "parent": None,
        },
        {
            "key": "c6",
            "name": "Colin Barraclough",
            "email": "colinb@example.net",
            "url": "",
            "text": (
                "It was diverting via Carlton Road when I came through at seven. Slow, but running."
            ),
            "status": "approved",
            "hours": -1.8,
            "parent": "c5",
        },
        {
            "key": "c7",
            "name": "Aisha Rahman",
            "email": "aisha.r@example.org",
            "url": "",
            "text": (
                "The bus company says it’s an hourly service until the ring road reopens. Worth "
                "checking before you set off."
            ),
            "status": "approved",
            "hours": -1.7,
            "parent": "c5",
        },
        {
            "key": "c8",
            "name": "Geoff Stanton",
            "email": "geoff.stanton@example.com",
            "url": "https://example.net/geoff",
            "text": (
                "Credit where it’s due. The Fenwick barrier was controversial when it went in and "
                "plenty of people called it money down the drain. It has just saved 1,200 homes."
            ),
            "status": "approved",
            "hours": -1.95,
            "parent": None,
        },
        {
            "key": "c9",
            "name": "Lorna McBride",
            "email": "lorna.mcbride@example.net",
            "url": "",
            "text": (
                "It saved Fenwick. It didn’t save Tanners Row, which is the point some of us made "
                "at the time. Downstream got nothing."
            ),
            "status": "approved",
            "hours": -1.75,
            "parent": "c8",
        },
        {
            "key": "c10",
            "name": "Geoff Stanton",
            "email": "geoff.stanton@example.com",
            "url": "https://example.net/geoff",
            "text": (
                "That’s fair. The second phase, for the city centre, was approved and then "
                "shelved when the funding was cut. That’s a question for whoever cut it, not the "
                "engineers."
            ),
            "status": "approved",
            "hours": -1.5,
            "parent": "c9",
        },
        {
            "key": "c11",
            "name": "Pete Oduya",
            "email": "pete.oduya@example.org",
            "url": "",
            "text": "Agreed. Ask anyone in Fenwick what 2007 was like.",
            "status": "approved",
            "hours": -1.4,
            "parent": "c8",
        },
        {
            "key": "c12",
            "name": "Hannah Griggs",
            "email": "hgriggs@example.com",
            "url": "",
            "text": (
                "The volunteers at St Cuthbert’s deserve medals. We arrived at five with two "
                "children and a dog, all soaked, and they had tea and towels in our hands within "
                "minutes."
            ),
            "status": "approved",
            "hours": -1.85,
            "parent": None,
        },
        {
            "key": "c13",
            "name": "Tom Fairclough",
            "email": "tom.fairclough@example.net",
            "url": "",
            "text": (
                "The forecast said amber and most of us took it seriously. But nobody I know "
                "expected the river to come up that fast. A warning text at 1am would have helped."
            ),
            "status": "approved",
            "hours": -1.7,
            "parent": None,
        },
        {
            "key": "c14",
            "name": "Bev Castle",
            "email": "bev.castle@example.org",
            "url": "",
            "text": (
                "There is a flood alert text service, but you have to sign up for it. Worth doing "
                "for anyone with a postcode near the river."
            ),
            "status": "approved",
            "hours": -1.55,
            "parent": "c13",
        },
        {
            "key": "c15",
            "name": "Ian Sutcliffe",
            "email": "ian.sutcliffe@example.com",
            "url": "",
            "text": (
                "Signed up years ago and got the alert at 1.40am. It works, but it’s only as good "
                "as the river gauge readings behind it.\n\n"
                "Last night the river simply outran the model."
            ),
            "status": "approved",
            "hours": -1.3,
            "parent": "c14",
        },
        {
            "key": "c16",
            "name": "Nadia Kowalski",
            "email": "nadia.k@example.net",
            "url": "",
            "text": (
                "Thirty centimetres to float a car. Please, people, listen to this. I watched a "
                "van stall on Bridge Street at 6am and the driver had to be pulled out through "
                "the window."
            ),
            "status": "approved",
            "hours": -1.6,
            "parent": None,
        },
        {
            "key": "c17",
            "name": "Chris Almond",
            "email": "chris.almond@example.com",
            "url": "",
            "text": (
                "Our school is closed and so is my workplace, so it’s a long day with three "
                "children in a second-floor flat. Small problems compared with people who’ve lost "
                "everything, I know."
            ),
            "status": "approved",
            "hours": -1.45,
            "parent": None,
        },
        {
            "key": "c18",
            "name": "Deborah Lyle",
            "email": "d.lyle@example.org",
            "url": "",
            "text": (
                "The library on Kingsway is open and dry and has put the children’s corner out. "
                "Might save your sanity for an hour."
            ),
            "status": "approved",
            "hours": -1.2,
            "parent": "c17",
        },
        {
            "key": "c19",
            "name": "Martin Greaves",
            "email": "martin.greaves@example.net",
            "url": "",
            "text": (
                "Any news on whether the Old Bridge is structurally sound? It’s two hundred years "
                "old and the water was nearly up to the parapet."
            ),
            "status": "approved",
            "hours": -1.3,
            "parent": None,
        },
        {
            "key": "c20",
            "name": "Aisha Rahman",
            "email": "aisha.r@example.org",
            "url": "",
            "text": (
                "At the briefing they said engineers will inspect it once the level drops. It’s "
                "closed until then."
            ),
            "status": "approved",
            "hours": -1.0,
            "parent": "c19",
        },
        {
            "key": "c21",
            "name": "Owen Lacey",
            "email": "owen.lacey@example.com",
            "url": "",
            "text": (
                "Shop owners on Tanners Row have been asking for proper flood gates for a decade. "
                "I hope this is the time someone listens."
            ),
            "status": "approved",
            "hours": -1.1,
            "parent": None,
        },
        {
            "key": "c22",
            "name": "Sue Pickering",
            "email": "sue.pickering@example.net",
            "url": "",
            "text": (
                "Six years since the last one. How many once-in-a-century floods can one city "
                "have in a generation?"
            ),
            "status": "approved",
            "hours": -0.9,
            "parent": None,
        },
        {
            "key": "c23",
            "name": "Dr Alex Morrow",
            "email": "alex.morrow@example.org",
            "url": "https://example.org/hydrology-notes",
            "text": (
                "The one-in-a-hundred figure for the Lisle was calculated before the last two "
                "floods. It needs updating, and so do the defences designed around it."
            ),
            "status": "approved",
            "hours": -0.7,
            "parent": "c22",
        },
        {
            "key": "c24",
            "name": "Joan Peel",
            "email": "joan.peel@example.com",
            "url": "",
            "text": (
                "Thank you for keeping this updated. Far more useful than the rumours going round "
                "the estate’s group chat."
            ),
            "status": "approved",
            "hours": -0.5,
            "parent": None,
        },
        {
            "key": "c25",
            "name": "Flood Kit Finder",
            "email": "deals@example.net",
            "url": "https://example.net/",
            "text": (
                "Sandbags still in stock at https://example.com/sandbags and flood barriers at "
                "https://example.net/flood-kit if anyone is stuck."
            ),
            "status": "pending",
            "reasons": ["Contains 2 links (limit 2)"],
            "hours": -0.4,
            "parent": None,
        },
        {
            "key": "c26",
            "name": "Dave Holt",
            "email": "dave.holt@example.com",
            "url": "",
            "text": (
                "Lost my car to the water in the old casino car park on Dock Road. The insurance "
                "line has a four-hour wait."
            ),
            "status": "pending",
            "reasons": ['Contains a moderation word: "casino"'],
            "hours": -0.3,
            "parent": None,
        },
        {
            "key": "c27",
            "name": "K. Shaw",
            "email": "kshaw@example.org",
            "url": "",
            "text": "Who is going to pay for all of this? Will council tax go up again next year?",
            "status": "pending",
            "reasons": ["First comment from this email address"],
            "hours": -0.2,
            "parent": "c22",
        },
    ],
    "rovers-come-from-two-down-to-reach-county-cup-final": [
        {
            "key": "r1",
            "name": "Steve Marland",
            "email": "steve.marland@example.com",
            "url": "",
            "text": "Left at 2-0 to beat the traffic. I will never live this down in our house.",
            "status": "approved",
            "hours": -43.0,
            "parent": None,
        },
        {
            "key": "r2",
            "name": "Gemma Tully",
            "email": "gemma.tully@example.net",
            "url": "",
            "text": (
                "Same here. Heard the roar for the winner from the car park and knew exactly what "
                "I’d done."
            ),
            "status": "approved",
            "hours": -42.5,
            "parent": "r1",
        },
        {
            "key": "r3",
            "name": "Raj Patel",
            "email": "raj.patel@example.org",
            "url": "",
            "text": "Farrow has to start the final. The game changed the minute he came on.",
            "status": "approved",
            "hours": -41.0,
            "parent": None,
        },
        {
            "key": "r4",
            "name": "Neil Bostock",
            "email": "neil.bostock@example.com",
            "url": "",
            "text": (
                "Well played Saltby, who were the better side for an hour and were gracious at "
                "the end. Good luck for the rest of the season."
            ),
            "status": "approved",
            "hours": -40.0,
            "parent": None,
        },
        {
            "key": "r5",
            "name": "Kev",
            "email": "kev1987@example.net",
            "url": "",
            "text": "When do tickets for the final go on sale? Nothing on the club site yet.",
            "status": "pending",
            "reasons": ["First comment from this email address"],
            "hours": -39.0,
            "parent": None,
        },
    ],
    "palace-music-hall-reopens-after-eight-year-campaign": [
        {
            "key": "m1",
            "name": "Carol Jessop",
            "email": "carol.jessop@example.com",
            "url": "",
            "text": (
                "Went last night with my dad, who last sat in that balcony in the seventies. He "
                "cried at the brass band.\n\n"
                "Thank you to everyone who made it happen."
            ),
            "status": "approved",
            "hours": -52.0,
            "parent": None,
        },
        {
            "key": "m2",
            "name": "Imran Siddiqui",
            "email": "imran.s@example.org",
            "url": "",
            "text": (
                "Lovely. My grandparents met at a dance there in the fifties, apparently. So glad "
                "it’s back."
            ),
            "status": "approved",
            "hours": -51.0,
            "parent": "m1",
        },
        {
            "key": "m3",
            "name": "Fran Hebden",
            "email": "fran.hebden@example.net",
            "url": "https://example.com/fran-draws",
            "text": "The restored ceiling is stunning. Worth going just to look up.",
            "status": "approved",
            "hours": -49.0,
            "parent": None,
        },
        {
            "key": "m4",
            "name": "Graham Tilley",
            "email": "g.tilley@example.com",
            "url": "",
            "text": (
                "Does anyone know whether there is step-free access to the balcony as well as the "
                "stalls?"
            ),
            "status": "approved",
            "hours": -47.0,
            "parent": None,
        },
        {
            "key": "m5",
            "name": "Carol Jessop",
            "email": "carol.jessop@example.com",
            "url": "",
            "text": (
                "There is. The new lift goes to both levels. I asked at the box office on the way "
                "in."
            ),
            "status": "approved",
            "hours": -46.0,
            "parent": "m4",
        },
    ],
    "thornleigh-villagers-buy-last-shop-share-offer": [
        {
            "key": "v1",
            "name": "Margaret Ibbotson",
            "email": "m.ibbotson@example.org",
            "url": "",
            "text": (
                "Bought my £50 of shares the day the offer opened. Best money I’ve spent in years."
            ),
            "status": "approved",
            "hours": -110.0,
            "parent": None,
        },
        {
            "key": "v2",
            "name": "Phil Dransfield",
            "email": "phil.dransfield@example.com",
            "url": "",
            "text": (
                "Well done, Thornleigh. Our village lost its shop nine years ago and you don’t "
                "realise how much you rely on it until it has gone."
            ),
            "status": "approved",
            "hours": -100.0,
            "parent": None,
        },
        {
            "key": "v3",
            "name": "Lucy Amos",
            "email": "lucy.amos@example.net",
            "url": "",
            "text": (
                "It might be worth looking at whether a share offer could bring yours back. A "
                "community business adviser helped us with all the paperwork."
            ),
            "status": "approved",
            "hours": -96.0,
            "parent": "v2",
        },
        {
            "key": "v4",
            "name": "Ron Haigh",
            "email": "ron.haigh@example.org",
            "url": "",
            "text": (
                "Will it keep the post office counter? That’s what the older residents need most."
            ),
            "status": "approved",
            "hours": -90.0,
            "parent": None,
        },
        {
            "key": "v5",
            "name": "Lucy Amos",
            "email": "lucy.amos@example.net",
            "url": "",
            "text": (
                "Yes, the post office counter is staying. It was part of the plan from the start."
            ),
            "status": "approved",
            "hours": -88.0,
            "parent": "v4",
        },
    ],
}

"""Demo content for the Newsroom site.

Everything here is original, fictional writing: the places (Ravensmouth,
Saltby, Thornleigh, Fenwick), people, organisations and quotes are
invented.  Links point only at example.org / example.net / example.com.

Plain Python data, no Django imports, so it can be loaded by a management
command, a data migration or a test fixture builder.

Times are given in hours relative to "now" at load time (negative = in the
past).  Photos are described here and drawn procedurally by
``articles.demo.pictures.render_scene(scene, seed)``. Reader comments on these
articles are the comments app's: ``comments/demo/content.py``.
"""

# Display order.
SECTIONS = [
    {
        "slug": "news",
        "name": "News",
        "description": (
            "The latest from Ravensmouth and across the region, updated through the day."
        ),
    },
    {
        "slug": "world",
        "name": "World",
        "description": (
            "International news and the stories beyond our borders that shape life here."
        ),
    },
    {
        "slug": "politics",
        "name": "Politics",
        "description": (
            "Westminster, the town hall and the decisions that shape the services you rely on."
        ),
    },
    {
        "slug": "business",
        "name": "Business",
        "description": "Jobs, companies, money and the regional economy.",
    },
    {
        "slug": "sport",
        "name": "Sport",
        "description": "Football, swimming, cricket and grassroots sport from across the county.",
    },
    {
        "slug": "culture",
        "name": "Culture",
        "description": "Theatre, music, books and the arts, with reviews and interviews.",
    },
]

# What stories are about, across sections: each topic with the demo articles (by slug) on it.
TOPICS = [
    {
        "slug": "flooding",
        "name": "Flooding",
        "description": (
            "Floods in Ravensmouth and along the coast: the damage, the clean-up and the defences."
        ),
        "articles": [
            "river-lisle-bursts-banks-ravensmouth-flooding",
            "coast-line-closed-engineers-inspect-flooded-track",
            "atlantic-states-agree-shared-storm-warning-system",
            "ravensmouth-flood-what-we-know",
        ],
    },
    {
        "slug": "storm-maren",
        "name": "Storm Maren",
        "description": "",
        "articles": [
            "river-lisle-bursts-banks-ravensmouth-flooding",
            "coast-line-closed-engineers-inspect-flooded-track",
            "ravensmouth-flood-what-we-know",
        ],
    },
    {
        "slug": "transport",
        "name": "Transport",
        "description": "Trains, buses, roads and the harbour: how the region gets about.",
        "articles": [
            "coast-line-closed-engineers-inspect-flooded-track",
            "rural-bus-funding-review-slips-again",
            "saltby-harbour-plan-wins-port-authority-backing",
        ],
    },
    {
        "slug": "rural-services",
        "name": "Rural services",
        "description": "Buses, doctors and shops in the villages, and who pays for them.",
        "articles": [
            "rural-bus-funding-review-slips-again",
            "thornleigh-villagers-buy-last-shop-share-offer",
            "mps-warn-of-shortfall-in-rural-gp-training",
        ],
    },
    {
        "slug": "high-street",
        "name": "High street",
        "description": "",
        "articles": [
            "thornleigh-villagers-buy-last-shop-share-offer",
            "ravensmouth-empty-shops-fall-to-five-year-low",
        ],
    },
]

REPORTERS = [
    {
        "slug": "amara-okafor",
        "name": "Amara Okafor",
        "role": "News Reporter",
        "bio": (
            "Amara covers public services, the courts and the stories that break overnight across "
            "the region. She joined the Newsroom from a weekly paper in 2019 and still prefers a "
            "notebook to a voice recorder."
        ),
        "portrait": "portrait-amara",
    },
    {
        "slug": "tom-hartley",
        "name": "Tom Hartley",
        "role": "Political Correspondent",
        "bio": (
            "Tom reports on Westminster and local government, with a particular interest in how "
            "national decisions land in council budgets. He previously spent six years covering "
            "the county council."
        ),
        "portrait": "portrait-tom",
    },
    {
        "slug": "priya-nair",
        "name": "Priya Nair",
        "role": "Business Editor",
        "bio": (
            "Priya writes about companies, jobs and the regional economy, from family firms to "
            "the port. Before journalism she trained as an accountant, which she says is mostly "
            "useful for reading footnotes."
        ),
        "portrait": "portrait-priya",
    },
    {
        "slug": "gareth-llewellyn",
        "name": "Gareth Llewellyn",
        "role": "Sports Reporter",
        "bio": (
            "Gareth has covered Ravensmouth Rovers home and away for a decade and reports on "
            "grassroots sport across the county. He has not missed a county cup final since 2012."
        ),
        "portrait": "portrait-gareth",
    },
    {
        "slug": "ellen-marsh",
        "name": "Ellen Marsh",
        "role": "Arts and Culture Writer",
        "bio": (
            "Ellen reviews theatre, music and books and writes about the people who keep the "
            "region’s venues open. She has sat on the judging panel of the county’s young "
            "writers’ prize for five years."
        ),
        "portrait": "portrait-ellen",
    },
    {
        "slug": "daniel-osei",
        "name": "Daniel Osei",
        "role": "World Affairs Correspondent",
        "bio": (
            "Daniel writes about international diplomacy, climate and trade, and how events "
            "abroad reach home. He has reported from four continents and speaks French and "
            "Portuguese."
        ),
        "portrait": "portrait-daniel",
    },
    {
        "slug": "fiona-baird",
        "name": "Fiona Baird",
        "role": "Transport and Environment Correspondent",
        "bio": (
            "Fiona covers roads, railways, buses and the changing climate of the region. She "
            "cycles to work in all weathers and has strong opinions about potholes."
        ),
        "portrait": None,
    },
]

# Photo key -> description; ``scene`` and ``seed`` are passed to pictures.render_scene. An entry
# with ``"file": "path/to/photo.jpg"`` (absolute, or relative to the project) is imported from
# that photograph instead of being drawn; ``scene`` and ``seed`` are then not needed.
PHOTOS = {
    "flood-bridge": {
        "caption": (
            "Floodwater reaches the arches of the Old Bridge in Ravensmouth early this morning."
        ),
        "credit": "Sam Whitlock/Newsroom",
        "alt": (
            "A long stone bridge with low arches spans a swollen brown river in heavy rain. A few "
            "people stand on the bridge, brick terraced houses with pitched roofs line the far "
            "bank, and a street lamp stands in the water in the foreground."
        ),
        "scene": "flood",
        "seed": 1,
    },
    "flood-street": {
        "caption": "Tanners Row under water after the River Lisle burst its banks.",
        "credit": "Hana Kowalczyk/Northlight Pictures",
        "alt": (
            "A city street flooded to knee height between rows of three- and four-storey "
            "buildings, with people standing in the water in the rain and the buildings reflected "
            "in the flood."
        ),
        "scene": "flood",
        "seed": 3,
    },
    "flood-evening": {
        "caption": "Water lies across the Quayside as the evening high tide approaches.",
        "credit": "Sam Whitlock/Newsroom",
        "alt": (
            "Brown floodwater fills a street between rows of three- and four-storey buildings, "
            "reflecting shopfronts and lit windows under a dark grey sky streaked with rain."
        ),
        "scene": "flood",
        "seed": 4,
    },
    "rail-line": {
        "caption": "Standing water on the coast line near Fenwick, where ballast was washed away.",
        "credit": "Joe Brannigan/Newsroom",
        "alt": (
            "A double railway track runs straight into the distance between tree-lined "
            "embankments and overhead line masts, with pools of water lying on the track bed."
        ),
        "scene": "rail",
        "seed": 2,
    },
    "village-green": {
        "caption": (
            "Thornleigh, where the shop and post office is the last business left in the village."
        ),
        "credit": "Lena Ortiz/Coastline Images",
        "alt": (
            "A small village of pale houses and a church spire among rolling green fields and "
            "hedgerows, under a blue sky with white clouds."
        ),
        "scene": "countryside",
        "seed": 8,
    },
    "parliament-river": {
        "caption": "Parliament seen from across the river.",
        "credit": "Newsroom archive",
        "alt": (
            "A long, pale stone Gothic building with rows of pinnacles and narrow arched windows "
            "stands along a river, with a clock tower near one end and a square tower flying a "
            "flag at the other."
        ),
        "scene": "parliament",
        "seed": 2,
    },
    "parliament-committee": {
        "caption": "The committee’s report follows a nine-month inquiry.",
        "credit": "Newsroom archive",
        "alt": "A Gothic parliament building with a clock tower, reflected in the river below.",
        "scene": "parliament",
        "seed": 8,
    },
    "crowd-bus-campaign": {
        "caption": (
            "Campaigners gathered outside County Hall last year to call for rural bus routes to "
            "be protected."
        ),
        "credit": "Joe Brannigan/Newsroom",
        "alt": (
            "A crowd of people seen from behind, several holding up plain placards, in front of a "
            "row of town buildings."
        ),
        "scene": "crowd",
        "seed": 11,
    },
    "countryside-surgery": {
        "caption": "Rural practices often cover large areas with small teams.",
        "credit": "Lena Ortiz/Coastline Images",
        "alt": (
            "Rolling fields divided by hedgerows and trees, with distant blue hills under a "
            "bright sky."
        ),
        "scene": "countryside",
        "seed": 3,
    },
    "market-saturday": {
        "caption": (
            "Holloway’s has sold its biscuits on Ravensmouth’s Saturday market for 70 years."
        ),
        "credit": "Priya Nair/Newsroom",
        "alt": (
            "Shoppers walk past market stalls with striped awnings and tables of fruit and goods, "
            "in front of a row of three-storey town-centre buildings."
        ),
        "scene": "market",
        "seed": 3,
    },
    "harbour-quay": {
        "caption": (
            "Saltby harbour. The north side has been derelict since the coal staithes closed."
        ),
        "credit": "Lena Ortiz/Coastline Images",
        "alt": (
            "Small fishing boats moored in a calm harbour, with rows of brightly painted houses "
            "climbing the green hillside behind."
        ),
        "scene": "harbour",
        "seed": 2,
    },
    "harbour-cranes": {
        "caption": (
            "Cranes on the commercial quay. The port authority says Saltby must remain a working "
            "port."
        ),
        "credit": "Lena Ortiz/Coastline Images",
        "alt": (
            "Two harbour cranes stand on a quay above moored boats, with painted houses on the "
            "hillside behind."
        ),
        "scene": "harbour",
        "seed": 1,
    },
    "north-quay-morning": {
        "caption": "Saltby harbour from the south quay this morning, before the cordon widened.",
        "credit": "Lena Ortiz/Coastline Images",
        "alt": (
            "Fishing boats moored in a harbour below a hillside of brightly painted houses, "
            "under a pale sky."
        ),
        "scene": "harbour",
        "seed": 7,
    },
    "street-high": {
        "caption": "Ravensmouth’s high street, where 22 empty units have reopened in two years.",
        "credit": "Sam Whitlock/Newsroom",
        "alt": (
            "A high street of three- and four-storey buildings with shopfronts and street lamps, "
            "with shoppers walking on both pavements."
        ),
        "scene": "street",
        "seed": 6,
    },
    "city-skyline": {
        "caption": (
            "The city’s business district is home to many of the region’s larger employers."
        ),
        "credit": "Newsroom archive",
        "alt": (
            "A city skyline of office blocks and glass towers beside a river, under a blue sky "
            "with clouds."
        ),
        "scene": "city",
        "seed": 5,
    },
    "stadium-rovers": {
        "caption": "Eastfield Park, where Rovers turned the tie around in the final 25 minutes.",
        "credit": "Joe Brannigan/Newsroom",
        "alt": (
            "Players in two colours of kit spread across a striped green football pitch, with a "
            "packed stand of supporters behind them."
        ),
        "scene": "stadium",
        "seed": 4,
    },
    "crowd-fans": {
        "caption": "Rovers supporters celebrate the winning goal.",
        "credit": "Joe Brannigan/Newsroom",
        "alt": (
            "A dense crowd of supporters seen from behind, some holding up banners, in front of "
            "town buildings."
        ),
        "scene": "crowd",
        "seed": 6,
    },
    "music-hall-night": {
        "caption": "Quay Street on the Palace’s reopening night.",
        "credit": "Hana Kowalczyk/Northlight Pictures",
        "alt": (
            "A city street at night with lit windows and street lamps, people walking on the "
            "pavements and light reflected on the road."
        ),
        "scene": "night",
        "seed": 1,
    },
    "theatre-night": {
        "caption": (
            "The Northgate Studio is in the city’s old warehouse district on the waterfront."
        ),
        "credit": "Hana Kowalczyk/Northlight Pictures",
        "alt": (
            "City buildings with lit windows along a river at night, their lights reflected in "
            "the water."
        ),
        "scene": "night",
        "seed": 3,
    },
    "storm-seafront": {
        "caption": "Waves break over a sea wall during a winter storm.",
        "credit": "Lena Ortiz/Coastline Images",
        "alt": (
            "Grey waves and white spray break against a sea wall in driving rain, with a "
            "lighthouse on a distant headland."
        ),
        "scene": "storm",
        "seed": 5,
    },
    "wildfire-ridge": {
        "caption": "Smoke rises above a burning ridge during last summer’s fires.",
        "credit": "Coastline Images",
        "alt": (
            "An orange, smoke-filled sky above dark hills, with a line of flames along the ridge "
            "and bare tree trunks in the foreground."
        ),
        "scene": "wildfire",
        "seed": 4,
    },
    "portrait-amara": {
        "caption": "Amara Okafor",
        "credit": "Newsroom",
        "alt": (
            "Head-and-shoulders portrait of Amara Okafor, with her hair tied back, wearing a "
            "jacket over an open-necked shirt, against a softly blurred background."
        ),
        "scene": "portrait",
        "seed": 28,
    },
    "portrait-tom": {
        "caption": "Tom Hartley",
        "credit": "Newsroom",
        "alt": (
            "Head-and-shoulders portrait of Tom Hartley, with short hair, wearing a jacket over "
            "an open-necked shirt, against a softly blurred background."
        ),
        "scene": "portrait",
        "seed": 30,
    },
    "portrait-priya": {
        "caption": "Priya Nair",
        "credit": "Newsroom",
        "alt": (
            "Head-and-shoulders portrait of Priya Nair, with long dark hair, wearing a jacket, "
            "against a softly blurred background."
        ),
        "scene": "portrait",
        "seed": 8,
    },
    "portrait-gareth": {
        "caption": "Gareth Llewellyn",
        "credit": "Newsroom",
        "alt": (
            "Head-and-shoulders portrait of Gareth Llewellyn, with closely cropped hair, wearing "
            "a jacket, against a softly blurred background."
        ),
        "scene": "portrait",
        "seed": 19,
    },
    "portrait-ellen": {
        "caption": "Ellen Marsh",
        "credit": "Newsroom",
        "alt": (
            "Head-and-shoulders portrait of Ellen Marsh, with a chin-length bob, wearing a "
            "jacket, against a softly blurred background."
        ),
        "scene": "portrait",
        "seed": 12,
    },
    "portrait-daniel": {
        "caption": "Daniel Osei",
        "credit": "Newsroom",
        "alt": (
            "Head-and-shoulders portrait of Daniel Osei, with closely cropped hair, wearing a "
            "jacket over an open-necked shirt, against a softly blurred background."
        ),
        "scene": "portrait",
        "seed": 23,
    },
}

ARTICLES = [
    # The flagship, in the shape of a breaking-news story.
    {
        "slug": "river-lisle-bursts-banks-ravensmouth-flooding",
        "headline": "River Lisle bursts its banks as Storm Maren floods Ravensmouth",
        "standfirst": (
            "More than 400 homes have been evacuated and the city centre is cordoned off after a "
            "month’s rain fell in less than a day. The council says the emergency response is "
            "holding."
        ),
        "section": "news",
        "reporters": ["amara-okafor"],
        "status": "published",
        "hours": -2.5,
        "updated_hours": -0.5,
        "lead_photo": "flood-bridge",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>The River Lisle burst its banks in Ravensmouth in the early hours of this "
                    "morning, flooding streets in the city centre and forcing the evacuation of "
                    "more than 400 homes as Storm Maren brought a month’s rainfall in less than a "
                    "day.</p>"
                    "<p>Water rose above the arches of the Old Bridge shortly after 3am. By "
                    "daybreak the Quayside and much of Tanners Row were under knee-deep water, "
                    "and police had closed the inner ring road, asking people to stay away from "
                    "the riverside “unless they have no choice”.</p>"
                    "<p>Fire crews carried out 63 rescues overnight, most of them from "
                    "ground-floor flats on Mill Lane, where residents were woken by water coming "
                    "in under their doors. Nobody has been seriously hurt, according to the "
                    "city’s emergency co-ordination group, although paramedics checked several "
                    "older residents for the effects of cold.</p>"
                    "<p>Forecasters had issued an amber warning for heavy rain two days ago, but "
                    "the river rose faster than expected. The gauge at Fenwick Weir recorded its "
                    "highest level since records began in 1968, eight centimetres above the mark "
                    "set in the floods of 2007. By 6am, 94mm of rain had fallen at the weather "
                    "station on Castle Hill since the previous evening.</p>"
                    "<p>Rest centres have opened at Ravensmouth Leisure Centre and St Cuthbert’s "
                    "church hall, where volunteers were handing out tea, dry clothes and phone "
                    "chargers from 4am.</p>"
                ),
            ),
            (
                "photo",
                {
                    "photo": "flood-street",
                    "caption": "Tanners Row shortly after 7am, when the water was at its deepest.",
                },
            ),
            ("heading", "Response ‘holding’, says council leader"),
            (
                "text",
                (
                    "<p>Margaret Doyle, the leader of Ravensmouth City Council, told a briefing "
                    "at the civic centre shortly after 8am that the emergency response was "
                    "“holding”, and that the flood barrier built upstream at Fenwick after 2007 "
                    "had protected about 1,200 properties.</p>"
                    "<p>“It has been a very long night and it isn’t over yet,” she said. “But the "
                    "plan we rehearsed is the plan we are running. Every person who asked for "
                    "help has had it, and the defences upstream have done exactly what they were "
                    "built to do.”</p>"
                    "<p>She said council officers would begin assessing damaged homes as soon as "
                    "the water dropped, and that a hardship fund for affected households would "
                    "open within days. The council had not yet needed to ask for military help, "
                    "she added, but the option was “on the table” if the evening tide brought a "
                    "second surge.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "Every person who asked for help has had it, and the defences upstream "
                        "have done exactly what they were built to do."
                    ),
                    "attribution": "Margaret Doyle, leader of Ravensmouth City Council",
                },
            ),
            (
                "text",
                (
                    "<p>Not everyone was reassured. On Tanners Row, several shops have flooded "
                    "for the second time in six years. Owen Pritchard, who has run a hardware "
                    "shop there for 22 years, moved his stock upstairs at midnight and watched "
                    "the water come in anyway. “We knew it was coming,” he said. “Knowing doesn’t "
                    "stop it.”</p>"
                    "<p>At the leisure centre, about 150 people had registered by mid-morning. "
                    "Lena Brodie, 34, left her flat on Mill Lane with her two sons in a fire "
                    "service boat. “The boys thought it was an adventure until they saw the water "
                    "in the hall,” she said. “We’ve got our passports, the dog and a bag of "
                    "school uniform. That’s it.”</p>"
                    "<p>Group Commander Rob Kettering of the county fire and rescue service said "
                    "the river was expected to peak again around the evening high tide, and urged "
                    "people not to walk or drive through floodwater. “Thirty centimetres of "
                    "moving water is enough to float a car,” he said.</p>"
                    "<p>Trains between Ravensmouth and the coast are suspended while the line is "
                    "inspected, and 31 schools are closed. The council’s list of closures and "
                    "rest centres is <a "
                    'href="https://example.org/ravensmouth/flood-updates">updated on its '
                    "website</a> every hour.</p>"
                    "<p>The storm is expected to move east tonight, although a yellow warning for "
                    "wind remains in place until tomorrow morning. Residents who need help can "
                    "call the council’s emergency line, which is staffed <em>around the "
                    "clock</em>.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "coast-line-closed-engineers-inspect-flooded-track",
        "headline": "Coast line closed as engineers inspect flooded track",
        "standfirst": (
            "Trains between Ravensmouth and Saltby are suspended after water covered the line "
            "near Fenwick. Replacement buses are running every half hour."
        ),
        "section": "news",
        "reporters": ["fiona-baird"],
        "status": "published",
        "hours": -1.8,
        "updated_hours": -1.0,
        "lead_photo": "rail-line",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>Trains between Ravensmouth and Saltby have been suspended after "
                    "floodwater covered a stretch of track near Fenwick, and the operator says "
                    "the line will stay closed until engineers are satisfied that the embankment "
                    "is safe.</p>"
                    "<p>Water was lying on the track for about 400 metres at first light, "
                    "according to the operator, which said a team had walked the section and "
                    "found ballast washed away from beneath one of the two lines. Replacement "
                    "buses are running every 30 minutes from the forecourt at Ravensmouth "
                    "station, calling at all stops.</p>"
                ),
            ),
            ("heading", "Journeys will take longer"),
            (
                "text",
                (
                    "<p>The operator warned that bus journeys would take about 40 minutes longer "
                    "than the train while the inner ring road remains closed, and asked "
                    "passengers to travel only if necessary. Tickets dated today will be accepted "
                    "on any service until the end of the week.</p>"
                    "<p>A landslip on the same embankment closed the line for nine days two "
                    "winters ago. A spokesperson said it was “too early to say” whether repairs "
                    "on that scale would be needed this time, and that a fuller update would be "
                    'posted on <a href="https://example.com/travel/coast-line">the operator’s '
                    "travel page</a> by mid-afternoon.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "rural-bus-funding-review-slips-again",
        "headline": "Councils kept waiting as review of rural bus funding slips again",
        "standfirst": (
            "A promised overhaul of how money for local buses is shared out has been pushed back "
            "to the autumn, leaving county councils to plan timetables without firm figures."
        ),
        "section": "politics",
        "reporters": ["tom-hartley"],
        "status": "published",
        "hours": -22.0,
        "lead_photo": "parliament-river",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>A long-awaited review of the formula that decides how much money councils "
                    "receive to support local bus routes has been delayed for a second time, with "
                    "ministers now saying it will be published “in the autumn”.</p>"
                    "<p>The review was first promised eighteen months ago, after councils in "
                    "largely rural areas argued that the current formula, which leans heavily on "
                    "passenger numbers, rewards busy urban routes and penalises the long, thinly "
                    "used services that villages depend on. Several counties say they cannot set "
                    "next year’s timetables with confidence until they know what they will "
                    "receive.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "You can’t run a bus on a promise. Every month of delay is another month "
                        "in which a route is cut because nobody can guarantee it past March."
                    ),
                    "attribution": "Ruth Abernethy, chair of the Rural Transport Alliance",
                },
            ),
            (
                "photo",
                {"photo": "crowd-bus-campaign", "caption": None},
            ),
            (
                "text",
                (
                    "<p>A government spokesperson said the review was “complex” and that "
                    "officials wanted to get it right rather than rush it, adding that existing "
                    "funding had been protected in cash terms for the current year.</p>"
                    "<p>Opposition members of the transport committee said they would ask for the "
                    "draft findings to be shared with councils before the summer recess. The "
                    "committee’s chair has written to the department asking for <em>a date</em>, "
                    "not a season.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "holloways-biscuits-national-supermarket-deal",
        "headline": "Family biscuit maker lands national supermarket deal and plans 40 jobs",
        "standfirst": (
            "Holloway’s, which has baked in Ravensmouth since 1952, will supply its ginger "
            "biscuits to more than 600 stores from the spring."
        ),
        "section": "business",
        "reporters": ["priya-nair"],
        "status": "published",
        "hours": -31.0,
        "lead_photo": "market-saturday",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>A third-generation family bakery in Ravensmouth has signed a three-year "
                    "contract to supply one of the country’s largest supermarket chains, a deal "
                    "its managing director said would “change the scale of the business "
                    "overnight”.</p>"
                    "<p>Holloway’s, best known locally for the ginger biscuits it has sold from a "
                    "stall on the Saturday market for seven decades, will begin delivering to "
                    "more than 600 stores in April. The company plans to add a second production "
                    "line at its unit on the Fenwick trading estate and to recruit about 40 "
                    "staff, most of them on the bakery floor.</p>"
                ),
            ),
            ("heading", "Keeping the recipe"),
            (
                "text",
                (
                    "<p>Managing director Claire Holloway, whose grandfather founded the firm, "
                    "said the supermarket had asked for no changes to the recipe. “The first "
                    "thing we asked was whether they wanted them cheaper or sweeter,” she said. "
                    "“They said no, they wanted them exactly as they are. That’s when we knew it "
                    "was the right deal.”</p>"
                    "<p>The expansion is being part-funded by a loan from a regional growth fund. "
                    "Ms Holloway said the market stall would stay. “That’s where people have told "
                    "us for 70 years whether we’ve got it right.”</p>"
                ),
            ),
        ],
    },
    {
        "slug": "rovers-come-from-two-down-to-reach-county-cup-final",
        "headline": "Rovers come from two goals down to reach county cup final",
        "standfirst": (
            "Ravensmouth Rovers scored three times in the last 25 minutes to beat Saltby Town 3-2 "
            "and reach their first final in eleven years."
        ),
        "section": "sport",
        "reporters": ["gareth-llewellyn"],
        "status": "published",
        "hours": -44.0,
        "lead_photo": "stadium-rovers",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>Ravensmouth Rovers are in the county cup final for the first time in "
                    "eleven years after a remarkable second-half recovery against Saltby Town at "
                    "Eastfield Park last night.</p>"
                    "<p>Saltby led 2-0 with little more than 25 minutes left, through a header "
                    "from Kieran Batty and a penalty from their captain, Sam Okonjo, and some of "
                    "the home crowd of just over 3,000 had begun to drift towards the exits.</p>"
                    "<p>The substitute Liam Farrow changed the game. Two minutes after coming on "
                    "he turned in a low cross from Josh Pennington to make it 2-1, and in the "
                    "79th minute he was brought down on the edge of the area for the free kick "
                    "that Pennington curled in for the equaliser.</p>"
                ),
            ),
            (
                "photo",
                {"photo": "crowd-fans", "caption": None},
            ),
            (
                "text",
                (
                    "<p>The winner came in stoppage time, when the centre-back Ade Bamidele rose "
                    "highest at a corner. Saltby had one last chance to force extra time, but "
                    "their goalkeeper, up for a corner of his own, headed wide.</p>"
                    "<p>The Rovers manager, Nick Sheard, said his side had “forgotten how to play "
                    "for an hour and remembered just in time”. They will meet Harrowby Athletic "
                    "in the final at the county ground next month.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "palace-music-hall-reopens-after-eight-year-campaign",
        "headline": "Victorian music hall reopens its doors after eight-year campaign",
        "standfirst": (
            "The Palace on Quay Street, closed since 2016 and once on a list of buildings at "
            "risk, has been restored by a volunteer trust with the help of 2,000 small donors."
        ),
        "section": "culture",
        "reporters": ["ellen-marsh"],
        "status": "published",
        "hours": -53.0,
        "lead_photo": "music-hall-night",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>For the first time in eight years, the lamps above the doors of the "
                    "Palace on Quay Street were lit last night, as the Victorian music hall "
                    "reopened to a full house of 480 people.</p>"
                    "<p>The building closed in 2016 after a survey found that the auditorium "
                    "ceiling was unsafe. It spent three years on a national list of buildings at "
                    "risk and at one point was offered for sale with permission to convert it "
                    "into flats. A trust formed by local residents bought it for a nominal sum "
                    "and spent the next five years raising £3.2m, much of it in donations of less "
                    "than £50.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "People kept telling us it was a lovely idea. We kept telling them we "
                        "needed a roof."
                    ),
                    "attribution": "Maureen Cole, chair of the Palace Trust",
                },
            ),
            (
                "text",
                (
                    "<p>The restoration has kept the horseshoe balcony and the painted proscenium "
                    "arch, which conservators found under four layers of cream paint, and added a "
                    "lift, new seating and a bar in the former box office. The opening night was "
                    "a variety bill in the spirit of the building’s first programme in 1889, with "
                    "a brass band, a magician and a comedian who admitted to being “slightly "
                    "terrified of the acoustics”.</p>"
                    "<p>The trust’s first full season <a "
                    'href="https://example.org/palace/season">has been published online</a> and '
                    "includes touring drama, folk music and a Christmas show.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "atlantic-states-agree-shared-storm-warning-system",
        "headline": "Atlantic coastal states agree to pool storm data in early-warning pact",
        "standfirst": (
            "Weather services from eleven countries will share buoy, radar and satellite "
            "readings, aiming to give coastal communities up to 12 hours’ more notice of severe "
            "storms."
        ),
        "section": "world",
        "reporters": ["daniel-osei"],
        "status": "published",
        "hours": -70.0,
        "lead_photo": "storm-seafront",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>Eleven countries with Atlantic coastlines have agreed to pool their "
                    "weather observations in a shared early-warning system for severe storms, in "
                    "a deal signed at a meeting of environment ministers in Lisbon.</p>"
                    "<p>Under the agreement, national weather services will share readings from "
                    "ocean buoys, coastal radar and their own satellite products in near real "
                    "time, and will run a joint forecasting model for storms tracking towards "
                    "Europe. Officials said the combined data could add between six and twelve "
                    "hours to the warning time for the most dangerous systems.</p>"
                ),
            ),
            ("heading", "Lessons from last winter"),
            (
                "text",
                (
                    "<p>The talks gained urgency after a series of storms last winter which, "
                    "delegates said, had been forecast well at sea but whose tracks shifted "
                    "sharply in the final day before landfall. “The ocean is one system, and we "
                    "have been watching it through eleven separate windows,” said one official "
                    "involved in the negotiations.</p>"
                    "<p>The system is expected to begin trial operation next winter, with full "
                    "operation the following year. Costs will be shared according to the length "
                    "of each country’s coastline, a formula that took most of the final session "
                    "to agree.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "saltby-harbour-plan-wins-port-authority-backing",
        "headline": "Saltby harbour plan wins port authority backing after redesign",
        "standfirst": (
            "A scaled-back scheme keeps the working fish quay and drops a proposed hotel tower, "
            "clearing the way for a planning application this summer."
        ),
        "section": "business",
        "reporters": ["priya-nair"],
        "status": "published",
        "hours": -92.0,
        "lead_photo": "harbour-quay",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>Plans to regenerate the derelict north side of Saltby harbour have won "
                    "the support of the port authority, after the developers agreed to keep the "
                    "working fish quay and abandon a 14-storey hotel that had drawn more than 900 "
                    "objections.</p>"
                    "<p>The revised scheme, drawn up by a partnership between the district "
                    "council and a regional developer, proposes 180 homes, a boatyard, workshops "
                    "for marine businesses and a public walkway along the old coal staithes. A "
                    "third of the homes would be let at below-market rents.</p>"
                ),
            ),
            (
                "photo",
                {"photo": "harbour-cranes", "caption": None},
            ),
            (
                "text",
                (
                    "<p>The port authority had opposed the original plan on the grounds that it "
                    "would push fishing boats out of the inner harbour. Its chief executive, Alan "
                    "Reeve, said the new design “recognises that Saltby is still a working port, "
                    "not a backdrop”.</p>"
                    "<p>Fishermen’s representatives gave the changes a cautious welcome but said "
                    "they wanted guarantees of access for the lorries that collect the catch. A "
                    "planning application is expected in July, and <a "
                    'href="https://example.net/saltby-harbour/consultation">a final round of '
                    "public consultation</a> runs until the end of next month.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "thornleigh-villagers-buy-last-shop-share-offer",
        "headline": "Villagers raise £185,000 to save their last shop",
        "standfirst": (
            "More than 300 people bought shares to keep Thornleigh’s store and post office open "
            "after its owners retired."
        ),
        "section": "news",
        "reporters": ["amara-okafor"],
        "status": "published",
        "hours": -115.0,
        "lead_photo": "village-green",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>Residents of Thornleigh have raised £185,000 in a community share offer "
                    "to buy the village’s only shop and post office, which was due to close at "
                    "the end of the month when its owners retired.</p>"
                    "<p>The offer, launched at a packed meeting in the village hall six weeks "
                    "ago, closed with 312 investors, with shares starting at £50. About a third "
                    "of households in the parish have put money in, along with a handful of "
                    "former residents who now live abroad.</p>"
                ),
            ),
            ("heading", "‘It’s where you hear things’"),
            (
                "text",
                (
                    "<p>Jean Ashworth, 81, who has shopped there since 1967, said the store was "
                    "about more than groceries. “It’s where you hear who’s poorly, who’s had a "
                    "baby and whose dog is loose again,” she said. “Without it you could go a "
                    "week without talking to anyone.”</p>"
                    "<p>The new community business will keep both members of staff and recruit a "
                    "rota of volunteers so that it can open on Sundays. The retiring owners, Bill "
                    "and Sandra Kemp, who ran the shop for 26 years, said they were “delighted "
                    "and a bit tearful” that it would carry on.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "mps-warn-of-shortfall-in-rural-gp-training",
        "headline": "Rural areas face GP shortfall as training places lag, MPs warn",
        "standfirst": (
            "A cross-party committee says trainee doctors are concentrated in cities and calls "
            "for a guaranteed share of places for rural practices."
        ),
        "section": "politics",
        "reporters": ["tom-hartley", "amara-okafor"],
        "status": "published",
        "hours": -134.0,
        "lead_photo": "countryside-surgery",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>Rural communities will face longer waits for GP appointments unless more "
                    "doctors are trained in country practices, a cross-party committee of MPs has "
                    "warned.</p>"
                    "<p>In a report published today, the health committee found that fewer than "
                    "one in six GP training places are in practices serving mainly rural "
                    "populations, although those areas are home to about a fifth of the "
                    "population. Doctors tend to settle where they train, the committee said, so "
                    "the imbalance is “baked in for decades”.</p>"
                ),
            ),
            (
                "quote",
                {
                    "text": (
                        "If you train in a city, you stay in a city. We need to give young "
                        "doctors a reason to see what rural general practice can be."
                    ),
                    "attribution": "Dr Hannah Lowther, a GP who gave evidence to the inquiry",
                },
            ),
            (
                "text",
                (
                    "<p>The committee recommends that a fixed proportion of new training places "
                    "be reserved for rural practices, with help towards housing and travel for "
                    "trainees, who are often expected to cover large areas.</p>"
                    "<p>Rural practices told the inquiry that long distances, small teams and the "
                    "cost of hosting a trainee put many of them off. Some had stopped taking "
                    "trainees altogether after losing the partner who supervised them, leaving "
                    "whole districts without a training practice.</p>"
                    "<p>A government spokesperson said record numbers of GPs were in training and "
                    "that the recommendations would be considered carefully.</p>"
                ),
            ),
            (
                "photo",
                {"photo": "parliament-committee", "caption": None},
            ),
        ],
    },
    {
        "slug": "teenage-swimmer-breaks-county-backstroke-record",
        "headline": "Fourteen-year-old breaks county record at first senior meet",
        "standfirst": (
            "Mia Carrick of Ravensmouth Dolphins took more than a second off a 200m backstroke "
            "record that had stood for thirteen years."
        ),
        "section": "sport",
        "reporters": ["gareth-llewellyn"],
        "status": "published",
        "hours": -152.0,
        "lead_photo": None,
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>A 14-year-old swimmer from Ravensmouth has broken a county record that "
                    "had stood for thirteen years, at her first competition in the senior "
                    "category.</p>"
                    "<p>Mia Carrick, who trains with Ravensmouth Dolphins, won the 200m "
                    "backstroke at the county championships in 2min 16.4sec, taking 1.2 seconds "
                    "off the previous best. She had not been expected to reach the final: her "
                    "entry time was the seventh fastest in the field.</p>"
                    "<p>“I didn’t look at the board until I’d got my breath back,” she said. "
                    "“Then my coach was shouting and I thought something had gone wrong.”</p>"
                ),
            ),
            (
                "text",
                (
                    "<p>Her coach, Dave Ingram, said she trains nine sessions a week, most of "
                    "them before school, and that the club had been careful not to put pressure "
                    "on her. “She swims because she loves it. The times are a by-product,” he "
                    "said.</p>"
                    "<p>Carrick now qualifies for the regional championships in the summer. The "
                    "Dolphins, who have 140 members, are raising money for new lane ropes at the "
                    "pool they share with two other clubs and a school.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "review-low-water-northgate-studio",
        "headline": "Low Water review: a quiet, devastating portrait of a seaside town in winter",
        "standfirst": (
            "A new play at the Northgate Studio finds tenderness and fury in the back room of a "
            "shuttered amusement arcade."
        ),
        "section": "culture",
        "reporters": ["ellen-marsh"],
        "status": "published",
        "hours": -176.0,
        "lead_photo": "theatre-night",
        "comments_open": False,
        "body": [
            (
                "text",
                (
                    "<p>Nothing much happens in <em>Low Water</em>, and that is the point. Over "
                    "95 minutes without an interval, three people wait out a January storm in the "
                    "back room of an amusement arcade that has not turned a profit since the pier "
                    "closed, and talk around the one subject none of them will name.</p>"
                    "<p>The writer, Jo Tennant, has a sharp ear for the way families in small "
                    "places protect each other with jokes and silence. Alan, the owner, played "
                    "with a gruff, slow-burning sadness by Peter Gillan, spends most of the first "
                    "half mending a fruit machine that everyone knows will never be switched on "
                    "again.</p>"
                ),
            ),
            ("heading", "A set that tells the story"),
            (
                "text",
                (
                    "<p>Kasia Nowak’s set, a cramped room of coin bags, leftover Christmas tinsel "
                    "and a window streaked with rain, does a great deal of work, and the sound of "
                    "the sea rises and falls beneath the dialogue like a fourth character.</p>"
                    "<p>If the final scene resolves things a little too neatly, it is hard to "
                    "begrudge these people some comfort. This is a small play about small lives, "
                    "written with real generosity. <strong>Low Water</strong> runs at the "
                    "Northgate Studio until the end of the month.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "firefighting-aircraft-moved-south-early-dry-spring",
        "headline": "Firefighting aircraft moved south early as dry spring raises wildfire risk",
        "standfirst": (
            "Several European countries are stationing water-bombing planes and ground crews "
            "weeks ahead of the usual season after an unusually dry spring."
        ),
        "section": "world",
        "reporters": ["daniel-osei"],
        "status": "published",
        "hours": -205.0,
        "lead_photo": "wildfire-ridge",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>Water-bombing aircraft and specialist ground crews are being stationed "
                    "across southern Europe weeks earlier than usual, as forecasters warn that a "
                    "dry, warm spring has left forests and scrubland primed to burn.</p>"
                    "<p>Under a shared reserve arrangement, countries not yet at risk lend "
                    "aircraft and crews to those that are, and this year the first deployments "
                    "were agreed before the start of summer. Civil protection officials said "
                    "rainfall in parts of the region had been less than half the seasonal average "
                    "since the end of winter.</p>"
                ),
            ),
            ("heading", "Villages clear firebreaks"),
            (
                "text",
                (
                    "<p>In hill villages, local authorities have brought forward deadlines for "
                    "landowners to clear undergrowth around houses, and some have banned the "
                    "burning of garden waste altogether. Volunteers are being trained to watch "
                    "for smoke from lookout towers that had been left unstaffed in recent "
                    "years.</p>"
                    "<p>Fire scientists caution that the severity of a season depends as much on "
                    "wind and heatwaves in July and August as on spring rainfall. “A dry spring "
                    "loads the dice,” said one. “It doesn’t roll them.”</p>"
                ),
            ),
        ],
    },
    {
        "slug": "ravensmouth-empty-shops-fall-to-five-year-low",
        "headline": "Empty shops on Ravensmouth high street fall to five-year low",
        "standfirst": (
            "Independent cafés and repair businesses have filled units left by national chains, a "
            "survey by the city’s business district has found."
        ),
        "section": "business",
        "reporters": ["priya-nair"],
        "status": "published",
        "hours": -236.0,
        "lead_photo": "street-high",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>The number of empty shops in Ravensmouth city centre has fallen to its "
                    "lowest level for five years, with independent businesses taking over many of "
                    "the units left by national chains.</p>"
                    "<p>A survey by the Ravensmouth Business Improvement District counted 41 "
                    "vacant ground-floor units this spring, down from 63 at the same point two "
                    "years ago. Of the 22 units that have reopened, 17 were taken by independent "
                    "firms, including cafés, a bicycle repair shop, a children’s bookshop and two "
                    "clothing alteration businesses.</p>"
                    "<p>Kate Dunmore, the district’s manager, said lower rents had made the "
                    "difference. “Landlords who waited three years for a national tenant have "
                    "realised that a local one who pays every month is worth having,” she "
                    "said.</p>"
                    "<p>Traders said weekday footfall was still below its level of five years "
                    "ago, and the survey warns that several new tenants are on short leases that "
                    "could end if rents rise again.</p>"
                    "<p>The district plans to publish a map of vacant units with their asking "
                    "rents, so that would-be traders can compare them. A scheme offering three "
                    "months rent-free in two council-owned units has attracted 30 "
                    "applications.</p>"
                ),
            ),
        ],
    },
    # A draft: not visible to readers.
    {
        "slug": "ravensmouth-flood-what-we-know",
        "headline": "Ravensmouth flood: what we know so far",
        "standfirst": (
            "Road closures, rest centres, schools and how to get help: the key information in one "
            "place."
        ),
        "section": "news",
        "reporters": ["amara-okafor"],
        "status": "draft",
        "hours": -0.2,
        "lead_photo": "flood-evening",
        "comments_open": False,
        "body": [
            (
                "text",
                (
                    "<p><strong>Where has flooded?</strong> The Quayside, Tanners Row, Mill Lane "
                    "and the lower end of Bridge Street. The Old Bridge is closed until engineers "
                    "have inspected it.</p>"
                    "<p><strong>Where can I go?</strong> Rest centres are open at Ravensmouth "
                    "Leisure Centre and St Cuthbert’s church hall. Both have hot food, dry "
                    "clothes and space for pets.</p>"
                    "<p><strong>Is my school open?</strong> Thirty-one schools are closed. The "
                    'council publishes <a href="https://example.org/ravensmouth/flood-updates">an '
                    "hourly list of closures</a>.</p>"
                    "<p><strong>What about trains and buses?</strong> The coast line is closed "
                    "and replacement buses run every 30 minutes. City centre buses are diverted "
                    "while the inner ring road is shut.</p>"
                    "<p><strong>How do I get help?</strong> The council’s emergency line is "
                    "staffed around the clock. If life is at risk, call 999. Do not walk or drive "
                    "through floodwater.</p>"
                    "<p><strong>Can I get financial help?</strong> The council says a hardship "
                    "fund for affected households will open within days. We will add details here "
                    "when they are confirmed.</p>"
                ),
            ),
        ],
    },
    # Scheduled: goes live in the future.
    {
        "slug": "what-small-firms-want-from-the-spending-review",
        "headline": "What small firms want from the spending review",
        "standfirst": (
            "Business rates, late payment and the cost of apprenticeships top the list for the "
            "owners we spoke to across the region."
        ),
        "section": "business",
        "reporters": ["priya-nair", "tom-hartley"],
        "status": "scheduled",
        "hours": 20.0,
        "lead_photo": "city-skyline",
        "comments_open": True,
        "body": [
            (
                "text",
                (
                    "<p>Owners of small businesses across the region say they want fewer headline "
                    "announcements from the spending review and more help with the costs that "
                    "land on their desks every month.</p>"
                    "<p>We asked a dozen firms, from a two-person joinery to a food manufacturer "
                    "with 90 staff, what would make the biggest difference. Three answers came up "
                    "again and again: relief on business rates for premises outside city centres, "
                    "tougher action on large companies that pay their suppliers late, and simpler "
                    "funding for apprenticeships.</p>"
                ),
            ),
            ("heading", "‘Paid in 90 days’"),
            (
                "text",
                (
                    "<p>“We’re paid in 90 days and we pay our staff every four weeks,” said Gemma "
                    "Rusk, who runs an electrical contracting firm with 14 employees. “The gap "
                    "between those two numbers is where small firms go under.”</p>"
                    "<p>Business groups expect the review to favour capital spending on roads, "
                    "flood defences and hospitals, which could bring work for local firms. "
                    "Several owners said they would judge it on whether those contracts were "
                    "split into pieces small enough for them to bid for.</p>"
                ),
            ),
        ],
    },
]


# The front page as the editors left it (``articles.frontpage``): the flood story leads, though
# the rail closure is newer, and the rail closure is in the Breaking banner for a few hours.
# "hours" as above: the banner ends that long after load time.
# Notes on the record (``articles.corrections``), in the order they were added to each story, at
# ``hours`` from the time of loading. ``replaces`` is the place, among the same story's notes
# here, of the earlier note a later one supersedes (kept on the record, no longer shown).
CORRECTIONS = [
    {
        "slug": "rural-bus-funding-review-slips-again",
        "kind": "correction",
        "hours": -20.0,
        "text": (
            "An earlier version of this article said Ruth Abernethy chairs the Rural Transport "
            "Forum. She chairs the Rural Transport Alliance."
        ),
    },
    {
        "slug": "rural-bus-funding-review-slips-again",
        "kind": "correction",
        "hours": -18.0,
        "replaces": 0,
        "text": (
            "An earlier version of this article gave the wrong name for the group Ruth "
            "Abernethy leads, and the wrong role: she chairs the Rural Transport Alliance, not "
            "the Rural Transport Forum, whose director she was until last year."
        ),
    },
    {
        "slug": "rural-bus-funding-review-slips-again",
        "kind": "clarification",
        "hours": -12.0,
        "text": (
            "This article has been updated to make clear that this year’s funding was protected "
            "in cash terms, not in real terms. Councils say that with rising fuel and driver "
            "costs it amounts to a cut."
        ),
    },
    {
        "slug": "holloways-biscuits-national-supermarket-deal",
        "kind": "retraction",
        "hours": -6.0,
        "text": (
            "This article reported that Holloway’s had signed a contract to supply a national "
            "supermarket chain. No contract has been signed: the company says talks are "
            "continuing and no new jobs have been agreed. Our report relied on a single source "
            "we should not have treated as confirmed, and we withdraw it.\n\n"
            "The article is kept below as it was published, for the record."
        ),
    },
]

FRONT_PAGE = {
    "pinned": [("river-lisle-bursts-banks-ravensmouth-flooding", 1)],
    "breaking": {"slug": "coast-line-closed-engineers-inspect-flooded-track", "hours": 4.0},
}


# Revisions and changes saved for later (``articles.revisions``), made once by the demo editor:
# the harbour story was edited twice after it went out (History and Compare show a standfirst
# reworded, a headline tightened and a caption written for its photo); the rail story, live and
# in the Breaking banner, has an update saved for later that readers do not see yet.
# "hours" as above: each edit was made that long after load time.
REVISED = {
    "slug": "saltby-harbour-plan-wins-port-authority-backing",
    "edits": [
        {
            "hours": -90.0,
            "standfirst": (
                "A scaled-back scheme keeps the working fish quay and drops the proposed hotel "
                "tower, clearing the way for a planning application in July."
            ),
        },
        {
            "hours": -70.5,
            "headline": "Saltby harbour redesign wins port authority backing",
            "captions": {
                "harbour-cranes": "Cranes on the north quay, where the boatyard would go.",
            },
        },
    ],
}
PENDING = {
    "slug": "coast-line-closed-engineers-inspect-flooded-track",
    "hours": -0.5,
    "standfirst": (
        "Trains between Ravensmouth and Saltby will not run before Friday after engineers found "
        "the embankment near Fenwick undermined. Replacement buses run every half hour."
    ),
    "append": [
        ("heading", "Repairs before Friday"),
        (
            "text",
            "<p>Engineers who inspected the embankment at midday found a void about six metres "
            "long beneath the seaward line. The operator said repairs would start as soon as the "
            "tide allowed and that the line would not reopen before Friday.</p>",
        ),
    ],
}


# Static pages (``articles.pages``), published and linked from the footer in this order.
PAGES = [
    {
        "slug": "about",
        "title": "About us",
        "body": (
            "<p>We are an independent newsroom covering Ravensmouth, Saltby, Thornleigh and "
            "Fenwick. Our reporters live here, and we write about the decisions, places and "
            "people that shape life along the coast.</p>"
            "<p>We are funded by readers and local advertisers. No owner, advertiser or "
            "council decides what we report.</p>"
            "<ul><li>We check what we publish before it goes out.</li>"
            "<li>We name our sources unless doing so would put someone at risk.</li>"
            "<li>We correct our mistakes in the open: read our "
            '<a href="/corrections-policy/">corrections policy</a>.</li></ul>'
            '<p>Tips, questions and complaints are welcome: <a href="/contact/">contact the '
            "newsdesk</a>.</p>"
        ),
    },
    {
        "slug": "contact",
        "title": "Contact",
        "body": (
            "<p>Have a story, a tip or a complaint? Write to the newsdesk at "
            '<a href="mailto:newsdesk@example.org">newsdesk@example.org</a> or call '
            '<a href="tel:+441632960123">01632 960123</a>, weekdays from 8am to 6pm.</p>'
            "<p>To reach a reporter, use the address on their page. For advertising, write to "
            '<a href="mailto:adverts@example.org">adverts@example.org</a>.</p>'
            "<p>You can also visit us at <strong>4 Harbour Street, Ravensmouth</strong>.</p>"
        ),
    },
    {
        "slug": "corrections-policy",
        "title": "Corrections policy",
        "body": (
            "<p>When we get something wrong, we say so. A correction is added to the foot of "
            "the article, saying what was wrong, what is right and when we changed it.</p>"
            "<p>We do not quietly rewrite published stories. Small fixes of spelling or "
            "grammar that change no meaning are made without a note.</p>"
            "<p>If you think we made a mistake, write to "
            '<a href="mailto:corrections@example.org">corrections@example.org</a> with a '
            "link to the article. An editor reads every message and answers within two "
            "working days.</p>"
        ),
    },
]


# The live story (``articles.live``): a breaking story an editor is running as live coverage,
# with a dozen updates from two reporters, three of them key events. "hours" and "minutes" as
# above: that long after load time. Loaded by ``loader.load_live``.
LIVE = {
    "slug": "live-fire-saltby-north-quay-warehouse",
    "headline": "Fire at derelict warehouse on Saltby’s north quay",
    "standfirst": (
        "Smoke is drifting over the harbour and the old town. Residents nearby are asked to keep "
        "windows and doors shut while fire crews work through the morning."
    ),
    "section": "news",
    "reporters": ["tom-hartley", "priya-nair"],
    "lead_photo": "north-quay-morning",
    "hours": -3.0,
    "body": [
        (
            "text",
            "<p>A fire broke out before dawn in the empty grain warehouse at the end of Saltby’s "
            "north quay, the part of the harbour that has stood derelict since the coal staithes "
            "closed. Nobody is believed to have been inside.</p>"
            "<p>Our reporters are at the harbour. This page is updated as we learn more; the "
            "newest updates are at the top.</p>",
        ),
    ],
    "updates": [
        {
            "minutes": -172,
            "reporter": "tom-hartley",
            "title": "Fire crews called to north quay",
            "key_event": True,
            "body": [
                (
                    "text",
                    "<p>Coastal Fire and Rescue says it was called at 5.40am to reports of "
                    "flames through the roof of the old grain warehouse. Four engines and an "
                    "aerial ladder are at the scene.</p>",
                ),
            ],
        },
        {
            "minutes": -160,
            "reporter": "tom-hartley",
            "body": [
                (
                    "text",
                    "<p>From the south quay the smoke is thick and grey and is blowing inland "
                    "over Chapel Steps. There is a strong smell of burning timber across the "
                    "old town.</p>",
                ),
            ],
        },
        {
            "minutes": -141,
            "reporter": "priya-nair",
            "title": "Keep windows shut, residents told",
            "body": [
                (
                    "text",
                    "<p>The council and the fire service are asking everyone in the old town, "
                    "Harbour Row and the streets around Chapel Steps to keep windows and doors "
                    "closed until further notice.</p>"
                    "<p>People with asthma or other breathing conditions should stay indoors "
                    "and keep their inhalers to hand.</p>",
                ),
            ],
        },
        {
            "minutes": -128,
            "reporter": "tom-hartley",
            "body": [
                (
                    "quote",
                    {
                        "text": (
                            "The roof has gone and the upper floors are unsafe, so crews are "
                            "fighting it from outside. We expect to be here most of the day."
                        ),
                        "attribution": "Station Manager Carys Penhale, Coastal Fire and Rescue",
                    },
                ),
            ],
        },
        {
            "minutes": -115,
            "reporter": "priya-nair",
            "title": "Harbour road closed",
            "body": [
                (
                    "text",
                    "<p>Police have closed Quay Road between the lifeboat station and the fish "
                    "market. Buses on the 14 and 14A routes are turning at the top of Chapel "
                    "Steps.</p>",
                ),
            ],
        },
        {
            "minutes": -98,
            "reporter": "tom-hartley",
            "body": [
                (
                    "text",
                    "<p>Fishing boats that were moored alongside the north quay have been moved "
                    "across to the commercial berths. The harbour master says the channel stays "
                    "open for boats coming in on this afternoon’s tide.</p>",
                ),
            ],
        },
        {
            "minutes": -84,
            "reporter": "priya-nair",
            "title": "Primary school stays closed",
            "body": [
                (
                    "text",
                    "<p>Harbourside Primary, 300 metres downwind of the warehouse, will not "
                    "open today. The head teacher has written to parents; the breakfast club "
                    "has moved to the community centre on Hill Street.</p>",
                ),
            ],
        },
        {
            "minutes": -66,
            "reporter": "tom-hartley",
            "title": "Fire under control",
            "key_event": True,
            "body": [
                (
                    "text",
                    "<p>The fire service says the fire is now under control. Crews will stay "
                    "overnight to damp down hot spots, and the cordon around the quay stays in "
                    "place.</p>",
                ),
            ],
        },
        {
            "minutes": -52,
            "reporter": "priya-nair",
            "body": [
                (
                    "text",
                    "<p>Readers have been sending us their pictures of the smoke over the "
                    "harbour. Please do not go near the cordon to take them: the quay wall "
                    "beside the warehouse may be damaged.</p>",
                ),
            ],
        },
        {
            "minutes": -37,
            "reporter": "tom-hartley",
            "title": "Owner says the building was secured",
            "body": [
                (
                    "text",
                    "<p>The port authority, which owns the warehouse, says the building was "
                    "boarded up and checked last week. A spokesperson said it would help the "
                    "fire service’s investigation in any way it could.</p>",
                ),
            ],
        },
        {
            "minutes": -21,
            "reporter": "priya-nair",
            "title": "Windows can be opened again",
            "key_event": True,
            "body": [
                (
                    "text",
                    "<p>The council has lifted its advice to keep windows shut, except on "
                    "Harbour Row, where the smoke is still heavy. Quay Road stays closed.</p>",
                ),
            ],
        },
        {
            "minutes": -8,
            "reporter": "tom-hartley",
            "body": [
                (
                    "text",
                    "<p>Investigators from the fire service have begun to look at how the fire "
                    "started. They say it is too early to say whether it was deliberate.</p>",
                ),
            ],
        },
    ],
}

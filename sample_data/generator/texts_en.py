"""English texts: sentence templates, topics and page chrome, all written for this corpus.

Templates hold ``{slots}``; an article samples templates without replacement, so no sentence
repeats inside a page and fixed phrases rarely form repeated word 5-grams.
"""
# ruff: noqa: E501  (prose data: one template per line reads better than wrapped strings)

from __future__ import annotations

from .common import pool

FIRST = (
    "Ava Liam Noah Emma Olivia Mason Harper Ethan Amelia Lucas Chloe Owen Grace Caleb Nora Isaac "
    "Hazel Julian Ruby Miles Clara Felix Iris Declan Maya Rowan Leah Simon Tessa Victor Wendy "
    "Arthur Bianca Colin Delia Elliot Fiona Gavin Holly Ivan Jasmine Kurt Lydia Marcus Nadia"
).split()
LAST = (
    "Whitfield Okafor Brennan Castillo Lindqvist Moreau Patel Harrington Kowalski Nakamura "
    "Fitzgerald Abernathy Delgado Sorensen Whitaker Ellison Marsh Quinlan Roberts Vance Albright "
    "Calloway Dunmore Everett Garrison Holloway Ingram Jarvis Keller Langley Mercer Norwood "
    "Pemberton Radcliffe Sutherland Thorne Underwood Winslow Yates Ashford"
).split()
TOWNS = (
    "Millbrook|Harlow Falls|Cedar Point|East Wexford|Port Aldane|Greystone|Bramble Creek|"
    "North Ashby|Lakemont|Fairhaven|Copper Ridge|Willowby|Stanton Hollow|Riverton|Oakhurst"
).split("|")
MONTHS = ("January February March April May June July August September October November "
          "December").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday".split()

NEWS_TOPICS = [
    dict(headline="{city} approves long-delayed repair of the Harbor Road bridge",
         subject="the repair of the Harbor Road bridge", short="bridge project", thing="bridge",
         agency="the county roads department", group="daily commuters", place="Harbor Road",
         concern="months of detours", benefit="a safer crossing"),
    dict(headline="Library expansion in {city} clears final vote",
         subject="the expansion of the central library", short="library expansion",
         thing="library building", agency="the library board", group="students and families",
         place="Market Square", concern="the loss of parking spaces",
         benefit="more study rooms and a larger children's wing"),
    dict(headline="Bus network redesign promises shorter waits in {city}",
         subject="the redesign of the local bus network", short="new bus network",
         thing="bus depot", agency="the regional transit authority", group="riders without cars",
         place="the central station", concern="the removal of several quiet routes",
         benefit="buses every ten minutes on the main corridors"),
    dict(headline="{city} to replace century-old water mains",
         subject="the replacement of the old water mains", short="pipe replacement",
         thing="water system", agency="the municipal water utility", group="homeowners",
         place="the old town", concern="torn-up streets and brief outages",
         benefit="fewer leaks and cleaner tap water"),
    dict(headline="Riverside park renovation gets the green light",
         subject="the renovation of Riverside Park", short="park renovation", thing="park",
         agency="the parks and recreation office", group="young families",
         place="the river path", concern="the felling of several old trees",
         benefit="new playgrounds and a restored wetland"),
    dict(headline="New flood wall planned for low-lying {city} neighborhoods",
         subject="the construction of a flood wall along the estuary", short="flood wall",
         thing="embankment", agency="the regional environment agency",
         group="households in the flood zone", place="the estuary", concern="blocked river views",
         benefit="protection against the storm surges that hit the town twice in five years"),
    dict(headline="Protected bike lanes coming to {city} main street",
         subject="a network of protected bike lanes", short="bike lane plan", thing="main street",
         agency="the city transportation office", group="cyclists and delivery workers",
         place="Main Street", concern="the loss of curbside parking",
         benefit="safer trips to school and work"),
    dict(headline="Historic market hall in {city} will be restored",
         subject="the restoration of the historic market hall", short="market hall restoration",
         thing="market hall", agency="the heritage commission", group="stallholders",
         place="the market square", concern="two years without a covered market",
         benefit="a lively market that can open in all weather"),
    dict(headline="Solar panels to cover {city} school roofs",
         subject="a program to install solar panels on public schools", short="solar program",
         thing="school roofs", agency="the district facilities office", group="taxpayers",
         place="the high school", concern="the upfront cost", benefit="lower electricity bills"),
    dict(headline="{city} begins switch to LED street lights",
         subject="the replacement of every street light with LED fixtures",
         short="street light upgrade", thing="lighting network", agency="the public works department",
         group="night-shift workers", place="the industrial estate",
         concern="harsh blue light in residential streets",
         benefit="brighter sidewalks and a smaller energy bill"),
]

NEWS = pool("""
Officials in {city} confirmed on {weekday} that {subject} will move ahead after months of debate.

{official}, who serves as {role}, said the decision followed a long review of costs and timelines.

The first phase is expected to cost about ${money} million and could begin as early as {month}.

Residents who spoke at the public hearing were divided, with some praising the {short} and others worried about {concern}.

“We have listened to every comment, and we changed the design twice because of them,” {official_last} told reporters after the meeting.

Supporters argue that {benefit} will pay off for years, especially for {group}.

Critics point out that a similar project in a neighboring county ran {pct} percent over budget.

According to figures released by {agency}, roughly {num} households would be directly affected.

{resident}, a retired teacher who has lived near {place} for decades, said she hoped the work would finally end the uncertainty.

Local business owners said they were mostly concerned about how long the disruption would last.

A spokesperson for {agency} said detailed schedules would be posted online before any work starts.

The council approved the measure by a vote of {votes}, with one member abstaining.

Funding will come partly from a state grant and partly from reserves set aside in previous budgets.

Engineers hired by the city estimated that the current {thing} has about {n} years of useful life left.

Several speakers asked whether the plan had considered cheaper alternatives in the short term.

In a written statement, the mayor described the vote as a practical compromise rather than a victory for either side.

The next public meeting on the subject is scheduled for {weekday}, {month} {day}, at the central library.

Questions from the public can also be submitted by mail until the end of the month.

It is the largest decision of its kind in {city} since the water treatment plant was rebuilt in {year}.

Traffic counts collected last spring showed about {num} vehicles a day passing near {place}.

Some neighbors have already formed an informal group to track progress and share updates.

{official_last} acknowledged that the timeline is ambitious and could slip if materials arrive late.

Environmental reviewers found no major problems, although they recommended limits on night work.

Older residents recalled that a similar proposal was rejected nearly twenty years ago.

Younger families, by contrast, tended to focus on safety and on how the change would affect school routes.

The contract will be awarded through an open bidding process later this year.

If the schedule holds, the {short} could be finished before the winter of {year2}.

Reporters were given a short tour of the site, where survey markers and orange fencing are already in place.

For now, the most visible sign of change is a new information board near {place}.

The regional chamber of commerce has asked for a liaison who can answer questions from shop owners.

Not everyone is convinced that {benefit} will materialize as quickly as promised.

A petition opposing the current design gathered {num} signatures in two weeks.

Council members said they would review the petition but did not expect it to change the outcome.

Detailed drawings, cost estimates and the full environmental report can be consulted at city hall.

{official_last} also said that {agency} would hire {n} additional inspectors to supervise the work.

One speaker, a nurse who drives through the area every night, asked that emergency access be kept open at all times.

Officials promised that detours would be clearly marked and that at least one lane would remain open.

The debate has exposed a broader question about how {city} pays for aging infrastructure.

Property taxes will not rise to cover the cost, according to the finance committee.

Still, some council members warned that future budgets could become tight if interest rates stay high.
""")

HOWTO_TOPICS = [
    dict(headline="How to repot a houseplant without shocking it", task="repot a houseplant",
         obj="the plant", short="repotting", tool="a pot one size larger", material="fresh potting mix",
         mistake="choosing a pot that is far too big", time="twenty minutes",
         steps=["Water the day before", "Choose the right pot", "Loosen the root ball",
                "Set the plant at the same depth", "Let it rest in indirect light"]),
    dict(headline="How to sharpen a kitchen knife on a whetstone", task="sharpen a kitchen knife",
         obj="the blade", short="sharpening", tool="a combination whetstone", material="water",
         mistake="pressing too hard on the edge", time="a quarter of an hour",
         steps=["Soak the stone", "Find the angle", "Work the coarse side",
                "Refine on the fine side", "Test and strop the edge"]),
    dict(headline="Fixing a dripping faucet: a beginner's guide", task="fix a dripping faucet",
         obj="the faucet", short="repair", tool="an adjustable wrench", material="a new cartridge",
         mistake="forgetting to shut off the water supply", time="about an hour",
         steps=["Turn off the supply valves", "Remove the handle", "Pull out the old cartridge",
                "Fit the replacement", "Check for leaks"]),
    dict(headline="Setting up automatic backups for your home computer",
         task="set up automatic backups", obj="your files", short="backup routine",
         tool="an external drive", material="enough free space",
         mistake="keeping the only backup next to the computer", time="an afternoon",
         steps=["Decide what to keep", "Pick a backup drive", "Schedule the job",
                "Add an offsite copy", "Practice a restore"]),
    dict(headline="How to paint a room so it looks professional", task="paint a room",
         obj="the walls", short="paint job", tool="a good angled brush", material="primer",
         mistake="skipping the sanding between coats", time="a full weekend",
         steps=["Clear and protect the room", "Patch and sand", "Cut in the edges",
                "Roll the walls", "Apply a second coat"]),
    dict(headline="Planting a small vegetable bed on a balcony", task="plant a balcony vegetable bed",
         obj="the seedlings", short="balcony garden", tool="a deep planter box",
         material="compost", mistake="crowding too many plants into one box", time="a morning",
         steps=["Check the light", "Fill the planter", "Choose forgiving crops",
                "Plant and water", "Feed through the summer"]),
    dict(headline="How to patch a bicycle inner tube at the roadside", task="patch an inner tube",
         obj="the tube", short="puncture repair", tool="a pair of tire levers", material="a patch kit",
         mistake="leaving the thorn stuck in the tire", time="ten minutes",
         steps=["Remove the wheel", "Find the hole", "Roughen and glue",
                "Press the patch", "Refit and inflate"]),
    dict(headline="A practical guide to descaling an espresso machine",
         task="descale an espresso machine", obj="the machine", short="descaling",
         tool="a large jug", material="a citric acid solution",
         mistake="using vinegar in a machine with rubber seals", time="forty minutes",
         steps=["Empty the tank", "Mix the solution", "Run it through the group",
                "Rinse twice", "Pull a test shot"]),
]

HOWTO = pool("""
Learning to {task} is easier than it looks, and you only need to do it once to feel confident.

Before you start, set aside {time} and make sure nothing will interrupt you halfway through.

The most common mistake is {mistake}, so keep that in mind at every step.

You will need {tool}, {material}, an old towel and a little patience.

If this is your first attempt, work slowly and check {obj} after each stage.

Most people who struggle with the {short} are simply rushing the preparation.

Take a photo before you take anything apart, because it will save you guesswork later.

A good light source makes a surprising difference, so work near a window or use a lamp.

Do not worry if the first try looks a little uneven; the second one is always better.

I learned this the hard way when my own attempt took three times as long as planned.

Keep small parts in a bowl so they cannot roll under the furniture.

When in doubt, stop and compare what you see with the description above.

Experienced hands often skip this part, but beginners should not.

You can buy {tool} at most hardware stores for less than {money} dollars.

There is no need for expensive specialist gear unless you plan to do this every week.

After you finish, clean your tools right away so they are ready next time.

It is normal for {obj} to look worse before it looks better.

If something resists, do not force it; a gentle wiggle usually works better than strength.

Some guides recommend a different order, and that is fine as long as the result is the same.

The whole job should take about {time} once you have done it a couple of times.

Write down what worked for you, because it is easy to forget the details after a year.

Children can help with the simpler parts, which makes the {short} a pleasant family project.

Should you notice damage that goes beyond this guide, call a professional rather than improvising.

A friend of mine swears by doing this on a dry day, and I have come to agree with her.

Check the result again after {n} days, since small problems often show up only later.

Spending a few extra minutes here prevents most of the trouble people complain about.

Do not throw away the old parts until you are sure the new ones fit.

Ventilate the room well, especially if you are working with anything that smells strong.

Many readers asked whether {material} can be replaced with something cheaper, and the answer is usually yes.

Once you have the rhythm, the remaining steps go quickly.
""")

RECIPES = [
    dict(headline="Weeknight lentil soup with smoked paprika", dish="lentil soup", short="soup",
         main="red lentils", spice="smoked paprika", veg="carrots", time="forty minutes",
         ingredients=["250 g red lentils", "2 carrots, diced", "1 onion, chopped",
                      "3 cloves garlic", "1 tsp smoked paprika", "1.2 l vegetable stock",
                      "Juice of half a lemon", "Olive oil, salt and pepper"],
         method=["Soften the onion and carrots in a little oil for about eight minutes.",
                 "Stir in the garlic and paprika and cook until they smell toasty.",
                 "Add the rinsed lentils and the stock, then bring everything to a simmer.",
                 "Cook for twenty minutes, stirring now and then so nothing catches.",
                 "Blend half of the soup and stir it back in for a creamy texture.",
                 "Season with lemon juice, salt and pepper just before serving."]),
    dict(headline="Crisp roast potatoes with rosemary", dish="roast potatoes", short="potatoes",
         main="floury potatoes", spice="rosemary", veg="garlic", time="an hour",
         ingredients=["1 kg floury potatoes", "4 tbsp sunflower oil", "2 sprigs rosemary",
                      "6 garlic cloves, unpeeled", "Flaky salt"],
         method=["Heat the oven to 220 °C with the oil in a large roasting tin.",
                 "Peel the potatoes, cut them into chunks and boil them for eight minutes.",
                 "Drain them well and shake the pan to rough up the edges.",
                 "Tip the potatoes carefully into the hot oil and turn them once.",
                 "Roast for forty minutes, adding the rosemary and garlic halfway.",
                 "Sprinkle with flaky salt and serve while they still crackle."]),
    dict(headline="Lemon yogurt cake for beginners", dish="lemon yogurt cake", short="cake",
         main="plain yogurt", spice="lemon zest", veg="lemons", time="an hour and ten minutes",
         ingredients=["200 g plain yogurt", "180 g sugar", "3 eggs", "240 g flour",
                      "2 tsp baking powder", "100 ml sunflower oil", "Zest of 2 lemons"],
         method=["Heat the oven to 175 °C and line a loaf tin with baking paper.",
                 "Whisk the yogurt, sugar, eggs and lemon zest until smooth.",
                 "Fold in the flour and baking powder, then stir in the oil.",
                 "Pour the batter into the tin and level the top with a spatula.",
                 "Bake for about fifty minutes, until a skewer comes out clean.",
                 "Let the cake cool in the tin for ten minutes before turning it out."]),
    dict(headline="Chickpea and spinach curry in thirty minutes", dish="chickpea curry",
         short="curry", main="chickpeas", spice="garam masala", veg="spinach", time="thirty minutes",
         ingredients=["2 tins chickpeas", "1 onion", "1 thumb of ginger", "2 tsp garam masala",
                      "1 tin chopped tomatoes", "200 ml coconut milk", "150 g spinach"],
         method=["Fry the onion slowly until golden, which takes about ten minutes.",
                 "Add the grated ginger and the spices and stir for one minute.",
                 "Pour in the tomatoes and simmer until the sauce thickens.",
                 "Add the drained chickpeas and the coconut milk.",
                 "Wilt the spinach into the pot a handful at a time.",
                 "Taste, adjust the salt and serve with rice or flatbread."]),
    dict(headline="Simple homemade focaccia", dish="focaccia", short="bread", main="bread flour",
         spice="sea salt", veg="cherry tomatoes", time="three hours, mostly waiting",
         ingredients=["500 g bread flour", "400 ml lukewarm water", "7 g dried yeast",
                      "10 g salt", "5 tbsp olive oil", "A handful of cherry tomatoes"],
         method=["Mix the flour, water, yeast and salt into a sticky dough.",
                 "Cover the bowl and let the dough rise for about two hours.",
                 "Oil a baking tray generously and stretch the dough into it.",
                 "Press deep dimples into the surface with oiled fingertips.",
                 "Scatter the tomatoes and sea salt, then drizzle more oil on top.",
                 "Bake at 230 °C for twenty minutes until deep golden."]),
    dict(headline="Overnight oats, five ways", dish="overnight oats", short="oats",
         main="rolled oats", spice="cinnamon", veg="apples", time="five minutes plus a night",
         ingredients=["60 g rolled oats", "150 ml milk", "3 tbsp yogurt", "1 tsp honey",
                      "A pinch of cinnamon", "Fruit to taste"],
         method=["Stir the oats, milk and yogurt together in a jar.",
                 "Sweeten with honey and add a pinch of cinnamon.",
                 "Close the jar and leave it in the fridge overnight.",
                 "In the morning, loosen the mixture with a splash of milk.",
                 "Top with grated apple, berries or toasted nuts.",
                 "Eat it cold or warm it gently if you prefer."]),
]

RECIPE = pool("""
This {dish} has become a regular at our table because it asks for very little effort.

I first made it on a rainy evening when the cupboard was nearly empty.

The secret is to give the {main} enough time, rather than hurrying it along.

If you cannot find {spice}, a smaller amount of something warm and aromatic works too.

Leftovers keep in the fridge for {n} days and taste even better the next day.

My children were suspicious of the {short} at first, but now they ask for seconds.

You can double the quantities easily if you are cooking for a crowd.

Use the freshest {veg} you can find, since they carry much of the flavor.

Several readers have written to say they made this with great success at high altitude.

Do not be tempted to turn up the heat to save a few minutes.

A heavy pan spreads the heat more evenly and prevents scorching.

The whole recipe takes about {time}, and most of it is hands-off.

For a vegan version, swap the dairy for a plant-based alternative of your choice.

It pairs wonderfully with a crisp green salad and a slice of good bread.

Each serving comes to roughly {kcal} calories, depending on the brands you use.

I like to prepare the ingredients before turning on the stove, so nothing burns while I chop.

Taste as you go, because every batch of {main} behaves a little differently.

If the texture seems too thick, a splash of water fixes it in seconds.

My grandmother made a version of this {short} every winter, though she never wrote it down.

Freeze any extra portions in flat bags, which thaw much faster than boxes.

Some people add a spoonful of sugar, but I find it unnecessary.

Let the {short} rest for a few minutes before serving so the flavors settle.

The recipe was tested three times in a small home kitchen with an ordinary oven.

Feel free to leave a note below if you try a variation that works.
""")

REVIEW_TOPICS = [
    dict(headline="Arlo Sound 3 review: quiet comfort at a fair price",
         product="the Arlo Sound 3 headphones", short="headphones", feature1="noise cancelling",
         feature2="battery life", flaw="a slightly bulky case", price="149", rival="last year's model"),
    dict(headline="Trailmaster Pro boots tested over 300 kilometers",
         product="the Trailmaster Pro hiking boots", short="boots", feature1="ankle support",
         feature2="grip on wet rock", flaw="a long break-in period", price="189",
         rival="most lightweight trail shoes"),
    dict(headline="Kettleby Burr grinder review: consistent and calm",
         product="the Kettleby Burr coffee grinder", short="grinder", feature1="grind consistency",
         feature2="low noise", flaw="a hopper that is hard to clean", price="119",
         rival="blade grinders in the same price range"),
    dict(headline="Novatab 11 review: a tablet for reading, not for gaming",
         product="the Novatab 11 tablet", short="tablet", feature1="its bright screen",
         feature2="standby time", flaw="a sluggish processor", price="279",
         rival="more expensive tablets"),
    dict(headline="Book review: The Orchard Keeper's Daughter",
         product="the novel The Orchard Keeper's Daughter", short="novel",
         feature1="its patient storytelling", feature2="vivid minor characters",
         flaw="an ending that feels rushed", price="18", rival="the author's earlier books"),
    dict(headline="Brightline air purifier review after a full allergy season",
         product="the Brightline 400 air purifier", short="purifier", feature1="quiet night mode",
         feature2="filter life", flaw="expensive replacement filters", price="229",
         rival="cheaper purifiers from supermarket shelves"),
]

REVIEW = pool("""
I used {product} every day for {n} weeks before writing this review.

At {price} dollars, it sits in the middle of the market, which raises expectations.

The first thing you notice is {feature1}, which is better than I expected.

{feature2} turned out to be the pleasant surprise of the test.

My main complaint is {flaw}, and it is hard to ignore after a while.

Compared with {rival}, the {short} feels more carefully designed.

The packaging is modest and almost entirely recyclable, which I appreciate.

Setting it up took less than ten minutes, and the instructions were clear.

A colleague borrowed the {short} for a weekend and came back with the same impressions.

Build quality is solid, with no creaks, loose parts or rough edges.

There are a few small annoyances that a future version could easily fix.

If you already own {rival}, the upgrade may not be worth it.

For someone buying their first {short}, though, it is an easy recommendation.

I tested it in very different conditions, from a cold garage to a crowded train.

The manufacturer offers a two-year warranty, which is longer than many competitors.

Over time the novelty wore off, but I never found myself reaching for something else.

Some online reviewers report problems with early units, but mine has been flawless.

The company says a software update will address several of the issues I raised.

Nothing about the {short} is revolutionary, and that is not necessarily a weakness.

What matters most is that it does the basic job reliably every single day.

I would have liked more color options, although that is a matter of taste.

Prices tend to drop during seasonal sales, so patience might save you some money.

Overall, {product} earns a score of {score} out of 10 from me.

If {flaw} does not bother you, it is one of the better choices available right now.
""")

FORUM_TOPICS = [
    dict(headline="Laptop fan runs constantly after update, any ideas?", device="laptop",
         problem="the fan never stops spinning", software="the latest system update",
         short="fan noise", fix="cleaning the vents and resetting the power settings"),
    dict(headline="Sourdough starter smells like nail polish - is it dead?", device="starter",
         problem="my starter smells sharp and sour", software="a new brand of flour",
         short="starter", fix="feeding it twice a day for a week"),
    dict(headline="Router drops wifi every evening around 9pm", device="router",
         problem="the connection drops every evening", software="the new firmware",
         short="wifi problem", fix="changing the wireless channel"),
    dict(headline="Tomato leaves turning yellow from the bottom up", device="tomato plants",
         problem="the lower leaves are turning yellow", software="a new fertilizer",
         short="tomatoes", fix="watering at the base and removing the worst leaves"),
    dict(headline="Car battery dead every morning since winter started", device="car",
         problem="the battery is flat every morning", software="a new dashboard camera",
         short="battery drain", fix="disconnecting the dashboard camera overnight"),
]

FORUM_Q = pool("""
Hi everyone, I have searched the forum but could not find a thread that matches my situation.

Since {software}, {problem}, and I am running out of ideas.

I have had this {device} for about {n} years and never had trouble before.

Things I already tried include restarting, checking the obvious settings and asking a friend.

It happens almost every day, although sometimes it takes longer to show up.

Has anyone else seen this, and is there something simple I am missing?

Any advice would be much appreciated, even if it is just where to look next.

I am not very technical, so please explain it like you would to a beginner.

The strange part is that everything seemed fine for the first couple of weeks.

My partner thinks I am imagining it, but I kept a notebook and the pattern is clear.

I would rather not pay for a repair if it turns out to be something I can sort out myself.

Sorry for the long post, I wanted to include every detail in case it matters.
""")

FORUM_R = pool("""
I had exactly the same issue last year, and in my case the fix was {fix}.

Before doing anything drastic, try {fix} and report back.

Do you remember whether it started right after {software}, or a few days later?

That sounds frustrating, but it is usually not as serious as it seems.

Check whether anything changed around the same time, because the timing is a strong clue.

My brother works in repairs, and he says this is one of the most common questions he gets.

If that does not help, post a photo and we can take a closer look.

Honestly, I would not spend money on replacements until you have ruled out the simple causes.

Following this thread, because my {device} started doing something similar.

Update from me: {fix} solved it completely, so thank you all for the suggestions.

Good call on the timing, I had not thought about that connection at all.

You might also want to check the manual, since the older models behave a bit differently.

I disagree slightly with the advice above, as it can make things worse if done carelessly.

It took me three evenings of testing to find the cause, so do not give up too early.

Whatever you do, write down each change you make so you can undo it if needed.

A reading from last week would help, if you still have one written down somewhere.

In my experience the cheap fix works about half the time, and the other half it buys you a few months.

Somebody asked the same thing a while ago, but that thread went quiet without an answer.

The manufacturer's support line was surprisingly helpful when I called them about a similar fault.

Let us know how it goes, these threads are much more useful when people post the outcome.
""")

SHARED = pool("""
That, at least, is the view from {city}, where opinions are rarely unanimous.

It is worth pausing here, because the details matter more than the headline.

Numbers alone do not tell the whole story, though they help.

A few people I spoke with were surprised by how quickly things moved.

There is still plenty of room for improvement, and nobody pretends otherwise.

For many readers, the practical question is simply what happens next.

The short answer is that it depends on the weather, the budget and a bit of luck.

Experience from other places suggests the first months are always the hardest.

Most of the feedback so far has been constructive and specific.

In hindsight, several of the early worries turned out to be exaggerated.

We will keep an eye on the {short} and report back as the situation develops.

Anyone with first-hand experience is welcome to share it in the comments below.
""")

COMMENTS = pool("""
Thanks for writing this up, it answered the exact question I had.

I tried this last weekend and it worked, although it took me longer than you said.

Does anyone know whether this also applies to older models?

Great article, but I think the second point deserves more attention.

We had the same debate in our town five years ago and it ended very differently.

This is the kind of local reporting we need more of.

Could you post an update once the work actually starts?

My neighbor was at the meeting and says it was much more heated than described here.

I made the metric version and had to add a little more water.

Bookmarked for later, thank you!

Not convinced, to be honest. The numbers seem optimistic.

Finally someone explains this clearly.

Is there a printable version of the steps somewhere?

The photos would be more helpful if they showed the tricky part up close.

Mine came out slightly different but still delicious.
""")

# Page chrome, keyed by the label used in ``web.render_page``.
CHROME = dict(
    home="Home", news="News", local="Local", business="Business", culture="Culture",
    food="Food", tech="Tech", opinion="Opinion", sport="Sport", travel="Travel",
    search="Search", subscribe="Subscribe", login="Sign in", register="Create account",
    cookie="We use cookies to personalise content and ads, to provide social media features and "
           "to analyse our traffic. You can change your choice at any time.",
    accept="Accept all", reject="Reject non-essential", manage="Manage preferences",
    share="Share this article", related="Related articles", comments="Comments",
    reply="Reply", leave_comment="Leave a comment", post_comment="Post comment",
    most_read="Most read", newsletter="Newsletter",
    newsletter_text="The morning briefing, straight to your inbox. Free, every weekday.",
    email_placeholder="Your email address", by="By", min_read="min read",
    advert="Advertisement", tags="Tags", about="About us", contact="Contact",
    privacy="Privacy policy", terms="Terms of use", careers="Careers", advertise="Advertise",
    rights="All rights reserved.", read_more="Read more", previous="Previous", next="Next",
    ingredients="Ingredients", method="Method", step="Step", you_need="What you need",
    verdict="Verdict", posted="Posted", joined="Joined", posts="Posts", quote="Quote",
    originally="This article originally appeared in", updated="Updated",
)

RELATED = pool("""
Five questions about the new budget, answered

What the spring storms taught us about drainage

Inside the workshop where old clocks come back to life

A beginner's guide to the weekend farmers market

Why the ferry timetable keeps changing

Ten small habits that make a kitchen easier to keep clean

The quiet return of the neighborhood hardware store

Letters: readers respond to the parking debate

How one school cut its energy use by a third

Photos: the first frost on the river meadows
""")

SPAM_KEYWORDS = [
    "cheap watches", "replica watches", "best casino bonus", "free spins", "buy followers",
    "payday loans", "weight loss pills", "cheap flights", "crypto signals", "essay writing service",
    "seo backlinks", "discount sneakers", "online pharmacy", "make money fast",
]

SPAM = pool("""
Best {kw} online, buy {kw} now, {kw} discount, {kw} free shipping, {kw} sale today.

Looking for {kw}? Our {kw} are the best {kw} on the market, cheap {kw} for everyone.

Click here for {kw} {kw2} {kw3} best price guaranteed!!!

{kw} {kw} {kw} top rated {kw} reviews 2024 best {kw} deals.

Limited offer: {kw} and {kw2} at 90% off, only today, hurry up.

We sell {kw}, {kw2}, {kw3} and more. Order {kw} now!!!
""")

BOILERPLATE = dict(
    login=["Sign in to your account", "Email address", "Password", "Remember me",
           "Forgot your password?", "Sign in", "New here? Create an account",
           "Or continue with", "Google", "Apple"],
    not_found=["Page not found", "Error 404", "Sorry, we could not find the page you were looking for.",
               "It may have been moved or deleted.", "Go back to the homepage",
               "Search the site"],
    cookie_page=["Cookie settings", "Strictly necessary cookies", "Always active",
                 "Performance cookies", "Functional cookies", "Targeting cookies",
                 "Save settings", "Accept all", "Reject all", "Cookie list"],
    tag_index=["Tag archive", "Showing posts tagged", "Newest first", "Older posts",
               "Newer posts", "Page 2 of 14"],
    search=["Search results", "0 results for your search", "Try different keywords",
            "Filter by date", "Filter by section", "Sort by relevance"],
    subscribe=["Subscribe", "Choose your plan", "Digital", "Print + Digital", "Monthly",
               "Yearly", "Cancel anytime", "Start free trial", "Already a subscriber? Sign in"],
)

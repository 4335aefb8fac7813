"""Conversations for the dialogue samples, written for this corpus.

Each conversation is a block of turns; a turn starts with ``S:`` (system), ``U:`` (user) or
``A:`` (assistant) and may continue on the following lines.
"""
# ruff: noqa: E501  (prose data: one turn per line reads better than wrapped strings)

from __future__ import annotations

CHATS = [
    """U: What is the difference between baking soda and baking powder?
A: Baking soda is pure sodium bicarbonate, so it needs an acid in the recipe, such as buttermilk, yogurt or lemon juice, to release carbon dioxide. Baking powder already contains both the base and a dry acid, so it only needs moisture and heat.
U: Can I swap one for the other?
A: Only with adjustments. To replace one teaspoon of baking powder, use about a quarter teaspoon of baking soda plus an acidic ingredient. Going the other way, you need roughly three times as much baking powder, and the taste may turn slightly bitter.
U: Thanks, that explains why my pancakes were flat.""",
    """S: You are a helpful assistant for a public library.
U: Hi, I want to renew two books but the website keeps logging me out. My card is registered to jordan.reyes@example.com and my phone is (312) 555-0147 if someone can call me.
A: I am sorry about the trouble. I cannot access accounts from this chat, but library staff can renew the books by phone. Please avoid sharing your contact details in chat; call the front desk during opening hours and they will help you directly.
U: Okay, what are the opening hours?
A: The main branch is open from 9 am to 8 pm on weekdays and from 10 am to 5 pm on Saturdays. It is closed on Sundays and public holidays.""",
    """U: Explain what a hash table is in two sentences.
A: A hash table stores key-value pairs in an array and uses a hash function to turn each key into an index, so lookups take constant time on average. When two keys land on the same index, the table resolves the collision by chaining entries or by probing for another free slot.""",
    """U: I need a polite way to decline a meeting invitation from a colleague.
A: You could write: "Thank you for the invitation. Unfortunately I cannot join on Thursday because of an earlier commitment. Could you share the notes afterwards, or would another time next week work?"
U: Can you make it shorter?
A: "Thanks for the invite. I can't make Thursday, but I'd be glad to catch up next week or read the notes."
U: Perfect, thank you.
A: You're welcome. Good luck with the meeting.""",
    """U: My tomato seedlings are tall and floppy. What did I do wrong?
A: Tall, weak seedlings are usually "leggy" because they are stretching toward light. They probably need a brighter spot or a grow light placed a few centimetres above them, and a slightly cooler room.
U: Can I save the ones I have?
A: Yes. Tomatoes can grow roots along the buried stem, so when you transplant them, bury the stem deeper, up to the first true leaves. A small fan or brushing them gently each day will also make the stems sturdier.""",
    """U: How many minutes should I boil an egg for a soft yolk?""",
    """U: 帮我写一段请假条，我明天要去医院复查。
A: 好的，可以参考下面这段：\n\n王经理：\n您好！我因需要到医院进行复查，明天（周四）无法正常到岗，特申请请假一天。工作已经与同事小李交接好，如有紧急事项可以随时联系我。\n\n此致\n敬礼\n\n张明
U: 能不能写得再简短一点？
A: 王经理您好，我明天需要去医院复查，申请请假一天，工作已交接给小李，有急事请随时联系我。谢谢！""",
    """U: 我的快递一直显示在派送中，已经三天了，怎么办？我的手机号是 139 8765 4321，收件人是陈静。
A: 很抱歉给您带来不便。建议您先在快递公司的官方渠道查询物流详情，或者直接拨打快递公司的客服电话说明情况。另外，为了保护您的隐私，请不要在公开的对话里留下手机号和姓名。
U: 好的，那一般多久算是丢件？
A: 不同快递公司的规定不一样，通常超过七天没有新的物流记录，就可以申请查件或者理赔。""",
    """U: 用一句话解释什么是通货膨胀。
A: 通货膨胀是指一段时间内物价普遍持续上涨，同样多的钱能买到的东西越来越少。""",
    """U: Translate "Where is the train station?" into German and French.
A: German: "Wo ist der Bahnhof?" French: "Où est la gare ?"
U: And how do I say "one ticket to the city centre, please"?
A: German: "Eine Fahrkarte ins Stadtzentrum, bitte." French: "Un billet pour le centre-ville, s'il vous plaît.\"""",
    """U: hi""",
    """U: Write a haiku about a rainy Monday.
A: Grey bus windows fog,\nan umbrella turns inside out,\ncoffee still too hot.
U: Now one about Friday.
A: Desk lamp clicks to dark,\nthe long light on the stairwell,\nshoes already loose.""",
]

SHAREGPT = [
    """U: Can you help me plan a three-day trip to Lisbon on a budget?
A: Sure. Day one: walk through Alfama and Baixa, ride the number 28 tram early to avoid crowds, and watch the sunset from a miradouro. Day two: take the train to Sintra and visit one palace rather than three to keep costs down. Day three: explore Belém, try a custard tart from a local bakery and end the day at LX Factory.
U: What about transport?
A: Buy a rechargeable transport card on arrival. It works on the metro, trams, buses and the train to Sintra, and it is much cheaper than single tickets.
U: Great, and where should I stay?
A: Look for guesthouses in Graça or Arroios. They are cheaper than the centre but still well connected by tram and metro.""",
    """U: What's a good way to start learning to run if I've never done it?
A: Start with a walk-run plan: one minute of gentle running, then two minutes of walking, repeated eight times, three days a week. Each week, run a little longer and walk a little less. After about eight weeks most beginners can run for twenty minutes without stopping.
U: Should I buy special shoes?
A: It helps to get fitted at a running shop, but you do not need an expensive pair. Comfort matters more than brand.""",
    """U: My name is Priya Natarajan and I'm locked out of my account, please reset it. My backup email is priya.n@example.org and my phone is +44 20 7946 0321.
A: I can't reset accounts from here, and for your safety please don't share personal details in a chat. Use the "Forgot password" link on the sign-in page; it will send a reset link to the backup email on file.
U: I tried that and got nothing.
A: Check the spam folder, and wait a few minutes before requesting a second link, because only the newest link works. If it still doesn't arrive, contact support through the help centre form.""",
    """U: Summarize the plot of Romeo and Juliet in three sentences.
A: Two teenagers from feuding families in Verona fall in love and marry in secret. After Romeo kills Juliet's cousin in a street fight, he is banished, and Juliet fakes her death to escape an arranged marriage. A message goes astray, Romeo believes she is truly dead and takes poison, and Juliet wakes to find him and ends her own life.""",
    """U: 周末想在家做饭招待朋友，六个人，有什么菜单推荐？
A: 可以考虑四菜一汤：红烧排骨、清炒时蔬、番茄炒蛋、凉拌木耳，再配一锅冬瓜排骨汤。这几道菜大多可以提前准备，客人来了以后只需要简单加热或快炒。
U: 有没有适合做甜点的？
A: 可以做一份简单的芒果西米露，提前一晚做好放进冰箱，吃的时候直接盛出来就行。""",
    """U: Is it safe to use the same password on several sites?
A: No. If one site is breached, attackers try the same email and password on other sites. Use a password manager to create a different strong password for each site, and turn on two-factor authentication where it is offered.""",
    """U: thanks""",
    """U: How do I get rid of fruit flies in my kitchen?
A: Remove what attracts them first: ripe fruit, open bins and damp sponges. Then set a simple trap with a small bowl of cider vinegar and a drop of washing-up liquid. Within a few days most of the flies will be gone.
U: The trap isn't catching anything.
A: Cover the bowl with cling film, poke a few small holes in it and move it closer to where you see the flies. Also check drains and plant pots, which can hide larvae.""",
]

THREADS = [
    dict(subreddit="AskGardeners", op="OP_gardens", title="Is it too late to plant garlic in February?",
         body="I forgot to plant my garlic in autumn. Zone 7, ground is not frozen. Worth a try or should I wait until next year?",
         comments=[
             ("plot_keeper", None, "Not too late at all. Spring-planted garlic usually gives smaller bulbs, but you'll still get a harvest."),
             ("AutoModerator", None, "Hi! Please remember to include your growing zone in the title. This is an automated message."),
             ("mulch_maven", 0, "Agreed. Chill the cloves in the fridge for a couple of weeks first so they think winter happened."),
             ("[deleted]", 2, "[deleted]"),
             ("OP_gardens", 2, "Oh that's a clever trick, thanks! I'll try half with and half without."),
             ("seedsaver_42", None, "[removed]"),
             ("hollyhock_h", None, "Did this last year and got decent bulbs, just plant them a bit deeper than usual."),
             ("OP_gardens", 6, "How deep did you go? Five centimetres or more?"),
             ("hollyhock_h", 7, "About eight. The soil here dries out fast, so deeper kept them happier."),
         ]),
    dict(subreddit="personalfinance", op="newjob_throwaway", title="First paycheck, how much should I save?",
         body="Just started my first full-time job. After rent and bills I have about 600 left each month. What's a sensible split?",
         comments=[
             ("ledger_lines", None, "Start with an emergency fund of three months of expenses before anything else."),
             ("budget_bee", 0, "This. And if your employer matches retirement contributions, put in at least enough to get the full match."),
             ("[deleted]", 1, "[removed]"),
             ("AutoModerator", None, "Your post has been flagged for review because it mentions specific amounts. A moderator will check it shortly."),
             ("newjob_throwaway", 1, "My employer matches 4%, so I'll start there. Thanks!"),
             ("quiet_compound", None, "Automate it. Move the savings on payday so you never see the money in your checking account."),
         ]),
    dict(subreddit="learnpython", op="OP_confused", title="Why does my list change when I modify a copy?",
         body="I did b = a and then appended to b, but a changed too. Is this a bug?",
         comments=[
             ("py_helper", None, "Not a bug: b = a makes both names point to the same list. Use b = a.copy() or b = list(a) for a new list."),
             ("indent_error", 0, "And if the list contains other lists, look up copy.deepcopy, because a shallow copy still shares the inner lists."),
             ("OP_confused", 1, "That was exactly it, I had a list of lists. deepcopy fixed it, thank you both!"),
             ("[deleted]", None, "[deleted]"),
             ("AutoModerator", None, "Reminder: format your code with four spaces or a code block so it stays readable."),
         ]),
    dict(subreddit="China_irl", op="OP_hz", title="在杭州上班，租房选城东还是城西？",
         body="公司在滨江，预算每月三千左右，想找交通方便一点的地方，大家有什么建议？",
         comments=[
             ("西湖边的猫", None, "公司在滨江的话，优先考虑地铁沿线，通勤时间比房租更重要。"),
             ("钱塘江边", 0, "同意，我之前住城西，每天通勤一个多小时，后来还是搬到了滨江附近。"),
             ("[deleted]", 1, "[removed]"),
             ("OP_hz", 1, "谢谢！那滨江附近三千能租到什么样的？"),
             ("钱塘江边", 3, "合租的话可以租到不错的主卧，整租一室一厅可能要再多一点。"),
         ]),
]

IRC = [
    ("#linux-help", "2024-02-19", [
        ("09:02", "quokka", "anyone around? my laptop won't wake from suspend since the last kernel update"),
        ("09:03", "tux_tamer", "quokka: which distro and kernel version?"),
        ("09:04", "quokka", "tux_tamer: 24.04, kernel 6.8.0-31, it worked fine on the previous one"),
        ("09:05", "tux_tamer", "you can pick the old kernel from the grub menu to confirm it's the kernel"),
        ("09:07", "quokka", "ok booting the old one now"),
        ("09:15", "quokka", "yep, old kernel wakes fine"),
        ("09:16", "tux_tamer", "then it's probably a known regression, check the bug tracker and hold the old kernel for now"),
        ("09:17", "mossbyte", "quokka: also try mem_sleep_default=deep on the kernel command line, it helped on my thinkpad"),
        ("09:19", "quokka", "thanks both, will try that tonight"),
        ("14:41", "fernweh", "hi, how do I find out which process is using port 8080?"),
        ("14:42", "mossbyte", "fernweh: sudo ss -ltnp | grep 8080"),
        ("14:43", "fernweh", "that shows a java process, I thought I had stopped it"),
        ("14:44", "mossbyte", "check systemctl status for a service that restarts it automatically"),
        ("14:46", "fernweh", "found it, an old service unit. disabled it, port is free now"),
        ("14:46", "fernweh", "thanks!"),
    ]),
    ("#balcony-gardens", "2024-02-20", [
        ("07:58", "basilisk", "morning! my basil keeps wilting even though I water it every day"),
        ("08:00", "greenthumb_jo", "basilisk: every day might be the problem, does the pot have drainage holes?"),
        ("08:01", "basilisk", "it's one of those decorative pots without holes"),
        ("08:02", "greenthumb_jo", "that's it then, the roots are sitting in water. repot into something with holes"),
        ("08:04", "basilisk", "will do, thanks"),
        ("19:30", "sunny_side", "does anyone grow strawberries in hanging baskets?"),
        ("19:32", "greenthumb_jo", "sunny_side: yes, they do well, just water more often because baskets dry out fast"),
        ("19:33", "sunny_side", "how many plants per basket?"),
        ("19:34", "greenthumb_jo", "three or four in a 30 cm basket is plenty"),
        ("19:36", "sunny_side", "great, my email is sunny.side@example.net if anyone wants to swap runners in spring"),
    ]),
]

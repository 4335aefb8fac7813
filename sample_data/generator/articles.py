"""Article bodies: title, byline, blocks of sentences, comments; rendering-independent."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field

from . import texts_en as en
from . import texts_intl as intl
from . import texts_zh as zh
from .common import chunk, cn_resident_id, drawer, fill, luhn_complete, pick

NUM_WORDS = "two three four five six seven eight nine".split()
ROLES = ["deputy director of public works", "the city's chief engineer", "council president",
         "head of the planning committee", "the mayor's chief of staff"]
VOTES = ["five to two", "six to one", "four to three", "seven to two"]


@dataclass
class Article:
    """One page's main content. ``blocks`` items: ("p", [sentences]) | ("h2", str) |
    ("ul", [items]) | ("ol", [items]); forum threads keep one block list per post."""

    lang: str
    kind: str
    title: str
    author: str
    date: str
    posts: list[tuple[str, list[tuple[str, object]]]]
    tags: list[str] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)
    pii: list[dict[str, str]] = field(default_factory=list)
    lookalikes: list[dict[str, str]] = field(default_factory=list)

    @property
    def joiner(self) -> str:
        return "" if self.lang in ("zh", "ja") else " "

    def paragraphs(self) -> list[str]:
        """The article text as paragraphs, the way a good extractor should return it."""
        out = [self.title]
        for _, blocks in self.posts:
            for kind, value in blocks:
                if kind == "p":
                    out.append(self.joiner.join(value))
                elif kind == "h2":
                    out.append(value)
                else:
                    out.extend(value)
        return out

    def text(self) -> str:
        return "\n\n".join(self.paragraphs())

    def sentences(self) -> list[str]:
        return [s for _, blocks in self.posts for kind, v in blocks if kind == "p" for s in v]


def _date(rng: random.Random) -> str:
    return f"2024-{rng.randint(1, 2):02d}-{rng.randint(1, 28):02d}"


def _en_slots(rng: random.Random, topic: dict) -> dict:
    name = drawer(rng, en.FIRST)
    official = f"{rng.choice(en.FIRST)} {rng.choice(en.LAST)}"
    city = rng.choice(en.TOWNS)
    slots = dict(topic)
    slots.update(
        city=city, official=official, official_last=official.split()[1], role=rng.choice(ROLES),
        resident=lambda: f"{name()} {rng.choice(en.LAST)}", name=lambda: name(),
        money=lambda: rng.choice(["1.2", "2.8", "4.5", "6", "11", "17.5", "23"]),
        num=lambda: str(rng.randint(14, 980)), n=lambda: rng.choice(NUM_WORDS),
        pct=lambda: str(rng.randint(12, 60)), votes=rng.choice(VOTES),
        weekday=lambda: rng.choice(en.WEEKDAYS), month=lambda: rng.choice(en.MONTHS),
        day=lambda: str(rng.randint(2, 28)), year=str(rng.randint(1986, 2009)),
        year2=str(rng.randint(2025, 2027)), score=str(rng.randint(6, 9)),
        kcal=str(rng.randrange(180, 620, 10)),
    )
    slots["headline"] = fill(topic["headline"], slots)
    return slots


def _paras(rng: random.Random, sentences: list[str], low: int = 2, high: int = 4):
    return [("p", group) for group in chunk(rng, sentences, low, high)]


def _sprinkle(rng: random.Random, sentences: list[str], extra: list[str]) -> list[str]:
    out = list(sentences)
    for s in extra:
        out.insert(rng.randint(1, len(out)), s)
    return out


def _en_comments(rng: random.Random, k: int) -> list[tuple[str, str]]:
    return [(f"{rng.choice(en.FIRST)}{rng.choice(['', '_', '.'])}{rng.choice(en.LAST)[:4].lower()}"
             f"{rng.randint(1, 99)}", c) for c in pick(rng, en.COMMENTS, k)]


def english(rng: random.Random, kind: str) -> Article:
    """An English article of ``kind`` news | howto | recipe | review | forum."""
    topics = dict(news=en.NEWS_TOPICS, howto=en.HOWTO_TOPICS, recipe=en.RECIPES,
                  review=en.REVIEW_TOPICS, forum=en.FORUM_TOPICS)[kind]
    slots = _en_slots(rng, rng.choice(topics))
    shared = [fill(s, slots) for s in pick(rng, en.SHARED, rng.randint(2, 5))]
    author = f"{rng.choice(en.FIRST)} {rng.choice(en.LAST)}"
    blocks: list[tuple[str, object]] = []
    posts = None
    if kind == "news":
        body = [fill(s, slots) for s in pick(rng, en.NEWS, rng.randint(28, 40))]
        blocks = _paras(rng, _sprinkle(rng, body, shared))
    elif kind == "howto":
        body = [fill(s, slots) for s in pick(rng, en.HOWTO, rng.randint(24, 30))]
        blocks = _paras(rng, body[:5] + shared[:1])
        blocks.append(("h2", en.CHROME["you_need"]))
        blocks.append(("ul", [slots["tool"].capitalize(), slots["material"].capitalize(),
                              "An old towel", "Good light"]))
        rest = body[5:]
        per = max(2, len(rest) // len(slots["steps"]))
        for i, step in enumerate(slots["steps"]):
            blocks.append(("h2", f"{en.CHROME['step']} {i + 1}: {step}"))
            blocks += _paras(rng, rest[i * per : (i + 1) * per], 1, 2)
        blocks += _paras(rng, rest[len(slots["steps"]) * per :] + shared[1:])
    elif kind == "recipe":
        body = [fill(s, slots) for s in pick(rng, en.RECIPE, rng.randint(18, 24))]
        blocks = _paras(rng, body[:8])
        blocks.append(("h2", en.CHROME["ingredients"]))
        blocks.append(("ul", slots["ingredients"]))
        blocks.append(("h2", en.CHROME["method"]))
        blocks.append(("ol", slots["method"]))
        blocks.append(("h2", "Notes and variations"))
        blocks += _paras(rng, _sprinkle(rng, body[8:], shared))
    elif kind == "review":
        body = [fill(s, slots) for s in pick(rng, en.REVIEW, rng.randint(20, 24))]
        cut = len(body) // 3
        blocks = _paras(rng, body[:cut])
        blocks += [("h2", "Design and everyday use")] + _paras(rng, body[cut : 2 * cut])
        blocks += [("h2", en.CHROME["verdict"])] + _paras(rng, _sprinkle(rng, body[2 * cut :],
                                                                          shared))
    elif kind == "forum":
        question = [fill(s, slots) for s in pick(rng, en.FORUM_Q, rng.randint(9, 12))]
        replies = [fill(s, slots) for s in pick(rng, en.FORUM_R, rng.randint(13, 17))]
        posts = [(author, [("p", question)])]
        while replies:
            n = rng.randint(2, 4)
            user = f"{rng.choice(en.LAST).lower()}{rng.choice(['_', '', '77', 'fan'])}"
            posts.append((user, [("p", replies[:n])]))
            replies = replies[n:]
    else:
        raise ValueError(kind)
    return Article(
        lang="en", kind=kind, title=slots["headline"], author=author, date=_date(rng),
        posts=posts or [(author, blocks)], tags=[kind, slots["short"], slots["city"]],
        comments=[] if kind == "forum" else _en_comments(rng, rng.randint(0, 5)),
    )


def _zh_slots(rng: random.Random, topic: dict) -> dict:
    def person() -> str:
        return rng.choice(zh.SURNAMES) + rng.choice(zh.GIVEN)

    official = person()
    slots = dict(topic)
    slots.update(
        city=rng.choice(zh.CITIES), official=f"{topic.get('agency', '市政府')}负责人{official}",
        official_last=official[0] + rng.choice(["局长", "主任", "处长"]),
        resident=lambda: rng.choice(zh.SURNAMES) + rng.choice(["阿姨", "大爷", "女士", "先生"]),
        weekday=lambda: rng.choice(["近日", "昨天", "本周一", "日前"]),
        money=lambda: rng.choice(["1.2", "3.5", "4.8", "6", "12"]),
        month=lambda: str(rng.randint(3, 12)), num=lambda: str(rng.randint(120, 3600)),
        n=lambda: rng.choice("两三四五六七八"),
    )
    slots["headline"] = fill(topic["headline"], slots)
    return slots


def chinese(rng: random.Random, kind: str) -> Article:
    """A Simplified Chinese article of ``kind`` news | life | food | travel."""
    author = rng.choice(zh.SURNAMES) + rng.choice(zh.GIVEN)
    if kind == "news":
        slots = _zh_slots(rng, rng.choice(zh.NEWS_TOPICS))
        blocks = _paras(rng, [fill(s, slots) for s in pick(rng, zh.NEWS, rng.randint(17, 24))])
    elif kind == "life":
        slots = _zh_slots(rng, rng.choice(zh.LIFE_TOPICS))
        body = [fill(s, slots) for s in pick(rng, zh.LIFE, rng.randint(13, 16))]
        blocks = _paras(rng, body[:4]) + [("h2", "具体方法")] + _paras(rng, body[4:])
    elif kind == "food":
        slots = _zh_slots(rng, rng.choice(zh.FOOD_TOPICS))
        body = [fill(s, slots) for s in pick(rng, zh.FOOD, rng.randint(9, 12))]
        blocks = _paras(rng, body[:5]) + [("h2", zh.CHROME["ingredients"]),
                                         ("ul", slots["ingredients"]),
                                         ("h2", zh.CHROME["method"])]
        blocks += [("p", [fill(s, slots)]) for s in zh.FOOD_STEPS] + _paras(rng, body[5:])
    elif kind == "travel":
        slots = _zh_slots(rng, {"headline": rng.choice(
            ["{city}三日游：不赶景点，慢慢走", "第一次去{city}，这些地方值得一去",
             "在{city}住了一个星期，说说我的真实感受"])})
        blocks = _paras(rng, [fill(s, slots) for s in pick(rng, zh.TRAVEL, rng.randint(11, 14))])
    else:
        raise ValueError(kind)
    comments = [(rng.choice(["网友", "用户", ""]) + str(rng.randint(1000, 99999)), c)
                for c in pick(rng, zh.COMMENTS, rng.randint(0, 5))]
    return Article(lang="zh", kind=kind, title=slots["headline"], author=author, date=_date(rng),
                   posts=[(author, blocks)], tags=[slots["city"], kind], comments=comments)


def chronicle(rng: random.Random, lang: str) -> Article:
    """A local-chronicle article in one of ``texts_intl.LANGS``."""
    t = intl.LANGS[lang]
    slots = dict(city=rng.choice(t["cities"]), official=rng.choice(t["officials"]),
                 person=rng.choice(t["people"]), month=lambda: rng.choice(t["months"]),
                 n=lambda: str(rng.randint(3, 14)), num=lambda: str(rng.randint(40, 160)),
                 money=lambda: rng.choice(["4,2", "7,5", "12", "18,3", "26"]),
                 year=str(rng.randint(2025, 2026)))
    if lang == "ja":
        slots["money"] = lambda: rng.choice(["12", "30", "45", "80"])
    body = [fill(s, slots) for s in pick(rng, t["body"], rng.randint(22, 28))]
    author = rng.choice(t["authors"])
    comments = [(f"{rng.choice(t['authors']).split()[0]}{rng.randint(1, 90)}", c)
                for c in pick(rng, t["comments"], rng.randint(0, 3))]
    return Article(lang=lang, kind="chronicle", title=fill(rng.choice(t["titles"]), slots),
                   author=author, date=_date(rng), posts=[(author, _paras(rng, body))],
                   tags=[slots["city"]], comments=comments)


def syndicate(rng: random.Random, art: Article, byline: str) -> Article:
    """A syndicated near-copy: another byline and one or two sentences reworded or dropped."""
    copy_ = copy.deepcopy(art)
    copy_.author = byline
    paras = [b for _, blocks in copy_.posts for b in blocks if b[0] == "p" and len(b[1]) > 1]
    for block in rng.sample(paras, min(2, len(paras))):
        sentences = block[1]
        i = rng.randrange(len(sentences))
        if rng.random() < 0.5:
            del sentences[i]
        elif art.lang in ("zh", "ja"):
            sentences[i] = sentences[i].replace("。", "，" + rng.choice(
                ["记者了解到。", "这一点值得关注。", "相关部门表示将持续跟进。"]), 1)
        else:
            sentences[i] = sentences[i][:-1] + rng.choice(
                [", officials said.", ", according to the latest figures.",
                 ", the report added.", ", as reported earlier this week."])
    copy_.comments = []
    return copy_


def _phone_us(rng: random.Random) -> str:
    return f"({rng.choice(['415', '312', '617', '206'])}) 555-01{rng.randint(10, 99)}"


def _email(rng: random.Random, first: str, last: str) -> str:
    user = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randint(70, 99)}"])
    return f"{user.lower()}@{rng.choice(['example.com', 'example.org', 'mail.example.net'])}"


def _not_luhn(number: str) -> str:
    """A 16-digit order number that fails Luhn, so a card detector must not flag it."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def add_pii(rng: random.Random, art: Article) -> Article:
    """Put PII (and look-alikes that are not PII) into the article text; record both."""
    art = copy.deepcopy(art)
    if art.lang == "zh":
        mobile = f"1{rng.choice('3589')}{rng.randint(0, 9)}"
        spaced = f"{mobile} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        intl_ = f"+86 139-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        cnid = cn_resident_id(rng.choice(["110105", "330106", "510104", "440305"]),
                              f"19{rng.randint(70, 99)}{rng.randint(1, 12):02d}"
                              f"{rng.randint(1, 28):02d}", f"{rng.randint(100, 999)}")
        email = f"{rng.choice(['zhang.wei', 'liuyang88', 'chenjing'])}@example.com.cn"
        order = _not_luhn(luhn_complete("2024", 16, rng))
        version = ".".join(str(rng.randint(1, 9)) for _ in range(4))
        extra = [
            f"本人不慎遗失身份证一张，证号{cnid}，拾到者请联系{spaced}，必有重谢。",
            f"也可以发邮件到{email}，或者拨打{intl_}与我们联系。",
            f"我的订单号是{order}，手机系统版本{version}，下单日期2024-03-15，客服到现在也没回复。",
        ]
        art.pii += [dict(type="cn_resident_id", value=cnid), dict(type="phone", value=spaced),
                    dict(type="email", value=email), dict(type="phone", value=intl_)]
        art.lookalikes += [dict(type="order_number", value=order),
                           dict(type="version", value=version),
                           dict(type="date", value="2024-03-15")]
    else:
        first, last = rng.choice(en.FIRST), rng.choice(en.LAST)
        email = _email(rng, first, last)
        us = _phone_us(rng)
        e164 = f"+4420794609{rng.randint(10, 99)}"
        de = f"+49 30 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        ipv4 = f"203.0.113.{rng.randint(2, 250)}"
        ipv6 = f"2001:db8:{rng.randint(1, 0xffff):x}::{rng.randint(1, 0xffff):x}"
        card = luhn_complete("4", 16, rng)
        card_fmt = " ".join(card[i : i + 4] for i in range(0, 16, 4))
        order = _not_luhn(luhn_complete("7", 16, rng))
        version = f"{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(1, 9)}"
        date = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2023"
        extra = [
            f"If anyone wants to compare notes, email me at {email} or call {us} after six.",
            f"When I was travelling I used my UK number {e164}, and my colleague in Berlin "
            f"is on {de}.",
            f"The logs show requests from {ipv4} and from {ipv6} just before the failure.",
            f"Embarrassingly, the shop charged my card {card_fmt} twice before I noticed.",
            f"For reference, I am on firmware {version}, my order number is {order} "
            f"and the invoice is dated {date}.",
        ]
        art.pii += [dict(type="email", value=email), dict(type="phone", value=us),
                    dict(type="phone", value=e164), dict(type="phone", value=de),
                    dict(type="ipv4", value=ipv4), dict(type="ipv6", value=ipv6),
                    dict(type="credit_card", value=card_fmt)]
        art.lookalikes += [dict(type="version", value=version),
                           dict(type="order_number", value=order), dict(type="date", value=date)]
    blocks = art.posts[-1][1] if art.kind == "forum" else art.posts[0][1]
    blocks.insert(min(len(blocks), 2), ("p", extra))
    return art

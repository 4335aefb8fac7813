"""HTML pages: site chrome (head, cookie banner, navigation, sidebar, footer) around content."""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass

from . import texts_en as en
from . import texts_intl as intl
from . import texts_zh as zh
from .articles import Article
from .common import fill, pick, sub_rng

esc = html.escape


@dataclass(frozen=True)
class Site:
    name: str
    domain: str
    lang: str
    layout: str  # news | blog | forum
    color: str
    publisher: str
    sections: tuple[str, ...] = ("news", "local", "business", "culture", "sport", "travel")


SITES = [
    Site("The Millbrook Courier", "www.millbrookcourier.com", "en", "news", "#8b1a1a",
         "Courier Media Group"),
    Site("Harlow Falls Daily", "harlowfallsdaily.com", "en", "news", "#1d3557",
         "Harlow Falls Publishing Co."),
    Site("Valley Wire", "www.valleywire.net", "en", "news", "#2a6f4e", "Valley Wire Syndicate"),
    Site("Patchwork & Pliers", "patchworkandpliers.blog", "en", "blog", "#b5651d",
         "Patchwork & Pliers", ("home", "tech", "culture")),
    Site("Thyme and Again", "www.thymeandagain.co", "en", "blog", "#5b7f3a", "Thyme and Again",
         ("food", "travel", "culture")),
    Site("GearNotes", "gearnotes.reviews", "en", "blog", "#333366", "GearNotes Ltd",
         ("tech", "travel", "opinion")),
    Site("The Tinkerers' Board", "forum.tinkerersboard.org", "en", "forum", "#44546a",
         "Tinkerers' Board community"),
    Site("江南晚报", "www.jiangnan-wanbao.cn", "zh", "news", "#c8102e", "江南晚报社"),
    Site("城市生活网", "life.chengshi-shenghuo.com", "zh", "blog", "#e67e22", "城市生活网",
         ("home", "food", "travel", "tech")),
    Site("下厨日记", "www.xiachu-riji.com", "zh", "blog", "#d35400", "下厨日记",
         ("food", "home", "culture")),
    Site("行走笔记", "xingzou-biji.net", "zh", "blog", "#16a085", "行走笔记",
         ("travel", "culture")),
    Site("Nordstadt Kurier", "www.nordstadt-kurier.de", "de", "news", "#003366",
         "Kurier Verlagsgesellschaft mbH"),
    Site("Le Petit Riverain", "www.lepetitriverain.fr", "fr", "news", "#7a1f5c",
         "Éditions du Riverain"),
    Site("Diario del Valle", "www.diariodelvalle.es", "es", "news", "#a52a2a",
         "Ediciones del Valle S.L."),
    Site("Городские вести", "gorodskie-vesti.ru", "ru", "news", "#1f4e79",
         "ООО «Городские вести»"),
    Site("まちかど新聞", "www.machikado-shimbun.jp", "ja", "news", "#004d40", "まちかど新聞社"),
    Site("Jornal da Ribeira", "www.jornaldaribeira.pt", "pt", "news", "#0b5394",
         "Ribeira Media, Lda."),
]
SITE_BY_DOMAIN = {s.domain: s for s in SITES}


def chrome(lang: str) -> dict[str, str]:
    labels = dict(en.CHROME)
    labels.update(zh.CHROME if lang == "zh" else intl.LANGS.get(lang, {}).get("chrome", {}))
    return labels


def related_titles(lang: str) -> list[str]:
    if lang == "en":
        return en.RELATED
    if lang == "zh":
        return zh.RELATED
    return intl.LANGS[lang]["related"]


def _css(site: Site) -> str:
    """Site stylesheet: the same rules for every page of a site, varied between sites."""
    rng = sub_rng(0, "css", site.domain)
    selectors = [
        "body", ".site-header", ".topbar", ".logo", "nav.main-nav ul", "nav.main-nav li",
        "nav.main-nav a", ".breadcrumbs", "main", "article", "article h1", ".byline", ".share",
        ".share a", "figure", "figcaption", ".entry-content p", ".ad-slot", ".tags a",
        ".related", ".related li", ".comments", ".comment", ".comment .author", ".sidebar",
        ".widget", ".newsletter input", ".newsletter button", "footer.site-footer",
        "footer .cols", "footer a", ".cookie-consent", ".cookie-consent button", ".pagination",
        ".post", ".postprofile", ".postbody", ".signature", ".btn", ".visually-hidden",
    ]
    props = ["margin", "padding", "font-size", "line-height", "color", "background",
             "border-bottom", "max-width", "display", "gap", "letter-spacing", "border-radius"]
    values = dict(
        margin=["0", "0 auto", "1rem 0", "0 0 1.5em", "2rem auto"],
        padding=["0", ".5rem 1rem", "1rem", "12px 16px", "2rem 1rem"],
        **{"font-size": ["14px", "1rem", "1.125rem", "0.875rem", "2.25rem"]},
        **{"line-height": ["1.3", "1.5", "1.65", "1.8"]},
        color=[site.color, "#222", "#555", "#fff", "#767676"],
        background=["#fff", "#f6f6f4", site.color, "transparent", "#fafafa"],
        **{"border-bottom": ["1px solid #ddd", f"3px solid {site.color}", "none"]},
        **{"max-width": ["720px", "1140px", "100%", "68ch"]},
        display=["block", "flex", "grid", "inline-block", "none"],
        gap=["8px", "1rem", "24px"],
        **{"letter-spacing": ["0", ".02em", "-.01em"]},
        **{"border-radius": ["0", "4px", "999px"]},
    )
    rules = []
    for sel in selectors:
        chosen = rng.sample(props, rng.randint(3, 7))
        body = ";".join(f"{p}:{rng.choice(values[p])}" for p in chosen)
        rules.append(f"{sel}{{{body}}}")
    media = "@media (max-width:768px){.sidebar{display:none}nav.main-nav ul{flex-wrap:wrap}}"
    return "\n".join(rules) + "\n" + media


def _script(site: Site) -> str:
    """Consent and analytics boilerplate that every page carries (never part of the text)."""
    sid = sub_rng(0, "sid", site.domain).randint(10**6, 10**7)
    return f"""(function(w,d){{
  var SITE_ID={sid},KEY='consent_v2';
  function get(k){{try{{return w.localStorage.getItem(k)}}catch(e){{return null}}}}
  function set(k,v){{try{{w.localStorage.setItem(k,v)}}catch(e){{}}}}
  function hide(){{var b=d.getElementById('cookie-banner');if(b){{b.style.display='none'}}}}
  function track(name,data){{
    var img=new Image();
    img.src='/collect?sid='+SITE_ID+'&e='+encodeURIComponent(name)+'&d='+
      encodeURIComponent(JSON.stringify(data||{{}}))+'&r='+Math.random();
  }}
  d.addEventListener('click',function(ev){{
    var t=ev.target;
    if(t&&t.getAttribute&&t.getAttribute('data-consent')){{
      set(KEY,t.getAttribute('data-consent'));hide();track('consent',{{v:get(KEY)}});
    }}
    if(t&&t.closest&&t.closest('.share a')){{track('share',{{net:t.textContent}})}}
  }});
  if(get(KEY)){{hide()}}
  w.addEventListener('load',function(){{track('pageview',{{path:location.pathname,
    ref:d.referrer,w:w.innerWidth}})}});
}})(window,document);"""


def _asset_hash(site: Site) -> str:
    return f"{sub_rng(0, 'v', site.domain).getrandbits(32):08x}"


def _head(site: Site, title: str, url: str, desc: str, charset: str | None,
          extra: str = "") -> str:
    meta_charset = ""
    if charset:
        meta_charset = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
                        if charset.lower() == "gbk" else f'<meta charset="{charset}">')
    return f"""<head>
{meta_charset}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {esc(site.name)}</title>
<meta name="description" content="{esc(desc)}">
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="{esc(site.name)}">
<meta property="og:url" content="{esc(url)}">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="{esc(url)}">
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/static/css/main.{_asset_hash(site)}.css">
<style>
{_css(site)}
</style>
{extra}<script async src="/static/js/consent.js"></script>
</head>"""


def _cookie_banner(c: dict[str, str]) -> str:
    return f"""<div id="cookie-banner" class="cookie-consent" role="dialog" aria-live="polite">
<p>{esc(c['cookie'])} <a href="/cookies">{esc(c['privacy'])}</a></p>
<button data-consent="all" class="btn">{esc(c['accept'])}</button>
<button data-consent="essential" class="btn">{esc(c['reject'])}</button>
<a href="/cookies/settings" class="btn">{esc(c['manage'])}</a>
</div>"""


def _header(site: Site, c: dict[str, str], rng: random.Random) -> str:
    links = "\n".join(f'<li><a href="/{key}/">{esc(c[key])}</a></li>' for key in site.sections)
    today = f"{rng.choice(en.WEEKDAYS)}, 2024"
    top = ""
    if site.layout == "news":
        top = (f'<div class="topbar"><span class="date">{today}</span>'
               f'<a href="/subscribe">{esc(c["subscribe"])}</a> '
               f'<a href="/login">{esc(c["login"])}</a></div>\n')
    return f"""<header class="site-header">
{top}<a class="logo" href="/">{esc(site.name)}</a>
<nav class="main-nav" aria-label="Main"><ul>
<li><a href="/">{esc(c['home'])}</a></li>
{links}
</ul></nav>
<form class="search" action="/search" role="search"><input type="search" name="q"
 placeholder="{esc(c['search'])}"><button type="submit">{esc(c['search'])}</button></form>
</header>"""


def _blocks(art: Article, blocks: list[tuple[str, object]], ad: str | None) -> str:
    out = []
    for i, (kind, value) in enumerate(blocks):
        if kind == "p":
            out.append(f"<p>{esc(art.joiner.join(value))}</p>")
        elif kind == "h2":
            out.append(f"<h2>{esc(value)}</h2>")
        else:
            items = "".join(f"<li>{esc(v)}</li>" for v in value)
            out.append(f"<{kind}>{items}</{kind}>")
        if ad and i == 2:
            out.append(ad)
    return "\n".join(out)


def _icon(name: str) -> str:
    """An inline SVG icon (made-up path data), as share bars and menus embed them."""
    rng = sub_rng(0, "icon", name)
    path = "M12 2" + "".join(f"l{rng.uniform(-3, 3):.2f} {rng.uniform(-3, 3):.2f}"
                             for _ in range(36)) + "z"
    return (f'<svg class="icon icon-{name.lower()}" viewBox="0 0 24 24" width="20" height="20" '
            f'aria-hidden="true"><path d="{path}"/></svg>')


def _vendor_js(site: Site) -> str:
    """A minified-looking bundle of small helpers, different per site, identical per page."""
    rng = sub_rng(0, "vendor", site.domain)
    props = ["offsetTop", "dataset", "length", "scrollY", "clientWidth", "value", "id"]
    funcs = []
    for i in range(60):
        p, q = rng.choice(props), rng.choice(props)
        funcs.append(f"function _{i:x}{rng.choice('abcdefgh')}(e,t){{var n=e&&e.{p}||"
                     f"{rng.randint(0, 999)};if(t&&t.{q}){{n+=t.{q}|0}}"
                     f"return n>{rng.randint(10, 99)}?n%{rng.randint(2, 9)}:n}}")
    return ";".join(funcs) + ";"


def _share(c: dict[str, str], url: str) -> str:
    nets = ["Facebook", "X", "LinkedIn", "WhatsApp", "Email"]
    links = "".join(f'<a href="https://share.example/{n.lower()}?u={esc(url)}" rel="nofollow">'
                    f"{_icon(n)}<span>{n}</span></a>" for n in nets)
    return f'<div class="share"><span>{esc(c["share"])}</span>{links}</div>'


def _comments(art: Article, c: dict[str, str], rng: random.Random) -> str:
    if not art.comments:
        return ""
    items = []
    for i, (user, text) in enumerate(art.comments):
        items.append(f"""<li class="comment" id="comment-{rng.randint(10**4, 10**6)}">
<div class="author">{esc(user)}</div><time>{art.date} {8 + i:02d}:{rng.randint(0, 59):02d}</time>
<p>{esc(text)}</p><a class="reply" href="#respond">{esc(c['reply'])}</a></li>""")
    return f"""<section class="comments" id="comments">
<h2>{len(art.comments)} {esc(c['comments'])}</h2>
<ol class="comment-list">
{chr(10).join(items)}
</ol>
<div id="respond"><h3>{esc(c['leave_comment'])}</h3><form action="/comments" method="post">
<textarea name="comment"></textarea><button type="submit">{esc(c['post_comment'])}</button>
</form></div>
</section>"""


def _related(lang: str, c: dict[str, str], rng: random.Random) -> str:
    titles = pick(rng, related_titles(lang), 3)
    items = "\n".join(f'<li><a href="/{rng.randint(10**5, 10**6)}/">{esc(t)}</a></li>'
                      for t in titles)
    return f"""<section class="related"><h2>{esc(c['related'])}</h2><ul>
{items}
</ul></section>"""


def _sidebar(lang: str, c: dict[str, str], rng: random.Random) -> str:
    titles = pick(rng, related_titles(lang), 3)
    items = "".join(f'<li><a href="/{rng.randint(10**5, 10**6)}/">{esc(t)}</a></li>'
                    for t in titles)
    return f"""<aside class="sidebar">
<div class="widget"><h3>{esc(c['most_read'])}</h3><ol>{items}</ol></div>
<div class="widget newsletter"><h3>{esc(c['newsletter'])}</h3><p>{esc(c['newsletter_text'])}</p>
<form><input type="email" placeholder="{esc(c['email_placeholder'])}">
<button>{esc(c['subscribe'])}</button></form></div>
<div class="ad-slot" data-slot="sidebar-300x250">{esc(c['advert'])}</div>
</aside>"""


def _sitemap(site: Site, c: dict[str, str]) -> str:
    """The footer's site map: every section with a few links, identical on all pages of a site."""
    rng = sub_rng(0, "sitemap", site.domain)
    cols = []
    for key in site.sections:
        links = "".join(f'<li><a href="/{key}/{rng.randint(10**5, 10**6)}/">{esc(t)}</a></li>'
                        for t in pick(rng, related_titles(site.lang), 4))
        cols.append(f'<div class="col"><h4><a href="/{key}/">{esc(c[key])}</a></h4>'
                    f"<ul>{links}</ul></div>")
    return '<div class="sitemap">' + "\n".join(cols) + "</div>"


def _footer(site: Site, c: dict[str, str]) -> str:
    links = "".join(f'<li><a href="/{k}">{esc(c[k])}</a></li>'
                    for k in ("about", "contact", "careers", "advertise", "privacy", "terms"))
    icp = ""
    if site.lang == "zh":
        icp = '<p class="icp">浙ICP备20241234号-1 浙公网安备 33010602000001号</p>\n'
    return f"""<footer class="site-footer">
{_sitemap(site, c)}
<div class="cols"><ul>{links}</ul>
<ul class="social"><li><a href="https://social.example/{site.domain}">Facebook</a></li>
<li><a href="https://video.example/{site.domain}">YouTube</a></li>
<li><a href="/rss.xml">RSS</a></li></ul></div>
{icp}<p class="copyright">&copy; 2024 {esc(site.publisher)}. {esc(c['rights'])}</p>
</footer>"""


def _ld_json(site: Site, art: Article, url: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": art.title,
            "datePublished": art.date, "author": {"@type": "Person", "name": art.author},
            "publisher": {"@type": "Organization", "name": site.publisher}, "url": url}
    return ('<script type="application/ld+json">'
            + json.dumps(data, ensure_ascii=False) + "</script>\n")


def _app_state(site: Site, art: Article, url: str, rng: random.Random) -> str:
    """The JSON state blob of client-rendered sites; it repeats the article inside a script."""
    state = {
        "props": {"pageProps": {
            "article": {"id": rng.randint(10**6, 10**7), "headline": art.title, "url": url,
                        "byline": art.author, "published": art.date, "tags": art.tags,
                        "body": [{"type": "paragraph", "text": p} for p in art.paragraphs()[1:]]},
            "ads": {"slots": ["top-728x90", "incontent", "sidebar-300x250"],
                    "targeting": {"section": site.sections[0], "lang": site.lang}},
            "experiments": {"paywall_v3": rng.choice(["control", "soft", "metered"]),
                            "related_algo": rng.choice(["recency", "ctr"])},
        }},
        "page": "/[section]/[slug]", "buildId": f"{sub_rng(0, 'b', site.domain).getrandbits(40):x}",
        "runtimeConfig": {"cdn": f"https://static.{site.domain}", "region": "eu-west"},
    }
    return ('<script id="__APP_STATE__" type="application/json">'
            + json.dumps(state, ensure_ascii=False) + "</script>")


def _forum_body(art: Article, c: dict[str, str], rng: random.Random) -> str:
    posts = []
    for i, (user, blocks) in enumerate(art.posts):
        title = art.title if i == 0 else f"Re: {art.title}"
        posts.append(f"""<div class="post" id="p{rng.randint(10**5, 10**6)}">
<div class="postprofile"><a class="username" href="/memberlist.php?u={rng.randint(10, 9999)}">
{esc(user)}</a><dd>{esc(c['posts'])}: {rng.randint(3, 4000)}</dd>
<dd>{esc(c['joined'])}: {rng.choice(en.MONTHS)[:3]} {rng.randint(2009, 2023)}</dd></div>
<div class="postbody"><h3>{esc(title)}</h3>
<p class="author">{esc(c['posted'])} {art.date} {10 + i}:{rng.randint(10, 59)}</p>
<div class="content">{_blocks(art, blocks, None)}</div>
<div class="signature">{esc(rng.choice(['Measure twice, cut once.', 'Sent from my phone',
                                        'Running on coffee and stubbornness.', '']))}</div>
</div></div>""")
    forum = f"/viewforum.php?f={rng.randint(2, 30)}"
    return f"""<div class="breadcrumbs"><a href="/">Board index</a> &rsaquo;
<a href="{forum}">Help &amp; troubleshooting</a></div>
<h2 class="topic-title">{esc(art.title)}</h2>
<div class="pagination">{len(art.posts)} posts &bull; Page 1 of 1</div>
{chr(10).join(posts)}
<div class="quickreply"><h3>Quick Reply</h3><textarea></textarea><button>Submit</button></div>
<div class="online"><h3>Who is online</h3><p>Users browsing this forum: Bing [Bot] and
{rng.randint(2, 40)} guests</p></div>"""


def article_page(site: Site, art: Article, url: str, rng: random.Random, *,
                 charset: str | None = "utf-8", note: str | None = None) -> str:
    """A full HTML page around ``art`` in ``site``'s chrome; ``note`` = syndication credit."""
    c = chrome(site.lang)
    if site.layout == "forum":
        main = _forum_body(art, c, rng)
        aside = ""
    else:
        ad = f'<div class="ad-slot" data-slot="incontent">{esc(c["advert"])}</div>'
        blocks = _blocks(art, art.posts[0][1], ad if site.layout == "news" else None)
        read = max(2, len(art.text().split()) // 220)
        byline = (f'<div class="byline">{esc(c["by"])} <a rel="author" href="/author/'
                  f'{rng.randint(10, 999)}">{esc(art.author)}</a> &middot; <time datetime="'
                  f'{art.date}">{art.date}</time> &middot; {read} {esc(c["min_read"])}</div>')
        credit = f'<p class="syndication"><em>{esc(note)}</em></p>' if note else ""
        tags = "".join(f'<a href="/tag/{esc(t)}">{esc(t)}</a>' for t in art.tags)
        main = f"""<div class="breadcrumbs"><a href="/">{esc(c['home'])}</a> &rsaquo;
<a href="/{site.sections[0]}/">{esc(c[site.sections[0]])}</a></div>
<article class="entry">
<header class="entry-header"><h1>{esc(art.title)}</h1>
{byline}
{_share(c, url)}</header>
<figure><img src="/media/{rng.randint(10**6, 10**7)}.jpg" alt="" loading="lazy" width="1200"
 height="675"><figcaption>{esc(site.name)}</figcaption></figure>
<div class="entry-content">
{blocks}
</div>
{credit}<div class="tags">{esc(c['tags'])}: {tags}</div>
{_share(c, url)}
</article>
{_related(art.lang, c, rng)}
{_comments(art, c, rng)}"""
        aside = _sidebar(art.lang, c, rng)
    desc = art.paragraphs()[1][:150] if len(art.paragraphs()) > 1 else art.title
    head = _head(site, art.title, url, desc, charset, _ld_json(site, art, url))
    return f"""<!DOCTYPE html>
<html lang="{site.lang}">
{head}
<body class="layout-{site.layout}">
{_cookie_banner(c)}
{_header(site, c, rng)}
<div class="container">
<main id="content">
{main}
</main>
{aside}
</div>
{_footer(site, c)}
{_app_state(site, art, url, rng) if site.layout == "news" else ""}
<script>
{_vendor_js(site)}
{_script(site)}
</script>
</body>
</html>
"""


def boilerplate_page(site: Site, sub: str, url: str, rng: random.Random) -> str:
    """A page that is all chrome: login, 404, cookie settings, tag index, search, subscribe."""
    c = chrome(site.lang)
    labels = (zh.BOILERPLATE if site.lang == "zh" else en.BOILERPLATE)[sub]
    if sub == "login":
        inner = (f"<h1>{esc(labels[0])}</h1><form method='post' action='/login'>"
                 f"<label>{esc(labels[1])}<input type='email'></label>"
                 f"<label>{esc(labels[2])}<input type='password'></label>"
                 f"<label><input type='checkbox'> {esc(labels[3])}</label>"
                 f"<a href='/reset'>{esc(labels[4])}</a><button>{esc(labels[5])}</button></form>"
                 + "".join(f"<p><a href='/auth'>{esc(x)}</a></p>" for x in labels[6:]))
    elif sub == "tag_index":
        teasers = "".join(
            f"<li><h2><a href='/{rng.randint(10**5, 10**6)}/'>{esc(t)}</a></h2>"
            f"<time>2024-0{rng.randint(1, 2)}-{rng.randint(10, 28)}</time>"
            f"<a href='#'>{esc(c['read_more'])}</a></li>"
            for t in pick(rng, related_titles(site.lang), 8))
        inner = (f"<h1>{esc(labels[0])}</h1><ul class='archive'>{teasers}</ul>"
                 + "".join(f"<a class='pagination' href='?page=2'>{esc(x)}</a>"
                           for x in labels[1:]))
    else:
        inner = f"<h1>{esc(labels[0])}</h1>" + "".join(
            f"<div class='row'><span>{esc(x)}</span></div>" for x in labels[1:])
    title = labels[0]
    return f"""<!DOCTYPE html>
<html lang="{site.lang}">
{_head(site, title, url, site.name, "utf-8")}
<body class="layout-{site.layout} page-{sub}">
{_cookie_banner(c)}
{_header(site, c, rng)}
<main id="content" class="{sub}">
{inner}
</main>
{_sidebar(site.lang, c, rng)}
{_footer(site, c)}
<script>
{_vendor_js(site)}
{_script(site)}
</script>
</body>
</html>
"""


def spam_page(lang: str, url: str, rng: random.Random) -> tuple[str, str]:
    """An SEO spam page: stuffed title and keywords, repeated phrases, a link farm."""
    texts = zh if lang == "zh" else en
    kws = pick(rng, texts.SPAM_KEYWORDS, 4)
    slots = dict(kw=kws[0], kw2=kws[1], kw3=kws[2])
    joiner = "" if lang == "zh" else " "
    paras = []
    for _ in range(rng.randint(6, 10)):
        sentences = [fill(rng.choice(texts.SPAM), slots) for _ in range(rng.randint(2, 5))]
        paras.append(f"<p>{esc(joiner.join(sentences))}</p>")
    farm = "\n".join(
        f'<li><a href="https://{rng.choice(["best", "top", "cheap", "win"])}-'
        f'{rng.randint(100, 999)}.example-seo.xyz/{esc(k)}">{esc(k)} {rng.randint(1, 99)}</a></li>'
        for k in rng.choices(texts.SPAM_KEYWORDS, k=rng.randint(60, 120)))
    title = f"{kws[0]} {kws[1]} {kws[0]} {kws[2]} - {kws[0]}"
    hidden = joiner.join([kws[0]] * 40)
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{esc(title)}</title>
<meta name="keywords" content="{esc(','.join(kws * 5))}">
<meta name="description" content="{esc(' '.join(kws * 3))}"></head>
<body>
<h1>{esc(title)}</h1>
{chr(10).join(paras)}
<div style="display:none">{esc(hidden)}</div>
<ul class="links">
{farm}
</ul>
<p>&copy; 2024 {esc(kws[0])}</p>
</body>
</html>
"""
    return page, title

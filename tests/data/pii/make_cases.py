"""Writes ``cases.jsonl``: the labelled PII set (English and Chinese, character spans).

Run ``python tests/data/pii/make_cases.py`` to regenerate; the output is committed and
reviewed. The sentences are written by hand below; identifiers are drawn from a seeded RNG
and made valid here with check-digit arithmetic written independently of ``dataprep.pii``
(so the test does not grade the detector with its own code). Each template gets fields
``{email}``, ``{phone}``... that become labelled spans; text outside fields is unlabelled.
Hard negatives (``"hard_negative": true``) have no spans: every one is a look-alike that must
stay untouched.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import random
import re
from pathlib import Path

OUT = Path(__file__).with_name("cases.jsonl")
rng = random.Random(20240611)


# --- valid identifiers ---------------------------------------------------------------------

def luhn_complete(prefix: str, length: int) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for check in "0123456789":
        digits = [int(c) for c in body + check][::-1]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
                    for i, d in enumerate(digits))
        if total % 10 == 0:
            return body + check
    raise AssertionError


def group(number: str, sizes: list[int], sep: str) -> str:
    out, pos = [], 0
    for size in sizes:
        out.append(number[pos:pos + size])
        pos += size
    return sep.join(out)


CARD_SPECS = [("4", 16, [4, 4, 4, 4]), ("51", 16, [4, 4, 4, 4]), ("55", 16, [4, 4, 4, 4]),
              ("2223", 16, [4, 4, 4, 4]), ("34", 15, [4, 6, 5]), ("37", 15, [4, 6, 5]),
              ("6011", 16, [4, 4, 4, 4]), ("62", 16, [4, 4, 4, 4]), ("62", 19, [4, 4, 4, 4, 3]),
              ("3530", 16, [4, 4, 4, 4]), ("36", 14, [4, 6, 4])]


def card() -> str:
    prefix, length, sizes = rng.choice(CARD_SPECS)
    number = luhn_complete(prefix, length)
    style = rng.choice([" ", " ", "-", ""])
    return group(number, sizes, style) if style else number


PROVINCES = ["11", "12", "13", "21", "31", "32", "33", "35", "37", "41", "42", "44", "50", "51",
             "53", "61", "65"]


def cn_id(spaced: bool = False) -> str:
    region = rng.choice(PROVINCES) + f"{rng.randint(1, 20):02d}{rng.randint(1, 30):02d}"
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 26000))
    body = region + born.strftime("%Y%m%d") + f"{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    value = body + check
    return f"{value[:6]} {value[6:14]} {value[14:]}" if spaced else value


def ssn(style: str = "-") -> str:
    area = rng.choice([n for n in range(1, 900) if n != 666])
    number = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
    return number if style == "" else group(number, [3, 2, 4], style)


IBAN_BBAN = {"DE": "8n10n", "GB": "4a14n", "FR": "23n", "ES": "20n", "IT": "1a22n",
             "NL": "4a10n", "CH": "17n", "BE": "12n", "AT": "16n", "PL": "24n", "IE": "4a14n"}


def national_check_digits(country: str, bban: str) -> str:
    """Overwrite the national check digits inside a random BBAN (no further random draws, so
    the rest of the set is unchanged): Belgium's mod 97 of the first 10 digits, Spain's two
    CCC control digits (weights 1 2 4 8 5 10 9 7 3 6, mod 11)."""
    if country == "BE":
        return bban[:10] + f"{int(bban[:10]) % 97 or 97:02d}"
    if country == "ES":
        weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)

        def control(ten: str) -> str:
            d = 11 - sum(int(c) * w for c, w in zip(ten, weights, strict=True)) % 11
            return str({11: 0, 10: 1}.get(d, d))

        return bban[:8] + control("00" + bban[:8]) + control(bban[10:]) + bban[10:]
    return bban


def iban(spaced: bool = True) -> str:
    country = rng.choice(sorted(IBAN_BBAN))
    bban = ""
    for count, kind in re.findall(r"(\d+)([an])", IBAN_BBAN[country]):
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if kind == "a" else "0123456789"
        bban += "".join(rng.choice(alphabet) for _ in range(int(count)))
    bban = national_check_digits(country, bban)
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    value = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    if not spaced:
        return value
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


def public_ipv4() -> str:
    while True:
        address = ipaddress.IPv4Address(rng.randint(0x01000000, 0xDFFFFFFF))
        if address.is_global:
            return str(address)


PUBLIC_IPV6 = ["2001:4860:4860::8888", "2606:4700:4700::1111", "2a00:1450:4001:81b::200e",
               "2620:fe::fe", "2a03:2880:f12f:83:face:b00c:0:25de", "2400:cb00:2048:1::c629:d7a2",
               "2001:da8:8000:6023::230", "240e:e9:6002:15c::ff"]


def nanp() -> str:
    area = f"{rng.randint(2, 9)}{rng.randint(0, 8)}{rng.randint(0, 9)}"
    while area[1:] == "11":
        area = f"{rng.randint(2, 9)}{rng.randint(0, 8)}{rng.randint(0, 9)}"
    exchange = f"{rng.randint(2, 9)}{rng.randint(2, 9)}{rng.randint(0, 9)}"
    line = f"{rng.randint(200, 9999):04d}"
    return rng.choice([f"({area}) {exchange}-{line}", f"{area}-{exchange}-{line}",
                       f"{area}.{exchange}.{line}", f"+1 {area} {exchange} {line}",
                       f"1-{area}-{exchange}-{line}", f"+1-{area}-{exchange}-{line}"])


CN_MOBILE_PREFIXES = ["130", "131", "135", "136", "138", "139", "150", "152", "158", "177",
                      "180", "186", "187", "189", "199", "166"]


def cn_mobile() -> str:
    number = rng.choice(CN_MOBILE_PREFIXES) + f"{rng.randint(0, 99999999):08d}"
    return rng.choice([number, group(number, [3, 4, 4], " "), group(number, [3, 4, 4], "-"),
                       "+86 " + number, "+86-" + group(number, [3, 4, 4], "-"),
                       "+86 " + group(number, [3, 4, 4], " "), "(+86)" + number,
                       "0086 " + number])


def cn_landline() -> str:
    area = rng.choice(["010", "021", "020", "022", "0755", "0571", "028", "027", "0512"])
    sub = f"{rng.randint(2, 8)}" + "".join(rng.choice("0123456789")
                                          for _ in range(7 if len(area) == 3 else 6))
    return rng.choice([f"{area}-{sub}", f"({area}){sub}", f"（{area}）{sub}", f"{area} {sub}",
                       f"+86 {area[1:]} {sub}"])


EU_PHONES = ["+44 20 7946 0958", "+44 161 496 0753", "+33 1 42 68 53 00", "+33 6 12 34 56 78",
             "+49 30 9018 2245", "+49 (0)89 1234 5678", "+34 912 345 678", "+39 06 6988 4321",
             "+31 20 624 1111", "+46 8 123 456 78", "020 7946 0958", "01 42 68 53 00",
             "06 12 34 56 78", "030 90182245", "0161 496 0753", "07700 900 123"]

EMAILS = ["john.smith@gmail.com", "li.na@163.com", "wang_wei88@qq.com",
          "m.garcia+news@outlook.es", "anna-lena.kraus@uni-heidelberg.de", "13912345678@139.com",
          "zhang.san@pku.edu.cn", "info@shop-berlin.de", "p.dubois@orange.fr",
          "chen.jie@alibaba-inc.com", "sarah_oconnor@yahoo.co.uk", "ravi.k@iitb.ac.in",
          "jdoe1987@hotmail.com", "support+ticket42@zendesk.io", "liuyang@sina.cn",
          "o.petrova@yandex.ru", "mike@tinystartup.ai", "hr-recruiting@acme-corp.com",
          "x.y.z@mail.tsinghua.edu.cn", "987654321@qq.com"]


def secret() -> tuple[str, str]:
    """(value, template key): template key picks a sentence that suits the secret."""
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

    def r(alphabet: str, n: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    kind = rng.choice(["aws", "gh", "glpat", "slack", "stripe", "hf", "sk", "jwt", "gcp"])
    value = {
        "aws": lambda: "AKIA" + r(upper, 16),
        "gh": lambda: "ghp_" + r(alnum, 36),
        "glpat": lambda: "glpat-" + r(alnum, 20),
        "slack": lambda: f"xoxb-{rng.randint(10**10, 10**11)}-{r(alnum, 24)}",
        "stripe": lambda: "sk_live_" + r(alnum, 24),
        "hf": lambda: "hf_" + r(alnum, 34),
        "sk": lambda: "sk-proj-" + r(alnum, 20) + "7" + r(alnum, 27),
        "jwt": lambda: "eyJhbGciOiJIUzI1NiJ9.eyJ" + r(alnum, 30) + "." + r(alnum, 43),
        "gcp": lambda: "AIza" + r(alnum, 35),
    }[kind]()
    return value, "token"


# --- positive sentences, by type ---------------------------------------------------------------

POSITIVE = {
    "email": (
        [("en", "Please send your CV to {email} before Friday."),
         ("en", "Questions? Write to {email} and we will reply within two days."),
         ("en", "From: Jane <{email}>"),
         ("en", "My new address is {email}, the old one is closed."),
         ("en", "Contact the maintainer ({email}) if the build breaks."),
         ("en", "mailto:{email}"),
         ("zh", "如有疑问请发送邮件至{email}，我们会尽快回复。"),
         ("zh", "联系人：王老师，邮箱：{email}"),
         ("zh", "简历请投递到 {email} ，注明应聘岗位。"),
         ("zh", "我的邮箱是{email}，欢迎交流。")],
        lambda: {"email": rng.choice(EMAILS)}),
    "ip": (
        [("en", "The attack came from {ip} at 03:12 UTC."),
         ("en", "Failed password for root from {ip} port 52144 ssh2"),
         ("en", "Our DNS resolver answers on {ip}."),
         ("en", "Client {ip} requested /index.html"),
         ("en", "Add {ip} to the allow list, please."),
         ("zh", "登录IP地址：{ip}，请确认是否本人操作。"),
         ("zh", "服务器 {ip} 今天凌晨宕机了。"),
         ("zh", "来自{ip}的请求被防火墙拦截。")],
        lambda: {"ip": rng.choice([public_ipv4(), public_ipv4(), rng.choice(PUBLIC_IPV6)])}),
    "phone": (
        [("en", "Call me at {phone} after 6pm."),
         ("en", "For reservations phone {phone}."),
         ("en", "Tel: {phone}"),
         ("en", "You can reach our office on {phone} during business hours."),
         ("en", "Text {phone} if you are running late."),
         ("en", "Emergency contact: Maria, {phone}"),
         ("zh", "联系电话：{phone}"),
         ("zh", "有意者请拨打{phone}，非诚勿扰。"),
         ("zh", "手机 {phone} （微信同号）"),
         ("zh", "报名请致电{phone}，联系人李先生。"),
         ("zh", "我的号码是{phone}，随时联系。")],
        lambda: {"phone": rng.choice([nanp, cn_mobile, cn_mobile, cn_landline,
                                      lambda: rng.choice(EU_PHONES)])()}),
    "credit_card": (
        [("en", "Card number: {credit_card}, exp 09/27."),
         ("en", "I paid with {credit_card} and was charged twice."),
         ("en", "Visa ending... actually the full number is {credit_card}."),
         ("en", "Please charge {credit_card} for the deposit."),
         ("zh", "银行卡号：{credit_card}，开户行招商银行。"),
         ("zh", "请把钱转到这张卡 {credit_card} 上。"),
         ("zh", "信用卡{credit_card}被盗刷了三笔。")],
        lambda: {"credit_card": card()}),
    "cn_id": (
        [("zh", "身份证号：{cn_id}"),
         ("zh", "姓名：张伟，公民身份号码{cn_id}，住址：北京市朝阳区。"),
         ("zh", "请核对证件号 {cn_id} 是否正确。"),
         ("zh", "乘客李娜（{cn_id}）已完成值机。"),
         ("en", "Chinese ID card number {cn_id} was found in the leaked file."),
         ("en", "Applicant: Wang Fang, ID {cn_id}."),
         ("en", "{cn_id} is the resident ID printed on the form.")],
        lambda: {"cn_id": cn_id(spaced=rng.random() < 0.2)}),
    "ssn": (
        [("en", "SSN: {ssn}"),
         ("en", "My social security number is {ssn}, please keep it private."),
         ("en", "Employee SSN {ssn} was entered twice."),
         ("en", "Enter your SSN ({ssn}) on line 3 of the form."),
         ("en", "Social Security No. {ssn} belongs to the deceased."),
         ("zh", "他的美国社会安全号（SSN）是{ssn}。")],
        lambda: {"ssn": ssn(rng.choice(["-", "-", "-", " ", ""]))}),
    "iban": (
        [("en", "Please transfer the rent to IBAN {iban}."),
         ("en", "Bank details: {iban} (BIC DEUTDEFF)."),
         ("en", "Refunds go to {iban}, account holder M. Rossi."),
         ("en", "IBAN: {iban}"),
         ("zh", "请汇款至以下账户：IBAN {iban}。"),
         ("zh", "收款人国际银行账号：{iban}")],
        lambda: {"iban": iban(spaced=rng.random() < 0.7)}),
    "secret": (
        [("en", "export API_TOKEN={secret}"),
         ("en", "I accidentally committed my key {secret} to the repo, rotate it!"),
         ("en", "token = \"{secret}\""),
         ("en", "Authorization: Bearer {secret}"),
         ("zh", "不小心把密钥 {secret} 推到了GitHub上。"),
         ("zh", "配置文件里的 token：{secret}")],
        lambda: {"secret": secret()[0]}),
}

# Secrets whose span is only part of the sentence structure: written out in full.
URL_CREDS = ["postgres://{secret}@db.internal:5432/app",
             "git clone https://{secret}@github.com/acme/private-repo.git",
             "DATABASE_URL=mysql://{secret}@10.0.3.7/shop",
             "连接串 redis://{secret}@cache.example-corp.cn:6379/0 已失效",
             "ftp://{secret}@files.host-one.net/upload"]
URL_USERPASS = ["root:Sup3rS3cret!", "deploy:gh0st-rider-99", "alice:correct%20horse",
                "svc_etl:Xy7#pq1", "backup:Tr0ub4dor&3"]
KEY_BLOCKS = [
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq{0}\nZk3u9Qw{1}==\n"
    "-----END RSA PRIVATE KEY-----",
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA{0}\n"
    "-----END OPENSSH PRIVATE KEY-----",
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC{0}\n{1}\n"
    "-----END PRIVATE KEY-----",
    "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB{0}\n-----END EC PRIVATE KEY-----",
]
AWS_SECRET_LINES = ["aws_secret_access_key = {secret}", "aws_secret_access_key={secret}",
                    "  aws_secret_access_key: \"{secret}\""]

# Several types in one text.
MIXED = [
    ("en", "Name: Tom Baker\nEmail: {email}\nPhone: {phone}\nSSN: {ssn}\n"),
    ("en", "Ship to Tom ({phone}), bill card {credit_card}, receipt to {email}."),
    ("en", "Login from {ip} by {email} failed three times."),
    ("en", "Wire {iban}; confirm by phone {phone}."),
    ("zh", "姓名：李雷\n手机：{phone}\n身份证：{cn_id}\n邮箱：{email}\n"),
    ("zh", "订单已发货，收件人电话{phone}，付款卡号{credit_card}。"),
    ("zh", "用户{email}于今天从{ip}登录。"),
    ("zh", "退款账户 {iban}，联系邮箱 {email}。"),
]

# --- hard negatives (hand-written look-alikes) -------------------------------------------------

HARD_NEGATIVES = [
    # software versions
    ("en", "version", "Upgrade to version 2.10.9.11 to fix the crash."),
    ("en", "version", "Chrome/118.0.5993.88 Safari/537.36"),
    ("en", "version", "Build 4.2.1.7 is now available for download."),
    ("en", "version", "Release 10.0.19045.3570 shipped with the October update."),
    ("en", "version", "We pinned numpy==1.26.4 and torch 2.1.2+cu121."),
    ("en", "version", "firmware 3.14.159.26 bricked two routers"),
    ("en", "version", "Python 3.11.7 (main, Dec 8 2023)"),
    ("en", "version", "Windows 10.0.22631.2861 reports the error"),
    ("en", "version", "The kernel 6.1.0.17 package was pulled."),
    ("en", "version", "node v18.17.1 and npm 9.6.7 are required"),
    ("zh", "version", "请升级到版本 5.6.12.3 以修复该漏洞。"),
    ("zh", "version", "固件版本：2.0.8.21，发布日期2023年5月。"),
    ("zh", "version", "微信 8.0.44.2502 更新了什么？"),
    ("en", "version", "Android 14.0.0.112 rolls out next week."),
    ("en", "version", "Microsoft Edge 120.0.2210.91 fixes CVE-2023-7024."),
    # SNMP OIDs
    ("en", "oid", "Query OID 1.3.6.1.2.1.1.5.0 to read sysName."),
    ("en", "oid", "snmpget -v2c -c public host 1.3.6.1.4.1.2021.11.9.0"),
    ("en", "oid", "The MIB node 1.3.6.1.2.1.2.2.1.10 counts inbound octets."),
    ("en", "oid", "iso.3.6.1.2.1.25.1.1.0 = Timeticks: (123456) 0:20:34.56"),
    ("zh", "oid", "用 OID 1.3.6.1.4.1.9.9.48.1.1.1.5 读取内存使用量。"),
    # asset names and other @ look-alikes
    ("en", "asset", "Replace icon@2x.png and icon@3x.png with the new artwork."),
    ("en", "asset", "background: url(logo@2x.webp) no-repeat;"),
    ("en", "asset", "The sprite sheet sprites@1.5x.jpg looks blurry."),
    ("en", "asset", "Install it with npm i react@18.2.0 --save"),
    ("en", "asset", "pip install requests==2.31.0; then use @app.route('/')"),
    ("en", "asset", "@media (max-width: 600px) { .nav { display: none; } }"),
    ("en", "asset", "Thanks @john_doe for the review!"),
    ("en", "asset", "class Foo:\n    @property\n    def bar(self): return 1"),
    ("en", "asset", "Use the scoped package @babel/core@7.23.2 in the build."),
    ("en", "asset", "Ping user@localhost to test the mail daemon."),
    ("zh", "asset", "把 banner@2x.png 换成新的设计稿。"),
    ("en", "reserved", "Use a placeholder like jane.doe@example.com in the docs."),
    ("en", "reserved", "Set ADMIN_EMAIL=admin@example.org in your .env file."),
    ("en", "reserved", "Test mail goes to qa@mailhog.test"),
    ("zh", "reserved", "文档示例邮箱 user@example.net 仅供演示。"),
    # dates and times
    ("en", "date", "The meeting moved to 2023-10-05 14:30:00 UTC."),
    ("en", "date", "Timestamp 1696502400 corresponds to 5 Oct 2023."),
    ("en", "date", "Logs from 12:30:45 to 13:01:02 were lost."),
    ("en", "date", "Born 04/07/1986, graduated 06.2008."),
    ("en", "date", "Updated 20231005T143000Z by the cron job."),
    ("en", "date", "Period: 01.01.2023 - 31.12.2023"),
    ("zh", "date", "会议时间：2023年10月5日 14:30，地点三楼。"),
    ("zh", "date", "截止日期 2024-03-31 23:59:59，逾期不候。"),
    ("en", "date", "At 1700000000000 ms the cache expired."),
    ("en", "date", "ISO week 2023-W40-4 and ordinal date 2023-278."),
    # ISBNs, DOIs, standards
    ("en", "isbn", "ISBN 978-3-16-148410-0 is the classic example."),
    ("en", "isbn", "ISBN-13: 9780306406157"),
    ("en", "isbn", "ISBN 0-306-40615-2 (paperback)"),
    ("zh", "isbn", "书号 ISBN 978-7-111-54742-6，机械工业出版社。"),
    ("zh", "isbn", "ISBN：9787020002207"),
    ("en", "isbn", "doi:10.1038/s41586-020-2649-2"),
    ("en", "isbn", "ISSN 2049-3630 covers the online edition."),
    ("en", "isbn", "See ISO 8601:2004 and RFC 3339."),
    # order, tracking and reference numbers
    ("en", "order", "Order #4532015112830366 has shipped."),
    ("en", "order", "Your order number is 13812345678, keep it for returns."),
    ("en", "order", "Tracking number 1Z999AA10123456784 via UPS."),
    ("en", "order", "Invoice no. 2023-000417-88 is overdue."),
    ("en", "order", "Ticket 4716-2210-3391-0042 was closed."),
    ("en", "order", "SKU 13912345678 is out of stock."),
    ("en", "order", "Ref: 110105194912310021 (internal reference only)"),
    ("zh", "order", "订单号：13812345678，请妥善保管。"),
    ("zh", "order", "快递单号 773012345678901，预计明天送达。"),
    ("zh", "order", "订单编号 4532015112830366 已取消。"),
    ("zh", "order", "发票号码 04400170011112345678 请核对。"),
    ("zh", "order", "运单号：SF1402138765432"),
    ("zh", "order", "商品编号13912345678，型号X200。"),
    ("zh", "order", "流水号 11010519491231002X 仅供内部查询。"),
    ("en", "order", "Part no. 212-555-8899-B is discontinued."),
    ("en", "order", "Model 415-867-5309 replaced the older unit."),
    ("en", "order", "Serial 6011000990139424 printed on the back."),
    ("en", "order", "Patent US 9,123,456 B2 and lot 20230915-07"),
    # hashes, UUIDs, addresses of other kinds
    ("en", "hash", "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
    ("en", "hash", "commit 4111111111111111a3f2c9e8d7b6a5f4e3d2c1b0"),
    ("en", "hash", "md5 = d41d8cd98f00b204e9800998ecf8427e"),
    ("en", "hash", "UUID 550e8400-e29b-41d4-a716-446655440000 is reused."),
    ("en", "hash", "The blob 13812345678abcdef0123456789abcdef01234567 is corrupt."),
    ("en", "hash", "MAC 00:1A:2B:3C:4D:5E is on the blocklist."),
    ("en", "hash",
     "Bitcoin block 00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054"),
    ("zh", "hash", "文件校验码 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("en", "hash", "Object id 507f1f77bcf86cd799439011 not found."),
    ("en", "hash", "git checkout 4532015 && make"),
    # coordinates and measurements
    ("en", "coord", "The summit is at 27.9881, 86.9250."),
    ("en", "coord", "GPS: 40.7128 N, 74.0060 W"),
    ("en", "coord", "lat=31.2304&lng=121.4737&zoom=12"),
    ("zh", "coord", "坐标：北纬39.9042°，东经116.4074°。"),
    ("zh", "coord", "经纬度 121.4737,31.2304 附近有地铁站。"),
    ("en", "coord", "Distance 1234.5678 km, elevation 8848.86 m"),
    ("en", "coord", "Point(-122.4194 37.7749) in WGS84"),
    # numbers in code
    ("en", "code", "MAX_INT = 2147483647\nMIN_INT = -2147483648"),
    ("en", "code", "if (x == 4294967295) { return -1; }"),
    ("en", "code", "const SEED = 13812345678;"),
    ("en", "code", "timeout_ms = 18000000000  # 5 hours"),
    ("en", "code", "arr = [13912345678, 15012345678, 18612345678]"),
    ("en", "code", "x = foo(13512345678) * 2"),
    ("en", "code", "mask = 0xFFFFFFFF; shift = 0x1F3A5B7C9D"),
    ("en", "code", "long n = 9223372036854775807L;"),
    ("en", "code", "for i in range(1000000007): pass"),
    ("en", "code", "std::vector<int> v; std::map<a, b> m; ::operator new"),
    ("en", "code", "printf(\"%d\", 1234567890);"),
    ("en", "code", "CHECK_EQ(hash(\"abc\"), 3609373282);"),
    ("zh", "code", "代码里写死了 int port = 8080; long id = 13712345678L;"),
    ("en", "code", "SELECT * FROM t WHERE id = 2125550147;"),
    ("en", "code", "let big = 4532015112830366n; // BigInt literal"),
    # prices, counts, big numbers, phone-shaped non-phones
    ("en", "number", "Revenue grew to $4,532,015,112 in 2023."),
    ("en", "number", "Population: 1,411,750,000 (2022 estimate)"),
    ("zh", "number", "全国人口 1411750000 人，同比下降。"),
    ("en", "number", "Pi is 3.14159265358979 to fourteen decimals."),
    ("en", "number", "Avogadro's number is 6.02214076e23."),
    ("en", "number", "Call 911 or 112 in an emergency."),
    ("en", "number", "Dial 555-0123 for the fictional diner in the film."),
    ("en", "number", "In the movie he shouts (212) 555-0199 twice."),
    ("en", "number", "Area code 123-456-7890 does not exist."),
    ("en", "number", "Fake SSN 000-12-3456 and 666-12-3456 are never issued."),
    ("en", "number", "The example SSN 078-05-1120 was printed on wallet inserts."),
    ("en", "number", "SSN area 900-12-3456 is not valid."),
    ("en", "number", "Card 4532 0151 1283 0367 fails the Luhn check."),
    ("en", "number", "Number 1234 5678 9012 3456 is only a demo."),
    ("en", "number", "Values 9780306406157 and 9791234567896 are EAN codes."),
    ("zh", "number", "这个号码 12345678901 不是手机号。"),
    ("zh", "number", "号码 10012345678 和 11012345678 都不存在。"),
    ("zh", "number", "身份证号 110105194912310022 校验位错误。"),
    ("zh", "number", "身份证 110105194902300021 的日期不存在。"),
    ("zh", "number", "990105194912310021 的地区码无效。"),
    ("zh", "number", "统计局数据：2023年GDP为1260582亿元。"),
    ("en", "number", "IBAN DE89 3704 0044 0532 0130 01 has a wrong check digit."),
    ("en", "number", "The code GB00 WEST 1234 5698 7654 32 is made up."),
    ("en", "number", "ZZ12 3456 7890 1234 5678 is not a country."),
    ("en", "number", "Serial number of the tuple (1, 2, 3, 4) is 1.2.3.4.5"),
    ("en", "number", "Scores: 10.20.30.40.50 in five rounds."),
    ("en", "number", "Item 0000 0000 0000 0000 is the null card in tests."),
    ("zh", "number", "房间号 1203，楼层 12，电梯编号 3。"),
    ("en", "number", "The ratio 1:2:3:4 and time 10:20:30."),
    ("en", "number", "Product dimensions: 120 x 80 x 45 cm, 2.5 kg."),
    # private, documentation and special IP ranges (kept by default)
    ("en", "private_ip", "My router is at 192.168.1.1 and the NAS at 192.168.1.20."),
    ("en", "private_ip", "Bind to 127.0.0.1:8080 for local testing."),
    ("en", "private_ip", "The docs use 203.0.113.42 and 198.51.100.7 as examples."),
    ("en", "private_ip", "Pod CIDR 10.244.0.0/16, service IP 10.96.0.10"),
    ("en", "private_ip", "Link-local fe80::1ff:fe23:4567:890a%eth0 appeared."),
    ("en", "private_ip", "IPv6 docs prefix 2001:db8::1 and loopback ::1"),
    ("zh", "private_ip", "内网地址 172.16.0.5，网关 172.16.0.1。"),
    ("zh", "private_ip", "在浏览器打开 http://192.168.0.1 进入路由器后台。"),
    ("en", "private_ip", "Broadcast 255.255.255.255 and any-address 0.0.0.0"),
    ("en", "private_ip", "Subnet mask 255.255.255.0, gateway 10.0.0.1"),
    ("en", "private_ip", "Shared address space 100.64.0.1 is used by CGNAT."),
    # secrets look-alikes
    ("en", "secret_like", "Set API_KEY=your-api-key-here in the config."),
    ("en", "secret_like", "The AWS docs use AKIAIOSFODNN7EXAMPLE as the sample key."),
    ("en", "secret_like", "Variable names like sk_live_key and ghp_token are fine."),
    ("en", "secret_like",
     "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----"),
    ("en", "secret_like",
     "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYI\n-----END PUBLIC KEY-----"),
    ("en", "secret_like", "Visit https://docs.python.org:443/3/library/re.html for details."),
    ("en", "secret_like", "The URL ftp://anonymous@ftp.gnu.org/gnu/ needs no password."),
    ("en", "secret_like", "task-runner-2024 and desk-lamp-01 are hostnames."),
    ("en", "secret_like", "ssh git@github.com:acme/tools.git uses your key."),
    ("zh", "secret_like", "请把 token 替换成你自己的密钥，例如 sk-xxxx。"),
    ("en", "secret_like", "A JWT starts with eyJ, like eyJhbGciOi..., but this one is cut."),
    ("en", "secret_like", "Java class AIzaHelper and AKIAFactory are not keys."),
    ("en", "secret_like", "password: ******** (hidden)"),
    ("en", "secret_like", "https://user@example.com/path has a user but no password."),
    # miscellaneous text with many digits
    ("en", "misc", "Chapter 3.2.1.4 explains the proof in detail."),
    ("en", "misc", "Section 2.10.9.11 of the manual covers safety."),
    ("en", "misc", "Scores 98-76-5432 were posted after the match? No, 98 to 76."),
    ("en", "misc", "Flight CA 1831 departs at 08:45 from gate 12."),
    ("zh", "misc", "第 3.2.1.4 节给出了证明。"),
    ("zh", "misc", "2023-2024学年第一学期共18周。"),
    ("zh", "misc", "股票代码 600519，收盘价 1688.00 元。"),
    ("en", "misc", "The Dow closed at 37,689.54, up 0.3%."),
    ("en", "misc", "Colors #FF5733 and #13812345678 are invalid hex codes."),
    ("en", "misc", "Bus 1-2-3-4 loops the campus every 15 minutes."),
    ("en", "misc", "ASN AS13335 announces 104.16.0.0/13."),
    ("en", "misc", "Tel Aviv and Telford are cities, 2024 is a year."),
    ("zh", "misc", "邮编 100084，区号 010。"),
]


# --- assembling ---------------------------------------------------------------------------------

def fill(template: str, values: dict[str, str]) -> tuple[str, list[list]]:
    """Substitute ``{field}``s and return the text with the character span of each field."""
    text, spans, pos = "", [], 0
    for m in re.finditer(r"\{(\w+)\}", template):
        text += template[pos:m.start()]
        value = values[m.group(1)]
        spans.append([len(text), len(text) + len(value), m.group(1)])
        text += value
        pos = m.end()
    return text + template[pos:], spans


def main() -> None:
    cases = []

    def add(lang: str, text: str, spans: list[list], tag: str) -> None:
        cases.append({"id": f"c{len(cases):04d}", "lang": lang, "text": text, "spans": spans,
                      "hard_negative": not spans, "tag": tag})

    for kind, (templates, draw) in POSITIVE.items():
        per_template = max(3, 44 // len(templates))
        for lang, template in templates:
            for _ in range(per_template):
                add(lang, *fill(template, draw()), tag=kind)
    for i, template in enumerate(URL_CREDS * 2):
        lang = "zh" if "连接串" in template else "en"
        add(lang, *fill(template, {"secret": URL_USERPASS[i % len(URL_USERPASS)]}), "secret")
    for i, block in enumerate(KEY_BLOCKS * 2):
        body = block.format(*("".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789+/")
                                      for _ in range(48)) for _ in range(2)))
        lang = "zh" if i % 2 else "en"
        intro = "私钥如下：\n" if lang == "zh" else "Here is the deploy key:\n"
        add(lang, *fill(intro + "{secret}\nDo not share it.", {"secret": body}), "secret")
    for template in AWS_SECRET_LINES * 2:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"
        value = "".join(rng.choice(alphabet) for _ in range(40))
        add("en", *fill("[default]\n" + template + "\n", {"secret": value}), "secret")
    for _ in range(3):
        for lang, template in MIXED:
            fields = re.findall(r"\{(\w+)\}", template)
            values = {}
            for field in fields:
                values.update(POSITIVE[field][1]())
            if "phone" in values and lang == "zh":
                values["phone"] = cn_mobile()
            add(lang, *fill(template, values), "mixed")
    for lang, tag, text in HARD_NEGATIVES:
        add(lang, text, [], tag)

    with OUT.open("w", encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    negatives = sum(c["hard_negative"] for c in cases)
    print(f"{len(cases)} cases, {negatives} hard negatives -> {OUT}")


if __name__ == "__main__":
    main()

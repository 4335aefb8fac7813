"""The countries whose national phone formats (written without a country code) are recognised.

A number written with ``+``/``00`` and a country code is checked against every country that
libphonenumber knows; a national number has no country code, so it is tried against these
regions only: the more regions, the more digit strings are valid somewhere, which costs
precision.
"""

# The 60 most populous countries (UN World Population Prospects 2024), most populous first.
MOST_POPULOUS = (
    "IN CN US ID PK NG BR BD RU ET MX JP EG PH CD VN IR TR DE TH TZ GB FR ZA IT KE MM CO KR SD "
    "UG ES DZ IQ AR AF YE CA PL AO UA MA UZ MY MZ GH PE SA MG CI NP VE CM NE AU TW SY ML BF LK"
).split()

# Every country of the SWIFT IBAN Registry (as python-stdnum ships it; a test keeps the two
# in step).
IBAN_COUNTRIES = (
    "AD AE AL AT AZ BA BE BG BH BI BR BY CH CR CY CZ DE DJ DK DO EE EG ES FI FK FO FR GB GE GI "
    "GL GR GT HN HR HU IE IL IQ IS IT JO KW KZ LB LC LI LT LU LV LY MC MD ME MK MN MR MT MU NI "
    "NL NO OM PK PL PS PT QA RO RS RU SA SC SD SE SI SK SM SO ST SV TL TN TR UA VA VG XK YE"
).split()

# Further large or much-written countries and territories.
OTHERS = "NZ SG HK IE CL EC GT KH ZW ZM SN RW TN BO CU HT JO AZ LA KG TJ TM PY NI".split()

NATIONAL_REGIONS: tuple[str, ...] = tuple(dict.fromkeys(MOST_POPULOUS + IBAN_COUNTRIES + OTHERS))
"""The regions tried for a national number, in a fixed order (the first match decides)."""

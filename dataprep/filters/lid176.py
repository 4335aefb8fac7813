"""Which FineWeb-2 rule set each ``lid.176`` label uses, and the script it is written in.

``lid.176`` (fastText) predicts 176 labels, mostly ISO 639-1 codes plus ISO 639-3 or Wikipedia
codes; FineWeb-2 tuned its filters per GlotLID label, ``{ISO 639-3}_{ISO 15924 script}``
(github.com/huggingface/fineweb-2, ``configs/``). The choice for each label:

* an ISO 639-1 code -> its ISO 639-3 code; a macro-language -> the individual language
  FineWeb-2 has a config for and that the label's training data (Wikipedia, Tatoeba, SETimes)
  is mostly written in: ``ar`` -> Standard Arabic, ``fa`` -> Persian, ``ms`` -> Standard Malay,
  ``et``/``lv`` -> Standard Estonian/Latvian, ``mg`` -> Plateau Malagasy, ``gn`` -> Paraguayan
  Guarani, ``mn`` -> Halh Mongolian, ``qu`` -> South Bolivian Quechua, ``yi`` -> Eastern
  Yiddish, ``ps`` -> Southern Pashto, ``sw`` -> Swahili, ``kv`` -> Komi-Zyrian, ``uz`` ->
  Northern Uzbek, ``az`` -> North Azerbaijani (``azb`` is South Azerbaijani);
* a language written in several scripts -> its usual script (``sr`` Cyrillic, ``hi``
  Devanagari, ``ur`` Arabic, ``tt`` Cyrillic, ``uz`` Latin, ``ug`` Arabic ...);
* the labels that are not ISO 639-1/3 codes are commented below (``no``, ``sh``, ``tl``,
  ``bh``, ``als``, ``ku``);
* ``en`` has no FineWeb-2 config (FineWeb-2 is the non-English data): English keeps the
  original Gopher / C4 / FineWeb thresholds.
"""

from __future__ import annotations

LID176_TO_FINEWEB2: dict[str, str | None] = {
    "en": None,  # English
    "ru": "rus_Cyrl",  # Russian
    "de": "deu_Latn",  # German
    "fr": "fra_Latn",  # French
    "it": "ita_Latn",  # Italian
    "ja": "jpn_Jpan",  # Japanese
    "es": "spa_Latn",  # Spanish
    "ceb": "ceb_Latn",  # Cebuano
    "tr": "tur_Latn",  # Turkish
    "pt": "por_Latn",  # Portuguese
    "uk": "ukr_Cyrl",  # Ukrainian
    "eo": "epo_Latn",  # Esperanto
    "pl": "pol_Latn",  # Polish
    "sv": "swe_Latn",  # Swedish
    "nl": "nld_Latn",  # Dutch
    "he": "heb_Hebr",  # Hebrew
    "zh": "cmn_Hani",  # Mandarin Chinese
    "hu": "hun_Latn",  # Hungarian
    "ar": "arb_Arab",  # Standard Arabic
    "ca": "cat_Latn",  # Catalan
    "fi": "fin_Latn",  # Finnish
    "cs": "ces_Latn",  # Czech
    "fa": "fas_Arab",  # Persian
    "sr": "srp_Cyrl",  # Serbian
    "el": "ell_Grek",  # Modern Greek (1453-)
    "vi": "vie_Latn",  # Vietnamese
    "bg": "bul_Cyrl",  # Bulgarian
    "ko": "kor_Hang",  # Korean
    "no": "nob_Latn",  # macro-language "Norwegian": Bokmal, the written majority
    "mk": "mkd_Cyrl",  # Macedonian
    "ro": "ron_Latn",  # Romanian
    "id": "ind_Latn",  # Indonesian
    "th": "tha_Thai",  # Thai
    "hy": "hye_Armn",  # Armenian
    "da": "dan_Latn",  # Danish
    "ta": "tam_Taml",  # Tamil
    "hi": "hin_Deva",  # Hindi
    "hr": "hrv_Latn",  # Croatian
    "sh": "hrv_Latn",  # Serbo-Croatian (Latin script): Croatian
    "be": "bel_Cyrl",  # Belarusian
    "ka": "kat_Geor",  # Georgian
    "te": "tel_Telu",  # Telugu
    "kk": "kaz_Cyrl",  # Kazakh
    "war": "war_Latn",  # Waray (Philippines)
    "lt": "lit_Latn",  # Lithuanian
    "gl": "glg_Latn",  # Galician
    "sk": "slk_Latn",  # Slovak
    "bn": "ben_Beng",  # Bengali
    "eu": "eus_Latn",  # Basque
    "sl": "slv_Latn",  # Slovenian
    "kn": "kan_Knda",  # Kannada
    "ml": "mal_Mlym",  # Malayalam
    "mr": "mar_Deva",  # Marathi
    "et": "ekk_Latn",  # Standard Estonian
    "az": "azj_Latn",  # North Azerbaijani
    "ms": "zsm_Latn",  # Standard Malay
    "sq": "als_Latn",  # macro-language Albanian: Tosk, the standard
    "la": "lat_Latn",  # Latin
    "bs": "bos_Latn",  # Bosnian
    "nn": "nno_Latn",  # Norwegian Nynorsk
    "ur": "urd_Arab",  # Urdu
    "lv": "lvs_Latn",  # Standard Latvian
    "my": "mya_Mymr",  # Burmese
    "tt": "tat_Cyrl",  # Tatar
    "af": "afr_Latn",  # Afrikaans
    "oc": "oci_Latn",  # Occitan (post 1500)
    "nds": "nds_Latn",  # Low German
    "ky": "kir_Cyrl",  # Kirghiz
    "ast": "ast_Latn",  # Asturian
    "tl": "fil_Latn",  # Tagalog: FineWeb-2 has Filipino only
    "is": "isl_Latn",  # Icelandic
    "ia": "ina_Latn",  # Interlingua (International Auxiliary Language Association)
    "si": "sin_Sinh",  # Sinhala
    "gu": "guj_Gujr",  # Gujarati
    "km": "khm_Khmr",  # Khmer
    "br": "bre_Latn",  # Breton
    "ba": "bak_Cyrl",  # Bashkir
    "uz": "uzn_Latn",  # Northern Uzbek
    "bo": "bod_Tibt",  # Tibetan
    "pa": "pan_Guru",  # Panjabi
    "vo": "vol_Latn",  # Volapük
    "als": "gsw_Latn",  # lid.176 "als" is Alemannic (Wikipedia code), NOT ISO als = Tosk Albanian
    "ne": "npi_Deva",  # Nepali (individual language)
    "cy": "cym_Latn",  # Welsh
    "jbo": "jbo_Latn",  # Lojban
    "fy": "fry_Latn",  # Western Frisian
    "mn": "khk_Cyrl",  # Halh Mongolian
    "lb": "ltz_Latn",  # Luxembourgish
    "ce": "che_Cyrl",  # Chechen
    "ug": "uig_Arab",  # Uighur
    "tg": "tgk_Cyrl",  # Tajik
    "sco": "sco_Latn",  # Scots
    "sa": "san_Deva",  # Sanskrit
    "cv": "chv_Cyrl",  # Chuvash
    "jv": "jav_Latn",  # Javanese
    "min": "min_Latn",  # Minangkabau
    "io": "ido_Latn",  # Ido
    "or": "ory_Orya",  # Odia
    "as": "asm_Beng",  # Assamese
    "new": "new_Deva",  # Newari
    "ga": "gle_Latn",  # Irish
    "mg": "plt_Latn",  # Plateau Malagasy
    "an": "arg_Latn",  # Aragonese
    "ckb": "ckb_Arab",  # Central Kurdish
    "sw": "swh_Latn",  # Swahili (individual language)
    "bar": "bar_Latn",  # Bavarian
    "lmo": "lmo_Latn",  # Lombard
    "yi": "ydd_Hebr",  # Eastern Yiddish
    "arz": "arz_Arab",  # Egyptian Arabic
    "mhr": "mhr_Cyrl",  # Eastern Mari
    "azb": "azb_Arab",  # South Azerbaijani
    "sah": "sah_Cyrl",  # Yakut
    "pnb": "pnb_Arab",  # Western Panjabi
    "su": "sun_Latn",  # Sundanese
    "bpy": "bpy_Beng",  # Bishnupriya
    "pms": "pms_Latn",  # Piemontese
    "ilo": "ilo_Latn",  # Iloko
    "wuu": "wuu_Hani",  # Wu Chinese
    "ku": "kmr_Latn",  # Kurdish: Kurmanji in Latin script (ckb is its own label)
    "ps": "pbt_Arab",  # Southern Pashto
    "ie": "ile_Latn",  # Interlingue
    "xmf": "xmf_Geor",  # Mingrelian
    "yue": "yue_Hani",  # Yue Chinese
    "gom": "gom_Latn",  # Goan Konkani
    "li": "lim_Latn",  # Limburgan
    "mwl": "mwl_Latn",  # Mirandese
    "kw": "cor_Latn",  # Cornish
    "sd": "snd_Arab",  # Sindhi
    "hsb": "hsb_Latn",  # Upper Sorbian
    "scn": "scn_Latn",  # Sicilian
    "gd": "gla_Latn",  # Scottish Gaelic
    "pam": "pam_Latn",  # Pampanga
    "bh": "bho_Deva",  # "Bihari" group: Bhojpuri, the language of its Wikipedia
    "mai": "mai_Deva",  # Maithili
    "vec": "vec_Latn",  # Venetian
    "mt": "mlt_Latn",  # Maltese
    "dv": "div_Thaa",  # Dhivehi
    "wa": "wln_Latn",  # Walloon
    "mzn": "mzn_Arab",  # Mazanderani
    "am": "amh_Ethi",  # Amharic
    "qu": "quh_Latn",  # South Bolivian Quechua
    "eml": "eml_Latn",  # Emiliano-Romagnolo
    "cbk": "cbk_Latn",  # Chavacano
    "tk": "tuk_Latn",  # Turkmen
    "rm": "roh_Latn",  # Romansh
    "os": "oss_Cyrl",  # Ossetian
    "vls": "vls_Latn",  # Vlaams
    "yo": "yor_Latn",  # Yoruba
    "lo": "lao_Laoo",  # Lao
    "lez": "lez_Cyrl",  # Lezghian
    "so": "som_Latn",  # Somali
    "myv": "myv_Cyrl",  # Erzya
    "diq": "diq_Latn",  # Dimli (individual language)
    "mrj": "mrj_Cyrl",  # Western Mari
    "dsb": "dsb_Latn",  # Lower Sorbian
    "frr": "frr_Latn",  # Northern Frisian
    "ht": "hat_Latn",  # Haitian
    "gn": "gug_Latn",  # Paraguayan Guaraní
    "bxr": "bxr_Cyrl",  # Russia Buriat
    "kv": "kpv_Cyrl",  # Komi-Zyrian
    "sc": "srd_Latn",  # Sardinian
    "nah": "nah_Latn",  # Nahuatl languages
    "krc": "krc_Cyrl",  # Karachay-Balkar
    "bcl": "bcl_Latn",  # Central Bikol
    "nap": "nap_Latn",  # Neapolitan
    "gv": "glv_Latn",  # Manx
    "av": "ava_Cyrl",  # Avaric
    "rue": "rue_Cyrl",  # Rusyn
    "xal": "xal_Cyrl",  # Kalmyk
    "pfl": "pfl_Latn",  # Pfaelzisch
    "dty": "dty_Deva",  # Dotyali
    "hif": "hif_Latn",  # Fiji Hindi
    "co": "cos_Latn",  # Corsican
    "lrc": "lrc_Arab",  # Northern Luri
    "vep": "vep_Latn",  # Veps
    "tyv": "tyv_Cyrl",  # Tuvinian
}


def fineweb2_name(lang: str | None) -> str | None:
    """FineWeb-2 config name (``ukr_Cyrl``) for a ``lid.176`` label; ``None`` without one.

    A label that already is a FineWeb-2 name (``"ukr_Cyrl"``, e.g. from GlotLID) is returned
    as is.
    """
    if lang is None:
        return None
    if "_" in lang:
        return lang
    return LID176_TO_FINEWEB2.get(lang)


def script_of(lang: str | None) -> str | None:
    """ISO 15924 script (``Cyrl``, ``Thai``) of a ``lid.176`` label or FineWeb-2 name."""
    if lang == "en":
        return "Latn"
    name = fineweb2_name(lang)
    return name.split("_", 1)[1] if name else None

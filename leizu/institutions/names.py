"""Spellings of people's names derived for readers of another script. Pure functions.

A stored spelling (the person's own, a chosen variant, the passport) is always better than any
of these; they fill a gap so that a reader never gets a script they cannot read:

- Chinese names (Hans) to Hanyu Pinyin after GB/T 28039-2011 (Chinese personal names in the
  Chinese phonetic alphabet): family name first, each part one word, apostrophe before a syllable
  starting with a, o or e inside a word, no tone marks: 王建国 → Wang Jianguo, 王西安 → Wang Xi'an;
- Chinese names to Russian Cyrillic by the Palladius system, syllable by syllable from the pinyin:
  王建国 → Ван Цзяньго;
- Cyrillic names to Latin: Russian letters by ICAO Doc 9303, Kazakh letters as Kazakhstan's
  passports write them, Uzbek Cyrillic to the official Uzbek Latin alphabet.

Chinese characters are never derived for a foreign name (a transcription into characters is
chosen, not computed), and Cyrillic is never derived from Latin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

PINYIN = "pinyin"
PALLADIUS = "palladius"
ICAO = "icao"
KAZAKH_PASSPORT = "kz_passport"
UZBEK_LATIN = "uz_latin"


@dataclass(frozen=True)
class PersonName:
    """A name as one reader gets it: the text, its script, and whether it was derived."""

    text: str
    script: str
    derived: bool = False
    # The transliteration system of a derived spelling (PINYIN, PALLADIUS, ICAO, ...).
    system: str = ""

    def __str__(self) -> str:
        return self.text


_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+$")


def is_han(text: str) -> bool:
    return bool(_HAN.match(text))


# Chinese names: pinyin

# Readings of surnames that differ from the character's everyday reading. pypinyin (0.55) has no
# surname mode (mozillazg/python-pinyin issues #120 and #297 are open; pypinyin-dict has no list
# of surnames either), so the readings are listed here, from the common surname-reading lists
# (《百家姓》 readings as in the surname dictionaries of hotoo/pinyin and pinyin-pro).
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    # compound surnames (复姓)
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
    "乐正": ("yue", "zheng"),
    "令狐": ("ling", "hu"),
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "夏侯": ("xia", "hou"),
    "皇甫": ("huang", "fu"),
    "公孙": ("gong", "sun"),
    "仲孙": ("zhong", "sun"),
    "子车": ("zi", "ju"),
    "宰父": ("zai", "fu"),
    "亓官": ("qi", "guan"),
    "句龙": ("gou", "long"),
    # single surnames with a special reading
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "区": ("ou",),
    "仇": ("qiu",),
    "朴": ("piao",),
    "查": ("zha",),
    "翟": ("zhai",),
    "盖": ("ge",),
    "乐": ("yue",),
    "缪": ("miao",),
    "瞿": ("qu",),
    "折": ("she",),
    "粘": ("nian",),
    "藏": ("zang",),
    "都": ("du",),
    "六": ("lu",),
    "薄": ("bo",),
    "柏": ("bai",),
    "乜": ("nie",),
    "阚": ("kan",),
    "沈": ("shen",),
    "卜": ("bu",),
    "秘": ("bi",),
    "重": ("chong",),
    "种": ("chong",),
    "繁": ("po",),
    "覃": ("qin",),
    "能": ("nai",),
    "员": ("yun",),
    "召": ("shao",),
    "祭": ("zhai",),
    "角": ("jue",),
    "褚": ("chu",),
    "莘": ("shen",),
    "句": ("gou",),
    "隗": ("wei",),
    "宿": ("su",),
    "尉": ("wei",),
    "贾": ("jia",),
    "华": ("hua",),
    "任": ("ren",),
    "石": ("shi",),
    "车": ("che",),
    "牟": ("mou",),
    "陆": ("lu",),
    "叶": ("ye",),
    "盛": ("sheng",),
    "冼": ("xian",),
    "殷": ("yin",),
    "那": ("na",),
    "居": ("ju",),
    "曲": ("qu",),
}


@lru_cache(maxsize=4096)
def _syllables(text: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(text, style=Style.NORMAL, v_to_u=True))


@lru_cache(maxsize=4096)
def surname_syllables(family: str) -> tuple[str, ...]:
    """The family name's syllables, with the readings of surnames where they differ."""
    if family in SURNAME_READINGS:
        return SURNAME_READINGS[family]
    if len(family) > 1 and family[0] in SURNAME_READINGS:
        # An unlisted two-character family name starting with a listed one (双姓: 单王).
        return SURNAME_READINGS[family[0]] + _syllables(family[1:])
    return _syllables(family)


def _pinyin_word(syllables: Iterable[str]) -> str:
    word = ""
    for syllable in syllables:
        if word and syllable[:1] in ("a", "o", "e"):
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


@lru_cache(maxsize=4096)
def hans_to_pinyin(family: str, given: str) -> tuple[str, str] | None:
    """A Chinese name in pinyin as (family, given), or None if it is not all Chinese characters.

    >>> hans_to_pinyin("王", "西安")
    ('Wang', "Xi'an")
    """
    if not family or not is_han(family) or (given and not is_han(given)):
        return None
    given_syllables = _syllables(given) if given else ()
    return _pinyin_word(surname_syllables(family)), _pinyin_word(given_syllables)


# Chinese names: Palladius

# Every syllable pypinyin gives (the ~410 of standard Mandarin and a few interjections), as the
# Palladius system writes it (the pinyin–Palladius correspondence table, e.g. Russian Wikipedia,
# «Система Палладия»). Syllables of a given name are written together.
_PALLADIUS_TABLE = """
    a а  ai ай  an ань  ang ан  ao ао  e э  ei эй  en энь  eng эн  er эр  o о  ou оу  ê э
    ba ба  bai бай  ban бань  bang бан  bao бао  bei бэй  ben бэнь  beng бэн  bi би  bian бянь
    biang бян  biao бяо  bie бе  bin бинь  bing бин  bo бо  bong бун  bu бу
    pa па  pai пай  pan пань  pang пан  pao пао  pei пэй  pen пэнь  peng пэн  pi пи  pian пянь
    piao пяо  pie пе  pin пинь  ping пин  po по  pou поу  pu пу
    ma ма  mai май  man мань  mang ман  mao мао  me мэ  mei мэй  men мэнь  meng мэн  mi ми
    mian мянь  miao мяо  mie ме  min минь  ming мин  miu мю  mo мо  mou моу  mu му
    fa фа  fan фань  fang фан  fei фэй  fen фэнь  feng фэн  fiao фяо  fo фо  fou фоу  fu фу
    da да  dai дай  dan дань  dang дан  dao дао  de дэ  dei дэй  den дэнь  deng дэн  di ди
    dia дя  dian дянь  diao дяо  die де  din динь  ding дин  diu дю  dong дун  dou доу  du ду
    duan дуань  dui дуй  dun дунь  duo до
    ta та  tai тай  tan тань  tang тан  tao тао  te тэ  tei тэй  teng тэн  ti ти  tian тянь
    tiao тяо  tie те  ting тин  tong тун  tou тоу  tu ту  tuan туань  tui туй  tun тунь
    tuo то
    na на  nai най  nan нань  nang нан  nao нао  ne нэ  nei нэй  nen нэнь  neng нэн  ni ни
    nia ня  nian нянь  niang нян  niao няо  nie не  nin нинь  ning нин  niu ню  nong нун
    nou ноу  nu ну  nuan нуань  nun нунь  nuo но  nü нюй  nüe нюэ
    la ла  lai лай  lan лань  lang лан  lao лао  le лэ  lei лэй  len лэнь  leng лэн  li ли
    lia ля  lian лянь  liang лян  liao ляо  lie ле  lin линь  ling лин  liu лю  lo ло
    long лун  lou лоу  lu лу  luan луань  lun лунь  luo ло  lü люй  lüe люэ
    ga га  gai гай  gan гань  gang ган  gao гао  ge гэ  gei гэй  gen гэнь  geng гэн  gong гун
    gou гоу  gu гу  gua гуа  guai гуай  guan гуань  guang гуан  gui гуй  gun гунь  guo го
    ka ка  kai кай  kan кань  kang кан  kao као  ke кэ  kei кэй  ken кэнь  keng кэн  kong кун
    kou коу  ku ку  kua куа  kuai куай  kuan куань  kuang куан  kui куй  kun кунь  kuo ко
    ha ха  hai хай  han хань  hang хан  hao хао  he хэ  hei хэй  hen хэнь  heng хэн  hong хун
    hou хоу  hu ху  hua хуа  huai хуай  huan хуань  huang хуан  hui хуэй  hun хунь  huo хо
    ji цзи  jia цзя  jian цзянь  jiang цзян  jiao цзяо  jie цзе  jin цзинь  jing цзин
    jiong цзюн  jiu цзю  ju цзюй  juan цзюань  jue цзюэ  jun цзюнь
    qi ци  qia ця  qian цянь  qiang цян  qiao цяо  qie це  qin цинь  qing цин  qiong цюн
    qiu цю  qu цюй  quan цюань  que цюэ  qun цюнь
    xi си  xia ся  xian сянь  xiang сян  xiao сяо  xie се  xin синь  xing син  xiong сюн
    xiu сю  xu сюй  xuan сюань  xue сюэ  xun сюнь
    zha чжа  zhai чжай  zhan чжань  zhang чжан  zhao чжао  zhe чжэ  zhei чжэй  zhen чжэнь
    zheng чжэн  zhi чжи  zhong чжун  zhou чжоу  zhu чжу  zhua чжуа  zhuai чжуай  zhuan чжуань
    zhuang чжуан  zhui чжуй  zhun чжунь  zhuo чжо
    cha ча  chai чай  chan чань  chang чан  chao чао  che чэ  chen чэнь  cheng чэн  chi чи
    chong чун  chou чоу  chu чу  chua чуа  chuai чуай  chuan чуань  chuang чуан  chui чуй
    chun чунь  chuo чо
    sha ша  shai шай  shan шань  shang шан  shao шао  she шэ  shei шэй  shen шэнь  sheng шэн
    shi ши  shou шоу  shu шу  shua шуа  shuai шуай  shuan шуань  shuang шуан  shui шуй
    shun шунь  shuo шо
    ran жань  rang жан  rao жао  re жэ  ren жэнь  reng жэн  ri жи  rong жун  rou жоу  ru жу
    rua жуа  ruan жуань  rui жуй  run жунь  ruo жо
    za цза  zai цзай  zan цзань  zang цзан  zao цзао  ze цзэ  zei цзэй  zen цзэнь  zeng цзэн
    zi цзы  zong цзун  zou цзоу  zu цзу  zuan цзуань  zui цзуй  zun цзунь  zuo цзо
    ca ца  cai цай  can цань  cang цан  cao цао  ce цэ  cei цэй  cen цэнь  ceng цэн  ci цы
    cong цун  cou цоу  cu цу  cuan цуань  cui цуй  cun цунь  cuo цо
    sa са  sai сай  san сань  sang сан  sao сао  se сэ  sen сэнь  seng сэн  si сы  song сун
    sou соу  su су  suan суань  sui суй  sun сунь  suo со
    ya я  yan янь  yang ян  yao яо  ye е  yi и  yin инь  ying ин  yo ё  yong юн  you ю  yu юй
    yuan юань  yue юэ  yun юнь
    wa ва  wai вай  wan вань  wang ван  wei вэй  wen вэнь  weng вэн  wo во  wong вун  wu у
    hm хм  hng хн  m м  n нь  ng н
"""
_tokens = _PALLADIUS_TABLE.split()
PALLADIUS_SYLLABLES: dict[str, str] = dict(zip(_tokens[::2], _tokens[1::2], strict=True))
del _tokens

_CYRILLIC_VOWELS = frozenset("аоуэиыеёюя")


def _palladius_word(syllables: Iterable[str]) -> str | None:
    word = ""
    for syllable in syllables:
        cyrillic = PALLADIUS_SYLLABLES.get(syllable)
        if cyrillic is None:
            return None
        # A syllable ending in -ng (н) before one starting with a vowel takes the separating ъ,
        # so that the н is not read into the next syllable: 长安 Чанъань, 良镛 Лянъюн. One ending
        # in -n is written нь anyway (延安 Яньань, 恩来 Эньлай).
        if word.endswith("н") and cyrillic[0] in _CYRILLIC_VOWELS:
            word += "ъ"
        word += cyrillic
    return word[:1].upper() + word[1:]


@lru_cache(maxsize=4096)
def hans_to_palladius(family: str, given: str) -> tuple[str, str] | None:
    """A Chinese name in Russian Cyrillic (Palladius) as (family, given), or None.

    >>> hans_to_palladius("周", "恩来")
    ('Чжоу', 'Эньлай')
    """
    if not family or not is_han(family) or (given and not is_han(given)):
        return None
    family_word = _palladius_word(surname_syllables(family))
    given_word = _palladius_word(_syllables(given)) if given else ""
    if family_word is None or given_word is None:
        return None
    return family_word, given_word


# Cyrillic names to Latin

# ICAO Doc 9303 (Machine Readable Travel Documents, part 3, transliteration of Cyrillic), the
# system of Russian international passports since 2014.
_ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    # Ukrainian and Belarusian letters of the same table
    "і": "i", "ї": "i", "є": "ie", "ґ": "g", "ў": "u",
}  # fmt: skip

# Kazakh letters as the passports and identity cards of the Republic of Kazakhstan write them:
# each with the plain Latin letter (Дәулет DAULET, Нұрсұлтан NURSULTAN, Серікұлы SERIKULY,
# Қайратұлы KAIRATULY), the letters shared with Russian as ICAO Doc 9303. [U] This follows the
# documents themselves; the ministry's table was not at hand, and Kazakhstani documents issued
# before the ICAO rules also show YE, YA, YU and SS (Nazarbayev, Kassym), which is one more reason
# a stored passport spelling always wins.
_KAZAKH = {
    **_ICAO,
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip

# The Uzbek Latin alphabet of 1995 (Cabinet of Ministers resolution No. 339, "Basic rules of
# Uzbek spelling"), oʻ and gʻ with U+02BB, the tutuq belgisi ʼ (U+02BC) for ъ. Е, Ц are written
# by position (see _uzbek_letter).
_UZBEK = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ё": "yo", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "x", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "\u02bc",
    "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "o\u02bb", "қ": "q",
    "ғ": "g\u02bb", "ҳ": "h",
}  # fmt: skip

_UZBEK_ONLY = frozenset("ўҳ")
_KAZAKH_ONLY = frozenset("әңөұүһі")
_SHARED_TURKIC = frozenset("қғ")
_VOWELS = frozenset("аәеёиоөуұүўыіэюя")


def cyrillic_system(parts: Iterable[str], country: str | None = None) -> str:
    """The system for a Cyrillic name: from its letters first, else the institution's country.

    Letters only Uzbek or only Kazakh writes decide; қ and ғ, which both write, and Russian
    letters alone follow the country (UZ Uzbek, KZ Kazakh). Without a country қ and ғ are read
    as Kazakh, whose passport letters (k, g) mislead an Uzbek reader least.
    """
    letters = set("".join(parts).lower())
    if letters & _UZBEK_ONLY:
        return UZBEK_LATIN
    if letters & _KAZAKH_ONLY:
        return KAZAKH_PASSPORT
    if country == "UZ":
        return UZBEK_LATIN
    if country == "KZ" or letters & _SHARED_TURKIC:
        return KAZAKH_PASSPORT
    return ICAO


def _uzbek_letter(word: str, i: int) -> str:
    letter = word[i]
    previous = word[i - 1] if i else ""
    if letter == "е":
        # ye at the start of a word, after a vowel and after ъ, ь; e after a consonant.
        return "ye" if not previous or previous in _VOWELS or previous in "ъь" else "e"
    if letter == "ц":
        # ts after a vowel, s at the start and after a consonant.
        return "ts" if previous and previous in _VOWELS else "s"
    return _UZBEK.get(letter, letter)


def _transliterate_word(word: str, system: str) -> str:
    lower = word.lower()
    if system == UZBEK_LATIN:
        result = "".join(_uzbek_letter(lower, i) for i in range(len(lower)))
    else:
        table = _KAZAKH if system == KAZAKH_PASSPORT else _ICAO
        result = "".join(table.get(c, c) for c in lower)
    if word[:1].isupper():
        return result[:1].upper() + result[1:]
    return result


@lru_cache(maxsize=8192)
def cyrillic_to_latin(text: str, system: str) -> str:
    """A Cyrillic name part in Latin, word by word, capitalised as the name was.

    >>> cyrillic_to_latin("Бахтиёр ўғли", UZBEK_LATIN)
    'Baxtiyor oʻgʻli'
    """
    return "".join(
        _transliterate_word(piece, system) if piece and piece[0].isalpha() else piece
        for piece in re.split(r"([\s\-]+)", text)
    )


def name_case(text: str) -> str:
    """A name typed in capitals (a passport's MIRMANOVA) written as a name: Mirmanova.

    Each word and each part of a double name gets a capital, the rest small; unlike str.title()
    it keeps Xi'an and oʻgʻli in one piece.
    """
    return "".join(piece[:1].upper() + piece[1:].lower() for piece in re.split(r"([\s\-]+)", text))

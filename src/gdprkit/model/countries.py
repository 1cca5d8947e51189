"""ISO 3166-1 alpha-2 country codes, the only structural check on a country.

Source: ISO 3166 Maintenance Agency, officially assigned alpha-2 codes (249),
as of 2024 (latest change: none since ``SS`` South Sudan, 2011, and the
renaming of ``TR`` to Türkiye, 2022, which kept its code).  ``EL`` (Greece, as
the EU writes it) and ``XK`` (Kosovo, user-assigned, used by the Commission)
are also accepted.  Which of these are EEA states is reference data, not part
of the model: see :mod:`gdprkit.reference`.
"""

from __future__ import annotations


__all__ = ["COUNTRY_CODES", "is_country_code"]

_ISO_3166_1_ALPHA2 = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN
BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL
GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM
JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP
NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""

COUNTRY_CODES: frozenset[str] = frozenset(_ISO_3166_1_ALPHA2.split()) | {"EL", "XK"}
"""Every accepted country code."""


def is_country_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code (upper case), ``EL`` or ``XK``."""
    return code in COUNTRY_CODES

"""Shared data of the mind-map tests: the layout's fonts, a palette and a realistic outline.

A plain module, not a conftest.py: a second conftest would shadow the `from conftest import`
of the suite's top-level tests.
"""

from __future__ import annotations

from pathlib import Path

from booklet.mindmap import MapFonts, MapNode, outline_from_list

FONT_DIR = Path(__file__).resolve().parents[2] / "layouts" / "default" / "fonts"
FONTS = MapFonts(FONT_DIR / "NotoSans-Regular.ttf", FONT_DIR / "NotoSans-Bold.ttf")
PALETTE = ("#1f6f8b", "#c0392b", "#7d5ba6", "#2e8b57", "#d68910", "#34495e")

INDIA_RUSSIA = """\
- India–Russia relations
    - Defence
        - S-400 Triumf air defence deal (2018)
        - BrahMos cruise missile
        - AK-203 rifles made at Korwa
        - Su-30MKI licence production
        - INS Vikramaditya
    - Energy
        - Discounted Urals crude since 2022
        - Kudankulam nuclear plant
        - Sakhalin-1 stake (ONGC Videsh)
        - Rupee–rouble payment trouble
    - Diplomacy
        - Special and Privileged Strategic Partnership
        - Annual summits since 2000
        - BRICS and SCO
        - Abstentions on Ukraine votes at the UN
    - Trade
        - Target $100 bn by 2030
        - Trade deficit with Russia
        - INSTC corridor via Iran
        - Chennai–Vladivostok Maritime Corridor
    - History
        - 1971 Treaty of Peace, Friendship and Cooperation
        - Soviet veto on Kashmir
        - Bhilai and Bokaro steel plants
        - Non-aligned yet Soviet-leaning foreign policy through the Cold War
    - Space & Science
        - Gaganyaan astronaut training
        - GLONASS ground stations
        - Cryogenic engine episode (1990s)
        - Aryabhata launched on a Soviet rocket
    - Frictions
        - Russia–China closeness
        - Russia–Pakistan exercises
        - Delays in defence deliveries
        - US CAATSA sanctions threat
        - Payments stuck in rupees
    - Outlook
        - Diversification of arms imports
        - Arctic and Far East cooperation
        - Multipolar world order
"""


def numbered(text: str, first: int = 1) -> list[tuple[int, str]]:
    return [(first + index, line) for index, line in enumerate(text.splitlines())]


def india_russia() -> MapNode:
    return outline_from_list(numbered(INDIA_RUSSIA))


def font_face_css() -> str:
    """@font-face rules so that WeasyPrint finds the family the SVG names."""
    return "".join(
        f'@font-face{{font-family:"Noto Sans";font-weight:{weight};src:url({path.as_uri()})}}'
        for weight, path in (("normal", FONT_DIR / "NotoSans-Regular.ttf"), ("bold", FONT_DIR / "NotoSans-Bold.ttf"))
    )

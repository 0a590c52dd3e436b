"""The measures of Chinese official documents (GB/T 9704-2012) for the Word files we write.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 2号小标宋 (22 pt);
body in 3号仿宋_GB2312 (16 pt), 22 lines a page (exact line spacing 28.95 pt); page numbers
in 4号 (14 pt) as "— 1 —", odd pages on the right and even pages on the left, each one
character in from the edge. Fonts missing on the reader's machine fall back, so every run
names both its East Asian (w:eastAsia) and its Latin font (w:ascii, w:hAnsi).
"""

from __future__ import annotations

from docx.shared import Mm, Pt, RGBColor

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
FOOTER_DISTANCE = Mm(22)  # puts the page number's dash about 7 mm below the text block
HEADER_DISTANCE = Mm(15)
TEXT_WIDTH_MM = 210 - 28 - 26  # 156 mm
LANDSCAPE_TEXT_WIDTH_MM = 297 - 28 - 26  # 243 mm

LATIN = "Times New Roman"
TITLE_FONT = "方正小标宋简体"  # 小标宋
BODY_FONT = "仿宋_GB2312"
HEI = "黑体"
KAI = "楷体_GB2312"
SONG = "宋体"

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_S4 = Pt(12)  # 小四
SIZE_5 = Pt(10.5)  # 五号
SIZE_S5 = Pt(9)  # 小五
BODY_LINE = Pt(28.95)  # 22 lines in the 223 mm text block
GREY = RGBColor(0x59, 0x59, 0x59)
SHADE = "E7E6E6"
PRIVATE_SHADE = "FBE4D5"

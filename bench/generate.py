"""Seeded generator of synthetic, schema-valid dossiers for benchmarks.

    python bench/generate.py OUT_DIR --count N [--seed S] [--years 2024 2025]

Layout written (the standard content layout):

    OUT_DIR/organization.yaml
    OUT_DIR/branches/<code>/branch.yaml
    OUT_DIR/branches/<code>/<year>/dossier.yaml     ~28 KB, Chinese text throughout
    OUT_DIR/branches/<code>/<year>/summary.md       ~1 KB narrative
    OUT_DIR/branches/<code>/<year>/review.yaml      about one year folder in eight
    OUT_DIR/branches/<code>/<year>/evidence/*       hard links to 17 tiny masters

N dossiers = ceil(N / len(years)) branches x len(years) years (default: N/2 branches x
2024 and 2025); when N is not a multiple, the last branch gets fewer years. Branch codes,
rosters and habits are drawn per branch, the year's records per (branch, year), each from
its own `random.Random` seeded with a string built from --seed, so the output is the same
bytes for the same seed whatever N (dossier k of a 200-tree equals dossier k of a 1000-tree).

Every dossier is valid against schemas/ (`checker validate` reports no error), but quality
varies: months without a meeting, members short of training hours or dues, meetings without
minutes or quorum, talks that miss members, expired committees, missing evidence,
generous self-scores, the odd one-vote veto. So grades spread across 示范 / 达标 / 基本达标 /
不达标.

Evidence: each year folder holds 17 small files (PDF, PNG, JPG of 80 to 500 bytes),
hard-linked to masters in OUT_DIR/.masters/ (copied if the file system refuses links).
Only the standard library is used; YAML is written as text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import struct
import sys
import time
import zlib
from datetime import date
from pathlib import Path

STANDARD_ID = "jgdj-zbbzh"
STANDARD_VERSION = "2025.1"

# ---------------------------------------------------------------------------------------
# Word pools
# ---------------------------------------------------------------------------------------

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅晓东海波宁婷雪琳欣怡浩然思远嘉伟文博子涵雨轩俊杰佳琪梓萱慧敏立新卫东振华春燕秋菊德胜永红"
)

DEPARTMENTS = [
    ("CZJ", "市财政局"),
    ("JYJ", "市教育局"),
    ("GAJ", "市公安局"),
    ("MZJ", "市民政局"),
    ("SFJ", "市司法局"),
    ("RSJ", "市人力资源和社会保障局"),
    ("ZRZY", "市自然资源局"),
    ("STHJ", "市生态环境局"),
    ("ZJJ", "市住房和城乡建设局"),
    ("JTJ", "市交通运输局"),
    ("SLJ", "市水利局"),
    ("NYJ", "市农业农村局"),
    ("SWJ", "市商务局"),
    ("WLJ", "市文化和旅游局"),
    ("WJW", "市卫生健康委员会"),
    ("TYJ", "市退役军人事务局"),
    ("YJJ", "市应急管理局"),
    ("SJJ", "市审计局"),
    ("SCJ", "市市场监督管理局"),
    ("TJJ", "市统计局"),
    ("YBJ", "市医疗保障局"),
    ("XFJ", "市信访局"),
    ("FGW", "市发展和改革委员会"),
    ("GXJ", "市工业和信息化局"),
    ("KJJ", "市科学技术局"),
    ("ZWFW", "市政务服务管理局"),
    ("JGSW", "市机关事务管理局"),
    ("DAG", "市档案馆"),
    ("GZW", "市国有资产监督管理委员会"),
    ("LYJ", "市林业局"),
]
UNITS = [
    "办公室",
    "综合科",
    "政策法规科",
    "财务科",
    "人事科",
    "规划科",
    "监督科",
    "审批服务科",
    "信息中心",
    "执法支队",
    "服务中心",
    "研究室",
    "机关",
    "业务一科",
    "业务二科",
    "离退休干部",
]
ZONES = [
    ("Z1", "第一责任区", "工委副书记", "第一督导组"),
    ("Z2", "第二责任区", "工委委员（组织部长）", "第二督导组"),
    ("Z3", "第三责任区", "工委委员（宣传部长）", "第三督导组"),
    ("Z4", "第四责任区", "工委委员（纪工委书记）", "第四督导组"),
]
PLACES = [
    "机关三楼党员活动室",
    "第一会议室",
    "第二会议室",
    "单位报告厅",
    "市委党校",
    "党员活动室",
    "社区党群服务中心",
    "革命历史纪念馆",
    "廉政教育基地",
    "线上会议（视频）",
    "支部书记办公室",
    "市档案馆党史展厅",
    "红色教育基地",
    "对口帮扶村村委会",
    "职工之家",
    "小会议室",
]
GROUPS = ["第一党小组", "第二党小组", "第三党小组", "第四党小组"]
ROLES_COMMITTEE = ["书记", "副书记", "组织委员", "宣传委员", "纪检委员"]

STUDY = [
    "习近平新时代中国特色社会主义思想专题学习",
    "党的二十届三中全会精神",
    "《中国共产党纪律处分条例》",
    "《中国共产党支部工作条例（试行）》",
    "习近平总书记关于机关党建的重要论述",
    "全国两会精神",
    "《习近平谈治国理政》第四卷",
    "中央八项规定及其实施细则精神",
    "市委全会精神",
    "新修订的党章",
    "习近平总书记关于调查研究的重要论述",
    "《中国共产党党员教育管理工作条例》",
    "优化营商环境政策",
    "意识形态工作责任制有关规定",
    "习近平总书记在庆祝中国共产党成立周年大会上的重要讲话",
    "党史学习教育读本",
    "全面从严治党主体责任有关文件",
    "习近平生态文明思想",
    "总体国家安全观",
    "《关于新形势下党内政治生活的若干准则》",
]
DAY_THEMES = [
    "重温入党誓词",
    "学习身边先进典型",
    "走访慰问困难党员",
    "参观红色教育基地",
    "开展“我为群众办实事”",
    "清洁家园志愿活动",
    "读书分享会",
    "红色观影",
    "党员政治生日",
    "“七一”主题活动",
    "国家安全教育",
    "廉洁文化进机关",
    "垃圾分类宣传",
    "文明城市创建",
    "结对帮扶村调研",
    "节约型机关建设",
    "敬老爱老",
    "普法宣传",
    "党史知识竞赛",
    "优化营商环境大讨论",
]
LECTURES = [
    "坚定理想信念 勇担时代使命",
    "以党的创新理论武装头脑",
    "弘扬伟大建党精神",
    "锤炼过硬作风 提升履职能力",
    "严守纪律规矩 永葆清廉本色",
    "把握新发展阶段 贯彻新发展理念",
    "践行初心使命 服务人民群众",
    "学思想 强党性 重实践 建新功",
    "做新时代合格共产党员",
    "以高质量党建引领高质量发展",
]
COMMITTEE_TOPICS = [
    "研究部署本月党建工作",
    "研究确定主题党日活动方案",
    "讨论入党积极分子培养考察情况",
    "研究党费收缴和使用情况",
    "研究年度学习计划",
    "分析党员思想状况",
    "研究组织生活会准备工作",
    "研究党务公开事项",
    "研究志愿服务活动安排",
    "通报上级督导检查反馈问题整改情况",
    "研究党员教育培训安排",
    "研究意识形态工作",
    "研究民主评议党员工作方案",
    "研究党建工作经费预算",
]
GENERAL_TOPICS = [
    "通报上半年党建工作情况",
    "审议年度党建工作计划",
    "选举产生出席上级党代会代表候选人",
    "讨论接收预备党员",
    "通报年度党费收缴情况",
    "审议支部工作总结",
    "学习传达上级党委会议精神",
    "讨论预备党员转正",
]
GROUP_TOPICS = [
    "学习交流心得体会",
    "讨论本组党员学习情况",
    "开展批评与自我批评",
    "交流岗位履职情况",
    "学习上级文件精神",
    "研究本组志愿服务安排",
    "讨论改进工作作风",
]
VOLUNTEER = [
    "社区文明劝导志愿服务",
    "结对帮扶村走访慰问",
    "无偿献血志愿活动",
    "交通路口文明引导",
    "关爱留守儿童",
    "社区疫情防控志愿服务",
    "敬老院慰问",
    "环境整治志愿活动",
    "政策宣讲进社区",
    "义务植树",
]
WARNING_TOPICS = [
    "观看警示教育片《零容忍》",
    "参观廉政教育基地",
    "通报典型违纪违法案例",
    "学习违反中央八项规定精神问题通报",
]
DISCLOSURE = [
    "公开党费收缴和使用情况",
    "公开发展党员工作情况",
    "公开支部年度工作计划",
    "公开民主评议党员结果",
    "公开党建工作经费使用情况",
    "公开支部委员分工",
]
RESOLUTIONS = [
    "会议同意活动方案，由宣传委员负责组织实施",
    "确定两名入党积极分子培养联系人",
    "同意党费使用方案，报上级党委备案",
    "明确下月学习重点和责任分工",
    "形成整改清单，明确完成时限",
    "同意将相关事项提交党员大会讨论",
    "要求各党小组按月报送学习情况",
    "决定开展一次谈心谈话",
    "安排专人整理会议记录并归档",
]
MEMBER_NOTES = ["长期外派挂职", "退休返聘", "新转入党员", "流动党员，已纳入管理"]
ABSENT = ["因公出差", "病假", "外出培训", "参加上级会议", "事假", "值班"]
GENERIC = [
    "支部坚持把政治建设摆在首位，认真落实“三会一课”制度。",
    "活动有方案、有记录、有照片，相关材料已整理归档。",
    "全体党员积极参与，党员参与率较高，效果良好。",
    "对照标准逐项自查，发现的问题已建立台账并落实整改。",
    "结合单位业务工作，推动党建与业务深度融合。",
    "存在的不足是个别党员学习主动性不够，下一步将加强督促。",
    "支部书记认真履行第一责任人职责，班子成员落实“一岗双责”。",
    "上级党委督导检查中未发现重大问题，已按要求完成整改销号。",
    "建立了工作台账，做到底数清、情况明。",
    "下一步将进一步规范台账管理，提升工作质量。",
    "通过线上线下相结合的方式组织党员参加学习。",
    "充分发挥党员先锋模范作用，在急难险重任务中冲锋在前。",
]
ITEM_NOTES = {
    "A1.1": (
        "全年组织集中学习{study}次，围绕党的创新理论和上级精神开展学习，学习内容有计划、有记录。"
    ),
    "A1.2": "全年上党课{lecture}次，其中支部书记讲党课{secretary}次，课件和讲稿已归档。",
    "A1.3": "每月固定开展主题党日活动，全年共{day}次，形式包括集中学习、志愿服务、参观见学等。",
    "A1.4": "党员全年参加集中学习培训，学时登记表完整，{trained}名党员学时达到32学时。",
    "A2.1": "支部现有党员{members}名，其中正式党员{full}名，设支部委员会，委员{committee}名。",
    "A2.2": "本届支部委员会于{elected}选举产生，任期三年，选举结果已报上级党委批复。",
    "A2.3": "支委会全年召开{cm}次，每次均有过半数委员到会，会议记录完整。",
    "A2.4": "党员大会全年召开{gm}次，讨论决定支部重要事项，到会人数符合规定。",
    "A2.5": "支部划分{groups}个党小组，党小组会按月召开，内容以学习交流和工作研讨为主。",
    "A2.6": "年底召开组织生活会，开展民主评议党员，评议结果已向党员通报。",
    "A2.7": "严格按照发展党员工作程序开展工作，本年度培养入党积极分子，档案材料齐全。",
    "A2.8": "党员按月交纳党费，党费收缴台账清楚，{dues}名党员全年足额交纳。",
    "A2.9": "党员名册及时更新，组织关系转接手续规范，无失联党员。",
    "A3.1": "全年开展志愿服务和联系服务群众活动{vol}次，深入社区和结对帮扶村。",
    "A3.2": "在窗口岗位设立共产党员先锋岗，明确岗位职责，党员挂牌亮身份。",
    "A3.3": "支委之间、支委与党员之间开展谈心谈话，全年谈心谈话{talk}人次。",
    "A4.1": "组织党员参加警示教育活动，观看警示教育片，通报典型案例，筑牢思想防线。",
    "A4.2": "组织排查岗位廉政风险点，制定防控措施，落实到岗到人。",
    "A4.3": "支部党员严格遵守中央八项规定精神，全年未发现违规问题。",
    "A5.1": "“三会一课”会议记录记明时间、地点、主持人、记录人、出缺席情况、议程和决议。",
    "A5.2": "通过公开栏和工作群按季度公开党务，全年公开{disc}次。",
    "A5.3": "会议记录、党课讲稿、党费台账、党员名册等档案分类整理，统一保管。",
    "A5.4": "重大事项及时向上级党委请示报告，请示报告和批复材料齐全。",
    "A6.1": "设有党员活动室，悬挂党旗和入党誓词，配备学习书架和多媒体设备。",
    "A6.2": "党建工作经费{budget}元列入单位年度预算，专款专用，支出凭证齐全。",
    "A6.3": "支部书记和委员参加上级组织的党务干部培训，学时登记完整。",
    "A7.1": "制定支部党建工作责任清单，明确书记、委员责任分工。",
    "A7.2": "年底支部书记向党员大会述职，党员进行民主测评，满意率较高。",
    "A7.3": "党建工作与业务工作同谋划、同部署、同考核，党建考核结果纳入单位年度考核。",
    "A7.4": "对上级督导检查发现的问题建立整改台账，限期整改，按时销号。",
}

# Items scored by self-assessment, their points, and the evidence they cite.
SELF_ITEMS = {
    "A2.7": (2, "evidence/发展党员档案.pdf"),
    "A2.9": (2, "evidence/党员名册.pdf"),
    "A3.2": (4, "evidence/先锋岗.png"),
    "A4.2": (4, "evidence/廉政风险点排查表.pdf"),
    "A5.3": (4, "evidence/档案目录.pdf"),
    "A5.4": (3, "evidence/请示报告.pdf"),
    "A6.2": (4, "evidence/经费预算.pdf"),
    "A7.3": (3, "evidence/考核办法.pdf"),
    "A7.4": (4, "evidence/整改台账.pdf"),
}
OTHER_EVIDENCE = {
    "A1.1": "evidence/学习材料.pdf",
    "A1.2": "evidence/党课讲稿.pdf",
    "A1.3": "evidence/主题党日照片.jpg",
    "A2.8": "evidence/党费收缴台账.pdf",
    "A5.1": "evidence/会议记录.pdf",
    "A6.1": "evidence/党员活动室.jpg",
    "A7.1": "evidence/责任清单.pdf",
}
POINTS = {
    "A1.1": 4,
    "A1.2": 4,
    "A1.3": 3,
    "A1.4": 3,
    "A2.1": 2,
    "A2.2": 2,
    "A2.3": 3,
    "A2.4": 3,
    "A2.5": 2,
    "A2.6": 3,
    "A2.7": 2,
    "A2.8": 3,
    "A2.9": 2,
    "A3.1": 4,
    "A3.2": 4,
    "A3.3": 4,
    "A4.1": 4,
    "A4.2": 4,
    "A4.3": 4,
    "A5.1": 4,
    "A5.2": 3,
    "A5.3": 4,
    "A5.4": 3,
    "A6.1": 4,
    "A6.2": 4,
    "A6.3": 4,
    "A7.1": 4,
    "A7.2": 3,
    "A7.3": 3,
    "A7.4": 4,
}
MINUTES = {
    "支委会": "evidence/会议记录.pdf",
    "党员大会": "evidence/会议记录.pdf",
    "党小组会": "evidence/党小组会记录.pdf",
    "党课": "evidence/党课讲稿.pdf",
}


# ---------------------------------------------------------------------------------------
# Tiny but genuine evidence files
# ---------------------------------------------------------------------------------------


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + bytes([200, 30, 30]) * 8 for _ in range(8))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _pdf(title: str) -> bytes:
    body = f"BT /F1 12 Tf 72 720 Td ({title}) Tj ET".encode("ascii", "replace")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# A minimal baseline JPEG header (SOI + APP0/JFIF + EOI): enough for a signature check.
_JPG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 64
    + b"\xff\xd9"
)

EVIDENCE_FILES = sorted(
    {p for p in MINUTES.values()}
    | {p for _, p in SELF_ITEMS.values()}
    | set(OTHER_EVIDENCE.values())
)


def write_masters(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    masters = {}
    for cited in EVIDENCE_FILES:
        name = cited.split("/", 1)[1]
        path = folder / name
        if name.endswith(".png"):
            data = _png()
        elif name.endswith(".jpg"):
            data = _JPG
        else:
            data = _pdf(f"evidence {EVIDENCE_FILES.index(cited)}")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        masters[cited] = path
    return masters


# ---------------------------------------------------------------------------------------
# YAML text helpers
# ---------------------------------------------------------------------------------------

_PLAIN_OK = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^#:\n]*$")


def q(text: str) -> str:
    """A YAML scalar for text: plain when unambiguous, else a JSON (= YAML) string."""
    if _PLAIN_OK.match(text) and not text.endswith(" ") and text not in ("true", "false", "null"):
        return text
    return json.dumps(text, ensure_ascii=False)


def name_of(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def rand_day(rng: random.Random, year: int, month: int, lo: int = 1, hi: int = 28) -> date:
    return date(year, month, rng.randint(lo, hi))


# ---------------------------------------------------------------------------------------
# Branches and dossiers
# ---------------------------------------------------------------------------------------


def organizations() -> list[dict]:
    orgs = []
    for i, (abbr, name) in enumerate(DEPARTMENTS):
        orgs.append(
            {
                "id": abbr,
                "name": f"中共{name}{'委员会' if i % 3 else '机关委员会'}",
                "level": "dept",
                "zone": ZONES[i % len(ZONES)][0],
            }
        )
    return orgs


def organization_text(years: list[int]) -> str:
    lines = [
        "# 合成基准数据：机关工委组织结构",
        "committee: 中共某市委市直机关工作委员会",
        'region_code: "379900"',
        "levels:",
        "  - {id: dept, name: 市直部门党委（党组）}",
        "  - {id: unit, name: 直属单位党委}",
        "zones:",
    ]
    for zid, zname, lead, group in ZONES:
        lines += [
            f"  - id: {zid}",
            f"    name: {zname}",
            f"    lead: {q(lead)}",
            f"    supervision_group: {group}",
        ]
    lines.append("organizations:")
    for org in organizations():
        lines += [
            f"  - id: {org['id']}",
            f"    name: {q(org['name'])}",
            f"    level: {org['level']}",
            f"    zone: {org['zone']}",
        ]
    lines.append("targets:")
    for i, year in enumerate(years):
        lines.append(f'  "{year}": {min(0.95, 0.7 + 0.05 * i)}')
    return "\n".join(lines) + "\n"


class Branch:
    """A branch's stable traits: code, roster, habits. Drawn from its own seeded RNG."""

    def __init__(self, seed: str, index: int) -> None:
        rng = random.Random(f"{seed}:branch:{index}")
        orgs = DEPARTMENTS
        abbr, dept = orgs[index % len(orgs)]
        self.code = f"379901-{abbr}-{index // len(orgs) + 1:03d}"
        self.org = abbr
        self.unit = f"{dept}{rng.choice(UNITS)}"
        self.name = f"中共{self.unit}支部委员会"
        self.established = date(rng.randint(1985, 2018), rng.randint(1, 12), rng.randint(1, 28))
        self.contact = name_of(rng)
        size = max(12, min(48, int(rng.gauss(30, 6))))
        self.groups = 0 if rng.random() < 0.15 else (2 if size < 25 else rng.choice((3, 3, 4)))
        self.members = []
        for k in range(size):
            birth = date(rng.randint(1964, 1999), rng.randint(1, 12), rng.randint(1, 28))
            joined = date(
                min(2023, birth.year + rng.randint(20, 35)), rng.randint(1, 12), rng.randint(1, 28)
            )
            self.members.append(
                {
                    "id": f"M{k + 1:02d}",
                    "name": name_of(rng),
                    "gender": rng.choice("男男女"),
                    "birth_date": birth.isoformat(),
                    "joined_on": joined.isoformat(),
                    "role": ROLES_COMMITTEE[k] if k < 5 else "党员",
                    "group": GROUPS[k % self.groups] if self.groups else None,
                    "probation": k >= 5 and rng.random() < 0.05,
                }
            )
        # Habits: a base quality in [0, 1], skewed towards good branches.
        self.quality = rng.betavariate(2.3, 1.5)
        self.meeting_day = rng.randint(5, 25)  # 主题党日 fixed day of the month


REVIEW_REASONS = [
    "现场查看档案，材料齐全、分类规范，按满分核定。",
    "佐证材料不够完整，酌情扣分。",
    "现场抽查会议记录，部分记录要素不全，扣减部分分值。",
    "现场核实，材料与自评基本一致，予以确认。",
    "整改台账未按时销号，扣减部分分值。",
    "请示报告材料齐全，按自评分核定。",
]


def review_text(branch: Branch, year: int, rng: random.Random) -> str:
    """A supervision group's review of a few self-assessed items (about one dossier in eight)."""
    zone = ZONES[DEPARTMENTS.index(next(d for d in DEPARTMENTS if d[0] == branch.org)) % len(ZONES)]
    lines = [
        "# yaml-language-server: $schema=../../../../schemas/review.schema.json",
        f"# {branch.name} {year} 年度督导组现场核定意见",
        f"group: {zone[3]}",
        f"reviewed_on: {year + 1}-01-{rng.randint(8, 28):02d}",
        "items:",
    ]
    for item_id in sorted(rng.sample(sorted(SELF_ITEMS), rng.randint(1, 3))):
        points = SELF_ITEMS[item_id][0]
        lines += [
            f"  {item_id}:",
            f"    score: {points - rng.choice((0, 0, 0.5, 1)):g}",
            f"    reason: {q(rng.choice(REVIEW_REASONS))}",
        ]
    return "\n".join(lines) + "\n"


def dossier_text(branch: Branch, year: int, seed: str) -> tuple[str, str, str | None]:
    """The dossier YAML, the summary Markdown and (sometimes) the review of one branch-year."""
    rng = random.Random(f"{seed}:dossier:{branch.code}:{year}")
    quality = max(0.0, min(1.0, branch.quality + rng.gauss(0, 0.08)))

    def defect(weight: float = 1.0) -> bool:
        return rng.random() < weight * (1.0 - quality)

    members = branch.members
    ids = [m["id"] for m in members]
    committee = [m for m in members if m["role"] != "党员"]
    full = [m for m in members if not m["probation"]]
    secretary = members[0]["id"]

    lines = [
        "# yaml-language-server: $schema=../../../../schemas/dossier.schema.json",
        f"# {year} 年度党支部标准化建设台账（合成基准数据）",
        "standard:",
        f"  id: {STANDARD_ID}",
        f'  version: "{STANDARD_VERSION}"',
        f"branch: {branch.code}",
        f"year: {year}",
        "",
        "# 党员名册",
        "members:",
    ]
    # Members.
    short_hours = defect(1.6)
    short_dues = defect(1.2)
    too_many_excellent = defect(0.4)
    excellent_quota = len(members) // 3 if not too_many_excellent else len(members) // 2
    excellent = 0
    trained = dues_full = 0
    for m in members:
        is_committee = m["role"] != "党员"
        hours = rng.randint(58, 90) if is_committee else rng.randint(34, 72)
        if short_hours and rng.random() < 0.25:
            hours = rng.randint(12, 31) if not is_committee else rng.randint(30, 55)
        dues = 12 if not (short_dues and rng.random() < 0.2) else rng.randint(8, 11)
        trained += hours >= 32
        dues_full += dues == 12
        if m["probation"]:
            appraisal = "不参评"
        elif excellent < excellent_quota and rng.random() < 0.3:
            appraisal, excellent = "优秀", excellent + 1
        else:
            appraisal = (
                rng.choice(("合格", "合格", "合格", "合格", "基本合格"))
                if rng.random() < 0.1
                else "合格"
            )
        lines += [
            f"  - id: {m['id']}",
            f"    name: {m['name']}",
            f"    gender: {m['gender']}",
            f"    birth_date: {m['birth_date']}",
            f"    joined_on: {m['joined_on']}",
            f"    status: {'预备党员' if m['probation'] else '正式党员'}",
            f"    role: {m['role']}",
        ]
        if m["group"]:
            lines.append(f"    group: {m['group']}")
        lines += [
            f"    training_hours: {hours}",
            f"    dues_months: {dues}",
            f"    appraisal: {appraisal}",
        ]
        if rng.random() < 0.08:
            lines.append(f"    note: {q(rng.choice(MEMBER_NOTES))}")

    # Committee.
    expired = defect(0.35)
    elected = date(
        year - (4 if expired else rng.choice((0, 1, 2))), rng.randint(1, 11), rng.randint(1, 28)
    )
    if elected.year == year and elected.month > 6:
        elected = elected.replace(month=rng.randint(1, 6))
    budget = 0 if defect(0.3) else rng.choice((5000, 8000, 10000, 12000, 15000, 20000))
    violations = 1 if rng.random() < 0.02 else 0
    lines += [
        "",
        "committee:",
        f"  elected_on: {elected.isoformat()}",
        "",
        f"party_groups: {branch.groups}",
        "",
        "funds:",
        f"  budget_yuan: {budget}",
        "",
        "discipline:",
        f"  violations: {violations}",
        "",
    ]

    # Activities.
    acts: list[tuple[date, list[str]]] = []
    no_minutes = defect(1.2)
    no_quorum = defect(0.6)

    def months(skip_weight: float) -> list[int]:
        ms = list(range(1, 13))
        if defect(skip_weight):
            for _ in range(rng.randint(1, 4)):
                ms.remove(rng.choice(ms))
        return ms

    def quarters(skip_weight: float) -> list[int]:
        qs = [1, 2, 3, 4]
        if defect(skip_weight):
            qs.remove(rng.choice(qs))
        return qs

    def meeting(
        kind: str,
        day: date,
        topic: str,
        expected: int,
        *,
        chair: str | None = None,
        lecturer: str | None = None,
        resolution: str | None = None,
        photo: bool = False,
    ) -> None:
        rec = [
            f"  - type: {kind}",
            f"    date: {day.isoformat()}",
            f"    topic: {q(topic)}",
            f"    place: {q(rng.choice(PLACES))}",
        ]
        if chair:
            rec.append(f"    chair: {chair}")
            rec.append(f"    recorder: {rng.choice(ids[1:5])}")
        if lecturer:
            rec.append(f"    lecturer: {lecturer}")
        if expected:
            absent = (
                rng.choice((0, 0, 0, 1, 1, 2, 3)) if expected > 9 else rng.choice((0, 0, 0, 0, 1))
            )
            present = expected - absent
            if no_quorum and kind in ("支委会", "党员大会") and rng.random() < 0.3:
                present = expected // 2
            rec += [f"    expected: {expected}", f"    present: {present}"]
            if present < expected:
                rec.append(f"    absent_reasons: {q(rng.choice(ABSENT))}")
        if resolution:
            rec.append(f"    resolution: {q(resolution)}")
        if kind in MINUTES and not (no_minutes and rng.random() < 0.3):
            rec.append(f"    minutes: {MINUTES[kind]}")
        if photo:
            rec.append(f"    evidence: [{OTHER_EVIDENCE['A1.3']}]")
        acts.append((day, rec))

    n_members, n_full, n_committee = len(members), len(full), len(committee)
    counts = {
        "study": 0,
        "lecture": 0,
        "secretary": 0,
        "day": 0,
        "cm": 0,
        "gm": 0,
        "vol": 0,
        "disc": 0,
        "talk": 0,
    }
    for mo in months(1.0):
        meeting(
            "支委会",
            rand_day(rng, year, mo, 1, 10),
            rng.choice(COMMITTEE_TOPICS),
            n_committee,
            chair=secretary,
            resolution=rng.choice(RESOLUTIONS),
        )
        counts["cm"] += 1
    for mo in months(1.3):
        meeting(
            "集中学习",
            rand_day(rng, year, mo, 8, 28),
            f"学习{rng.choice(STUDY)}",
            n_members,
            chair=secretary,
        )
        counts["study"] += 1
    for mo in months(1.0):
        day = date(year, mo, branch.meeting_day)
        meeting(
            "主题党日",
            day,
            f"{mo}月主题党日：{rng.choice(DAY_THEMES)}",
            n_members,
            photo=rng.random() < 0.5,
        )
        counts["day"] += 1
    if branch.groups:
        for mo in months(1.5):
            meeting(
                "党小组会",
                rand_day(rng, year, mo),
                rng.choice(GROUP_TOPICS),
                max(3, n_members // branch.groups),
                chair=rng.choice(ids[:5]),
            )
    secretary_lectures = not defect(0.5)
    for qu in quarters(1.0):
        lecturer = secretary if (qu == 2 and secretary_lectures) else rng.choice(ids[1:5])
        meeting(
            "党课",
            rand_day(rng, year, qu * 3 - rng.randint(0, 2)),
            rng.choice(LECTURES),
            n_members,
            lecturer=lecturer,
        )
        counts["lecture"] += 1
        counts["secretary"] += lecturer == secretary
    for qu in quarters(1.0):
        meeting(
            "党员大会",
            rand_day(rng, year, qu * 3 - rng.randint(0, 2)),
            rng.choice(GENERAL_TOPICS),
            n_full,
            chair=secretary,
            resolution=rng.choice(RESOLUTIONS),
        )
        counts["gm"] += 1
    for qu in quarters(1.2):
        meeting(
            "志愿服务",
            rand_day(rng, year, qu * 3 - rng.randint(0, 2)),
            rng.choice(VOLUNTEER),
            n_members,
        )
        counts["vol"] += 1
    for qu in quarters(1.2):
        day = rand_day(rng, year, qu * 3 - rng.randint(0, 2))
        acts.append(
            (
                day,
                [
                    "  - type: 党务公开",
                    f"    date: {day.isoformat()}",
                    f"    topic: {q(rng.choice(DISCLOSURE))}",
                    "    place: 机关党务公开栏",
                ],
            )
        )
        counts["disc"] += 1
    if not defect(0.5):
        meeting(
            "警示教育",
            rand_day(rng, year, rng.randint(3, 10)),
            rng.choice(WARNING_TOPICS),
            n_members,
        )
    if not defect(0.4):
        meeting(
            "组织生活会",
            rand_day(rng, year, 12, 1, 20),
            f"{year}年度组织生活会",
            n_full,
            chair=secretary,
            resolution="查摆问题并制定整改措施",
        )
    if not defect(0.4):
        meeting(
            "民主评议党员",
            rand_day(rng, year, 12, 1, 25),
            f"{year}年度民主评议党员",
            n_full,
            chair=secretary,
        )
    if not defect(0.4):
        meeting(
            "书记述职评议",
            rand_day(rng, year, 12, 15, 28),
            f"支部书记{year}年度抓党建工作述职评议",
            n_members,
            chair=ids[1],
        )
    # Talks: several rounds covering the roster (or part of it).
    talk_cover = 1.0 if not defect(1.2) else rng.uniform(0.5, 0.9)
    covered = ids[: max(1, round(n_members * talk_cover))]
    rounds = rng.randint(2, 4)
    for r in range(rounds):
        part = covered[r::rounds]
        if not part:
            continue
        day = rand_day(rng, year, rng.randint(1, 12))
        acts.append(
            (
                day,
                [
                    "  - type: 谈心谈话",
                    f"    date: {day.isoformat()}",
                    f"    topic: {q(f'支委与党员谈心谈话（第{r + 1}轮）')}",
                    f"    participants: [{', '.join(part)}]",
                ],
            )
        )
        counts["talk"] += len(part)
    if rng.random() < 0.3:
        day = rand_day(rng, year, rng.randint(4, 11))
        acts.append(
            (
                day,
                [
                    "  - type: 发展党员",
                    f"    date: {day.isoformat()}",
                    "    topic: 确定入党积极分子并指定培养联系人",
                ],
            )
        )

    acts.sort(key=lambda a: a[0])
    lines.append("# 活动记录")
    lines.append("activities:")
    for _, rec in acts:
        lines += rec

    # Items.
    lines += ["", "# 逐条自评", "items:"]
    fmt = dict(
        counts,
        trained=trained,
        members=n_members,
        full=n_full,
        committee=n_committee,
        elected=f"{elected.year}年{elected.month}月",
        groups=branch.groups,
        dues=dues_full,
        budget=budget,
    )
    overclaim = quality < 0.55
    for item_id, points in POINTS.items():
        lines.append(f"  {item_id}:")
        if item_id == "A2.5" and not branch.groups:
            lines.append("    na_reason: 支部党员人数较少，未划分党小组")
            continue
        if item_id in SELF_ITEMS:
            score = (
                points
                if (overclaim or rng.random() < quality + 0.2)
                else points - rng.choice((0.5, 1))
            )
        else:
            score = (
                points
                if rng.random() < quality + 0.1
                else max(0, points - rng.choice((0.5, 1, 1.5)))
            )
        lines.append(f"    self_score: {score:g}")
        note = ITEM_NOTES[item_id].format(**fmt) + "".join(rng.sample(GENERIC, rng.choice((1, 2))))
        lines.append(f"    note: {q(note)}")
        cited = []
        if item_id in SELF_ITEMS and not defect(0.7):
            cited.append(SELF_ITEMS[item_id][1])
        elif item_id in OTHER_EVIDENCE and not defect(0.5):
            cited.append(OTHER_EVIDENCE[item_id])
        if cited:
            lines.append(f"    evidence: [{', '.join(cited)}]")

    text = "\n".join(lines) + "\n"
    summary = (
        f"# {branch.name}{year}年度党建工作总结\n\n"
        f"{year}年，{branch.name}在上级党委的坚强领导下，以党的政治建设为统领，全面落实支部标准化建设各项要求。\n\n"
        f"## 主要工作\n\n"
        f"- 组织集中学习 {counts['study']} 次，上党课 {counts['lecture']} 次，"
        f"开展主题党日 {counts['day']} 次。\n"
        f"- 召开支委会 {counts['cm']} 次、党员大会 {counts['gm']} 次，"
        f"开展志愿服务 {counts['vol']} 次。\n"
        f"- 党员 {n_members} 名，其中 {trained} 名学时达标，{dues_full} 名全年足额交纳党费。\n\n"
        f"## 存在的不足\n\n{''.join(rng.sample(GENERIC, 3))}\n\n"
        f"## 下一步打算\n\n{''.join(rng.sample(GENERIC, 2))}\n"
    )
    review = review_text(branch, year, rng) if rng.random() < 0.12 else None
    return text, summary, review


def branch_text(branch: Branch) -> str:
    return (
        "# yaml-language-server: $schema=../../../schemas/branch.schema.json\n"
        f"code: {branch.code}\nname: {q(branch.name)}\norganization: {branch.org}\n"
        f"unit: {q(branch.unit)}\n"
        f"established_on: {branch.established.isoformat()}\ncontact:\n  name: {branch.contact}\n"
    )


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except FileExistsError:
        pass
    except OSError:
        shutil.copyfile(src, dst)


def generate(out: Path, count: int, seed: int | str = 1, years: list[int] | None = None) -> dict:
    years = sorted(years or [2024, 2025])
    seed = str(seed)
    out.mkdir(parents=True, exist_ok=True)
    masters = write_masters(out / ".masters")
    (out / "organization.yaml").write_text(organization_text(years), encoding="utf-8")
    n_branches = -(-count // len(years))
    written = 0
    total_bytes = 0
    reviews = 0
    for b in range(n_branches):
        branch = Branch(seed, b)
        bdir = out / "branches" / branch.code
        bdir.mkdir(parents=True, exist_ok=True)
        (bdir / "branch.yaml").write_text(branch_text(branch), encoding="utf-8")
        for year in years:
            if written >= count:
                break
            ydir = bdir / str(year)
            (ydir / "evidence").mkdir(parents=True, exist_ok=True)
            text, summary, review = dossier_text(branch, year, seed)
            data = text.encode("utf-8")
            (ydir / "dossier.yaml").write_bytes(data)
            (ydir / "summary.md").write_text(summary, encoding="utf-8")
            if review:
                (ydir / "review.yaml").write_text(review, encoding="utf-8")
                reviews += 1
            for cited, master in masters.items():
                _link(master, ydir / cited)
            total_bytes += len(data)
            written += 1
    return {
        "dossiers": written,
        "branches": n_branches,
        "years": years,
        "seed": seed,
        "dossier_bytes": total_bytes,
        "reviews": reviews,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="content root to write (created if missing)")
    parser.add_argument("--count", type=int, required=True, help="number of dossiers")
    parser.add_argument("--seed", default="1", help="seed (default 1)")
    parser.add_argument(
        "--years", type=int, nargs="+", default=[2024, 2025], help="years per branch"
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    start = time.perf_counter()
    info = generate(args.out, args.count, args.seed, args.years)
    took = time.perf_counter() - start
    mean_kb = info["dossier_bytes"] / info["dossiers"] / 1024
    print(
        f"wrote {info['dossiers']} dossiers "
        f"({info['branches']} branches x {len(info['years'])} years), "
        f"{info['reviews']} with review.yaml, mean dossier.yaml {mean_kb:.1f} KB, "
        f"in {took:.1f} s -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

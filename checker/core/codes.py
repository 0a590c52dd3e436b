"""The one table of finding codes, and the families they belong to.

Every finding the tool can raise has a stable code here, with its level, a short Chinese
title, why it matters and how to fix it. The first letter of a code names its family; each
family belongs to one domain: ``core`` families are shared vocabulary that any kind of
content may raise, a domain's own family (``dossier``) is raised only inside that domain's
package. README's legend and table, ``checker codes`` and the site's codes page are all
rendered from these two tables, and tests keep them and the code that raises them in step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]

# The domains a family may belong to: the generic core, or a kind of content's package
# (checker/<domain>/). What each is called in the legend.
DOMAINS: dict[str, str] = {
    "core": "各类内容通用",
    "dossier": "支部标准化台账",
    "points": "党员积分",
    "assessment": "年度考核",
}


@dataclass(frozen=True, slots=True)
class Family:
    letter: str
    name: str  # short, for the legend and the site's headings
    description: str  # one line: what the family's codes check
    domain: str  # a key of DOMAINS


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    level: Level
    title: str
    why: str  # one sentence: what goes wrong if it is left as it is
    fix: str
    family: Family


def families(*rows: Family) -> dict[str, Family]:
    """The family table keyed by letter; an unknown domain or a repeated letter is an error."""
    table: dict[str, Family] = {}
    for family in rows:
        if family.domain not in DOMAINS:
            raise ValueError(f"family {family.letter}: unknown domain {family.domain!r}")
        if len(family.letter) != 1 or family.letter in table:
            raise ValueError(f"family {family.letter!r}: not one letter, or listed twice")
        table[family.letter] = family
    return table


def registry(
    families: dict[str, Family], rows: Iterable[tuple[str, Level, str, str, str]]
) -> dict[str, Code]:
    """The code table. Raises ValueError when a code's letter has no family, a family has no
    code, or the codes are not listed family by family in the families' order (README's
    table and the site's grouped page must read alike)."""
    table: dict[str, Code] = {}
    for code_id, level, title, why, fix in rows:
        family = families.get(code_id[:1])
        if family is None:
            raise ValueError(f"code {code_id}: no family for the letter {code_id[:1]!r}")
        if code_id in table:
            raise ValueError(f"code {code_id} is listed twice")
        table[code_id] = Code(code_id, level, title, why, fix, family)
    seen = list(dict.fromkeys(c.family.letter for c in table.values()))
    empty = [letter for letter in families if letter not in seen]
    if empty:
        raise ValueError(f"families without codes: {', '.join(empty)}")
    if seen != list(families):
        raise ValueError("codes must be listed family by family, in the order of the families")
    return table


FAMILIES: dict[str, Family] = families(
    # Core: the files, YAML, schemas and dates every kind of content is made of; R because
    # the organization file, the member roster and the standard are shared by every kind
    # (core/organization.py raises R005); E and W because the evidence checks and the Word
    # primitives live in the core; I because every published page is scanned alike.
    Family("F", "文件和编码", "文本文件能否读取：是否存在、大小、编码和其中的字符。", "core"),
    Family("Y", "YAML 语法", "YAML 的写法：缩进、键和值，以及为安全起见不允许的写法。", "core"),
    Family("S", "格式（Schema）", "内容是否符合标准规定的格式：字段、类型和取值。", "core"),
    Family("D", "日期", "日期是否在考核年度内，是否晚于今天。", "core"),
    Family(
        "R",
        "引用和一致性",
        "文件之间是否对得上：党员编号、党组织、标准条目、目录和分值。",
        "core",
    ),
    Family(
        "E",
        "佐证材料",
        "佐证材料是否存在，路径和类型是否安全，内容是否与扩展名相符。",
        "core",
    ),
    Family(
        "W",
        "Word 表格导入",
        "导入 Word 填报表格时：文件是否安全，表格是否原样，填写的值能否识别。",
        "core",
    ),
    # The dossier's own: the inbox takes dossier uploads only (U007 and U008 name its
    # files), and P is why the dossier's rules and scoring took points away.
    Family(
        "U",
        "收件箱上传",
        "收件箱中上传的文件和压缩包：类型、安全和目录结构。",
        "dossier",
    ),
    Family("P", "失分原因", "评分时每一处失分的原因。", "dossier"),
    Family(
        "J",
        "党员积分",
        "党员积分台账：申报、审核、群众评议和年度定级是否对得上，哪些积分不计。",
        "points",
    ),
    Family(
        "K",
        "年度考核",
        "党组织年度考核的输入：民主测评票数、定量互评、量化测评和加减分申报。",
        "assessment",
    ),
    Family("I", "个人信息", "站点和报告公开的文字中是否含有个人信息。", "core"),
)


CODES: dict[str, Code] = registry(
    FAMILIES,
    [
        # F: 文件和编码
        (
            "F001",
            "error",
            "文件不存在或无法读取",
            "读不到的文件无法检查，其中记录的工作也就不能计分。",
            "检查路径是否正确，文件是否有读取权限。",
        ),
        (
            "F002",
            "error",
            "文件过大",
            "过大的文件会拖慢检查，往往是误粘贴了附件或大段内容。",
            "台账文件应为纯文本，请删除粘贴进来的大段内容或附件，附件放入 evidence/ 目录。",
        ),
        (
            "F003",
            "error",
            "文件为空",
            "空文件里没有任何记录，等于这份材料没有交。",
            "请按模板填写内容，或用 `checker new` 重新生成。",
        ),
        (
            "F004",
            "error",
            "文件不是 UTF-8 编码",
            "编码不对时汉字会变成乱码，既无法检查，也无法展示。",
            "请用编辑器（如 VS Code、记事本）“另存为”UTF-8 编码。",
        ),
        (
            "F005",
            "warning",
            "文件带有 BOM 或为 UTF-16 编码，已自动转换",
            "这次已自动转换，但用别的软件打开时仍可能出现乱码或看不见的多余字符。",
            "建议另存为不带 BOM 的 UTF-8 编码。",
        ),
        (
            "F006",
            "error",
            "文件含有二进制内容或控制字符",
            "看不见的字符会让内容显示错乱，也可能夹带不该有的数据。",
            "该文件不是文本文件，或混入了不可见字符；请删除这些字符后另存为 UTF-8。",
        ),
        (
            "F007",
            "error",
            "文件是指向内容目录之外的链接",
            "链接会让检查读到内容目录之外的文件，而上报的材料中并没有它。",
            "台账、叙述、核定意见和组织结构文件都必须是内容目录中的普通文件；请删除链接，把真实文件放在原处。",
        ),
        (
            "F008",
            "error",
            "叙述的 Markdown 结构超出限制（嵌套过深或一段中的符号过多）",
            "结构过于复杂的叙述会让站点生成变慢甚至卡住，正常写作用不到这么多层。",
            "减少列表和引用的嵌套层数；把很长的段落拆开（空一行）；删去多余的方括号、尖括号、反引号和字符实体（如 `&#106;`）。上限见标准 settings 中的 `narrative_limits`。",
        ),
        (
            "F010",
            "error",
            "检查这份台账时出现内部错误",
            "出错的是检查工具本身，这份台账暂时得不到完整的检查结果。",
            "这是 checker 的缺陷，不是台账的问题；其余台账照常检查。请把这条信息和台账文件交给维护 checker 的信息化人员。",
        ),
        # Y: YAML 语法
        (
            "Y001",
            "error",
            "YAML 语法错误",
            "语法错了，整个文件都读不出来，其中的记录全部无法检查。",
            "检查该行的缩进、冒号和引号；缩进只能用空格，不能用 Tab。",
        ),
        (
            "Y002",
            "error",
            "重复的键",
            "同一个键写了两次，只有一处算数，另一处的内容会悄悄丢失。",
            "同一层级中一个键只能出现一次；请删除或合并重复的项。",
        ),
        (
            "Y003",
            "error",
            "不允许使用锚点或别名（& 与 *）",
            "引用把一处内容复制到多处，既不直观，也可能被用来制造极大的文件。",
            "请把引用的内容直接写出来。",
        ),
        (
            "Y004",
            "error",
            "不允许使用 YAML 标签（`!!` 或 `!`）",
            "标签会改变值的类型，读出的结果可能和写下的内容不一样。",
            "请删除标签，直接写值。",
        ),
        (
            "Y005",
            "error",
            "一个文件中有多个 YAML 文档",
            "一个文件只对应一份记录，多出来的文档不知道该归到哪里。",
            "一个文件只写一个文档，删除多余的 `---` 分隔线。",
        ),
        (
            "Y006",
            "error",
            "嵌套层级过深",
            "层级这么深，多半是缩进写错了，内容会落到错误的位置。",
            "台账的结构不需要这么多层；请检查是否误用了缩进或方括号。",
        ),
        (
            "Y007",
            "error",
            "不允许 NaN 或无穷大",
            "这样的值不是真实的数字，无法参与计分和统计。",
            "请填写具体数字。",
        ),
        (
            "Y008",
            "error",
            "键必须是文字",
            "用数字或日期作键，会被读成别的类型，字段就对不上了。",
            "把键改为普通文字，例如 `year:`。",
        ),
        (
            "Y009",
            "error",
            "文件顶层必须是键值结构",
            "检查按字段名查找内容，顶层不是键值结构就一项也找不到。",
            "文件应以 `键: 值` 的形式开始，参考 README 中的示例。",
        ),
        # S: 格式（Schema）
        (
            "S001",
            "error",
            "类型不符",
            "类型不对的值无法计算，例如写成文字的人数就不能统计。",
            "按提示改成要求的类型；文字可以加引号，数字不要加引号。",
        ),
        (
            "S002",
            "error",
            "未知字段",
            "拼错的字段不会被读取，其中的内容等于没有填写。",
            "检查字段名是否拼写错误；不在标准格式中的内容请删除或写入备注。",
        ),
        (
            "S003",
            "error",
            "缺少必填字段",
            "缺了必填的内容，相关条目就无法检查和计分。",
            "补充该字段。",
        ),
        (
            "S004",
            "error",
            "取值不在允许范围内",
            "不在选项中的值无法归类，相应的会议或活动不会被统计。",
            "从提示列出的选项中选择一个。",
        ),
        (
            "S005",
            "error",
            "格式不正确",
            "格式不对的日期或编号认不出来，相关记录无法按时间和对象统计。",
            "日期写作 `2026-09-13` 这样的形式；编号按提示的格式填写。",
        ),
        (
            "S006",
            "error",
            "数值超出范围",
            "超出范围的数值多半是笔误，照此计分会得出错误的结果。",
            "按提示修改数值。",
        ),
        (
            "S007",
            "error",
            "条目数量不符合要求",
            "条目多了或少了，说明记录不完整或有重复。",
            "按提示增删条目。",
        ),
        (
            "S008",
            "error",
            "内容不符合格式要求",
            "不符合格式的内容无法准确读取，可能漏算或错算。",
            "对照 README 中的台账格式修改。",
        ),
        # D: 日期
        (
            "D001",
            "error",
            "日期不在考核年度内",
            "其他年度的记录不能计入本年度，否则成绩会多算或漏算。",
            "只记录本年度的活动；往年的记录放到对应年度的台账中。",
        ),
        (
            "D002",
            "error",
            "日期晚于今天",
            "还没到的日期不可能已经开展工作，多半是年份或月份写错了。",
            "检查日期是否写错。",
        ),
        # R: 引用和一致性
        (
            "R001",
            "error",
            "引用了不存在的党员编号",
            "对不上名册的编号无法确认是谁，出勤和参学情况就统计不准。",
            "在 members 中补充该党员，或改正编号。",
        ),
        (
            "R002",
            "error",
            "党员编号重复",
            "编号重复时分不清是哪一名党员，记录会算到别人身上。",
            "每名党员的编号必须唯一。",
        ),
        (
            "R003",
            "error",
            "到会人数超过应到人数",
            "到会人数比应到人数还多，说明至少有一个数字记错了，到会率也不可信。",
            "核对到会人数和应到人数。",
        ),
        (
            "R004",
            "error",
            "台账与所在目录不一致",
            "目录决定台账属于哪个支部、哪个年度，不一致时成绩会记到别处。",
            "支部编号和年度应与目录名一致，例如 branches/<编号>/<年度>/dossier.yaml。",
        ),
        (
            "R005",
            "error",
            "引用了不存在的上级党组织或责任区",
            "找不到的组织或责任区无法汇总，支部不会出现在相应的统计和名单中。",
            "对照 organization.yaml 改正编号。",
        ),
        (
            "R006",
            "error",
            "引用了标准中不存在的条目",
            "标准中没有的条目无法计分，为它填写的自评或核定意见不起作用。",
            "条目编号见标准（`checker` 站点的“标准”页），例如 `A2.3`。",
        ),
        (
            "R007",
            "error",
            "台账使用的标准与当前标准不一致",
            "按不同的标准填写，条目和分值对不上，成绩无法与其他支部比较。",
            "把 standard 改为当前标准的编号和版本，或用 `checker new` 重新生成。",
        ),
        (
            "R008",
            "error",
            "缺少支部基本信息文件 branch.yaml",
            "没有基本信息，就不知道支部的名称、所属党组织和责任区。",
            "在支部目录下建立 branch.yaml，可用 `checker new` 生成。",
        ),
        (
            "R009",
            "error",
            "缺少组织结构文件 organization.yaml",
            "没有组织结构，就无法确认各支部的上级党组织和责任区，也无法汇总。",
            "在内容根目录建立 organization.yaml。",
        ),
        (
            "R010",
            "error",
            "未找到可检查的台账",
            "路径下没有台账，这次什么也没有检查。",
            "检查路径；台账应位于 branches/<编号>/<年度>/dossier.yaml。",
        ),
        (
            "R011",
            "error",
            "核定意见中的分值超出该条目满分",
            "超过满分的核定分会使总分失真。",
            "核定分值应在 0 到该条目满分之间。",
        ),
        (
            "R012",
            "error",
            "自评分超出该条目满分",
            "超过满分的自评分不合理，计分时无法采用。",
            "自评分应在 0 到该条目满分之间。",
        ),
        # E: 佐证材料
        (
            "E001",
            "error",
            "佐证材料文件不存在",
            "列出的佐证找不到，这项工作就没有凭据，相应条目会失分。",
            "把文件放入本年度 evidence/ 目录，或改正文件名（注意大小写）。",
        ),
        (
            "E002",
            "error",
            "佐证材料路径不安全",
            "这样的路径可能指向别处或网上的文件，上报的材料中并没有它。",
            "只写本年度目录内的相对路径，例如 `evidence/会议记录.pdf`；不能用 `..`、绝对路径、盘符或网址。",
        ),
        (
            "E003",
            "error",
            "佐证材料类型不允许",
            "不允许的类型可能打不开，或者带有安全风险。",
            "允许的类型见提示；照片用 JPG/PNG，文件用 PDF。",
        ),
        (
            "E004",
            "error",
            "佐证材料内容与扩展名不符",
            "改过扩展名的文件打不开，也可能是伪装的有害文件。",
            "文件实际类型与扩展名不一致，请用原始程序重新导出为对应格式。",
        ),
        (
            "E005",
            "error",
            "佐证材料文件过大",
            "过大的文件难以上传、保存和查看。",
            "压缩图片或拆分文件后再上传。",
        ),
        (
            "E006",
            "error",
            "佐证材料是指向目录外的链接",
            "链接指向的文件不随台账上报，本地检查时有，交上去就没有了。",
            "把真实文件复制到 evidence/ 目录中。",
        ),
        (
            "E007",
            "error",
            "佐证材料文件名含非法字符",
            "这些字符在有的系统上不能用在文件名中，文件可能无法保存或打开。",
            "文件名只用汉字、字母、数字、横线、下划线和点。",
        ),
        (
            "E008",
            "error",
            "佐证材料文件名仅大小写不同",
            "在 Windows 上这两个文件会互相覆盖，最后只剩一个。",
            "在不区分大小写的系统上它们是同一个文件；请改名区分。",
        ),
        (
            "E009",
            "error",
            "SVG 图片含有脚本或外部引用",
            "图片中的脚本会在浏览页面的人的电脑上运行，有安全风险。",
            "请导出为 PNG 或 JPG。",
        ),
        ("E010", "warning", "佐证材料为空文件", "空文件不能证明开展了工作。", "上传有内容的文件。"),
        (
            "E011",
            "error",
            "佐证图片的像素尺寸过大",
            "像素过多的图片打开时会耗尽内存，站点也不会展示它。",
            "把图片缩小到标准规定的像素数以内（手机照片一般为 1200 万像素）后另存，再上传。",
        ),
        # W: Word 表格导入
        (
            "W001",
            "error",
            "不是 Word 文档（.docx）",
            "只有 Word 文档才能逐栏读出填写的内容。",
            "请用 Word 或 WPS 打开后“另存为”Word 文档（*.docx），再导入。",
        ),
        (
            "W002",
            "error",
            "Word 文档已损坏",
            "损坏的文档读不全，导入的台账可能缺项。",
            "请用 Word 或 WPS 打开检查；能打开的，另存为新的 .docx 文件后再导入。",
        ),
        (
            "W003",
            "error",
            "文件过大或压缩比异常（疑似压缩炸弹）",
            "这样的文件解开后会占满内存或磁盘，为安全起见不予导入。",
            "表格中不要粘贴大量图片或附件；佐证材料请放入 evidence/ 目录。",
        ),
        (
            "W004",
            "error",
            "文件含有宏",
            "宏是可以运行的程序，可能带有病毒。",
            "请另存为不含宏的 Word 文档（*.docx）后再导入。",
        ),
        (
            "W005",
            "error",
            "文件含有不安全的结构",
            "这些结构可能带有外部链接或隐藏的内容，无法安全地读取。",
            "请用 Word 或 WPS 打开后另存为新的 .docx 文件；仍不能导入的，用 `checker template` 重新生成表格。",
        ),
        (
            "W006",
            "error",
            "不是由 checker 生成的填报表格",
            "只有按标准生成的表格，才能确定每一栏对应台账中的哪一项。",
            "用 `checker template -o 表格.docx` 生成表格，在表格中填写后再导入。",
        ),
        (
            "W007",
            "error",
            "表格按其他版本的标准或表式生成",
            "不同版本的表格条目不同，按当前标准读取会对错位置。",
            "用 `checker template` 按当前标准重新生成表格（可用 `--from` 预填已有台账），把内容誊入新表格。",
        ),
        (
            "W008",
            "error",
            "表格结构被改动",
            "表格靠固定的位置对应台账的字段，改动后内容会填到错误的地方。",
            "不要删除、增加或调换表格和固定行；党员名册和活动记录只在表格末尾增加行。",
        ),
        (
            "W009",
            "error",
            "日期无法识别",
            "认不出的日期无法判断活动是否在本年度、是否按期开展。",
            "日期写作 2025年3月6日、2025.3.6、2025/3/6 或 2025-03-06。",
        ),
        (
            "W010",
            "error",
            "数字无法识别",
            "认不出的数字无法计算人数、学时和分值。",
            "只填写数字，例如 12 或 12.5。",
        ),
        (
            "W011",
            "error",
            "取值不在可选范围内",
            "选项以外的值无法对应到台账中的规定取值。",
            "从提示列出的选项中选择一个。",
        ),
        (
            "W012",
            "error",
            "台账已存在，未覆盖",
            "直接覆盖会丢掉现有台账中的内容，所以要先确认。",
            "确认要用表格内容覆盖现有文件时，加 `--force` 重新导入；导入前会列出改动。",
        ),
        (
            "W013",
            "error",
            "封面的支部编号或考核年度无法识别",
            "支部编号和考核年度决定台账存放的位置，认不出就不知道放在哪里。",
            "在封面填写支部编号（字母、数字和横线）和四位数的考核年度。",
        ),
        (
            "W014",
            "error",
            "表格中的段落、单元格或文字过多",
            "内容远超正常填写的分量，可能是误粘贴，也可能是有害的文件。",
            "正常填写的表格远低于此上限；请用 `checker template` 重新生成表格，把内容誊入，不要粘贴大段复制的内容。",
        ),
        (
            "W015",
            "error",
            "表格中的叙述超过文件大小上限",
            "超过上限的叙述导入后也通不过检查，所以在写入之前就拒绝。",
            "精简该栏的文字（附件、全文材料放入 evidence/ 目录），再导入。",
        ),
        # U: 收件箱上传
        (
            "U001",
            "error",
            "上传的文件不是可以接收的类型",
            "收件箱只接收填报表格和台账压缩包，其他文件无法处理。",
            "只上传用 `checker template` 生成并填好的 Word 表格（.docx），或年度台账目录的 zip 压缩包（.zip）。",
        ),
        (
            "U002",
            "error",
            "压缩包已损坏或不是 zip 文件",
            "损坏的压缩包解不开，其中的台账无法检查。",
            "重新压缩年度台账目录（右键“发送到 → 压缩（zipped）文件夹”），上传完整的 .zip 文件。",
        ),
        (
            "U003",
            "error",
            "压缩包过大、文件过多或压缩比异常（疑似压缩炸弹）",
            "这样的压缩包解开后会占满磁盘，为安全起见不予接收。",
            "压缩包中只放本年度的台账；照片先缩小，单个文件不要超过标准规定的大小。",
        ),
        (
            "U004",
            "error",
            "压缩包中有不安全的路径或文件",
            "这些路径或文件在解压时可能写到目录之外，或覆盖别的文件。",
            "只压缩年度台账目录本身；不要包含快捷方式、符号链接或加密的文件，文件名不要含特殊字符，也不要有仅大小写不同的文件名。",
        ),
        (
            "U005",
            "error",
            "压缩包中的文件类型不允许或内容与扩展名不符",
            "不允许的类型或改过扩展名的文件打不开，也可能有害。",
            "佐证材料只用标准允许的类型（如 PDF、JPG、PNG、DOCX、XLSX），用原始程序导出为该格式，不要只改扩展名。",
        ),
        (
            "U006",
            "error",
            "压缩包中又有压缩包",
            "里层的压缩包不会被检查，其中的材料等于没有上报。",
            "把里面的压缩包解开，文件直接放入 evidence/ 目录，再重新压缩上传。",
        ),
        (
            "U007",
            "error",
            "压缩包的目录结构无法识别",
            "找不到台账文件，就无法判断上传的是哪个支部、哪个年度。",
            "压缩包中只放一个年度的台账：dossier.yaml、summary.md、highlights.md 和 evidence/ 目录，可以放在年度目录或“支部编号/年度”目录中，见 README 的“收件箱”一节。",
        ),
        (
            "U008",
            "error",
            "支部不能上报督导组的核定意见（review.yaml）",
            "核定意见由督导组作出，支部上报的核定意见不能算数。",
            "从压缩包中删除 review.yaml；核定意见由督导组填写，不随台账上报。",
        ),
        (
            "U009",
            "error",
            "年度台账已存在，未替换",
            "直接替换会丢掉现有的台账，所以要先确认。",
            "确认用上传的内容替换现有台账时，把原件从 inbox/rejected/ 移回 inbox/，加 `--force` 重新运行 `checker ingest`；回执中列出了改动。",
        ),
        (
            "U010",
            "error",
            "压缩包中的文件名或路径过长",
            "名称过长的文件在解压时无法保存，会丢失。",
            "把过长的文件名或目录名改短（一个汉字占 3 字节，一个名称不超过约 70 个汉字），减少目录层次，再重新压缩上传。",
        ),
        (
            "U011",
            "error",
            "民主测评统计表和互评汇总表不经收件箱上传",
            "这两种表计入党组织的年度考核，由工委核对后导入，不是支部的台账。",
            "把填好的表交给工委，由工作人员运行 `checker import 表格.docx` 导入。",
        ),
        # P: 失分原因
        (
            "P001",
            "warning",
            "有周期缺少规定的会议或活动",
            "标准要求按期开展，缺了哪个月或哪个季度，这一项就要扣分。",
            "按标准要求的频次开展并如实记录；已开展的请补录记录。",
        ),
        (
            "P002",
            "warning",
            "会议到会人数未过半",
            "到会不过半数的会议不符合规定，作出的决定也不算数。",
            "党员大会、支委会须有过半数应到人员到会；记录缺席人员及原因。",
        ),
        (
            "P003",
            "warning",
            "指标未达到要求",
            "人数、比例或学时没有达到标准，这一项不能得满分。",
            "按标准要求补齐；数据有误的请更正台账。",
        ),
        (
            "P004",
            "warning",
            "佐证材料不足",
            "没有佐证，就无法证明这项工作确实开展了。",
            "补充该条目要求的佐证材料并在 evidence 中列出。",
        ),
        (
            "P005",
            "warning",
            "自评分因缺少佐证被限制",
            "自评分要有材料支撑，缺少佐证的部分不能全部计入。",
            "补充佐证材料后，自评分才能全部计入。",
        ),
        (
            "P006",
            "warning",
            "缺少自评分",
            "这一项按支部自评计分，没有自评分只能记零分。",
            "在 items 中为该条目填写 self_score。",
        ),
        (
            "P007",
            "error",
            "触发一票否决",
            "一票否决事项是底线，出现后不论总分多少都只能评为最低等次。",
            "一票否决事项整改到位前，等次只能评为最低等次。",
        ),
        (
            "P008",
            "warning",
            "声明不适用但条件不满足",
            "只有符合规定的情形才能不适用，否则这项工作仍要开展并计分。",
            "该条目只有在提示所述情形下才可不适用；请删除 na_reason 并按要求开展工作。",
        ),
        (
            "P009",
            "warning",
            "符合不适用情形但未说明理由",
            "不写理由，督导组无法确认这一项确实不适用。",
            "在 items 中为该条目填写 na_reason，说明不适用的理由。",
        ),
        (
            "P010",
            "warning",
            "支部委员会任期已届满",
            "按期换届是党的组织制度的要求，任期届满未换届就要扣分。",
            "按期进行换届选举；延期须经上级党组织批准。",
        ),
        (
            "P011",
            "warning",
            "督导组核定分低于满分",
            "核定分是最终计入的分数，低于满分说明督导组认为还有差距。",
            "按督导组意见整改。",
        ),
        (
            "P012",
            "warning",
            "支部自评分低于满分",
            "分数按支部自评计入，支部自己认为不足的部分就是这一项失去的分。",
            "自评分是支部自己的判断；工作补齐、佐证充分后可如实提高自评分，督导组核定时以核定分为准。",
        ),
        (
            "P013",
            "warning",
            "没有数据，无法判断，不得分",
            "没有填写的内容不能算作做到了，否则空白的台账也能得分。",
            "按实际情况填写党员名册、活动记录等内容后重新评分；确实不适用的条目填写不适用理由。",
        ),
        (
            "P014",
            "warning",
            "未填写，按没有问题计分",
            "没有问题也要写明，否则看台账的人分不清是没有问题还是漏填了。",
            "本年度确实没有问题的，在相应位置填写 0。",
        ),
        # J: 党员积分
        (
            "J001",
            "error",
            "积分台账中的党员编号不在党员名册中",
            "不在名册中的人无法计入任何党员的积分。",
            "改正党员编号，或先在本年度台账的党员名册中补充该党员。",
        ),
        (
            "J002",
            "error",
            "申报的积分标准不存在",
            "没有这条标准就不知道每次计几分。",
            "按积分标准（points.yaml）改正编号，例如 P01。",
        ),
        (
            "J003",
            "warning",
            "申报超过该标准每月计入的上限",
            "超出上限的部分按标准不能计入积分。",
            "不需要修改；如确有遗漏，改报到对应的其他标准。",
        ),
        (
            "J004",
            "warning",
            "申报超过该标准每年计入的上限",
            "全年超出上限后再报的积分不再计入。",
            "不需要修改；全年的积分已达到这条标准的上限。",
        ),
        (
            "J005",
            "warning",
            "须附佐证材料的申报没有附",
            "没有佐证的申报无法核实，按规定不计分。",
            "把佐证材料放入本年度 evidence/ 目录，在申报的 evidence 中写明路径。",
        ),
        (
            "J006",
            "warning",
            "有申报尚未经支部审核",
            "未经审核的申报暂不计入积分。",
            "支部委员会审核后，逐条写明 result，并写上审核日期 reviewed_on。",
        ),
        (
            "J007",
            "error",
            "审核日期早于该月结束",
            "月份还没过完就审核说明日期写错或审核不完整。",
            "按实际审核的日期填写，审核应在次月进行。",
        ),
        (
            "J008",
            "warning",
            "月度申报审核不及时",
            "审核拖延会使党员积分迟迟得不到确认。",
            "在次月规定的天数内完成审核；已审核的按实际日期填写即可。",
        ),
        (
            "J009",
            "warning",
            "季度群众评议缺少或缺人",
            "没有评议的季度该党员得不到群众评议分。",
            "按季度组织群众评议，逐人记录各档票数和评议人数。",
        ),
        (
            "J010",
            "error",
            "评议票数多于评议人数",
            "票数超过人数说明统计有误。",
            "核对评议统计表，改正各档票数或评议人数。",
        ),
        (
            "J011",
            "error",
            "年度定级与积分不符",
            "定级应以全年积分为依据。",
            "按积分对应的等次定级，或核对积分台账中的申报和审核。",
        ),
        (
            "J012",
            "warning",
            "定为优秀的党员超过规定比例",
            "优秀比例过高会失去评先树优的意义。",
            "按积分从高到低确定优秀人选，超出比例的定为合格。",
        ),
        (
            "J013",
            "error",
            "有一票否决情形的党员未定为不合格",
            "一票否决的情形不因积分高低而改变。",
            "把该党员的等次改为不合格。",
        ),
        (
            "J014",
            "error",
            "不参加定级的党员被定级",
            "预备党员等不参加定级的党员定级不符合规定。",
            "从 grades 中删去该党员，在 not_graded 中写明类别和理由。",
        ),
        (
            "J015",
            "warning",
            "党员没有定级也没有说明理由",
            "漏定级的党员年度积分没有结论。",
            "在 grades 中为其定级，或在 not_graded 中写明不参加定级的类别和理由。",
        ),
        (
            "J016",
            "error",
            "积分台账的文件与所在位置不符",
            "放错年度或月份的记录会计入错误的期间。",
            "按文件名改正月份、季度或年度，或把记录移到对应的文件中。",
        ),
        (
            "J017",
            "warning",
            "积分目录中有无法识别的文件",
            "不按规定命名的文件不会被读取。",
            "按 `年度-月.yaml`、`年度-Q季度.yaml`、`grading.yaml` 命名，或移出 `points/` 目录。",
        ),
        (
            "J018",
            "warning",
            "党员当月不在本支部",
            "不在本支部期间的申报应由所在支部计分。",
            "核对党员名册中的转入、转出日期，或删去这条申报。",
        ),
        (
            "J019",
            "error",
            "评议档次或等次未定义",
            "未定义的档次或等次无法换算成分数。",
            "使用积分标准中定义的评议档次和等次。",
        ),
        (
            "J020",
            "error",
            "不参加定级的类别未定义",
            "类别不明就无法判断能否不参加定级。",
            "使用积分标准 not_graded 中定义的类别编号。",
        ),
        (
            "J021",
            "error",
            "积分台账没有可用的党员名册",
            "积分按名册中的党员逐人计算。",
            "在本年度台账 dossier.yaml 中填写党员名册。",
        ),
        (
            "J022",
            "warning",
            "名册中的评议等次与积分定级不一致",
            "两处等次不同会让民主评议的结果说法不一。",
            "以支部党员大会的决定为准，改正党员名册中的 appraisal 或积分台账的定级。",
        ),
        # K: 年度考核
        (
            "K001",
            "error",
            "评分超出规定的范围",
            "超出范围的分数会扭曲平均分。",
            "按考核方案的分数范围改正，如 0 到 100 分。",
        ),
        (
            "K002",
            "error",
            "党组织给自己打了分",
            "互评是别人对本组织的评价，自评不能计入。",
            "删去给本组织的分数。",
        ),
        (
            "K003",
            "warning",
            "评分者给所有党组织打了同样的分",
            "千篇一律的分数说明没有逐个评价。",
            "请该评分者核实后重新评分，或说明情况。",
        ),
        (
            "K004",
            "warning",
            "评分者漏评了党组织",
            "漏评的组织少了一份评价，平均分的依据不足。",
            "补上漏评的分数；确实无法评价的在备注中说明。",
        ),
        (
            "K005",
            "error",
            "测评票数多于人数",
            "票数超过实际人数说明统计有误。",
            "核对测评统计表，改正票数。",
        ),
        (
            "K006",
            "error",
            "加分申报没有佐证材料",
            "没有佐证的加分无法核实。",
            "把佐证材料放入考核目录的 evidence/ 中，在申报中写明路径。",
        ),
        (
            "K007",
            "warning",
            "加分超过上限",
            "超出上限的部分按方案不计入。",
            "不需要修改；超出的部分已不计。",
        ),
        (
            "K008",
            "warning",
            "党组织没有考核输入",
            "缺少输入的部分只能按方案记分。",
            "补齐该党组织的述职、目标任务得分和民主测评票数。",
        ),
        (
            "K009",
            "error",
            "考核输入中的党组织不在组织清单中",
            "不在清单中的组织无法排名和归入责任区。",
            "改正党组织编号，或在 organization.yaml 中补充该组织。",
        ),
        (
            "K010",
            "error",
            "考核输入中的项目未定义",
            "未定义的项目无法换算成分数。",
            "使用考核方案中定义的目标任务、测评问题、档次和加减分项目编号。",
        ),
        (
            "K011",
            "error",
            "目标任务得分超过满分",
            "超过满分的部分没有依据。",
            "按该项的满分改正得分。",
        ),
        (
            "K012",
            "error",
            "考核输入与所在位置不符",
            "放错年度或组织的输入会计入错误的对象。",
            "按文件所在的年度目录和文件名改正，或把文件移到对应位置。",
        ),
        (
            "K013",
            "warning",
            "考核目录中有无法识别的文件",
            "不按规定放置的文件不会被读取。",
            "按 organizations/编号.yaml、peers.yaml、committee.yaml 放置，或移出考核目录。",
        ),
        (
            "K014",
            "error",
            "评分者重复",
            "同一评分者的多组分数会重复计入。",
            "合并为一组分数，删去重复的一组。",
        ),
        # I: 个人信息
        (
            "I001",
            "error",
            "公开的文字中含有身份证号码",
            "身份证号码是个人敏感信息，公开后可能被冒用。",
            "删除号码；确需保留的，在站点设置中改用 `pii: redact` 自动隐去。",
        ),
        (
            "I002",
            "error",
            "公开的文字中含有手机号码",
            "公开手机号码会让党员受到骚扰和诈骗。",
            "删除号码，改写为单位办公电话；或在站点设置中改用 `pii: redact` 自动隐去。",
        ),
        (
            "I003",
            "error",
            "公开的文字中含有党员名册等不公开的个人信息",
            "党员的姓名、住址等只用于内部管理，公开会泄露个人隐私。",
            "不要在叙述中写党员姓名、住址等个人信息，改用职务或“一名党员”等表述。",
        ),
    ],
)


def code(code_id: str) -> Code:
    return CODES[code_id]


def codes_of(family: Family) -> list[Code]:
    return [c for c in CODES.values() if c.family is family]


LEVEL_NAMES = {"error": "错误", "warning": "警告"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_legend(
    href: Callable[[Family], str] | None = None,
    members_of: Callable[[Family], list[Code]] = codes_of,
) -> str:
    """The family legend as a Markdown table; ``href`` links each letter (the site links to
    the family's section, README does not). ``members_of`` gives the codes listed of each
    family (the public site lists fewer); a family with none is left out."""
    lines = ["| 开头 | 类别 | 检查什么 | 适用于 | 代码 |", "|---|---|---|---|---|"]
    for family in FAMILIES.values():
        members = members_of(family)
        if not members:
            continue
        letter = f"[{family.letter}]({href(family)})" if href else family.letter
        span = f"{members[0].code}–{members[-1].code}（{len(members)} 个）"
        lines.append(
            f"| {letter} | {_cell(family.name)} | {_cell(family.description)} "
            f"| {DOMAINS[family.domain]} | {span} |"
        )
    return "\n".join(lines)


def markdown_table() -> str:
    """The table of every finding code, in the order of the code table."""
    lines = ["| 代码 | 级别 | 含义 | 为什么要改 | 怎样修改 |", "|---|---|---|---|---|"]
    for row in CODES.values():
        lines.append(
            f"| {row.code} | {LEVEL_NAMES[row.level]} | {_cell(row.title)} "
            f"| {_cell(row.why)} | {_cell(row.fix)} |"
        )
    return "\n".join(lines)


def markdown_block() -> str:
    """README's 问题代码 block, between its markers: the legend, then the table."""
    return markdown_legend() + "\n\n" + markdown_table()

"""The one table of finding codes.

Every finding the tool can raise has a stable code here, with its level, a short Chinese
title and the fix. README's table and the site's code page are generated from this table,
and a test keeps README in step with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    level: Level
    title: str
    fix: str


def _table(*rows: tuple[str, Level, str, str]) -> dict[str, Code]:
    return {code: Code(code, level, title, fix) for code, level, title, fix in rows}


CODES: dict[str, Code] = _table(
    # Reading files: the bytes, the encoding and the YAML itself.
    ("F001", "error", "文件不存在或无法读取", "检查路径是否正确，文件是否有读取权限。"),
    (
        "F002",
        "error",
        "文件过大",
        "台账文件应为纯文本，请删除粘贴进来的大段内容或附件，附件放入 evidence/ 目录。",
    ),
    ("F003", "error", "文件为空", "请按模板填写内容，或用 `checker new` 重新生成。"),
    (
        "F004",
        "error",
        "文件不是 UTF-8 编码",
        "请用编辑器（如 VS Code、记事本）“另存为”UTF-8 编码。",
    ),
    (
        "F005",
        "warning",
        "文件带有 BOM 或为 UTF-16 编码，已自动转换",
        "建议另存为不带 BOM 的 UTF-8 编码。",
    ),
    (
        "F006",
        "error",
        "文件含有二进制内容或控制字符",
        "该文件不是文本文件，或混入了不可见字符；请删除这些字符后另存为 UTF-8。",
    ),
    (
        "F007",
        "error",
        "文件是指向内容目录之外的链接",
        "台账、叙述、核定意见和组织结构文件都必须是内容目录中的普通文件；请删除链接，把真实文件放在原处。",
    ),
    (
        "F008",
        "error",
        "叙述的 Markdown 结构超出限制（嵌套过深或一段中的符号过多）",
        "减少列表和引用的嵌套层数；把很长的段落拆开（空一行）；删去多余的方括号、尖括号、"
        "反引号和字符实体（如 `&#106;`）。上限见标准 settings 中的 `narrative_limits`。",
    ),
    (
        "F010",
        "error",
        "检查这份台账时出现内部错误",
        "这是 checker 的缺陷，不是台账的问题；其余台账照常检查。请把这条信息和台账文件交给维护 checker 的信息化人员。",
    ),
    ("Y001", "error", "YAML 语法错误", "检查该行的缩进、冒号和引号；缩进只能用空格，不能用 Tab。"),
    ("Y002", "error", "重复的键", "同一层级中一个键只能出现一次；请删除或合并重复的项。"),
    ("Y003", "error", "不允许使用锚点或别名（& 与 *）", "请把引用的内容直接写出来。"),
    ("Y004", "error", "不允许使用 YAML 标签（`!!` 或 `!`）", "请删除标签，直接写值。"),
    (
        "Y005",
        "error",
        "一个文件中有多个 YAML 文档",
        "一个文件只写一个文档，删除多余的 `---` 分隔线。",
    ),
    ("Y006", "error", "嵌套层级过深", "台账的结构不需要这么多层；请检查是否误用了缩进或方括号。"),
    ("Y007", "error", "不允许 NaN 或无穷大", "请填写具体数字。"),
    ("Y008", "error", "键必须是文字", "把键改为普通文字，例如 `year:`。"),
    (
        "Y009",
        "error",
        "文件顶层必须是键值结构",
        "文件应以 `键: 值` 的形式开始，参考 README 中的示例。",
    ),
    # Schema: shape and types of the content.
    ("S001", "error", "类型不符", "按提示改成要求的类型；文字可以加引号，数字不要加引号。"),
    ("S002", "error", "未知字段", "检查字段名是否拼写错误；不在标准格式中的内容请删除或写入备注。"),
    ("S003", "error", "缺少必填字段", "补充该字段。"),
    ("S004", "error", "取值不在允许范围内", "从提示列出的选项中选择一个。"),
    ("S005", "error", "格式不正确", "日期写作 `2026-09-13` 这样的形式；编号按提示的格式填写。"),
    ("S006", "error", "数值超出范围", "按提示修改数值。"),
    ("S007", "error", "条目数量不符合要求", "按提示增删条目。"),
    ("S008", "error", "内容不符合格式要求", "对照 README 中的台账格式修改。"),
    # Cross-file and semantic checks.
    ("D001", "error", "日期不在考核年度内", "只记录本年度的活动；往年的记录放到对应年度的台账中。"),
    ("D002", "error", "日期晚于今天", "检查日期是否写错。"),
    ("R001", "error", "引用了不存在的党员编号", "在 members 中补充该党员，或改正编号。"),
    ("R002", "error", "党员编号重复", "每名党员的编号必须唯一。"),
    ("R003", "error", "到会人数超过应到人数", "核对到会人数和应到人数。"),
    (
        "R004",
        "error",
        "台账与所在目录不一致",
        "支部编号和年度应与目录名一致，例如 branches/<编号>/<年度>/dossier.yaml。",
    ),
    ("R005", "error", "引用了不存在的上级党组织或责任区", "对照 organization.yaml 改正编号。"),
    (
        "R006",
        "error",
        "引用了标准中不存在的条目",
        "条目编号见标准（`checker` 站点的“标准”页），例如 `A2.3`。",
    ),
    (
        "R007",
        "error",
        "台账使用的标准与当前标准不一致",
        "把 standard 改为当前标准的编号和版本，或用 `checker new` 重新生成。",
    ),
    (
        "R008",
        "error",
        "缺少支部基本信息文件 branch.yaml",
        "在支部目录下建立 branch.yaml，可用 `checker new` 生成。",
    ),
    ("R009", "error", "缺少组织结构文件 organization.yaml", "在内容根目录建立 organization.yaml。"),
    (
        "R010",
        "error",
        "未找到可检查的台账",
        "检查路径；台账应位于 branches/<编号>/<年度>/dossier.yaml。",
    ),
    ("R011", "error", "核定意见中的分值超出该条目满分", "核定分值应在 0 到该条目满分之间。"),
    ("R012", "error", "自评分超出该条目满分", "自评分应在 0 到该条目满分之间。"),
    # Evidence files.
    (
        "E001",
        "error",
        "佐证材料文件不存在",
        "把文件放入本年度 evidence/ 目录，或改正文件名（注意大小写）。",
    ),
    (
        "E002",
        "error",
        "佐证材料路径不安全",
        "只写本年度目录内的相对路径，例如 `evidence/会议记录.pdf`；不能用 `..`、绝对路径、盘符或网址。",
    ),
    ("E003", "error", "佐证材料类型不允许", "允许的类型见提示；照片用 JPG/PNG，文件用 PDF。"),
    (
        "E004",
        "error",
        "佐证材料内容与扩展名不符",
        "文件实际类型与扩展名不一致，请用原始程序重新导出为对应格式。",
    ),
    ("E005", "error", "佐证材料文件过大", "压缩图片或拆分文件后再上传。"),
    ("E006", "error", "佐证材料是指向目录外的链接", "把真实文件复制到 evidence/ 目录中。"),
    ("E007", "error", "佐证材料文件名含非法字符", "文件名只用汉字、字母、数字、横线、下划线和点。"),
    (
        "E008",
        "error",
        "佐证材料文件名仅大小写不同",
        "在不区分大小写的系统上它们是同一个文件；请改名区分。",
    ),
    ("E009", "error", "SVG 图片含有脚本或外部引用", "请导出为 PNG 或 JPG。"),
    ("E010", "warning", "佐证材料为空文件", "上传有内容的文件。"),
    (
        "E011",
        "error",
        "佐证图片的像素尺寸过大",
        "把图片缩小到标准规定的像素数以内（手机照片一般为 1200 万像素）后另存，再上传。",
    ),
    # Word forms: the file itself, then the form's structure, then what was typed into it.
    (
        "W001",
        "error",
        "不是 Word 文档（.docx）",
        "请用 Word 或 WPS 打开后“另存为”Word 文档（*.docx），再导入。",
    ),
    (
        "W002",
        "error",
        "Word 文档已损坏",
        "请用 Word 或 WPS 打开检查；能打开的，另存为新的 .docx 文件后再导入。",
    ),
    (
        "W003",
        "error",
        "文件过大或压缩比异常（疑似压缩炸弹）",
        "表格中不要粘贴大量图片或附件；佐证材料请放入 evidence/ 目录。",
    ),
    ("W004", "error", "文件含有宏", "请另存为不含宏的 Word 文档（*.docx）后再导入。"),
    (
        "W005",
        "error",
        "文件含有不安全的结构",
        "请用 Word 或 WPS 打开后另存为新的 .docx 文件；仍不能导入的，用 `checker template` 重新生成表格。",
    ),
    (
        "W006",
        "error",
        "不是由 checker 生成的填报表格",
        "用 `checker template -o 表格.docx` 生成表格，在表格中填写后再导入。",
    ),
    (
        "W007",
        "error",
        "表格按其他版本的标准或表式生成",
        "用 `checker template` 按当前标准重新生成表格（可用 `--from` 预填已有台账），把内容誊入新表格。",
    ),
    (
        "W008",
        "error",
        "表格结构被改动",
        "不要删除、增加或调换表格和固定行；党员名册和活动记录只在表格末尾增加行。",
    ),
    ("W009", "error", "日期无法识别", "日期写作 2025年3月6日、2025.3.6、2025/3/6 或 2025-03-06。"),
    ("W010", "error", "数字无法识别", "只填写数字，例如 12 或 12.5。"),
    ("W011", "error", "取值不在可选范围内", "从提示列出的选项中选择一个。"),
    (
        "W012",
        "error",
        "台账已存在，未覆盖",
        "确认要用表格内容覆盖现有文件时，加 `--force` 重新导入；导入前会列出改动。",
    ),
    (
        "W013",
        "error",
        "封面的支部编号或考核年度无法识别",
        "在封面填写支部编号（字母、数字和横线）和四位数的考核年度。",
    ),
    (
        "W014",
        "error",
        "表格中的段落、单元格或文字过多",
        "正常填写的表格远低于此上限；请用 `checker template` 重新生成表格，"
        "把内容誊入，不要粘贴大段复制的内容。",
    ),
    (
        "W015",
        "error",
        "表格中的叙述超过文件大小上限",
        "精简该栏的文字（附件、全文材料放入 evidence/ 目录），再导入。",
    ),
    # Uploads to the inbox (`checker ingest`): the file, the zip and its layout.
    (
        "U001",
        "error",
        "上传的文件不是可以接收的类型",
        "只上传用 `checker template` 生成并填好的 Word 表格（.docx），"
        "或年度台账目录的 zip 压缩包（.zip）。",
    ),
    (
        "U002",
        "error",
        "压缩包已损坏或不是 zip 文件",
        "重新压缩年度台账目录（右键“发送到 → 压缩（zipped）文件夹”），上传完整的 .zip 文件。",
    ),
    (
        "U003",
        "error",
        "压缩包过大、文件过多或压缩比异常（疑似压缩炸弹）",
        "压缩包中只放本年度的台账；照片先缩小，单个文件不要超过标准规定的大小。",
    ),
    (
        "U004",
        "error",
        "压缩包中有不安全的路径或文件",
        "只压缩年度台账目录本身；不要包含快捷方式、符号链接或加密的文件，"
        "文件名不要含特殊字符，也不要有仅大小写不同的文件名。",
    ),
    (
        "U005",
        "error",
        "压缩包中的文件类型不允许或内容与扩展名不符",
        "佐证材料只用标准允许的类型（如 PDF、JPG、PNG、DOCX、XLSX），"
        "用原始程序导出为该格式，不要只改扩展名。",
    ),
    (
        "U006",
        "error",
        "压缩包中又有压缩包",
        "把里面的压缩包解开，文件直接放入 evidence/ 目录，再重新压缩上传。",
    ),
    (
        "U007",
        "error",
        "压缩包的目录结构无法识别",
        "压缩包中只放一个年度的台账：dossier.yaml、summary.md、highlights.md 和 evidence/ 目录，"
        "可以放在年度目录或“支部编号/年度”目录中，见 README 的“收件箱”一节。",
    ),
    (
        "U008",
        "error",
        "支部不能上报督导组的核定意见（review.yaml）",
        "从压缩包中删除 review.yaml；核定意见由督导组填写，不随台账上报。",
    ),
    (
        "U009",
        "error",
        "年度台账已存在，未替换",
        "确认用上传的内容替换现有台账时，把原件从 inbox/rejected/ 移回 inbox/，"
        "加 `--force` 重新运行 `checker ingest`；回执中列出了改动。",
    ),
    (
        "U010",
        "error",
        "压缩包中的文件名或路径过长",
        "把过长的文件名或目录名改短（一个汉字占 3 字节，一个名称不超过约 70 个汉字），"
        "减少目录层次，再重新压缩上传。",
    ),
    # Scoring: why points were lost.
    (
        "P001",
        "warning",
        "有周期缺少规定的会议或活动",
        "按标准要求的频次开展并如实记录；已开展的请补录记录。",
    ),
    (
        "P002",
        "warning",
        "会议到会人数未过半",
        "党员大会、支委会须有过半数应到人员到会；记录缺席人员及原因。",
    ),
    ("P003", "warning", "指标未达到要求", "按标准要求补齐；数据有误的请更正台账。"),
    ("P004", "warning", "佐证材料不足", "补充该条目要求的佐证材料并在 evidence 中列出。"),
    ("P005", "warning", "自评分因缺少佐证被限制", "补充佐证材料后，自评分才能全部计入。"),
    ("P006", "warning", "缺少自评分", "在 items 中为该条目填写 self_score。"),
    ("P007", "error", "触发一票否决", "一票否决事项整改到位前，等次只能评为最低等次。"),
    (
        "P008",
        "warning",
        "声明不适用但条件不满足",
        "该条目只有在提示所述情形下才可不适用；请删除 na_reason 并按要求开展工作。",
    ),
    (
        "P009",
        "warning",
        "符合不适用情形但未说明理由",
        "在 items 中为该条目填写 na_reason，说明不适用的理由。",
    ),
    ("P010", "warning", "支部委员会任期已届满", "按期进行换届选举；延期须经上级党组织批准。"),
    ("P011", "warning", "督导组核定分低于满分", "按督导组意见整改。"),
    (
        "P012",
        "warning",
        "支部自评分低于满分",
        "自评分是支部自己的判断；工作补齐、佐证充分后可如实提高自评分，督导组核定时以核定分为准。",
    ),
    # Publishing: personal information in text that the site would publish.
    (
        "I001",
        "error",
        "公开的文字中含有身份证号码",
        "删除号码；确需保留的，在站点设置中改用 `pii: redact` 自动隐去。",
    ),
    (
        "I002",
        "error",
        "公开的文字中含有手机号码",
        "删除号码，改写为单位办公电话；或在站点设置中改用 `pii: redact` 自动隐去。",
    ),
    (
        "I003",
        "error",
        "公开的文字中含有党员名册等不公开的个人信息",
        "不要在叙述中写党员姓名、住址等个人信息，改用职务或“一名党员”等表述。",
    ),
)


def code(code_id: str) -> Code:
    return CODES[code_id]


LEVEL_NAMES = {"error": "错误", "warning": "警告"}


def markdown_table() -> str:
    """The README's table of finding codes, generated so that it cannot drift from this one."""
    lines = ["| 代码 | 级别 | 含义 | 怎样修改 |", "|---|---|---|---|"]
    for row in CODES.values():
        fix = row.fix.replace("|", "\\|")
        lines.append(f"| {row.code} | {LEVEL_NAMES[row.level]} | {row.title} | {fix} |")
    return "\n".join(lines)

"""UI strings of generated headers and listing pages, Chinese and English side by side."""

from __future__ import annotations

from reportal.model.report import CATEGORY_LABELS, STATUS_LABELS, Category, Status

_LABELS: dict[str, dict[str, str]] = {
    "number": {"zh": "报告编号", "en": "Number"},
    "title": {"zh": "标题", "en": "Title"},
    "customer": {"zh": "客户", "en": "Customer"},
    "period": {"zh": "报告期", "en": "Period"},
    "category": {"zh": "类别", "en": "Category"},
    "status": {"zh": "状态", "en": "Status"},
    "author": {"zh": "编制", "en": "Prepared by"},
    "reviewer": {"zh": "审核", "en": "Reviewed by"},
    "approver": {"zh": "批准", "en": "Approved by"},
    "prepared": {"zh": "编制日期", "en": "Prepared"},
    "reviewed_on": {"zh": "审核日期", "en": "Reviewed"},
    "approved_on": {"zh": "批准日期", "en": "Approved"},
    "issued": {"zh": "签发日期", "en": "Issued"},
    "year": {"zh": "年度", "en": "Year"},
    "reports": {"zh": "报告", "en": "reports"},
    "all_reports": {"zh": "全部报告", "en": "All reports"},
    "report_list": {"zh": "报告列表", "en": "Report list"},
    "by_customer": {"zh": "按客户浏览", "en": "By customer"},
    "by_category": {"zh": "按类别浏览", "en": "By category"},
    "by_year": {"zh": "按年度浏览", "en": "By year"},
    "customer_reports": {"zh": "{name} 服务报告", "en": "{name}: service reports"},
    "year_reports": {"zh": "{name} {year} 年服务报告", "en": "{name}: reports of {year}"},
    "count_suffix": {"zh": "（{n}）", "en": " ({n})"},
    "count": {"zh": "共 {n} 份报告。", "en": "{n} reports."},
    "none": {"zh": "暂无报告。", "en": "No reports yet."},
    "not_set": {"zh": "—", "en": "—"},
    "download_pdf": {"zh": "下载 PDF", "en": "Download PDF"},
    "pdf_missing": {
        "zh": "此处暂无 PDF：PDF 由 reportal build 生成（预览和 --no-pdf 构建中没有）。",
        "en": "No PDF here: PDFs are made by reportal build (not in previews or --no-pdf builds).",
    },
    "draft_banner": {
        "zh": "草稿 DRAFT：本报告尚未批准，不得对外发布。",
        "en": "DRAFT: this report is not approved and must not be released.",
    },
    "review_banner": {
        "zh": "审核中 REVIEW：本报告正在审核，内容可能变更。",
        "en": "IN REVIEW: this report is being reviewed and may change.",
    },
    "withdrawn_banner": {
        "zh": "已撤回：本报告已撤回，不再有效。",
        "en": "WITHDRAWN: this report has been withdrawn and is no longer valid.",
    },
    "superseded_by": {"zh": "已被 {link} 替代", "en": "Superseded by {link}"},
    "supersedes": {"zh": "替代 {link}", "en": "Supersedes {link}"},
    "reason": {"zh": "（原因：{reason}）", "en": " (reason: {reason})"},
    "metadata": {"zh": "报告信息", "en": "Report details"},
    "serve_errors_title": {"zh": "门户有错误", "en": "The portal has errors"},
    "serve_errors_intro": {
        "zh": "共 {n} 个错误，门户暂未构建。请修改下列文件并保存，本页会自动刷新"
        "（与 `reportal check` 的输出相同）。",
        "en": "{n} error(s): the portal was not built. Fix the files below and save; this page "
        "reloads by itself (`reportal check` lists the same).",
    },
    "where": {"zh": "位置", "en": "Where"},
    "code": {"zh": "代码", "en": "Code"},
    "problem": {"zh": "问题", "en": "Problem"},
    "fix": {"zh": "修改建议", "en": "How to fix"},
    "intro_all": {
        "zh": "门户中的全部服务报告，按报告期倒序排列。",
        "en": "Every service report in this portal, newest period first.",
    },
}


def label(key: str, language: str, **values: object) -> str:
    text = _LABELS[key].get(language) or _LABELS[key]["zh"]
    return text.format(**values) if values else text


def category_label(category: Category, language: str) -> str:
    return CATEGORY_LABELS[category].get(language, category.value)


def status_label(status: Status, language: str) -> str:
    return STATUS_LABELS[status].get(language, status.value)

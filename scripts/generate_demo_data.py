"""Write the demo exports under data/exports/ (deterministic: same seed, same bytes).

Shapes, as real tools export them:
- huaxin/incidents.csv: ServiceNow-style event log (UTF-8, one row per update, sys_mod_count,
  `?` for missing, day-first D/M/YYYY HH:MM dates, made_sla changing over a ticket's life).
- dingsheng/工单导出.csv: flat export in GB18030 with Chinese headers.
- dingsheng/话务统计.csv: 30-minute call interval statistics of a 7x24 hotline (UTF-8 BOM).
- */surveys: on-site (现场回访) and phone call-back (电话回访) surveys (dingsheng as XLSX).
- */availability: daily per system (dingsheng as Parquet); */actions.csv.
Deliberate gaps (see docs): huaxin availability 2026-06-20..21, dingsheng calls 2026-03-14..16.

Usage: python scripts/generate_demo_data.py [--root .]
"""

# Demo exports are local wall-clock times, as the tools export them: naive datetimes on purpose.
# ruff: noqa: DTZ001

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import re
import zipfile

# openpyxl writes XML through lxml when it is installed (pyHanko brings it), with other bytes
# than the standard library's writer: the committed XLSX is the standard library's.
os.environ["OPENPYXL_LXML"] = "False"
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from reportal.kpi.clock import BusinessCalendar, business_calendars, business_hours
from reportal.validate.registry_checks import load_registry

SEED = 20261128
START = datetime(2025, 11, 1)
EXPORT_END = datetime(2026, 11, 27, 18, 0)  # the exports were taken on 2026-11-27 at 18:00
LAST_DAY = date(2026, 11, 27)
HUAXIN_AVAILABILITY_GAP = (date(2026, 6, 20), date(2026, 6, 21))
DINGSHENG_CALLS_GAP = (date(2026, 3, 14), date(2026, 3, 16))
SN_PRIORITY = {"P1": "1 - Critical", "P2": "2 - High", "P3": "3 - Moderate", "P4": "4 - Low"}
DS_PRIORITY = {"P1": "紧急", "P2": "高", "P3": "中", "P4": "低"}
PRIORITY_MIX = (("P1", 0.02), ("P2", 0.10), ("P3", 0.55), ("P4", 0.33))
MEDIAN_HOURS = {"P1": 1.6, "P2": 3.5, "P3": 9.0, "P4": 30.0}


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def month_factor(day: date, table: dict[int, float]) -> float:
    return table.get(day.month, 1.0)


def sn_date(moment: datetime | None) -> str:
    if moment is None:
        return "?"
    return f"{moment.day}/{moment.month}/{moment.year} {moment.hour:02d}:{moment.minute:02d}"


def pick_priority(rng: np.random.Generator) -> str:
    names = [p for p, _ in PRIORITY_MIX]
    weights = np.array([w for _, w in PRIORITY_MIX])
    return str(rng.choice(names, p=weights / weights.sum()))


def ticket_open_time(rng: np.random.Generator, day: date, business: bool) -> datetime:
    if business:
        minute = int(rng.normal(13.5 * 60, 150))
        minute = min(max(minute, 8 * 60 + 30), 19 * 60)
    else:
        minute = int(rng.choice(1440, p=hour_profile_minutes()))
    return datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)


_PROFILE: np.ndarray | None = None


def hour_profile() -> np.ndarray:
    """Relative call/ticket volume per hour of day for a logistics hotline."""
    shape = [
        0.15,
        0.1,
        0.08,
        0.07,
        0.08,
        0.15,
        0.35,
        0.7,
        1.1,
        1.4,
        1.5,
        1.35,
        1.0,
        1.2,
        1.4,
        1.35,
        1.2,
        1.0,
        0.8,
        0.7,
        0.6,
        0.5,
        0.35,
        0.22,
    ]
    return np.array(shape) / sum(shape)


def hour_profile_minutes() -> np.ndarray:
    global _PROFILE
    if _PROFILE is None:
        _PROFILE = np.repeat(hour_profile(), 60) / 60
        _PROFILE = _PROFILE / _PROFILE.sum()
    return _PROFILE


@dataclass
class Ticket:
    number: str
    opened: datetime
    priority: str
    responded: datetime | None
    resolved: datetime | None
    closed: datetime | None
    reopens: int
    reassignments: int
    pending_minutes: int
    category: str
    group: str
    channel: str


def make_ticket(
    rng: np.random.Generator,
    number: str,
    opened: datetime,
    quality: float,
    categories: list[str],
    groups: list[str],
    channels: list[str],
) -> Ticket:
    priority = pick_priority(rng)
    respond = opened + timedelta(
        minutes=float(rng.gamma(2.0, {"P1": 2.5, "P2": 4, "P3": 10, "P4": 30}[priority]))
    )
    hours = float(rng.lognormal(math.log(MEDIAN_HOURS[priority] * quality), 0.75))
    resolved = opened + timedelta(hours=hours)
    respond = min(respond, opened + (resolved - opened) * 0.5)
    closed = resolved + timedelta(hours=float(rng.uniform(2, 96)))
    reopens = int(rng.random() < 0.022) + int(rng.random() < 0.004)
    pending = int(rng.gamma(1.5, 90)) if rng.random() < 0.2 else 0
    return Ticket(
        number,
        opened,
        priority,
        respond,
        resolved,
        closed,
        reopens,
        int(rng.poisson(0.35)),
        pending,
        str(rng.choice(categories)),
        str(rng.choice(groups)),
        str(rng.choice(channels)),
    )


def cut_at_export(ticket: Ticket) -> Ticket:
    """Times after the export moment did not happen yet."""
    for name in ("responded", "resolved", "closed"):
        moment = getattr(ticket, name)
        if moment is not None and moment > EXPORT_END:
            setattr(ticket, name, None)
    if ticket.resolved is None:
        ticket.closed = None
    return ticket


# ---- huaxin: ServiceNow event log -------------------------------------------------------
HX_VOLUME = {
    11: 1.25,
    12: 1.05,
    1: 0.95,
    2: 0.7,
    3: 1.0,
    4: 0.95,
    5: 0.9,
    6: 1.0,
    7: 1.1,
    8: 1.0,
    9: 0.95,
    10: 0.85,
}
HX_QUALITY = {
    11: 1.1,
    12: 1.0,
    1: 0.95,
    2: 1.25,
    3: 1.0,
    4: 0.9,
    5: 0.9,
    6: 0.95,
    7: 1.15,
    8: 0.95,
    9: 0.9,
    10: 0.85,
}


def huaxin_tickets(rng: np.random.Generator, calendar: BusinessCalendar) -> list[Ticket]:
    tickets = []
    for day in days(START.date(), LAST_DAY):
        base = 9.0 if calendar.is_working_day(day) else 1.2
        for _ in range(int(rng.poisson(base * month_factor(day, HX_VOLUME)))):
            opened = ticket_open_time(rng, day, business=True)
            if opened > EXPORT_END:
                continue
            number = f"INC{10020000 + len(tickets) + 1:07d}"
            ticket = make_ticket(
                rng,
                number,
                opened,
                1.9 * month_factor(day, HX_QUALITY),
                ["hardware", "software", "network", "database", "inquiry", "NA"],
                ["Service Desk", "Desktop Support", "Network Ops", "DBA Team", "App Support"],
                ["phone", "self-service", "email", "walk-in"],
            )
            tickets.append(cut_at_export(ticket))
    return tickets


def huaxin_events(
    tickets: list[Ticket], calendar: BusinessCalendar, rng: np.random.Generator
) -> list[dict[str, str]]:
    met = sla_flags(tickets, calendar)
    rows: list[dict[str, str]] = []
    for ticket, made in zip(tickets, met, strict=True):
        rows.extend(ticket_events(ticket, made, rng))
    rows.sort(key=lambda r: (r["_at"], r["number"], int(r["sys_mod_count"])))
    for row in rows:
        del row["_at"]
    return rows


def sla_flags(tickets: list[Ticket], calendar: BusinessCalendar) -> list[bool | None]:
    limits = {"P1": 4, "P2": 8, "P3": 24, "P4": 72}
    frame = pd.DataFrame({"o": [t.opened for t in tickets], "r": [t.resolved for t in tickets]})
    hours = business_hours(pd.to_datetime(frame["o"]), pd.to_datetime(frame["r"]), calendar)
    pending = np.array([t.pending_minutes / 60 for t in tickets])
    flags: list[bool | None] = []
    for ticket, elapsed, paused in zip(tickets, hours, pending, strict=True):
        flags.append(None if math.isnan(elapsed) else elapsed - paused <= limits[ticket.priority])
    return flags


def ticket_events(ticket: Ticket, made: bool | None, rng: np.random.Generator) -> list[dict]:
    steps: list[tuple[datetime, str, dict[str, object]]] = [(ticket.opened, "New", {})]
    if ticket.responded:
        steps.append((ticket.responded, "In Progress", {"responded": ticket.responded}))
    if ticket.resolved:
        resolved = ticket.resolved
        for i in range(ticket.reopens):
            first = ticket.opened + (resolved - ticket.opened) * (0.4 + 0.2 * i)
            steps.append((first, "Resolved", {"resolved": first}))
            steps.append((first + timedelta(hours=3), "In Progress", {"reopen": i + 1}))
        steps.append((resolved, "Resolved", {"resolved": resolved, "final": True}))
    if ticket.closed:
        steps.append((ticket.closed, "Closed", {"closed": ticket.closed}))
    return [_event_row(ticket, made, steps, i) for i in range(len(steps))]


def _event_row(ticket: Ticket, made: bool | None, steps: list, index: int) -> dict[str, str]:
    at, state, _ = steps[index]
    seen: dict[str, object] = {}
    for _, _, extra in steps[: index + 1]:
        seen.update(extra)
    resolved = seen.get("resolved") if state in ("Resolved", "Closed") else None
    reopens = int(seen.get("reopen", 0))  # type: ignore[call-overload]
    final = bool(seen.get("final"))
    flag = "true" if (made is None or not final or made) else "false"
    reassign = min(ticket.reassignments, index)
    return {
        "number": ticket.number,
        "sys_updated_on": sn_date(at),
        "sys_mod_count": str(index),
        "opened_at": sn_date(ticket.opened),
        "priority": SN_PRIORITY[ticket.priority],
        "state": state,
        "assignment_group": ticket.group,
        "category": ticket.category,
        "u_responded_at": sn_date(seen.get("responded")),  # type: ignore[arg-type]
        "made_sla": flag,
        "reassignment_count": str(reassign),
        "reopen_count": str(reopens),
        "resolved_at": sn_date(resolved),  # type: ignore[arg-type]
        "closed_at": sn_date(seen.get("closed")),  # type: ignore[arg-type]
        "_at": at,  # type: ignore[dict-item]
    }


# ---- dingsheng: flat GB18030 tickets, call intervals -------------------------------------
DS_VOLUME = {
    11: 1.15,
    12: 1.0,
    1: 0.95,
    2: 0.75,
    3: 1.0,
    4: 1.0,
    5: 1.05,
    6: 1.1,
    7: 1.25,
    8: 1.35,
    9: 1.3,
    10: 1.0,
}
DS_QUALITY = {
    11: 1.0,
    12: 0.95,
    1: 0.95,
    2: 1.0,
    3: 1.2,
    4: 0.9,
    5: 0.9,
    6: 0.95,
    7: 1.1,
    8: 1.2,
    9: 1.1,
    10: 0.9,
}
DS_HEADERS = [
    "工单号",
    "创建时间",
    "首次响应时间",
    "解决时间",
    "关闭时间",
    "优先级",
    "渠道",
    "类别",
    "处理组",
    "重开次数",
    "转派次数",
    "一次解决",
    "满意度",
    "挂起时长(分钟)",
    "状态",
]


def dingsheng_tickets(rng: np.random.Generator) -> list[list[str]]:
    rows = []
    for day in days(START.date(), LAST_DAY):
        for _ in range(int(rng.poisson(11 * month_factor(day, DS_VOLUME)))):
            opened = ticket_open_time(rng, day, business=False)
            if opened > EXPORT_END:
                continue
            number = f"DS{day:%Y%m%d}{len(rows) % 10000:04d}"
            ticket = cut_at_export(
                make_ticket(
                    rng,
                    number,
                    opened,
                    month_factor(day, DS_QUALITY) * 0.42,
                    ["运输管理系统", "仓储管理系统", "车载终端", "账号权限", "办公电脑", "网络"],
                    ["一线服务台", "应用运维组", "桌面运维组", "网络组"],
                    ["电话", "微信", "邮件", "门户"],
                )
            )
            rows.append(_ds_row(ticket, rng))
    return rows


def _ds_row(ticket: Ticket, rng: np.random.Generator) -> list[str]:
    def fmt(moment: datetime | None) -> str:
        return "" if moment is None else f"{moment:%Y-%m-%d %H:%M:%S}"

    first_contact = (
        ticket.reassignments == 0 and ticket.priority in ("P3", "P4") and rng.random() < 0.7
    )
    score = (
        ""
        if ticket.resolved is None or rng.random() < 0.6
        else str(int(rng.choice([5, 4, 3, 2, 1], p=[0.62, 0.27, 0.07, 0.03, 0.01])))
    )
    state = "已关闭" if ticket.closed else "已解决" if ticket.resolved else "处理中"
    return [
        ticket.number,
        fmt(ticket.opened),
        fmt(ticket.responded),
        fmt(ticket.resolved),
        fmt(ticket.closed),
        DS_PRIORITY[ticket.priority],
        ticket.channel,
        ticket.category,
        ticket.group,
        str(ticket.reopens),
        str(ticket.reassignments),
        "是" if first_contact else "否",
        score,
        str(ticket.pending_minutes),
        state,
    ]


CALL_HEADERS = [
    "时段开始",
    "班次",
    "呼入量",
    "接通量",
    "20秒内接通量",
    "放弃量",
    "通话总时长(秒)",
    "排队总时长(秒)",
]
CALL_VOLUME = {
    11: 1.05,
    12: 1.0,
    1: 0.9,
    2: 0.7,
    3: 0.95,
    4: 1.0,
    5: 1.05,
    6: 1.1,
    7: 1.45,
    8: 1.7,
    9: 1.5,
    10: 1.0,
}


def dingsheng_calls(rng: np.random.Generator) -> list[list[str]]:
    profile = hour_profile() * 24
    rows = []
    for day in days(START.date(), LAST_DAY):
        if DINGSHENG_CALLS_GAP[0] <= day <= DINGSHENG_CALLS_GAP[1]:
            continue
        weekday = 1.0 if day.weekday() < 5 else 0.75
        for half in range(48):
            start = datetime.combine(day, datetime.min.time()) + timedelta(minutes=30 * half)
            mean = 18 * profile[start.hour] * weekday * month_factor(day, CALL_VOLUME)
            rows.append(_interval(rng, start, mean))
    return rows


def _interval(rng: np.random.Generator, start: datetime, mean: float) -> list[str]:
    offered = int(rng.poisson(mean))
    pressure = min(max(mean / 30.0, 0.0), 2.5)  # busier intervals answer worse
    answer_p = min(0.995, max(0.6, rng.normal(1.0 - 0.06 * pressure, 0.015)))
    answered = int(rng.binomial(offered, answer_p))
    within = int(rng.binomial(answered, min(0.98, max(0.4, 0.99 - 0.11 * pressure))))
    abandoned = offered - answered
    handle = int(sum(rng.gamma(4.0, 55.0, answered))) if answered else 0
    wait = int(within * rng.uniform(4, 10) + (answered - within) * rng.uniform(25, 70))
    shift = "夜班" if start.hour < 8 else "早班" if start.hour < 16 else "中班"
    return [
        f"{start:%Y-%m-%d %H:%M}",
        shift,
        str(offered),
        str(answered),
        str(within),
        str(abandoned),
        str(handle),
        str(wait),
    ]


# ---- surveys, availability, actions -------------------------------------------------------
COMMENTS = {
    5: ["工程师响应很快，问题当场解决", "服务态度好，讲解清楚", "处理及时，非常满意", "", ""],
    4: ["整体满意，希望提前告知处理进度", "解决了问题，等待时间稍长", "", ""],
    3: ["问题解决了但反复了一次", "电话等待时间较长", "希望补丁推送前提前通知"],
    2: ["备件到货慢，影响网点营业", "需要多次催促才有人处理"],
    1: ["问题拖了三天才解决，很不满意"],
}


def surveys(rng: np.random.Generator, prefix: str, per_day: float) -> list[list[str]]:
    rows = []
    for day in days(START.date(), LAST_DAY):
        for _ in range(int(rng.poisson(per_day))):
            channel = "现场回访" if rng.random() < 0.35 else "电话回访"
            mood = 0.05 if day.month in (7, 8, 9) else 0.0
            p = np.array([0.70 - mood, 0.22, 0.05 + mood / 2, 0.02 + mood / 2, 0.01])
            score = int(rng.choice([5, 4, 3, 2, 1], p=p / p.sum()))
            comment = str(rng.choice(COMMENTS[score]))
            rows.append(
                [day.isoformat(), channel, f"{prefix}{len(rows) + 1:05d}", str(score), comment]
            )
    return rows


def availability(
    rng: np.random.Generator,
    systems: list[str],
    gap: tuple[date, date] | None,
    outages: dict[tuple[date, str], int],
) -> list[dict[str, object]]:
    rows = []
    for day in days(START.date(), LAST_DAY):
        if gap and gap[0] <= day <= gap[1]:
            continue
        for index, system in enumerate(systems):
            down = outages.get((day, system), 0)
            if not down and rng.random() < 0.012:
                down = int(rng.integers(3, 45))
            p95 = float(rng.normal(320 + 60 * index, 25)) * (1.3 if day.month == 11 else 1.0)
            rows.append(
                {
                    "date": day.isoformat(),
                    "system": system,
                    "downtime_minutes": down,
                    "p95_ms": round(p95),
                }
            )
    return rows


# One pool per customer, each of 12 titles (the pool size fixes how much of the random stream
# the draw uses, so every other export stays byte-identical when a title changes).
HUAXIN_ACTION_TITLES = [
    "县域网点设置打印机备件前置点",
    "补丁推送前增加网点通知环节",
    "核心账务数据库主备切换演练",
    "优化夜班排班，增加 0–8 时值守人数",
    "柜面系统终端批量巡检",
    "监控平台告警阈值复核",
    "信用卡授权系统扩容评估",
    "重开工单关闭前增加用户确认",
    "网络设备固件升级计划",
    "网点备件库存周报制度",
    "季度容量评估",
    "网上银行登录超时排查",
]
DINGSHENG_ACTION_TITLES = [
    "分拨中心设置扫描枪备件前置点",
    "车载终端固件推送前通知车队",
    "运输管理系统主备切换演练",
    "高峰时段启用回呼功能",
    "服务台知识库补充车载终端故障处理",
    "呼叫中心平台告警阈值复核",
    "客户门户运单查询提速",
    "重开工单关闭前增加司机确认",
    "仓库无线网络覆盖改造",
    "备件库存周报制度",
    "双十一前容量评估",
    "仓储系统接口超时排查",
]


def actions(
    rng: np.random.Generator,
    code: str,
    numbers: list[str],
    owners: list[str],
    titles: list[str],
) -> list[list[str]]:
    rows = []
    for number in numbers:
        year, month = int(number.split("-")[2]), int(number.split("-")[3])
        raised = date(year + month // 12, month % 12 + 1, 5)
        for title in rng.choice(titles, size=int(rng.integers(1, 3)), replace=False):
            due = raised + timedelta(days=int(rng.integers(20, 75)))
            closed = raised + timedelta(days=int(rng.integers(10, 90)))
            status = (
                "closed" if closed <= LAST_DAY else "in_progress" if rng.random() < 0.6 else "open"
            )
            rows.append(
                [
                    f"ACT-{code}-{len(rows) + 1:03d}",
                    number,
                    raised.isoformat(),
                    str(title),
                    str(rng.choice(owners)),
                    due.isoformat(),
                    status,
                    closed.isoformat() if status == "closed" else "",
                ]
            )
    return rows


def report_numbers(code: str, extra: list[str]) -> list[str]:
    months = [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 11)]
    return [f"SR-{code}-{y}-{m:02d}-01" for y, m in months] + extra


# ---- writing -----------------------------------------------------------------------------
def write_csv(path: Path, headers: list[str], rows: list[list[str]], encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, frame: pd.DataFrame) -> None:
    """An XLSX with fixed document times, so the same data gives the same bytes."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False)
        writer.book.properties.created = datetime(2026, 11, 27, 18, 0)
        writer.book.properties.modified = datetime(2026, 11, 27, 18, 0)
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the XLSX zip with fixed entry times (zip entries carry the write time)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" on save
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-27T18:00:00Z", data
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 27, 18, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)


def generate(root: Path) -> None:
    rng = np.random.default_rng(SEED)
    calendar = business_calendars(load_registry(root)[0].calendars)["cn-mainland"]
    out = root / "data" / "exports"
    hx = huaxin_tickets(rng, calendar)
    events = huaxin_events(hx, calendar, rng)
    write_csv(
        out / "huaxin" / "incidents.csv",
        list(events[0]),
        [list(r.values()) for r in events],
        "utf-8",
    )
    write_csv(
        out / "huaxin" / "surveys.csv",
        ["回访日期", "回访方式", "工单号", "评分", "意见"],
        surveys(rng, "HXS", 2.2),
        "utf-8",
    )
    outages = {(date(2026, 7, 14), "核心账务系统"): 38, (date(2026, 3, 9), "核心账务系统"): 52}
    hx_av = availability(
        rng,
        ["核心账务系统", "信用卡授权系统", "网上银行", "柜面系统"],
        HUAXIN_AVAILABILITY_GAP,
        outages,
    )
    write_csv(
        out / "huaxin" / "availability.csv",
        ["日期", "系统", "停机时长(分钟)", "P95响应时间(ms)"],
        [[str(v) for v in r.values()] for r in hx_av],
        "utf-8",
    )
    write_csv(
        out / "huaxin" / "actions.csv",
        ACTION_HEADERS,
        actions(
            rng,
            "HX",
            report_numbers("HUAXIN", ["SR-HUAXIN-2026-03-02", "SR-HUAXIN-2026-07-02"]),
            ["zhao.lei", "li.na", "陈明"],
            HUAXIN_ACTION_TITLES,
        ),
        "utf-8",
    )
    write_csv(out / "dingsheng" / "工单导出.csv", DS_HEADERS, dingsheng_tickets(rng), "gb18030")
    write_csv(out / "dingsheng" / "话务统计.csv", CALL_HEADERS, dingsheng_calls(rng), "utf-8-sig")
    survey_rows = surveys(rng, "DSS", 3.0)
    frame = pd.DataFrame(
        survey_rows, columns=["回访日期", "回访渠道", "工单号", "评分", "客户意见"]
    )
    frame["评分"] = frame["评分"].astype(int)
    write_xlsx(out / "dingsheng" / "满意度回访.xlsx", frame)
    ds_av = availability(
        rng, ["运输管理系统", "仓储管理系统", "呼叫中心平台", "客户门户"], None, {}
    )
    pd.DataFrame(ds_av).to_parquet(out / "dingsheng" / "availability.parquet", index=False)
    write_csv(
        out / "dingsheng" / "actions.csv",
        ACTION_HEADERS,
        actions(
            rng,
            "DS",
            report_numbers("DINGSHENG", ["SR-DINGSHENG-2026-09-02"]),
            ["zhao.lei", "li.na", "周婷"],
            DINGSHENG_ACTION_TITLES,
        ),
        "utf-8",
    )


ACTION_HEADERS = ["id", "raised_in", "raised_on", "title", "owner", "due", "status", "closed_on"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    generate(args.root)
    for path in sorted((args.root / "data" / "exports").rglob("*.*")):
        print(f"{path.relative_to(args.root)}  {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()

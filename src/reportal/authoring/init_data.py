"""Made-up example exports for the example customer of ``reportal init``.

Twelve months up to yesterday, so the first report (last month's) has complete data and its
trend charts have a year behind them. Deterministic for a given day. The columns are the ones
the skeleton's ``data/sources.yml`` maps; a provider replaces the files with real exports.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

MONTHS = 12
PRIORITIES = (("紧急", 1.0), ("高", 4.0), ("中", 12.0), ("低", 24.0))  # name, typical hours
CATEGORIES = ("账号与权限", "桌面终端", "网络", "应用系统")
CHANNELS = ("电话回访", "短信回访")
COMMENTS = ("处理及时，非常满意", "工程师态度好", "希望进一步缩短响应时间", "")


def example_exports(customer: str, today: date) -> dict[str, str]:
    """File name -> CSV text for ``data/exports/<customer>/``."""
    end = today - timedelta(days=1)
    start = _first_of_month_back(today, MONTHS)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    rng = random.Random(today.toordinal())
    code = customer.upper()
    return {
        "tickets.csv": _tickets(days, rng, code),
        "surveys.csv": _surveys(days, rng, code),
        "availability.csv": _availability(days, rng),
        "actions.csv": _actions(start, code),
    }


def _tickets(days: list[date], rng: random.Random, code: str) -> str:
    rows = ["工单号,创建时间,首次响应时间,解决时间,优先级,类别"]
    number = 0
    for day in days:
        for _ in range(rng.randint(0, 3) if day.weekday() < 5 else rng.randint(0, 1)):
            number += 1
            name, hours = rng.choices(PRIORITIES, weights=(1, 4, 10, 5))[0]
            opened = datetime.combine(day, time(rng.randint(9, 16), rng.randint(0, 59)))  # local
            response = opened + timedelta(minutes=rng.randint(3, 25))
            resolved = opened + timedelta(hours=hours * rng.uniform(0.2, 1.1))
            rows.append(
                f"{code}-{number:05d},{_minute(opened)},{_minute(response)},"
                f"{_minute(resolved)},{name},{rng.choice(CATEGORIES)}"
            )
    return "\n".join(rows) + "\n"


def _surveys(days: list[date], rng: random.Random, code: str) -> str:
    rows = ["回访日期,回访方式,工单号,评分,意见"]
    chosen = [days[0], *(d for d in days[1:-1] if rng.random() < 0.3), days[-1]]
    for index, day in enumerate(chosen, start=1):
        score = rng.choices((5, 4, 3), weights=(7, 3, 1))[0]
        rows.append(
            f"{day.isoformat()},{rng.choice(CHANNELS)},{code}-{index:05d},{score},"
            f"{rng.choice(COMMENTS)}"
        )
    return "\n".join(rows) + "\n"


def _availability(days: list[date], rng: random.Random) -> str:
    rows = ["日期,系统,停机时长(分钟)"]
    for day in days:
        downtime = rng.choice((0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 12))
        rows.append(f"{day.isoformat()},核心业务系统,{downtime}")
    return "\n".join(rows) + "\n"


def _actions(start: date, code: str) -> str:
    raised = start + timedelta(days=40)
    return (
        "id,raised_in,raised_on,title,owner,due,status,closed_on\n"
        f"ACT-{code}-001,SR-{code}-{start.year}-{start.month:02d}-01,{raised.isoformat()},"
        f"夜间值守增加一名工程师,zhang.san,{(raised + timedelta(days=30)).isoformat()},closed,"
        f"{(raised + timedelta(days=21)).isoformat()}\n"
        f"ACT-{code}-002,SR-{code}-{start.year}-{start.month:02d}-01,{raised.isoformat()},"
        f"完善知识库中的常见问题,zhang.san,{(raised + timedelta(days=60)).isoformat()},"
        "in_progress,\n"
    )


def _first_of_month_back(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _minute(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")

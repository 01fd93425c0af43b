"""3 Data & KPI engine: exports -> canonical tables -> KPI results, tables, charts.

pandas and plotly only; knows nothing of MkDocs. Entry points: ``KpiEngine`` (kpi/engine.py) /
``shared_engine`` (kpi/shared.py), the registry (kpi/definition_set.py), table models and charts
(kpi/tables.py, kpi/charts.py), and every check of a portal (kpi/checks.py).
"""

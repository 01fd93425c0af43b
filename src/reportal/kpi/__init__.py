"""3 Data & KPI engine: exports -> canonical tables -> KPI results, tables, charts.

pandas and plotly only; knows nothing of MkDocs. Entry points: ``KpiEngine`` /
``shared_engine`` (kpi/engine.py), the registry (kpi/definition_set.py), table models and charts
(kpi/tables.py, kpi/charts.py), and the data checks (kpi/checks.py).
"""

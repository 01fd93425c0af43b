"""3 Data & KPI engine: exports -> canonical tables -> KPI results, tables, charts. pandas and plotly only; knows nothing of MkDocs."""

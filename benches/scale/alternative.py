"""The job velho does, as a user would write it in Python (issue 18): the
alternative the scale benchmark measures velho against, in the same run.

    python alternative.py ENGINE INPUT LEDGER CONFIG OUT

ENGINE is `polars` (polars, XlsxWriter through `DataFrame.write_excel`,
fastexcel for reading an XLSX) or `pandas` (pandas with openpyxl for reading
and writing); INPUT is `csv` or `xlsx`; CONFIG is the JSON the benchmark
writes next to the ledger (cost centres, categories with their account
ranges and plans, the project period, the layout of the export).

The work: read the Finnish export (Windows-1252, `;`, decimal comma,
`dd.mm.yyyy`, title lines above the header, a totals row at the end; or the
same rows as XLSX), keep the project's cost centres, map accounts to
categories, give each row a status (counted, unmapped account, outside the
project period), sum by category and by month, join the plan, and write a
workbook with a summary, a by-month table and every project row annotated.
The benchmark only times it; it is not part of velho and never runs in CI.
"""

import io
import json
import sys

UNMAPPED = "Kohdistamaton tili"
COUNTED = "Toteuma"
OUTSIDE = "Hankeajan ulkopuolella"
UNMAPPED_NOTE = (
    "Tili ei kuulu mihinkään kustannuslajiin, joten summa ei ole toteumassa."
)


def polars_job(kind, ledger, cfg, out):
    import polars as pl
    import xlsxwriter

    if kind == "csv":
        with open(ledger, "rb") as f:
            text = f.read().decode("cp1252").encode("utf-8")
        df = pl.read_csv(
            io.BytesIO(text),
            separator=";",
            skip_rows=cfg["title_lines"],
            infer_schema=False,
        )
        df = df.filter(pl.col("Tositepvm") != "Yhteensä")

        def money(name):
            return pl.col(name).str.replace(",", ".").cast(pl.Float64)

        df = df.with_columns(
            pl.col("Tositepvm").str.strptime(pl.Date, "%d.%m.%Y"),
            pl.col("Tili").cast(pl.Int64),
            pl.col("Kustannuspaikka").cast(pl.Int64),
        )
    else:
        df = pl.read_excel(
            ledger,
            sheet_name=cfg["sheet"],
            engine="calamine",
            read_options={"header_row": cfg["xlsx_header_row"]},
            infer_schema_length=0,
        )
        df = df.filter(pl.col("Tositepvm") != "Yhteensä")

        def money(name):
            return pl.col(name).cast(pl.Float64)

        df = df.with_columns(
            pl.col("Tositepvm").str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d"),
            pl.col("Tili").cast(pl.Float64).cast(pl.Int64),
            pl.col("Kustannuspaikka").cast(pl.Float64).cast(pl.Int64),
        )
    if cfg["debit_credit"]:
        df = df.with_columns(
            (money("Debet").fill_null(0.0) - money("Kredit").fill_null(0.0)).alias("Summa")
        ).drop("Debet", "Kredit")
    else:
        df = df.with_columns(money("Summa"))
    df = df.filter(pl.col("Kustannuspaikka").is_in(cfg["cost_centres"]))

    category = pl.lit(None, dtype=pl.String)
    for c in reversed(cfg["categories"]):
        hit = pl.lit(False)
        for lo, hi in c["ranges"]:
            hit = hit | pl.col("Tili").is_between(lo, hi)
        category = pl.when(hit).then(pl.lit(c["fi"])).otherwise(category)
    start, end = (pl.lit(cfg[k]).str.strptime(pl.Date, "%Y-%m-%d") for k in ("start", "end"))
    df = df.with_columns(category.alias("Kustannuslaji")).with_columns(
        pl.when(pl.col("Kustannuslaji").is_null())
        .then(pl.lit(UNMAPPED))
        .when((pl.col("Tositepvm") < start) | (pl.col("Tositepvm") > end))
        .then(pl.lit(OUTSIDE))
        .otherwise(pl.lit(COUNTED))
        .alias("Tila"),
    ).with_columns(
        pl.when(pl.col("Tila") == UNMAPPED)
        .then(pl.lit(UNMAPPED_NOTE))
        .otherwise(pl.lit(None, dtype=pl.String))
        .alias("Huomautus"),
        pl.col("Tositepvm").dt.strftime("%Y-%m").alias("Kuukausi"),
    )
    counted = df.filter(pl.col("Tila") == COUNTED)
    plans = pl.DataFrame(
        {"Kustannuslaji": [c["fi"] for c in cfg["categories"]],
         "Suunnitelma": [float(c["plan"]) for c in cfg["categories"]]}
    )
    summary = (
        plans.join(
            counted.group_by("Kustannuslaji").agg(pl.col("Summa").sum().alias("Toteuma")),
            on="Kustannuslaji",
            how="left",
        )
        .with_columns(pl.col("Toteuma").fill_null(0.0))
        .with_columns((pl.col("Suunnitelma") - pl.col("Toteuma")).alias("Erotus"))
    )
    by_month = (
        counted.group_by("Kuukausi", "Kustannuslaji")
        .agg(pl.col("Summa").sum())
        .pivot(on="Kustannuslaji", index="Kuukausi", values="Summa")
        .sort("Kuukausi")
    )
    rows = df.drop("Kuukausi")
    with xlsxwriter.Workbook(out) as wb:
        summary.write_excel(wb, worksheet="Yhteenveto")
        by_month.write_excel(wb, worksheet="Kuukausittain")
        rows.write_excel(wb, worksheet="Tapahtumat")


def pandas_job(kind, ledger, cfg, out):
    import numpy as np
    import pandas as pd

    text_columns = {"Tositenro": str, "Projekti": str, "Selite": str, "Toimittaja": str}
    if kind == "csv":
        df = pd.read_csv(
            ledger,
            sep=";",
            decimal=",",
            encoding="cp1252",
            skiprows=cfg["title_lines"],
            dtype=text_columns,
        )
        df = df[df["Tositepvm"] != "Yhteensä"].copy()
        df["Tositepvm"] = pd.to_datetime(df["Tositepvm"], format="%d.%m.%Y")
    else:
        df = pd.read_excel(
            ledger,
            sheet_name=cfg["sheet"],
            header=cfg["xlsx_header_row"],
            engine="openpyxl",
            dtype=text_columns,
        )
        df = df[df["Tositepvm"] != "Yhteensä"].copy()
        df["Tositepvm"] = pd.to_datetime(df["Tositepvm"])
    df["Tili"] = pd.to_numeric(df["Tili"]).astype("int64")
    df["Kustannuspaikka"] = pd.to_numeric(df["Kustannuspaikka"]).astype("int64")
    if cfg["debit_credit"]:
        df["Summa"] = df["Debet"].fillna(0).astype(float) - df["Kredit"].fillna(0).astype(float)
        df = df.drop(columns=["Debet", "Kredit"])
    else:
        df["Summa"] = df["Summa"].astype(float)
    df = df[df["Kustannuspaikka"].isin(cfg["cost_centres"])].copy()

    category = pd.Series(None, index=df.index, dtype=object)
    for c in cfg["categories"]:
        hit = np.zeros(len(df), dtype=bool)
        for lo, hi in c["ranges"]:
            hit |= df["Tili"].between(lo, hi).to_numpy()
        category[hit & category.isna().to_numpy()] = c["fi"]
    df["Kustannuslaji"] = category
    start, end = pd.Timestamp(cfg["start"]), pd.Timestamp(cfg["end"])
    outside = (df["Tositepvm"] < start) | (df["Tositepvm"] > end)
    df["Tila"] = np.where(
        df["Kustannuslaji"].isna(), UNMAPPED, np.where(outside, OUTSIDE, COUNTED)
    )
    df["Huomautus"] = np.where(df["Tila"] == UNMAPPED, UNMAPPED_NOTE, None)
    counted = df[df["Tila"] == COUNTED]
    plans = pd.DataFrame(
        {"Kustannuslaji": [c["fi"] for c in cfg["categories"]],
         "Suunnitelma": [float(c["plan"]) for c in cfg["categories"]]}
    )
    summary = plans.merge(
        counted.groupby("Kustannuslaji", as_index=False)["Summa"].sum().rename(
            columns={"Summa": "Toteuma"}
        ),
        on="Kustannuslaji",
        how="left",
    ).fillna({"Toteuma": 0.0})
    summary["Erotus"] = summary["Suunnitelma"] - summary["Toteuma"]
    by_month = counted.pivot_table(
        index=counted["Tositepvm"].dt.strftime("%Y-%m"),
        columns="Kustannuslaji",
        values="Summa",
        aggfunc="sum",
    )
    with pd.ExcelWriter(out, engine="openpyxl") as w:
        summary.to_excel(w, sheet_name="Yhteenveto", index=False)
        by_month.to_excel(w, sheet_name="Kuukausittain")
        df.to_excel(w, sheet_name="Tapahtumat", index=False)


def main():
    engine, kind, ledger, config, out = sys.argv[1:6]
    with open(config, encoding="utf-8") as f:
        cfg = json.load(f)
    {"polars": polars_job, "pandas": pandas_job}[engine](kind, ledger, cfg, out)


if __name__ == "__main__":
    main()

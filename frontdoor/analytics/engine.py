"""Where the Ibis expressions run: DuckDB in process (the default), or PySpark for a consortium
or the whole country. The measures never know which."""

import os
import shutil
from functools import cache

import ibis
import pyarrow as pa

ENGINES = ("duckdb", "spark")


class EngineUnavailable(Exception):
    pass


def connect(engine: str = "duckdb"):
    if engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "spark":
        return ibis.pyspark.connect(_spark_session())
    raise EngineUnavailable(f"Unknown engine {engine!r}: choose one of {', '.join(ENGINES)}.")


def spark_available() -> bool:
    return bool(os.environ.get("JAVA_HOME") or shutil.which("java"))


@cache
def _spark_session():
    if not spark_available():
        raise EngineUnavailable("The Spark engine needs Java 17 or newer (java on PATH).")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master(os.environ.get("FRONTDOOR_SPARK_MASTER", "local[2]"))
        .appName("frontdoor")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", os.environ.get("FRONTDOOR_SPARK_PARTITIONS", "8"))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def table(name: str, data: pa.Table) -> ibis.Table:
    """An Arrow table as an Ibis table; the backend that executes it registers it (zero-copy
    on DuckDB)."""
    return ibis.memtable(data)


def parquet(con, name: str, paths: list) -> ibis.Table:
    """Parquet files (the marks store's) as one Ibis table, with the columns the files hold: the
    store's directory names (`academic_year=…/urn=…`) are not read as columns."""
    paths = [str(p) for p in paths]
    if not paths:
        raise ValueError("No Parquet files to read.")
    if con.name == "pyspark":
        # Ibis's PySpark reader takes one path; recursiveFileLookup turns off partition discovery.
        frame = _spark_session().read.option("recursiveFileLookup", "true").parquet(*paths)
        frame.createOrReplaceTempView(name)
        return con.table(name)
    return con.read_parquet(paths, table_name=name, hive_partitioning=False)

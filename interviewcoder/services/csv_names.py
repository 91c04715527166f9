"""The names of the tables ``export --table NAME`` writes as CSV (``export OUTDIR/ --csv``:
all of them), apart from the tables themselves so a command line can offer them without
importing what builds them."""

CSV_TABLES = ("evidence", "quotes", "participants", "codebook", "matrix-anxiety",
              "matrix-influence", "paths", "transitions", "summary", "sources")

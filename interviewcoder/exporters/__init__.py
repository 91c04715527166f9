"""Exporters: workbooks, CSV and exchange files written from plain values."""

"""Files the workbook hands out: the workshop export (Excel workbook and a zip of cases)."""

"""Import: a programme spreadsheet or a past report page becomes a report folder."""

"""What the app's pages show and check, without Streamlit.

This weekend's list with history, dashboard frames, form rules, the demo couple, calendar
files, backups and the history spreadsheet.
"""

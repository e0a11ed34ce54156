"""Files from elsewhere: reading CSV and JSON-lines files of ideas, mapped onto the catalog."""

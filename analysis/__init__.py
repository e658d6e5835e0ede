"""Pure functions on the tidy spend frame: everything a page shows, computed without Streamlit."""

"""Streamlit-side helpers shared by every page: thin glue between widgets and analysis/."""

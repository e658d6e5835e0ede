"""The dashboard and its open-data API in one server: `streamlit run app.py` (as `make run` does).

Streamlit serves dashboard.py as before; st.App (Streamlit's Starlette
application) mounts the read-only API of api/ at /api/v1 beside it, on the
same port. `streamlit run dashboard.py` still serves the dashboard alone.
"""
import streamlit as st
from starlette.routing import Mount

from api.routes import api_app

app = st.App("dashboard.py", routes=[Mount("/api/v1", app=api_app())])

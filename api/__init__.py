"""The read-only open-data API: /api/v1/ beside the dashboard, served by the same process (app.py).

Everything here reads what a signed-out visitor can see on the pages (current
datasets, the lines each pound is counted in, the checks), through the
store's public read functions, and computes figures with the same analysis
functions the pages call. No route writes.
"""

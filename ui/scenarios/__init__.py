"""The scenario planner's Streamlit side: session state, widgets and views over the pure scenarios/ package.

- state: the working plan in the session, and cached reads of baselines and saved scenarios
- storage: saved scenarios in and out of the store (its public API only)
- writes: each save, rename, duplicate and delete, asking for the staff role as it is made
- build, saved, compare: the page's three sections
- editor: the fields for one step or one income stream
- views: charts and tables of a result
"""

"""The scenario planner's pure side: a plan is data, applying it is arithmetic, nothing here draws or stores.

- adjustments: the one list of every kind of step, and a plan's steps to and from JSON
- filtered_steps, steps: each kind of step as frozen data (aimed at any filter, or naming lines)
- targets, lines, fields, step_options: the lines a step is aimed at, a published line, checked fields, on/off/note/year
- plan_years, roll_forward, inflation: the years planned, how the baseline rolls into them, the suggested uplift
- wording: each step in a sentence
- baselines: the published budget a plan starts from
- apply: the steps worked through the baseline, in order
- ledger, step_rules: the lines while steps are applied (the rules every step keeps), and what each kind does
- result: what applying gives back (lines, trail, steps)
- comparison: baseline against scenario, and scenarios side by side
- projection: the plan carried over several years
- funding: the income streams and whether the plan fits them in total
- envelopes: each stream, ring-fenced or not, against the spend it may pay for, and every breach in words
- export (with export_steps, export_sheets, export_cells): the plan as a live xlsx, inputs as cells and every figure a formula
- records: a plan as the plain record the store keeps

Imports only analysis/ and loaders/ below it; ui/scenarios/ reads and writes
the store and draws.
"""

"""The scenario planner's pure side: a plan is data, applying it is arithmetic, nothing here draws or stores.

- adjustments: the kinds of change a commissioner can make, as frozen data that round-trips through JSON
- baselines: the published budget a plan starts from
- apply: the adjustments worked through the baseline, in order
- result: what applying gives back (lines, trail, steps)
- comparison: baseline against scenario, and scenarios side by side
- projection: the plan carried over several years
- funding: the income envelope and whether the plan fits it
- export: the plan as an xlsx whose totals are Excel formulas
- records: a plan as the plain record the store keeps

Imports only analysis/ and loaders/ below it; ui/scenarios/ reads and writes
the store and draws.
"""
